from django.core.management.base import BaseCommand, CommandError

from cms.operations.backup import (
    BackupError,
    archive_manifest,
    format_counts,
    restore_site,
    verify_site,
)


class Command(BaseCommand):
    help = (
        "Restaure une archive de backup_site dans une base migrée et vide (refuse une base "
        "non vide sans --force), avec ses médias et ses pièces jointes, puis vérifie chaque table "
        "et chaque fichier. --verify compare le site à l’archive sans rien modifier."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Archive tar.gz écrite par backup_site.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplacer le contenu d’une base non vide (tout ce qu’elle contient est perdu).",
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help=(
                "Ne rien restaurer : comparer le nombre de lignes de chaque table et l’empreinte "
                "de chaque fichier du site avec ceux de l’archive."
            ),
        )

    def handle(self, *args, archive, force, verify, verbosity, **options):
        try:
            if verify:
                manifest = archive_manifest(archive)
                verification = verify_site(manifest)
            else:
                before, after, manifest, verification = restore_site(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde du {manifest['created']} ({manifest['database_vendor']}).")
        if not verify:
            self.stdout.write("Lignes avant la restauration :")
            self.stdout.write(format_counts(before))
            self.stdout.write("Lignes après la restauration :")
            self.stdout.write(format_counts(after))
        if verbosity > 1:
            self.stdout.write("Lignes de chaque table (sauvegarde → site) :")
            self.stdout.write(
                "\n".join(
                    f"  {table:<48} {archived} → {found}"
                    for table, (archived, found) in sorted(verification.tables.items())
                )
            )
        self.stdout.write("Vérification :")
        self.stdout.write(verification.summary())
        if not verify and after != manifest["counts"]:
            raise CommandError(
                "Les nombres de lignes restaurés diffèrent de ceux de la sauvegarde :\n"
                + format_counts(manifest["counts"])
            )
        if not verification.ok:
            raise CommandError("Le site diffère de la sauvegarde (voir ci-dessus).")
        if verify:
            self.stdout.write(self.style.SUCCESS("Le site est identique à la sauvegarde."))
        else:
            self.stdout.write(self.style.SUCCESS("Restauration terminée et vérifiée."))
