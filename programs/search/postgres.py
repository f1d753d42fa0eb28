"""The search engine for PostgreSQL: ranked in the database.

Each program has a stored, GIN-indexed, weighted ``search_vector`` (kept current by
programs/search/index.py), matched with to_tsquery prefixes and ranked with ts_rank; typos are
corrected with pg_trgm against the SearchWord vocabulary, then chosen with the same difflib
cutoff as the Python engine, so both databases correct the same typos.
"""

import difflib

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db.models import F, Value

from programs.models import SearchWord
from programs.search.text import MAX_RESULTS, STOPWORDS, stem

CONFIG = "english"
# ts_rank's weights for D, C, B, A: the same proportions as the Python engine's WEIGHTS.
RANK_WEIGHTS = [0.05, 0.25, 0.5, 1.0]
SYNONYM_WEIGHT = 0.8
# pg_trgm similarity a word needs to be a candidate for what a misspelled word meant (pg_trgm's
# own default threshold), and how many candidates difflib then chooses from with TYPO_CUTOFF.
SIMILARITY = 0.3
CANDIDATES = 5
TYPO_CUTOFF = 0.75
MAX_CORRECTIONS = 3


def corrections(query):
    """{misspelled token: the directory's word it most likely meant}, once per query."""
    if "corrections" in query.cache:
        return query.cache["corrections"]
    words = SearchWord.objects.using(query.using)
    synonym_words = query.synonym_words
    candidates = [
        t
        for t in dict.fromkeys(query.tokens)
        if len(t) >= 4 and t not in STOPWORDS and t not in synonym_words
    ]
    found = {}
    if candidates:
        known = set(words.filter(word__in=candidates).values_list("word", flat=True))
        for token in [t for t in candidates if t not in known][:MAX_CORRECTIONS]:
            # pg_trgm finds the candidates through its index; difflib picks among them. (A swap
            # of two letters, "quiltnig", is only ~0.38 similar by trigrams, yet a plain typo.)
            near = list(
                words.filter(word__trigram_similar=token)
                .annotate(similarity=TrigramSimilarity("word", token))
                .filter(similarity__gte=SIMILARITY)
                .order_by("-similarity", "word")
                .values_list("word", flat=True)[:CANDIDATES]
            )
            best = difflib.get_close_matches(token, near, n=1, cutoff=TYPO_CUTOFF)
            if best:
                found[token] = best[0]
    query.cache["corrections"] = found
    return found


def _tsquery(terms):
    """Any of these words, each also as a prefix (art finds artists); None when empty."""
    parts = [f"{t}:*" if len(t) >= 3 else t for t in dict.fromkeys(terms)]
    if not parts:
        return None
    return SearchQuery(" | ".join(parts), search_type="raw", config=CONFIG)


def rank(query, programs):
    fixed = corrections(query)
    own = [fixed.get(t, t) for t in query.tokens if t not in STOPWORDS]
    stems = {stem(t) for t in own}
    alternatives = [w for w in query.expansion_words if stem(w) not in stems]
    vector = F("search_vector")
    relevance, matches = Value(0.0), None
    for tsquery, weight in ((_tsquery(own), 1.0), (_tsquery(alternatives), SYNONYM_WEIGHT)):
        if tsquery is not None:
            relevance = relevance + SearchRank(vector, tsquery, weights=RANK_WEIGHTS) * weight
            matches = tsquery if matches is None else matches | tsquery
    if matches is None:
        return []
    ranked = (
        programs.filter(search_vector=matches)
        .annotate(relevance=relevance)
        .order_by("-relevance", "pk")
        .values_list("pk", "relevance")[:MAX_RESULTS]
    )
    return [(pk, float(score)) for pk, score in ranked]


def did_you_mean(query):
    fixed = corrections(query)
    return " ".join(fixed.get(t, t) for t in query.tokens) if fixed else ""
