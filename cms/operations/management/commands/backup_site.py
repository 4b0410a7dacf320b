from django.core.management.base import BaseCommand, CommandError

from cms.operations.backup import BackupError, backup_site, format_counts


class Command(BaseCommand):
    help = (
        "Sauvegarde le site dans une archive tar.gz : base de données (dumpdata), médias "
        "publics et pièces jointes privées."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "target", help="Dossier où écrire l’archive, ou chemin de l’archive (.tar.gz)."
        )

    def handle(self, *args, target, **options):
        try:
            path, counts = backup_site(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde écrite : {path}")
        self.stdout.write("Lignes sauvegardées :")
        self.stdout.write(format_counts(counts))
