"""Search that understands people: synonyms, acronyms, typos, weighted fields.

One boundary, for every searchable model: ``parse(q)`` turns what a visitor typed into a
``Query`` (its words, stop words dropped, what its synonyms and acronyms stand for, read once),
and a queryset ranks by it: ``Program.objects.published().search(query)``,
``Organization.objects.published().search(query)``. The lists, the CSV, the API and the site
search use that one entry point; ``query.did_you_mean`` and ``snippet(record, query)`` reuse what
the query understood. A model is searchable when it declares a ``search_document``
(document.py: its fields by weight), has a ``search_vector`` field and a SearchableQuerySet, and
its app calls ``register(model)`` when ready. Two engines rank the same way: PostgreSQL in the
database (postgres.py, with the stored vectors of index.py), SQLite in Python (python.py). The
synonyms and the typo vocabulary are directory.models.Synonym and SearchWord.
"""

from directory.search.document import SearchDocument
from directory.search.index import register, reindex, update_search_index
from directory.search.query import Query, parse
from directory.search.registry import searchable_models
from directory.search.snippets import snippet
from directory.search.text import MAX_QUERY_LENGTH, MAX_RESULTS, clean_query

__all__ = [
    "MAX_QUERY_LENGTH",
    "MAX_RESULTS",
    "Query",
    "SearchDocument",
    "clean_query",
    "parse",
    "register",
    "reindex",
    "searchable_models",
    "snippet",
    "update_search_index",
]
