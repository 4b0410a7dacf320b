"""``manage.py import_structures FILE.csv``: local sites from an open-data listing.

The format is described in the README ("Importer les sites locaux des structures"). Importing
the same file again creates nothing; a bad row is reported with its line number and nothing is
written for it."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.structures.imports import COLUMNS, import_local_sites, missing_columns, read_csv


class Command(BaseCommand):
    help = "Import local sites of the CEP operators from an open-data CSV file (see the README)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8, separated by ; , or tabs")
        parser.add_argument(
            "--user",
            help="Username of the editor who publishes the sites (their owner in the admin).",
        )

    def handle(self, *args, file, user=None, **options):
        publisher = None
        if user:
            publisher = get_user_model().objects.filter(username=user).first()
            if publisher is None:
                raise CommandError(_("No member with the username “%(user)s”.") % {"user": user})
        try:
            with open(file, encoding="utf-8") as stream:
                rows, header = read_csv(stream)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}
            ) from error
        except UnicodeDecodeError as error:
            raise CommandError(
                _("%(file)s is not UTF-8 text: save it as UTF-8 CSV.") % {"file": file}
            ) from error
        missing = missing_columns(header)
        if missing:
            raise CommandError(
                _("Missing columns: %(missing)s. Expected columns: %(columns)s.")
                % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)}
            )
        ignored = [name for name in header if name and name not in COLUMNS]
        if ignored:
            self.stdout.write(_("Columns ignored: %(columns)s.") % {"columns": ", ".join(ignored)})
        started = time.perf_counter()
        is_tty = self.stdout.isatty()

        def progress(done, total):
            line = _("Import: %(done)s/%(total)s rows processed") % {
                "done": done,
                "total": total,
            }
            if is_tty:
                self.stdout.write(f"\r{line}", ending="")
                if done == total:
                    self.stdout.write("")
            else:
                self.stdout.write(line)

        result = import_local_sites(rows, user=publisher, progress=progress)
        seconds = time.perf_counter() - started
        for line, message in result.errors:
            self.stderr.write(_("Line %(line)s: %(message)s") % {"line": line, "message": message})
        bad_lines = len({line for line, _message in result.errors})
        self.stdout.write(
            _(
                "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(errors)s rows with errors (nothing written for them), in %(seconds).1f s."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "errors": bad_lines,
                "seconds": seconds,
            }
        )
