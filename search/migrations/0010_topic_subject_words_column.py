"""PostgreSQL: each forum topic's subject words, stored, with a GIN index.

The new-topic form's suggestions (``search.similar``) read the topics whose subject has the words
typed. Matched through the expression index of migration 0006, a subject's words are computed again
for every row the plan reads outside that index: when the planner expects many matches (a common
word, a prefix such as "format:*") it scans the visible topics and runs ``to_tsvector`` on each,
about 20,000 subjects at the scale of ``make_scale_data``. Stored, the words are read, not
computed, and the column has its own statistics.

A generated column: PostgreSQL keeps it up to date on every write, ``QuerySet.update()``,
``bulk_create()`` and raw SQL included; the models do not know it. The expression is the one of
migration 0006, whose index the site search still uses. Other databases need nothing.
"""

from django.db import migrations

from ._postgresql import on_postgresql

COLUMN = (
    "ALTER TABLE forum_conversation_topic ADD COLUMN IF NOT EXISTS subject_words tsvector "
    "GENERATED ALWAYS AS (to_tsvector('comcep_french'::regconfig, subject)) STORED"
)
DROP_COLUMN = "ALTER TABLE forum_conversation_topic DROP COLUMN IF EXISTS subject_words"
INDEX = (
    "CREATE INDEX IF NOT EXISTS search_topic_subject_words_stored_gin "
    "ON forum_conversation_topic USING gin (subject_words)"
)
DROP_INDEX = "DROP INDEX IF EXISTS search_topic_subject_words_stored_gin"


class Migration(migrations.Migration):
    dependencies = [("site_search", "0009_trigram_extension")]

    operations = [on_postgresql(COLUMN, DROP_COLUMN), on_postgresql(INDEX, DROP_INDEX)]
