"""PostgreSQL: a GIN index on the words of an indexed document that carry a title's weight.

The site search ranks a bounded set of candidates (see ``search.backend.postgres_matches``),
among them the best matches by a page's title or a discussion's subject: the words weighted A or
B in Wagtail's index. This index serves that match (``ts_filter`` keeps those words) without
reading every matching row. Other databases need nothing.
"""

from django.db import migrations

from ._postgresql import on_postgresql

CREATE = (
    "CREATE INDEX IF NOT EXISTS search_entry_title_words_gin "
    "ON wagtailsearch_indexentry USING gin (ts_filter((title || body), '{a,b}'))"
)
DROP = "DROP INDEX IF EXISTS search_entry_title_words_gin"


class Migration(migrations.Migration):
    dependencies = [("site_search", "0003_document_index")]

    operations = [on_postgresql(CREATE, DROP)]
