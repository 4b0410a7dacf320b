"""What the search's migrations do on PostgreSQL only (an index, a text search configuration):
other databases need nothing. Not a migration itself (the leading underscore)."""

from django.db import migrations


def on_postgresql(sql, reverse_sql):
    """An operation running ``sql`` forwards and ``reverse_sql`` backwards, on PostgreSQL only."""

    def run(statement):
        def execute(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(statement)

        return execute

    return migrations.RunPython(run(sql), run(reverse_sql))
