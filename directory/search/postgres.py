"""The search engine for PostgreSQL: ranked in the database.

Each searchable record has a stored, GIN-indexed, weighted ``search_vector`` (kept current by
index.py), matched with to_tsquery prefixes and ranked with ts_rank; typos are
corrected with pg_trgm against the SearchWord vocabulary, then chosen with the same difflib
cutoff as the Python engine, so both databases correct the same typos.
"""

import difflib

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db.models import Case, F, Q, Value, When

from directory.models import SearchWord
from directory.search.text import MAX_RESULTS, STOPWORDS, words

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
# How many matching records a search ranks at most (see rank()).
RANKED_AT_MOST = 200  # twice the results a search shows (MAX_RESULTS)


def corrections(query):
    """{misspelled token: the directory's word it most likely meant}, once per query."""
    if "corrections" in query.cache:
        return query.cache["corrections"]
    vocabulary = SearchWord.objects.using(query.using)
    synonym_words = query.synonym_words
    candidates = [
        t
        for t in dict.fromkeys(query.tokens)
        if len(t) >= 4 and t not in STOPWORDS and t not in synonym_words
    ]
    found = {}
    if candidates:
        # A token is known when it is a word of the directory or begins one ("undergraduate"
        # begins "undergraduates"): the search finds it as it is.
        begins = Q(word__in=candidates)
        for t in candidates:
            begins |= Q(word__startswith=t)
        begun = list(vocabulary.filter(begins).values_list("word", flat=True)[:500])
        known = {t for t in candidates if any(w.startswith(t) for w in begun)}
        for token in [t for t in candidates if t not in known][:MAX_CORRECTIONS]:
            # pg_trgm finds the candidates through its index; difflib picks among them. (A swap
            # of two letters, "quiltnig", is only ~0.38 similar by trigrams, yet a plain typo.)
            near = list(
                vocabulary.filter(word__trigram_similar=token)
                .annotate(similarity=TrigramSimilarity("word", token))
                .filter(similarity__gte=SIMILARITY)
                .order_by("-similarity", "word")
                .values_list("word", flat=True)[:CANDIDATES]
            )
            near = [w for w in near if w[:1] == token[:1]]  # as the Python engine: see _close
            best = difflib.get_close_matches(token, near, n=1, cutoff=TYPO_CUTOFF)
            if best:
                found[token] = best[0]
    query.cache["corrections"] = found
    return found


def _word(t):
    return f"{t}:*" if len(t) >= 3 else t


def _tsquery(terms, phrases=()):
    """Any of these words, each also as a prefix (art finds artists), or any of these phrases
    with all their words; None when empty."""
    parts = [_word(t) for t in dict.fromkeys(terms)]
    parts += ["(" + " & ".join(_word(w) for w in phrase) + ")" for phrase in phrases]
    if not parts:
        return None
    return SearchQuery(" | ".join(parts), search_type="raw", config=CONFIG)


def rank(query, records):
    fixed = corrections(query)
    own = [fixed.get(t, t) for t in query.meaningful]
    primary = _tsquery(own)
    vector = F("search_vector")
    relevance, matches = Value(0.0), None
    for tsquery, weight in ((primary, 1.0), (_tsquery((), query.phrases), SYNONYM_WEIGHT)):
        if tsquery is not None:
            relevance = relevance + SearchRank(vector, tsquery, weights=RANK_WEIGHTS) * weight
            matches = tsquery if matches is None else matches | tsquery
    if matches is None:
        return True, []
    # How many of the query's words (each with what its synonyms stand for) a record answers.
    coverage = Value(0)
    every_word = None
    for token in query.meaningful:
        own_phrases = [p for p in query.phrases if _stands_for(query, token, p)]
        group_query = _tsquery([fixed.get(token, token)], own_phrases)
        coverage = coverage + Case(When(search_vector=group_query, then=1), default=0)
        every_word = group_query if every_word is None else every_word & group_query

    mentions = (
        Case(When(search_vector=primary, then=1), default=0) if primary is not None else Value(0)
    )

    # Only a bounded set of candidates is ranked, so a broad query costs about the same at
    # 100,000 records as at 100: the first RANKED_AT_MOST the GIN index finds answering every
    # word (only those are kept when there are any), else answering any. When fewer match,
    # that is all of them and the ranking is exact; when more do, the best of these are shown.
    def ranking(tsquery):
        candidates = records.filter(search_vector=tsquery).order_by().values("pk")
        return list(
            records.filter(pk__in=candidates[:RANKED_AT_MOST])
            .annotate(relevance=relevance, coverage=coverage, mentions=mentions)
            .order_by("-coverage", "-relevance", "pk")
            # One more than is shown: whether there are more (Query.more_than_shown).
            .values_list("pk", "relevance", "coverage", "mentions")[: MAX_RESULTS + 1]
        )

    ranked = []
    if len(query.meaningful) > 1:
        ranked = ranking(every_word)
    if not ranked:
        ranked = ranking(matches)
    best = ranked[0][2] if ranked else 0
    kept = [row for row in ranked if row[2] == best]
    mentioned = not kept or any(row[3] for row in kept)
    return mentioned, [(pk, float(score)) for pk, score, _, _ in kept]


def _stands_for(query, token, phrase):
    """Whether this phrase is what a synonym containing this token stands for."""
    return any(
        token in term_words and phrase == [w for w in words(p) if w not in STOPWORDS]
        for term_words, expanded in query.synonyms
        for p in expanded
    )


def did_you_mean(query, searchable):
    fixed = corrections(query)
    return " ".join(fixed.get(t, t) for t in query.tokens) if fixed else ""
