from django.core.management.base import BaseCommand, CommandError

from cms.operations.backup import BackupError, format_counts, restore_site


class Command(BaseCommand):
    help = (
        "Restaure une archive de backup_site dans une base migrée et vide (refuse une base "
        "non vide sans --force), avec ses médias et ses pièces jointes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Archive tar.gz écrite par backup_site.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplacer le contenu d’une base non vide (tout ce qu’elle contient est perdu).",
        )

    def handle(self, *args, archive, force, **options):
        try:
            before, after, manifest = restore_site(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde du {manifest['created']} ({manifest['database_vendor']}).")
        self.stdout.write("Lignes avant la restauration :")
        self.stdout.write(format_counts(before))
        self.stdout.write("Lignes après la restauration :")
        self.stdout.write(format_counts(after))
        if after != manifest["counts"]:
            raise CommandError(
                "Les nombres de lignes restaurés diffèrent de ceux de la sauvegarde :\n"
                + format_counts(manifest["counts"])
            )
        self.stdout.write(self.style.SUCCESS("Restauration terminée."))
