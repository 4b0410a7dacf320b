"""PostgreSQL: the ``pg_trgm`` extension, which the search's spelling corrections use to find the
site's words closest to a misspelt one (search/spelling.py).

``pg_trgm`` is a trusted extension: the database owner may create it. Where the role may not,
the migration leaves it out and the corrections are found without it. Other databases need
nothing.
"""

from django.db import migrations, transaction
from django.db.utils import DatabaseError


def create_extension(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        pass


class Migration(migrations.Migration):
    dependencies = [("site_search", "0008_seed_search_synonyms")]

    operations = [migrations.RunPython(create_extension, migrations.RunPython.noop)]
