"""The search engine for SQLite (the local default), in Python.

SQLite has neither a stemmed full-text index nor trigrams, so an index of the searched records'
words (their model's search_document) is built per process and kept for the current directory
version: any edit changes the version (directory/cache.py), so an index is never used after its
data changed.
"""

import bisect
import difflib
import math
from dataclasses import dataclass, field
from functools import cached_property

from directory.cache import current_version
from directory.search.document import WEIGHTS
from directory.search.text import STOPWORDS, stem, words

SYNONYM_WEIGHT = 0.8

# How much a match counts by the weight of the field it is in (search_document); PostgreSQL's
# ts_rank uses the same proportions.
FIELD_WEIGHTS = {"A": 4.0, "B": 2.0, "C": 1.0}
FUZZY_WEIGHT = 0.7
MAX_BUILT = 8
# How many matching records a search scores at most (see rank()).
RANKED_AT_MOST = 200  # twice the results a search shows (MAX_RESULTS)


@dataclass
class Index:
    docs: dict = field(default_factory=dict)  # pk -> {"A": set, "B": set, "C": set}
    vocabulary: set = field(default_factory=set)  # stemmed terms
    spellings: set = field(default_factory=set)  # words as written, for "did you mean"
    frequency: dict = field(default_factory=dict)
    postings: dict = field(default_factory=dict)  # term -> {pk: weight of its best field}

    def add(self, pk, weight, text):
        written = set(words(text))
        self.spellings |= written
        terms = {stem(w) for w in written}
        self.docs.setdefault(pk, {"A": set(), "B": set(), "C": set()})[weight] |= terms

    @cached_property
    def terms(self):
        """The stemmed terms, for looking up the words a query word begins or misspells."""
        return Words(self.vocabulary)

    @cached_property
    def written(self):
        """The words as written, for "did you mean"."""
        return Words(self.spellings)


class Words:
    """A set of words, looked up by how they begin and by closeness without reading them all:
    sorted for prefixes, and bucketed by first letter and length for typos."""

    def __init__(self, words):
        self.sorted = sorted(words)
        self.buckets = {}
        for word in self.sorted:
            self.buckets.setdefault((word[:1], len(word)), []).append(word)

    def starting(self, prefix):
        """The words that begin with prefix (itself included)."""
        found = []
        for word in self.sorted[bisect.bisect_left(self.sorted, prefix) :]:
            if not word.startswith(prefix):
                break
            found.append(word)
        return found

    def near(self, word, cutoff):
        """The words that could be close to word: same first letter (a typo seldom changes
        it, and a word that starts differently is another word: "sing" is not "easing"), and
        a length difflib's ratio allows at this cutoff (its real_quick_ratio, 2 * shorter /
        both lengths, must reach it), so get_close_matches finds the same among them."""
        size = len(word)
        # One letter wider each way than the bound: floating point must not drop a word.
        shortest = math.ceil(size * cutoff / (2 - cutoff)) - 1
        longest = math.floor(size * (2 - cutoff) / cutoff) + 1
        return [
            candidate
            for length in range(shortest, longest + 1)
            for candidate in self.buckets.get((word[:1], length), ())
        ]


_built = {}


def index_for(query, records):
    """The word index of these records, built once per process and directory version."""
    if "version" not in query.cache:
        query.cache["version"] = current_version(query.using)
    try:
        key = (query.cache["version"], records.model._meta.label, str(records.query))
    except Exception:  # EmptyResultSet and the like: nothing worth keeping
        return _build(records)
    index = _built.get(key)
    if index is None:
        if len(_built) >= MAX_BUILT:
            _built.clear()
        index = _built[key] = _build(records)
    return index


def _build(records):
    """One query for the records' own text, one per relation whose names they are found by."""
    document = records.model.search_document
    fields = document.fields()
    columns = [(w, name) for w in WEIGHTS for name in fields[w]]
    index = Index()
    for pk, *values in records.values_list("pk", *(name for _, name in columns)):
        texts = {}
        for (weight, _), value in zip(columns, values, strict=True):
            texts.setdefault(weight, []).append(value or "")
        for weight, parts in texts.items():
            index.add(pk, weight, " ".join(parts))
    pks = records.values("pk")
    for weight, link in document.links(records.model):
        for pk, name in link.names(pks, records.db):
            index.add(pk, weight, name)
    for pk, fields in index.docs.items():
        for term in fields["A"] | fields["B"] | fields["C"]:
            index.frequency[term] = index.frequency.get(term, 0) + 1
            best = max(FIELD_WEIGHTS[f] for f in WEIGHTS if term in fields[f])
            index.postings.setdefault(term, {})[pk] = best
    index.vocabulary = set(index.frequency)
    return index


def _resolve(index, term):
    """The index's terms a query term stands for: itself, or words it begins, or typos of it."""
    if term in index.vocabulary:
        return [(term, 1.0)]
    matches = index.terms.starting(term) if len(term) >= 3 else []
    if not matches and len(term) >= 4:
        matches = _close(term, [index.terms], n=2, cutoff=0.8)
    return [(match, FUZZY_WEIGHT) for match in matches]


