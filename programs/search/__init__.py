"""Search that understands people: synonyms, acronyms, typos, weighted fields.

One boundary: ``parse(q)`` turns what a visitor typed into a ``Query`` (its words, stop words
dropped, what its synonyms and acronyms stand for, read once), and a queryset ranks by it:
``Program.objects.published().search(query)``. The list, the CSV, the API and anything later
use that one entry point; ``query.did_you_mean`` and ``snippet(program, query)`` reuse what the
query understood. Two engines rank the same way: PostgreSQL in the database (postgres.py, with
the stored vectors of index.py), SQLite in Python (python.py). The models import nothing from
here.
"""

from programs.search.index import connect_signals, update_search_index
from programs.search.query import Query, parse
from programs.search.snippets import snippet
from programs.search.text import MAX_QUERY_LENGTH, MAX_RESULTS, clean_query

__all__ = [
    "MAX_QUERY_LENGTH",
    "MAX_RESULTS",
    "Query",
    "clean_query",
    "connect_signals",
    "parse",
    "snippet",
    "update_search_index",
]
