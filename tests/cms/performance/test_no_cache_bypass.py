"""No app code writes around the caches.

``QuerySet.update()``, ``bulk_create()``, ``bulk_update()``, ``raw()`` and SQL sent through a
cursor send no model signal: the version numbers of the pages showing those rows would not move,
and readers would be served the page as it was. App code writes such rows through
``cms.performance.invalidation.update`` / ``bulk_create``, which bump what the rows touch. This
test reads the app code (its syntax tree) and finds every such call on a model whose changes pages
show (``is_watched``), outside that module.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from machina.core.db.models import get_model

from cms.performance import invalidation
from cms.performance.invalidation import FORUM, read_version, rubric_key, topic_key

ROOT = Path(settings.BASE_DIR)
APP_FOLDERS = ("cms", "community", "home", "search")
HELPER = ROOT / "cms" / "performance" / "invalidation.py"
WRITES = {"update", "bulk_create", "bulk_update", "raw"}
SQL_WRITE = re.compile(r"\b(?:insert\s+into|update|delete\s+from)\s+[\"`]?(\w+)", re.IGNORECASE)


def watched_models():
    """Class name → label, of every model whose changes pages show."""
    return {
        model.__name__: model._meta.label_lower
        for model in apps.get_models()
        if invalidation.is_watched(model)
    }


def watched_tables():
    return {
        model._meta.db_table.lower()
        for model in apps.get_models()
        if invalidation.is_watched(model)
    }


class Scanner:
    """The calls of one module that write rows of a watched model without a signal."""

    def __init__(self, source, models, tables):
        self.tree = ast.parse(source)
        self.models, self.tables = models, tables
        # Every value assigned to each name in the module (any scope: a queryset kept in a
        # variable, a model looked up with ``get_model``), to follow a receiver to its model.
        self.assigned = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)

    def model_of(self, node, seen=()):
        """The watched model (label) at the root of the expression ``node``, or None."""
        while True:
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name == "get_user_model":
                    return "accounts.user"
                if name == "get_model" and len(node.args) == 2:
                    label = ".".join(str(getattr(arg, "value", "")) for arg in node.args).lower()
                    return label if label in self.models.values() else None
                node = node.func
            elif isinstance(node, ast.Attribute | ast.Subscript):
                node = node.value
            elif isinstance(node, ast.IfExp):
                return self.model_of(node.body, seen) or self.model_of(node.orelse, seen)
            elif isinstance(node, ast.Name):
                if node.id in self.models:
                    return self.models[node.id]
                if node.id in seen:
                    return None
                for value in self.assigned.get(node.id, ()):
                    found = self.model_of(value, (*seen, node.id))
                    if found:
                        return found
                return None
            else:
                return None

    def sql_of(self, node, seen=()):
        if isinstance(node, ast.Name) and node.id not in seen:
            values = self.assigned.get(node.id, ())
            return " ".join(self.sql_of(value, (*seen, node.id)) for value in values)
        return " ".join(
            str(part.value)
            for part in ast.walk(node)
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )

    def declared_blocks(self):
        """Line ranges of the functions decorated with, and the blocks inside,
        ``invalidation.bulk_writes(...)``: writes there bump their keys."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                marks = node.decorator_list
            elif isinstance(node, ast.With):
                marks = [item.context_expr for item in node.items]
            else:
                continue
            if any(
                isinstance(mark, ast.Call)
                and getattr(mark.func, "id", getattr(mark.func, "attr", None)) == "bulk_writes"
                for mark in marks
            ):
                yield range(node.lineno, node.end_lineno + 1)

    def bypasses(self):
        declared = list(self.declared_blocks())
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if any(node.lineno in block for block in declared):
                continue
            method = node.func.attr
            if method in WRITES:
                model = self.model_of(node.func.value)
                if model:
                    yield node.lineno, f"{model}: {method}()"
            elif method == "execute" and node.args:
                for table in SQL_WRITE.findall(self.sql_of(node.args[0])):
                    if table.lower() in self.tables:
                        yield node.lineno, f"SQL writing {table}"


def bypasses_in(source):
    return list(Scanner(source, watched_models(), watched_tables()).bypasses())


def app_files():
    for folder in APP_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = set(path.relative_to(ROOT).parts)
            if "migrations" in parts or "tests" in parts or path == HELPER:
                continue
            yield path


def test_the_scanner_finds_writes_that_send_no_signal():
    found = bypasses_in(
        """
from machina.core.db.models import get_model
from django.contrib.auth import get_user_model
Topic = get_model("forum_conversation", "Topic")

def close(pk):
    Topic.objects.filter(pk=pk).update(status=1)

def refresh(topics=None):
    topics = Topic.objects.all() if topics is None else topics
    return topics.update(first_reply_at=None)

def rename(pk):
    get_user_model().objects.filter(pk=pk).update(display_name="x")

def cite(rows):
    PageCitation.objects.bulk_create(rows)

def raw_write(cursor):
    sql = 'UPDATE "forum_conversation_topic" SET subject = %s'
    cursor.execute(sql, ["x"])
"""
    )
    assert [line for line, _what in found] == [7, 11, 14, 17, 21]
    # Rows no page shows, dictionaries, sets and reads are not writes around the caches.
    assert not bypasses_in(
        """
def fine(cursor, context, names):
    Notification.objects.filter(pk=1).update(read_at=None)
    context.update(a=1)
    names.update({"b"})
    cursor.execute('SELECT COUNT(*) FROM "forum_conversation_topic"')
    cursor.execute('INSERT INTO notifications_notification SELECT 1')
"""
    )
    # Writes declared to bump their keys: in a function or a block marked ``bulk_writes``.
    assert not bypasses_in(
        """
@bulk_writes(CONTENT)
def write(pages):
    StructurePage.objects.bulk_update(pages, ["title"])

def publish(pages):
    with invalidation.bulk_writes(CONTENT), transaction.atomic():
        Page.objects.bulk_create(pages)
"""
    )


def test_no_app_code_writes_rows_that_pages_show_around_the_caches():
    models, tables = watched_models(), watched_tables()
    found = [
        f"{path.relative_to(ROOT)}:{line} {what}"
        for path in app_files()
        for line, what in Scanner(path.read_text(), models, tables).bypasses()
    ]
    assert not found, (
        "Writes that send no signal, on rows that pages show: use "
        "cms.performance.invalidation.update() / bulk_create() instead:\n" + "\n".join(found)
    )


@pytest.mark.django_db
def test_the_helper_bumps_what_the_rows_touch(make_member, make_topic):
    Topic = get_model("forum_conversation", "Topic")
    topic = make_topic(make_member())
    before = {
        key: read_version(key) for key in (FORUM, topic_key(topic.pk), rubric_key(topic.forum_id))
    }
    assert invalidation.update(Topic.objects.filter(pk=topic.pk), subject="Autre sujet") == 1
    assert all(read_version(key) != version for key, version in before.items())
    # A value no page shows: the caller says so, nothing is bumped.
    forum = read_version(FORUM)
    invalidation.update(Topic.objects.filter(pk=topic.pk), keys=(), views_count=3)
    assert read_version(FORUM) == forum
