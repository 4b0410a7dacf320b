"""Fail when README.md or docs/architecture.md names a file, a `make` target or a `manage.py`
command that does not exist.

What is checked, in inline code (`…`), fenced code blocks and relative links:
- a path whose first part is a folder or file at the root of the project (`cms/urls.py`,
  `community/pilot/`, `.ci/run`): it must exist (`*` patterns must match something; a part in
  angle brackets, `<id>`, stands for any value and ends the check at its parent); a dotted
  last part (`community/forum_conversation/selectors.latest_topics`) names a function, class or
  constant of that module;
- a bare file name (`pagecache.py`, `drafts.js`): some file of the project must have that name;
- `make <target>`: the target must be in the Makefile;
- `manage.py <command>`: Django must know the command.

Usage: python .ci/check_doc_paths.py [project folder]   (default: this project)
"""

import os
import re
import sys
from pathlib import Path

DOCS = ("README.md", "docs/architecture.md")
# Made by the project at run time, never in the repository.
GENERATED = {".venv", ".cache", "media", "staticfiles", "db.sqlite3", "node_modules", ".git"}
# Bare names checked (others, such as the files inside a backup archive, are not the project's).
FILE_SUFFIXES = (".py", ".html", ".js", ".css", ".md", ".toml", ".sh")

INLINE_CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
MAKE = re.compile(r"(?:^|[\s;&|(])make((?:\s+[\w.-]+=\S*|\s+-\S+)*)\s+([a-z][\w-]*)")
MANAGE = re.compile(r"manage\.py\s+([a-z_][a-z0-9_]*)")
BARE_FILE = re.compile(r"^[\w.-]+\.[a-z]+$")


def project_files(root):
    names = set()
    for _folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if d not in GENERATED and d != "__pycache__"]
        names.update(files)
    return names


def make_targets(root):
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    targets = set()
    for line in makefile.splitlines():
        match = re.match(r"^([\w. -]+?)\s*:(?!=)", line)
        if match and not line.startswith("\t"):
            targets.update(match.group(1).split())
    return targets


def management_commands(root):
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django
    from django.core.management import get_commands

    django.setup()
    return set(get_commands())


def code_spans(text):
    """(line number, text) of every inline code span and every line of a fenced code block."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            yield number, line, True
        else:
            for span in INLINE_CODE.findall(line):
                yield number, span, False
            for target in LINK.findall(line):
                if not target.startswith(("http://", "https://", "#", "mailto:")):
                    yield number, target.split("#")[0], False


def path_problem(root, token, top_level):
    token = token.strip()
    if "://" in token or " " in token or token.startswith("/") or "/" not in token:
        return None
    first = token.split("/")[0]
    if first in GENERATED or first not in top_level:
        return None
    parts = []
    for part in token.rstrip("/").split("/"):
        if "<" in part or "…" in part:
            break
        parts.append(part)
    pattern = "/".join(parts)
    if "*" in pattern:
        return None if any(root.glob(pattern)) else f"`{token}`: nothing matches"
    if (root / pattern).exists():
        return None
    # `package/module.name`: a name defined in package/module.py.
    module, _dot, name = pattern.rpartition(".")
    source = root / f"{module}.py"
    if name and source.is_file():
        if re.search(
            rf"^\s*(def|class)\s+{re.escape(name)}\b|^{re.escape(name)}\s*=",
            source.read_text(encoding="utf-8"),
            re.MULTILINE,
        ):
            return None
        return f"`{token}`: {module}.py defines no {name}"
    return f"`{token}` does not exist"


def problems(root):
    root = Path(root).resolve()
    top_level = {entry.name for entry in root.iterdir()}
    files = project_files(root)
    targets = make_targets(root)
    commands = None
    found = []
    for doc in DOCS:
        text = (root / doc).read_text(encoding="utf-8")
        for number, span, in_block in code_spans(text):
            where = f"{doc}:{number}"
            for _options, target in MAKE.findall(span):
                if target not in targets:
                    found.append(f"{where}: `make {target}`: no such target in the Makefile")
            for command in MANAGE.findall(span):
                if commands is None:
                    commands = management_commands(root)
                if command not in commands:
                    found.append(f"{where}: `manage.py {command}`: no such command")
            if in_block:
                continue
            if problem := path_problem(root, span, top_level):
                found.append(f"{where}: {problem}")
            elif BARE_FILE.match(span) and span.endswith(FILE_SUFFIXES) and span not in files:
                found.append(f"{where}: `{span}`: no file of the project has this name")
    return found


def main():
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    found = problems(root)
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} name(s) in the docs do not match the project.", file=sys.stderr)
        return 1
    print("Every path, make target and manage.py command the docs name exists.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
