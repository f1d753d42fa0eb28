"""The search engine for SQLite (the local default), in Python.

SQLite has neither a stemmed full-text index nor trigrams, so an index of the published
programs' words is built per process and kept for the current directory version: any edit
changes the version (directory/cache.py), so an index is never used after its data changed.
"""

import difflib
import math
from dataclasses import dataclass, field

from directory.cache import current_version
from programs.models import Program
from programs.search.text import STOPWORDS, stem, words

SYNONYM_WEIGHT = 0.8

# The program fields searched, by weight: A name and acronym; B summary, audience names and
# kinds of support; C description and source excerpt. PostgreSQL's vector uses the same.
TEXT_FIELDS = ("name", "acronym", "summary", "description", "source_excerpt")
WEIGHTS = {"A": 4.0, "B": 2.0, "C": 1.0}
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


def index_for(query, programs):
    """The word index of these programs, built once per process and directory version."""
    if "version" not in query.cache:
        query.cache["version"] = current_version(query.using)
    try:
        key = (query.cache["version"], str(programs.query))
    except Exception:  # EmptyResultSet and the like: nothing worth keeping
        return _build(programs)
    index = _built.get(key)
    if index is None:
        if len(_built) >= MAX_BUILT:
            _built.clear()
        index = _built[key] = _build(programs)
    return index


def _build(programs):
    index = Index()
    for pk, name, acronym, summary, description, excerpt in programs.values_list(
        "pk", *TEXT_FIELDS
    ):
        index.add(pk, "A", f"{name} {acronym}")
        index.add(pk, "B", summary)
        index.add(pk, "C", f"{description} {excerpt}")
    pks = programs.values("pk")
    for through, target in (
        (Program.audiences.through, "audience__name"),
        (Program.support_types.through, "supporttype__name"),
    ):
        for pk, name in through.objects.filter(program__in=pks).values_list("program_id", target):
            index.add(pk, "B", name)
    for pk, fields in index.docs.items():
        for term in fields["A"] | fields["B"] | fields["C"]:
            index.frequency[term] = index.frequency.get(term, 0) + 1
            best = max(WEIGHTS[f] for f in "ABC" if term in fields[f])
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
    """{pk: score} of the programs holding this term (or words it begins, or typos of it)."""
    found = {}
    for match, closeness in _resolve(index, term):
        idf = math.log(1 + total / index.frequency[match])
        for pk, field_weight in index.postings.get(match, {}).items():
            found[pk] = max(found.get(pk, 0.0), closeness * field_weight * idf)
    return found


def rank(query, programs):
    index = index_for(query, programs)
    total = len(index.docs) or 1
    groups = query.groups
    scores, covered, mentioning = {}, {}, set()

    def credit(found, weight, stems):
        in_groups = {g for g, group in enumerate(groups) if stems & group}
        for pk, score in found.items():
            scores[pk] = scores.get(pk, 0.0) + weight * score
            covered.setdefault(pk, set()).update(in_groups)

    # Only the programs that hold a term are touched: the cost follows the matches, not the size
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
    query.cache["mentioned"] = not kept or any(pk in mentioning for pk, _ in kept)
    return sorted(kept, key=lambda item: (-item[1], item[0]))


def did_you_mean(query):
    index = index_for(query, Program.objects.using(query.using).published())
    # Whole words as the programs spell them, never a stem: "undergraduate", not "undergraduat".
    known = index.spellings | query.synonym_words
    changed = False
    out = []
    for token in query.tokens:
        if (
            token in STOPWORDS
            or token in known
            or stem(token) in index.vocabulary
            or len(token) < 4
        ):
            out.append(token)
            continue
        close = _close(token, known, n=1, cutoff=0.75)
        out.append(close[0] if close else token)
        changed = changed or bool(close)
    return " ".join(out) if changed else ""
