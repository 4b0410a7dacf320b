"""PostgreSQL: a GIN index on the words of each forum topic's subject.

The site search ranks a bounded set of candidates (see ``search.backend.postgres_matches``), among
them the best matches by title words. Every post is indexed with its topic's subject, so for a
common word that set was every post of every topic whose subject has it (14,000 rows for
"financement" at 100,000 posts, spread over most of the index table's pages). Discussions are
found by their subject through this index instead, one candidate each (their first post): 2,800
rows for the same word. The configuration is the search's own (``SEARCH_CONFIG``, migration
0001). Other databases need nothing.
"""

from django.db import migrations

from ._postgresql import on_postgresql

CREATE = (
    "CREATE INDEX IF NOT EXISTS search_topic_subject_words_gin "
    "ON forum_conversation_topic USING gin (to_tsvector('comcep_french'::regconfig, subject))"
)
DROP = "DROP INDEX IF EXISTS search_topic_subject_words_gin"


class Migration(migrations.Migration):
    dependencies = [("site_search", "0005_topic_visibility_index")]

    operations = [on_postgresql(CREATE, DROP)]