def _close(word, word_sets, n, cutoff):
    """difflib's close matches among these Words that keep the first letter (Words.near)."""
    candidates = {c for words in word_sets for c in words.near(word, cutoff)}
    return difflib.get_close_matches(word, sorted(candidates), n=n, cutoff=cutoff)


class _Matcher:
    """What one of the query's words (or a phrase its synonyms stand for) finds: the records
    holding it, lazily and in index order, and a record's score for it (0 when it does not
    hold it). A word stands for itself, words it begins, or typos of it."""

    def __init__(self, index, words, total, weight, groups, mentions):
        self.parts = []
        for word in words:
            self.parts.append(
                [
                    (index.postings.get(match, {}), closeness * math.log(1 + total / frequency))
                    for match, closeness in _resolve(index, stem(word))
                    if (frequency := index.frequency.get(match))
                ]
            )
        self.weight = weight
        stems = {stem(w) for w in words}
        self.groups = frozenset(g for g, group in enumerate(groups) if stems & group)
        self.mentions = mentions  # one of the query's own words, not a synonym's phrase
        self.size = min((sum(len(p) for p, _ in part) for part in self.parts), default=0)

    def _part_score(self, part, pk):
        return max(
            (factor * postings[pk] for postings, factor in part if pk in postings), default=0
        )

    def score(self, pk):
        """The word's best score in this record; a phrase's, the sum over its words when it
        holds them all."""
        total = 0.0
        for part in self.parts:
            found = self._part_score(part, pk)
            if not found:
                return 0.0
            total += found
        return total

    def records(self):
        """The records holding it, in index order (a phrase: those holding its first word,
        checked for the rest)."""
        if not self.parts:
            return
        for postings, _ in self.parts[0]:
            for pk in postings:
                if len(self.parts) == 1 or self.score(pk):
                    yield pk


def rank(query, records):
    """(mentioned, [(pk, relevance)] best first): the records answering the most of the
    query's words, and whether any of those holds one of the query's own words (not only what
    its synonyms stand for).

    Only a bounded set of candidates is scored, so a broad query costs about the same at
    20,000 records as at 100: the first RANKED_AT_MOST answering every word (found from the
    rarest word), else the first RANKED_AT_MOST answering any. When fewer match, that is all of
    them and the ranking is exact."""
    index = index_for(query, records)
    total = len(index.docs) or 1
    groups = query.groups
    matchers = [_Matcher(index, [t], total, 1.0, groups, True) for t in query.meaningful]
    matchers += [
        _Matcher(index, phrase, total, SYNONYM_WEIGHT, groups, False) for phrase in query.phrases
    ]
    matchers = [m for m in matchers if m.parts]
    if not matchers:
        return True, []

    def coverage(pk):
        covered = set()
        for m in matchers:
            if m.groups - covered and m.score(pk):
                covered |= m.groups
        return len(covered)

    candidates = []
    if len(groups) > 1:
        # Answering every word: look among the holders of the rarest group.
        rarest = min(
            range(len(groups)), key=lambda g: sum(m.size for m in matchers if g in m.groups)
        )
        seen = set()
        for m in (m for m in matchers if rarest in m.groups):
            for pk in m.records():
                if pk not in seen:
                    seen.add(pk)
                    if coverage(pk) == len(groups):
                        candidates.append(pk)
                        if len(candidates) >= RANKED_AT_MOST:
                            break
            if len(candidates) >= RANKED_AT_MOST:
                break
    if not candidates:
        seen = set()
        for m in matchers:
            for pk in m.records():
                if pk not in seen:
                    seen.add(pk)
                    if len(seen) >= RANKED_AT_MOST:
                        break
            if len(seen) >= RANKED_AT_MOST:
                break
        candidates = list(seen)
        covering = {pk: coverage(pk) for pk in candidates}
        best = max(covering.values(), default=0)
        candidates = [pk for pk in candidates if covering[pk] == best]
    scored = [(pk, sum(m.weight * m.score(pk) for m in matchers)) for pk in candidates]
    mentioned = not scored or any(m.mentions and m.score(pk) for pk, _ in scored for m in matchers)
    return mentioned, sorted(scored, key=lambda item: (-item[1], item[0]))


def did_you_mean(query, searchable):
    """The query with its typos corrected to words the directory uses: those of every
    searchable model's published records (the typo vocabulary PostgreSQL keeps, too)."""
    indexes = [
        index_for(query, model._default_manager.using(query.using).published())
        for model in searchable
    ]

    def known(token):
        return token in query.synonym_words or any(
            token in index.spellings or stem(token) in index.vocabulary for index in indexes
        )

    changed = False
    out = []
    for token in query.tokens:
        if token in STOPWORDS or len(token) < 4 or known(token):
            out.append(token)
            continue
        # Whole words as the records spell them, never a stem: "undergraduate", not
        # "undergraduat". Gathered only for a word not known, not on every search.
        word_sets = [index.written for index in indexes] + [Words(query.synonym_words)]
        close = _close(token, word_sets, n=1, cutoff=0.75)
        out.append(close[0] if close else token)
        changed = changed or bool(close)
    return " ".join(out) if changed else ""
