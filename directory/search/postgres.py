"""The search engine for PostgreSQL: ranked in the database.

Each searchable record has a stored, GIN-indexed, weighted ``search_vector`` (kept current by
index.py), matched with to_tsquery prefixes and ranked with ts_rank; typos are
corrected with pg_trgm against the SearchWord vocabulary, then chosen with the same difflib
cutoff as the Python engine, so both databases correct the same typos.
"""

import difflib

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL

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


def _word(t, prefix=True):
    return f"{t}:*" if prefix and len(t) >= 3 else t


def _tsquery(terms, phrases=(), prefix=True):
    """Any of these words, each also as a prefix (art finds artists) unless `prefix` is false,
    or any of these phrases with all their words; None when empty."""
    parts = [_word(t, prefix) for t in dict.fromkeys(terms)]
    parts += ["(" + " & ".join(_word(w, prefix) for w in phrase) + ")" for phrase in phrases]
    if not parts:
        return None
    return SearchQuery(" | ".join(parts), search_type="raw", config=CONFIG)


def _candidates(records, exact, prefixed):
    """The pks of a bounded set of records to rank, as SQL for `pk IN (...)`: the first
    RANKED_AT_MOST found answering `exact` (the words as they are) when there are that many;
    otherwise those and the first RANKED_AT_MOST answering `prefixed` (the words also as
    prefixes), which hold all of them. So all that match are ranked whenever fewer than
    RANKED_AT_MOST do, and which are "the first" does not change between requests (a
    sequential scan starts at the table's beginning: config/env.py).

    One query. A prefix (support:*) makes the GIN index gather every record holding any word
    it begins before the LIMIT applies (14 ms for "peer support" at 100,009 programs; 5 ms
    for the exact words, and a broad exact word is found by reading the table until enough
    are): it is skipped when the exact words already found enough."""
    first = records.order_by().values_list("pk")
    exact_sql, exact_params = _sql(first.filter(search_vector=exact)[:RANKED_AT_MOST])
    prefixed_sql, prefixed_params = _sql(first.filter(search_vector=prefixed)[:RANKED_AT_MOST])
    # The CTE is read twice, so PostgreSQL runs it once; the count gates the prefixed search
    # (a one-time filter: not run at all when the exact words found enough).
    return RawSQL(
        f"WITH exact AS ({exact_sql}) SELECT * FROM exact UNION ALL "
        f"SELECT * FROM ({prefixed_sql}) prefixed WHERE (SELECT count(*) FROM exact) < %s",
        (*exact_params, *prefixed_params, RANKED_AT_MOST),
    )


def _sql(queryset):
    return queryset.query.get_compiler(using=queryset.db).as_sql()


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
    exact_matches = _tsquery(own, query.phrases, prefix=False)
    # How many of the query's words (each with what its synonyms stand for) a record answers.
    coverage = Value(0)
    every_word = exact_every_word = None
    for token in query.meaningful:
        own_phrases = [p for p in query.phrases if _stands_for(query, token, p)]
        group_query = _tsquery([fixed.get(token, token)], own_phrases)
        exact_group = _tsquery([fixed.get(token, token)], own_phrases, prefix=False)
        coverage = coverage + Case(When(search_vector=group_query, then=1), default=0)
        every_word = group_query if every_word is None else every_word & group_query
        exact_every_word = (
            exact_group if exact_every_word is None else exact_every_word & exact_group
        )

    mentions = (
        Case(When(search_vector=primary, then=1), default=0) if primary is not None else Value(0)
    )

    # Only a bounded set of candidates is ranked, so a broad query costs about the same at
    # 100,000 records as at 100 (see _candidates): those answering every word (only those are
    # kept when there are any), else answering any. When fewer match, that is all of them and
    # the ranking is exact; when more do, the best of these are shown.
    def ranking(exact, tsquery):
        if records.query.is_empty():
            return []
        return list(
            records.filter(pk__in=_candidates(records, exact, tsquery))
            .annotate(relevance=relevance, coverage=coverage, mentions=mentions)
            .order_by("-coverage", "-relevance", "pk")
            # One more than is shown: whether there are more (Query.more_than_shown).
            .values_list("pk", "relevance", "coverage", "mentions")[: MAX_RESULTS + 1]
        )

    ranked = []
    if len(query.meaningful) > 1:
        ranked = ranking(exact_every_word, every_word)
    if not ranked:
        ranked = ranking(exact_matches, matches)
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
