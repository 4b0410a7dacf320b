"""Figures on how the project's modules import each other, read from the code with ``ast``.

    .venv/bin/python .ci/import_figures.py            # the figures
    .venv/bin/python .ci/import_figures.py --check    # and fail when a floor rule is broken

Over the modules of cms/, community/, home/ and search/ (migrations left out), it prints:

- import circles between modules through module-level imports (the imports that run when a module
  is loaded), and the circles that an import inside a function closes (a "lazy" import hiding a
  circle): each as a group of modules that import each other, with one path round it;
- the imports between cms/performance/ (the cache and version infrastructure) and the feature
  code: the infrastructure importing community, home or search (the floors rule: none), and
  community, home or search using the infrastructure;
- the imports between the top-level packages (cms, community, home, search);
- the imports inside functions (of the project's modules and of other packages: Django, Wagtail,
  machina…): how many, in which files, and how many carry a one-line reason
  (a comment on the line above, or above the block of imports it belongs to, or at the end of
  the line; a bare ``# noqa`` is no reason).

``if TYPE_CHECKING:`` imports never run and are left out. ``--check`` exits 1 when there is a
circle of either kind, when cms/performance/ imports community, home, search or another cms app
(the feature apps register what it needs: ``register_audience_part``, ``register_keys``,
``register_topic_keys``), or when an import inside a function gives no reason.
"""

import argparse
import ast
import re
import sys
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cms", "community", "home", "search")
INFRASTRUCTURE = "cms.performance"
FEATURES = ("community", "home", "search")


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported project module
    path: Path
    line: int
    in_function: bool
    reason: bool  # a comment on the line above or at the end of the line
    project: bool = True  # a module of the project (else of another package: Django, machina…)


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            modules[module_name(path)] = path
    return modules


