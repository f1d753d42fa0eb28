"""The search engine for SQLite (the local default), in Python.

SQLite has neither a stemmed full-text index nor trigrams, so an index of the searched records'
words (their model's search_document) is built per process and kept for the current directory
version: any edit changes the version (directory/cache.py), so an index is never used after its
data changed.
"""

import difflib
import math
from dataclasses import dataclass, field

from directory.cache import current_version
from directory.search.document import WEIGHTS
from directory.search.text import STOPWORDS, stem, words

SYNONYM_WEIGHT = 0.8

# How much a match counts by the weight of the field it is in (search_document); PostgreSQL's
# ts_rank uses the same proportions.
FIELD_WEIGHTS = {"A": 4.0, "B": 2.0, "C": 1.0}
FUZZY_WEIGHT = 0.7
MAX_BUILT = 8


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
    matches = [v for v in index.vocabulary if len(term) >= 3 and v.startswith(term)]
    if not matches and len(term) >= 4:
        matches = _close(term, index.vocabulary, n=2, cutoff=0.8)
    return [(match, FUZZY_WEIGHT) for match in matches]


def _close(word, vocabulary, n, cutoff):
    """difflib's close matches that keep the first letter: a typo seldom changes it, and a word
    that starts differently is another word ("sing" is not "easing")."""
    candidates = [v for v in vocabulary if v[:1] == word[:1]]
    return difflib.get_close_matches(word, candidates, n=n, cutoff=cutoff)


def _holding(index, term, total):
    """{pk: score} of the records holding this term (or words it begins, or typos of it)."""
    found = {}
    for match, closeness in _resolve(index, term):
        idf = math.log(1 + total / index.frequency[match])
        for pk, field_weight in index.postings.get(match, {}).items():
            found[pk] = max(found.get(pk, 0.0), closeness * field_weight * idf)
    return found


def rank(query, records):
    index = index_for(query, records)
    total = len(index.docs) or 1
    groups = query.groups
    scores, covered, mentioning = {}, {}, set()

    def credit(found, weight, stems):
        in_groups = {g for g, group in enumerate(groups) if stems & group}
        for pk, score in found.items():
            scores[pk] = scores.get(pk, 0.0) + weight * score
            covered.setdefault(pk, set()).update(in_groups)

    # Only the records that hold a term are touched: the cost follows the matches, not the size
    # of the directory.
    for token in query.meaningful:
        found = _holding(index, stem(token), total)
        credit(found, 1.0, {stem(token)})
        mentioning.update(found)
    for phrase in query.phrases:
        holding = [_holding(index, stem(w), total) for w in phrase]
        both = set.intersection(*(set(found) for found in holding))
        found = {pk: sum(h[pk] for h in holding) for pk in both}
        credit(found, SYNONYM_WEIGHT, {stem(w) for w in phrase})
    best = max((len(c) for c in covered.values()), default=0)
    kept = [(pk, score) for pk, score in scores.items() if len(covered.get(pk, ())) == best]
    mentioned = not kept or any(pk in mentioning for pk, _ in kept)
    return mentioned, sorted(kept, key=lambda item: (-item[1], item[0]))


def did_you_mean(query, searchable):
    """The query with its typos corrected to words the directory uses: those of every
    searchable model's published records (the typo vocabulary PostgreSQL keeps, too)."""
    indexes = [
        index_for(query, model._default_manager.using(query.using).published())
        for model in searchable
    ]
    spellings = set().union(*(index.spellings for index in indexes))
    vocabulary = set().union(*(index.vocabulary for index in indexes))
    # Whole words as the records spell them, never a stem: "undergraduate", not "undergraduat".
    known = spellings | query.synonym_words
    changed = False
    out = []
    for token in query.tokens:
        if token in STOPWORDS or token in known or stem(token) in vocabulary or len(token) < 4:
            out.append(token)
            continue
        close = _close(token, known, n=1, cutoff=0.75)
        out.append(close[0] if close else token)
        changed = changed or bool(close)
    return " ".join(out) if changed else ""
