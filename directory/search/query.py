"""A visitor's search, understood once per request.

``parse(q)`` reads the synonyms once and returns a ``Query``; everything after that (ranking,
"did you mean", the highlighted snippet) reuses what it understood, on either engine.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connections, router

from directory.models import Synonym
from directory.search import postgres, python
from directory.search.registry import searchable_models
from directory.search.text import MAX_RESULTS, STOPWORDS, clean_query, stem, words

SYNONYM_WEIGHT = 0.8


def synonym_rows(using=None):
    """[(the words of a term, the phrases it stands for)] from the Synonym table (one query)."""
    rows = Synonym.objects.using(using or router.db_for_read(Synonym))
    return [(words(s.term), s.expansion_list()) for s in rows]


def _contains(tokens, term_words):
    n = len(term_words)
    return bool(n) and any(tokens[i : i + n] == term_words for i in range(len(tokens) - n + 1))


def expansions(tokens, rows):
    """The phrases the synonyms and acronyms among these words stand for."""
    return [
        phrase
        for term_words, expanded in rows
        if _contains(tokens, term_words)
        for phrase in expanded
    ]


@dataclass
class Query:
    """What a search understood; its derived parts are worked out once and kept (a page reads
    `terms` once per snippet, the engines `groups` and `phrases`)."""

    text: str
    tokens: list[str]
    synonyms: list = field(default_factory=list)
    notice: str = ""
    using: str = "default"
    # What the engines worked out, kept for the rest of the request.
    cache: dict = field(default_factory=dict, repr=False)

    def __bool__(self):
        return bool(self.terms)

    @cached_property
    def synonym_words(self):
        return {w for term_words, _ in self.synonyms for w in term_words}

    @cached_property
    def expansion_words(self):
        """Words the query's synonyms stand for, not already among its own words."""
        own = {stem(t) for t in self.tokens if t not in STOPWORDS}
        expanded = words(" ".join(expansions(self.tokens, self.synonyms)))
        return [w for w in expanded if w not in STOPWORDS and stem(w) not in own]

    @cached_property
    def phrases(self):
        """What the query's synonyms stand for, each phrase as its meaningful words (a record
        answers a phrase when it holds all of them: "medical staff" is not any staff)."""
        own = {stem(t) for t in self.meaningful}
        found = []
        for phrase in expansions(self.tokens, self.synonyms):
            phrase_words = [w for w in words(phrase) if w not in STOPWORDS]
            if phrase_words and not {stem(w) for w in phrase_words} <= own:
                found.append(phrase_words)
        return found

    @cached_property
    def meaningful(self):
        """The query's own words that carry meaning (stop words dropped), in order."""
        return [t for t in dict.fromkeys(self.tokens) if t not in STOPWORDS]

    @cached_property
    def groups(self):
        """One set of stemmed terms per meaningful word: the word and what the synonyms it is
        part of stand for. A record that answers every group answers the whole query."""
        groups = []
        for token in self.meaningful:
            group = {stem(token)}
            for term_words, expanded in self.synonyms:
                if token in term_words and _contains(self.tokens, term_words):
                    group |= {stem(w) for w in words(" ".join(expanded)) if w not in STOPWORDS}
            groups.append(group)
        return groups

    @cached_property
    def synonym_phrases(self):
        """What the query's synonyms stand for, as phrases (for "no program mentions ...")."""
        return list(dict.fromkeys(expansions(self.tokens, self.synonyms)))

    @cached_property
    def terms(self):
        """Weighted stemmed terms: the query's own words, then what its synonyms stand for."""
        terms = {stem(t): 1.0 for t in self.tokens if t not in STOPWORDS}
        for w in self.expansion_words:
            terms.setdefault(stem(w), SYNONYM_WEIGHT)
        return terms

    @property
    def engine(self):
        return postgres if connections[self.using].vendor == "postgresql" else python

    def rank(self, records):
        """[(pk, relevance)] best first, at most MAX_RESULTS, over these records (a queryset
        of a model with a search_document, see document.py).

        Records that answer more of the query's words come first and alone: for "conflict
        with my advisor", the programs about conflict *and* advisors, not every program that
        mentions conflict (when none answers all, those answering the most).
        """
        if not self:
            return []
        mentioned, ranked = self.engine.rank(self, records)
        label = records.model._meta.label
        self.cache.setdefault("mentioned", {})[label] = mentioned
        self.cache.setdefault("more", {})[label] = len(ranked) > MAX_RESULTS
        return ranked[:MAX_RESULTS]

    def more_than_shown(self, model):
        """Whether more records of this model match than the MAX_RESULTS a search shows (the
        page then says so rather than count only those). Known after rank()."""
        return self.cache.get("more", {}).get(model._meta.label, False)

    def mentioned_in(self, model):
        """Whether a record of this model found holds one of the query's own words (or a typo
        of one), not only words its synonyms stand for. Known after rank()."""
        return self.cache.get("mentioned", {}).get(model._meta.label, True)

    @property
    def did_you_mean(self):
        """The query with its misspelled words corrected to words the directory uses, or ""
        when nothing needs it."""
        if not self.tokens:
            return ""
        return self.engine.did_you_mean(self, searchable_models())


def parse(q, using=None):
    """The Query for what a visitor typed; no query at all for blank text."""
    using = using or router.db_for_read(Synonym)
    text, notice = clean_query(q)
    tokens = words(text)
    rows = synonym_rows(using) if tokens else []
    return Query(text=text, tokens=tokens, synonyms=rows, notice=notice, using=using)
