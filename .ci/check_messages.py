"""Fail when the French catalogue misses a project string, or has an untranslated or fuzzy one.

The catalogue is regenerated from the sources into a scratch copy, so a string added to the code
but not to locale/ is caught too; the working tree is left untouched.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main():
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "project"
        shutil.copytree(
            ROOT,
            work,
            ignore=shutil.ignore_patterns(
                ".venv", ".git", "node_modules", "staticfiles", "media", "*.sqlite3"
            ),
        )
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "--locale",
                "fr",
                "--no-obsolete",
                "--ignore",
                "tests/*",
                "--ignore",
                "staticfiles/*",
            ],
            cwd=work,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        po = polib.pofile(str(work / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    problems = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    problems += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    if problems:
        print("The French catalogue is incomplete (run `make messages` and translate):")
        print("\n".join(f"  {p}" for p in problems))
        return 1
    print(f"French catalogue complete: {len(po.translated_entries())} strings translated.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
