"""A visitor's search, understood once per request.

``parse(q)`` reads the synonyms once and returns a ``Query``; everything after that (ranking,
"did you mean", the highlighted snippet) reuses what it understood, on either engine.
"""

from dataclasses import dataclass, field

from django.db import connections, router

from programs.models import Program, Synonym
from programs.search import postgres, python
from programs.search.text import MAX_RESULTS, STOPWORDS, clean_query, stem, words

SYNONYM_WEIGHT = 0.8


def synonym_rows(using=None):
    """[(the words of a term, the phrases it stands for)] from the Synonym table (one query)."""
    rows = Synonym.objects.using(using or router.db_for_read(Synonym))
    return [(words(s.term), s.expansion_list()) for s in rows]


def expansions(tokens, rows):
    """The phrases the synonyms and acronyms among these words stand for."""
    phrases = []
    for term_words, expanded in rows:
        n = len(term_words)
        if n and any(tokens[i : i + n] == term_words for i in range(len(tokens) - n + 1)):
            phrases += expanded
    return phrases


@dataclass
class Query:
    text: str
    tokens: list[str]
    synonyms: list = field(default_factory=list)
    notice: str = ""
    using: str = "default"
    # What the engines worked out, kept for the rest of the request.
    cache: dict = field(default_factory=dict, repr=False)

    def __bool__(self):
        return bool(self.terms)

    @property
    def synonym_words(self):
        return {w for term_words, _ in self.synonyms for w in term_words}

    @property
    def expansion_words(self):
        """Words the query's synonyms stand for, not already among its own words."""
        own = {stem(t) for t in self.tokens if t not in STOPWORDS}
        expanded = words(" ".join(expansions(self.tokens, self.synonyms)))
        return [w for w in expanded if w not in STOPWORDS and stem(w) not in own]

    @property
    def terms(self):
        """Weighted stemmed terms: the query's own words, then what its synonyms stand for."""
        terms = {stem(t): 1.0 for t in self.tokens if t not in STOPWORDS}
        for w in self.expansion_words:
            terms.setdefault(stem(w), SYNONYM_WEIGHT)
        return terms

    @property
    def engine(self):
        return postgres if connections[self.using].vendor == "postgresql" else python

    def rank(self, programs):
        """[(pk, relevance)] best first, at most MAX_RESULTS, over these programs."""
        if not self:
            return []
        return self.engine.rank(self, programs)[:MAX_RESULTS]

    @property
    def did_you_mean(self):
        """The query with its misspelled words corrected, or "" when nothing needs it."""
        if not self.tokens:
            return ""
        return self.engine.did_you_mean(self)


def parse(q, using=None):
    """The Query for what a visitor typed; no query at all for blank text."""
    using = using or router.db_for_read(Program)
    text, notice = clean_query(q)
    tokens = words(text)
    rows = synonym_rows(using) if tokens else []
    return Query(text=text, tokens=tokens, synonyms=rows, notice=notice, using=using)