def is_type_checking(node):
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def walk_imports(tree):
    """(import node, inside a function) for every import that runs, in source order."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and is_type_checking(child):
                for grandchild in child.orelse:
                    visit_node(grandchild, in_function)
                continue
            visit_node(child, in_function)

    def visit_node(node, in_function):
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append((node, in_function))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            visit(node, True)
        else:
            visit(node, in_function)

    visit(tree, False)
    return found


def resolve(node, module, is_package, modules):
    """The project modules an import statement loads (the deepest that exist)."""

    def deepest(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    if isinstance(node, ast.Import):
        return {target for alias in node.names if (target := deepest(alias.name))}
    if node.level:
        base = module if is_package else module.rpartition(".")[0]
        for _level in range(node.level - 1):
            base = base.rpartition(".")[0]
        base = f"{base}.{node.module}" if node.module else base
    else:
        base = node.module or ""
    targets = set()
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        target = submodule if submodule in modules else deepest(base)
        if target:
            targets.add(target)
    return targets


NOQA = re.compile(r"^noqa(:\s*[A-Z]+[0-9]+(\s*,\s*[A-Z]+[0-9]+)*)?", re.IGNORECASE)


def says_something(comment):
    """Whether a comment gives a reason: words besides a ``noqa`` directive."""
    return any(character.isalpha() for character in NOQA.sub("", comment.strip()))


def has_reason(lines, node, reasons_by_end):
    """A comment on the line above or at the end of the line (a bare ``# noqa: F401`` is no
    reason); an import right below another one shares its reason (one comment above a block of
    imports)."""
    above = lines[node.lineno - 2].strip() if node.lineno >= 2 else ""
    end = lines[node.end_lineno - 1]
    if above.startswith("#") and says_something(above[1:]):
        return True
    if "#" in end and says_something(end.partition("#")[2]):
        return True
    return reasons_by_end.get(node.lineno - 1, False)


def read_imports(modules):
    imports = []
    for module, path in modules.items():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source, filename=str(path))
        is_package = path.name == "__init__.py"
        reasons_by_end = {}
        for node, in_function in walk_imports(tree):
            reason = reasons_by_end[node.end_lineno] = has_reason(lines, node, reasons_by_end)
            targets = resolve(node, module, is_package, modules)
            if in_function and not targets:  # another package's module, imported in a function
                name = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                imports.append(Import(module, name or "", path, node.lineno, True, reason, False))
            for target in targets:
                if target == module:
                    continue
                imports.append(
                    Import(
                        module,
                        target,
                        path,
                        node.lineno,
                        in_function,
                        in_function and reason,
                    )
                )
    return imports


def circles(imports, with_function_imports):
    """The groups of modules that import each other in a ring (strongly connected components
    of more than one module), each with one shortest path round it."""
    graph = defaultdict(set)
    for item in imports:
        if with_function_imports or not item.in_function:
            graph[item.source].add(item.target)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []
    counter = [0]

    def connect(start):
        # Tarjan's algorithm, iterative (no recursion limit on long chains).
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [(group, shortest_ring(graph, group)) for group in sorted(groups)]


def shortest_ring(graph, group):
    start, members = group[0], set(group)
    previous, queue = {start: None}, deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(graph[node] & members):
            if child == start:
                ring = [node]
                while previous[ring[-1]] is not None:
                    ring.append(previous[ring[-1]])
                return [*reversed(ring), start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return group


def top(module):
    return module.partition(".")[0]


def in_infrastructure(module):
    return module == INFRASTRUCTURE or module.startswith(INFRASTRUCTURE + ".")


def where(item):
    return f"{item.path.relative_to(ROOT)}:{item.line}" + (" (in a function)" * item.in_function)


def report(every_import):
    """Print the figures; return the number of broken floor rules."""
    broken = 0
    out = print
    imports = [i for i in every_import if i.project]

    for with_functions, title in (
        (False, "Import circles through module-level imports"),
        (True, "Import circles once the imports inside functions are counted"),
    ):
        found = circles(imports, with_functions)
        if with_functions:
            plain = {tuple(group) for group, _ring in circles(imports, False)}
            found = [(group, ring) for group, ring in found if tuple(group) not in plain]
            title += " (not counted above)"
        out(f"{title}: {len(found)}")
        for group, ring in found:
            out(f"  {len(group)} modules: " + " -> ".join(ring))
        broken += len(found)

    upward = [i for i in imports if in_infrastructure(i.source) and top(i.target) in FEATURES]
    out(f"\ncms/performance/ importing community, home or search: {len(upward)}")
    for item in upward:
        out(f"  {where(item)}: {item.target}")
    broken += len(upward)
    sideways = [
        i
        for i in imports
        if in_infrastructure(i.source)
        and top(i.target) == "cms"
        and not in_infrastructure(i.target)
    ]
    out(f"cms/performance/ importing other cms modules (feature apps): {len(sideways)}")
    for item in sideways:
        out(f"  {where(item)}: {item.target}")
    broken += len(sideways)
    users = [i for i in imports if top(i.source) in FEATURES and in_infrastructure(i.target)]
    files = Counter(str(i.path.relative_to(ROOT)) for i in users)
    by_package = Counter(top(i.source) for i in users)
    out(
        f"community, home and search importing cms/performance/: {len(users)} imports in "
        f"{len(files)} files ("
        + ", ".join(f"{package} {by_package[package]}" for package in FEATURES)
        + ")"
    )
    for name, count in sorted(files.items()):
        out(f"  {name}: {count}")

    out("\nImports between packages (module-level + inside functions):")
    pairs = Counter(
        (top(i.source), top(i.target), i.in_function)
        for i in imports
        if top(i.source) != top(i.target)
    )
    for source, target in sorted({(s, t) for s, t, _f in pairs}):
        out(
            f"  {source} -> {target}: {pairs[source, target, False]} + "
            f"{pairs[source, target, True]}"
        )

    inside = [i for i in every_import if i.in_function]
    statements = {(i.path, i.line): i for i in inside}
    files = Counter(str(i.path.relative_to(ROOT)) for i in statements.values())
    with_reason = sum(i.reason for i in statements.values())
    of_project = sum(i.project for i in statements.values())
    out(
        f"\nImports inside functions: {len(statements)} statements in {len(files)} files "
        f"({of_project} of project modules, {len(statements) - of_project} of other packages), "
        f"{with_reason} with a one-line reason"
    )
    for name, count in sorted(files.items()):
        out(f"  {name}: {count}")
    for item in sorted(statements.values(), key=where):
        if not item.reason:
            out(f"  without a reason: {where(item)}")
    broken += len(statements) - with_reason
    return broken


def main():
    global ROOT  # every function reads the project's place from here
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 on a circle, an import by cms/performance/ of a feature app, or an import "
        "inside a function without a reason",
    )
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="another copy of the project (e.g. an old commit)"
    )
    arguments = parser.parse_args()
    ROOT = arguments.root.resolve()
    broken = report(read_imports(project_modules()))
    if arguments.check and broken:
        print(f"\n{broken} floor rule(s) broken.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
