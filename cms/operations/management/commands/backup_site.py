from django.core.management.base import BaseCommand, CommandError

from cms.operations.backup import (
    BackupError,
    backup_site,
    format_counts,
    format_table_counts,
)


class Command(BaseCommand):
    help = (
        "Sauvegarde le site dans une archive tar.gz lisible par son seul propriétaire (0600) : "
        "base de données (dumpdata), médias publics et pièces jointes privées, avec le nombre de "
        "lignes de chaque table et l’empreinte SHA-256 de chaque fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "target", help="Dossier où écrire l’archive, ou chemin de l’archive (.tar.gz)."
        )

    def handle(self, *args, target, verbosity, **options):
        try:
            path, manifest = backup_site(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        mode = path.stat().st_mode & 0o777
        self.stdout.write(f"Sauvegarde écrite : {path} (droits {mode:04o})")
        self.stdout.write("Lignes sauvegardées :")
        self.stdout.write(format_counts(manifest["counts"]))
        tables = manifest["tables"]
        self.stdout.write(
            f"En tout : {len(tables)} tables, {sum(tables.values())} lignes, "
            f"{len(manifest['files'])} fichiers."
        )
        if verbosity > 1:
            self.stdout.write("Lignes de chaque table :")
            self.stdout.write(format_table_counts(tables))
