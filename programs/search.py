"""Search that understands people: synonyms, acronyms, typos, weighted fields.

The same engine runs on SQLite and PostgreSQL: it reads the published programs' words in three
queries, scores them in Python (name and acronym weigh most, then summary, audiences and kinds of
support, then description and source excerpt), and hands back primary keys in rank order.
"""

import difflib
import math
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
WEIGHTS = {"A": 4.0, "B": 2.0, "C": 1.0}
SYNONYM_WEIGHT = 0.8
FUZZY_WEIGHT = 0.7
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "i",
        "im",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "the",
        "to",
        "we",
        "with",
        "you",
        "your",
        "someone",
        "something",
        "about",
        "who",
        "what",
        "need",
        "help",
        "want",
    }
)
WORD = re.compile(r"[a-z0-9]+")


def clean_query(q):
    """The query as searched (NULs removed, length capped) and a message if it was changed."""
    q = (q or "").replace("\x00", "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        return q[:MAX_QUERY_LENGTH], f"Only the first {MAX_QUERY_LENGTH} characters were searched."
    return q, ""


def words(text):
    return WORD.findall((text or "").lower())


def stem(word):
    for suffix in ("ies", "es", "s"):
        if len(word) > 4 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


@dataclass
class Index:
    docs: dict = field(default_factory=dict)  # pk -> {"A": set, "B": set, "C": set}
    vocabulary: set = field(default_factory=set)
    frequency: dict = field(default_factory=dict)
    postings: dict = field(default_factory=dict)  # term -> {pk: weight of its best field}

    def add(self, pk, weight, text):
        terms = {stem(w) for w in words(text)}
        self.docs.setdefault(pk, {"A": set(), "B": set(), "C": set()})[weight] |= terms


# Built indexes, per process, for the current directory version: any edit changes the version
# (config.cache), so an index is never used after the data it was built from has changed.
_built = {}
MAX_BUILT = 8
# A search returns at most this many programs, best first: enough for any visitor, and it keeps
# the SQL that orders them small however large the directory grows.
MAX_RESULTS = 200


def build_index(programs):
    from config.cache import current_version

    try:
        key = (current_version(), str(programs.query))
    except Exception:  # EmptyResultSet and the like: nothing worth keeping
        return _build_index(programs)
    index = _built.get(key)
    if index is None:
        if len(_built) >= MAX_BUILT:
            _built.clear()
        index = _built[key] = _build_index(programs)
    return index


def _build_index(programs):
    from programs.models import Program

    index = Index()
    rows = programs.values_list("pk", "name", "acronym", "summary", "description", "source_excerpt")
    for pk, name, acronym, summary, description, excerpt in rows:
        index.add(pk, "A", f"{name} {acronym}")
        index.add(pk, "B", summary)
        index.add(pk, "C", f"{description} {excerpt}")
    pks = programs.values("pk")
    for pk, name in Program.audiences.through.objects.filter(program__in=pks).values_list(
        "program_id", "audience__name"
    ):
        index.add(pk, "B", name)
    for pk, name in Program.support_types.through.objects.filter(program__in=pks).values_list(
        "program_id", "supporttype__name"
    ):
        index.add(pk, "B", name)
    for pk, fields in index.docs.items():
        for term in fields["A"] | fields["B"] | fields["C"]:
            index.frequency[term] = index.frequency.get(term, 0) + 1
            best = max(WEIGHTS[f] for f in "ABC" if term in fields[f])
            index.postings.setdefault(term, {})[pk] = best
    index.vocabulary = set(index.frequency)
    return index


def synonyms():
    from programs.models import Synonym

    return [(words(s.term), s.expansion_list()) for s in Synonym.objects.all()]


def expand(q, synonym_rows):
    """Weighted terms for a query: its own words, then what its synonyms stand for."""
    tokens = words(q)
    terms = {}
    for token in tokens:
        if token not in STOPWORDS:
            terms[stem(token)] = 1.0
    for term_words, expansions in synonym_rows:
        n = len(term_words)
        if n and any(tokens[i : i + n] == term_words for i in range(len(tokens) - n + 1)):
            for phrase in expansions:
                for token in words(phrase):
                    if token not in STOPWORDS:
                        terms.setdefault(stem(token), SYNONYM_WEIGHT)
    return terms


def score(index, terms):
    total = len(index.docs) or 1
    resolved = {}
    for term, weight in terms.items():
        if term in index.vocabulary:
            resolved.setdefault(term, weight)
            continue
        matches = [v for v in index.vocabulary if len(term) >= 3 and v.startswith(term)]
        if not matches and len(term) >= 4:
            matches = difflib.get_close_matches(term, index.vocabulary, n=2, cutoff=0.8)
        for match in matches:
            resolved.setdefault(match, weight * FUZZY_WEIGHT)
    scores = {}
    # Only the programs that hold a term are touched: the cost follows the matches, not the size
    # of the directory.
    for term, weight in resolved.items():
        idf = math.log(1 + total / index.frequency[term])
        for pk, field_weight in index.postings.get(term, {}).items():
            scores[pk] = scores.get(pk, 0.0) + weight * field_weight * idf
    return scores


def rank(programs, q):
    """[(pk, relevance)] best first for the query over these programs."""
    q, _ = clean_query(q)
    terms = expand(q, synonyms())
    if not terms:
        return []
    scores = score(build_index(programs), terms)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:MAX_RESULTS]


def did_you_mean(q, programs=None):
    """A corrected query when some of its words are not in the directory, else ''."""
    from programs.models import Program

    q, _ = clean_query(q)
    tokens = words(q)
    if not tokens:
        return ""
    index = build_index(programs if programs is not None else Program.objects.published())
    known = index.vocabulary | {w for row in synonyms() for w in row[0]}
    changed = False
    out = []
    for token in tokens:
        if token in STOPWORDS or stem(token) in known or token in known or len(token) < 4:
            out.append(token)
            continue
        close = difflib.get_close_matches(token, known, n=1, cutoff=0.75)
        if close:
            out.append(close[0])
            changed = True
        else:
            out.append(token)
    return " ".join(out) if changed else ""


def query_terms(q):
    """The stemmed words a query stands for, synonyms included (one query)."""
    q, _ = clean_query(q)
    return set(expand(q, synonyms()))


def snippet(program, q, length=160, terms=None):
    """The part of the program's text that best matches the query, with matches in <mark>."""
    if terms is None:
        terms = query_terms(q)
    text = " ".join(filter(None, [program.summary, program.description]))
    sentences = re.split(r"(?<=[.!?])\s+", text)
    best = max(sentences, key=lambda s: len(terms & {stem(w) for w in words(s)}), default="")
    if len(best) > length:
        best = best[:length].rsplit(" ", 1)[0] + "…"
    parts = re.split(r"([A-Za-z0-9]+)", best)
    html = "".join(
        f"<mark>{escape(p)}</mark>" if stem(p.lower()) in terms else escape(p) for p in parts
    )
    return mark_safe(html)  # noqa: S308 - every piece was escaped above
