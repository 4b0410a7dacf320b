"""PostgreSQL: the "comcep_french" text search configuration (French stemming, accents ignored).

PostgreSQL's own "french" configuration stems but keeps accents ("créateurs" and "createurs" differ);
this one runs every word through ``unaccent`` first. ``unaccent`` is a trusted extension: the
database owner may create it. Other databases need nothing (SQLite's FTS5 folds accents itself).
"""

from django.db import migrations

from ._postgresql import on_postgresql

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'comcep_french') THEN
        CREATE TEXT SEARCH CONFIGURATION comcep_french (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION comcep_french
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""

DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS comcep_french;"


class Migration(migrations.Migration):
    dependencies = []

    operations = [on_postgresql(CREATE, DROP)]
