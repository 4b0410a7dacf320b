"""The CI check that every path, `make` target and `manage.py` command the README and
docs/architecture.md name exists (.ci/check_doc_paths.py): it passes on the docs as they are and
fails, naming the line, on each kind of wrong name."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORED = (".venv", ".git", ".cache", "node_modules", "staticfiles", "media", "*.sqlite3*")


def check(root):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / ".ci" / "check_doc_paths.py"), str(root)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def project_copy(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*IGNORED))
    return copy


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_docs_name_only_what_exists():
    result = check(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_wrong_path_target_or_command_fails_the_check(project_copy):
    readme = project_copy / "README.md"
    path_line = append(readme, "\nLes réglages sont dans `cms/settings/prod.py`.\n")
    make_line = append(readme, "\nLancer `make serve`.\n")
    block_line = append(readme, "\n```sh\n.venv/bin/python manage.py load_demos\n")
    append(readme, "```\n")
    architecture = project_copy / "docs" / "architecture.md"
    name_line = append(
        architecture, "\nSee `community/forum_conversation/selectors.newest_topics`.\n"
    )
    bare_line = append(architecture, "\nThe page cache lives in `pagecaches.py`.\n")

    result = check(project_copy)

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"README.md:{path_line}: `cms/settings/prod.py` does not exist",
        f"README.md:{make_line}: `make serve`: no such target in the Makefile",
        f"README.md:{block_line}: `manage.py load_demos`: no such command",
        f"docs/architecture.md:{name_line}: `community/forum_conversation/selectors.newest_topics`:"
        " community/forum_conversation/selectors.py defines no newest_topics",
        f"docs/architecture.md:{bare_line}: `pagecaches.py`: no file of the project has this name",
    ]


def test_the_check_runs_in_continuous_integration():
    assert ".venv/bin/python .ci/check_doc_paths.py" in (ROOT / ".ci" / "run").read_text()
