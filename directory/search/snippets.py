"""Why a record matched: the sentence of its text that best matches, matches in <mark>."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from directory.search.text import stem, words

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A word of the snippet, or an HTML entity escaping made (never split, never marked).
WORD_OR_ENTITY = re.compile(r"&#?\w+;|[A-Za-z0-9]+")


def snippet(record, query, length=160):
    """From the fields its model's search_document names for snippets."""
    terms = set(query.terms)
    fields = type(record).search_document.snippet
    text = " ".join(filter(None, [getattr(record, name) for name in fields]))
    sentences = SENTENCE_END.split(text)
    best = max(sentences, key=lambda s: len(terms & {stem(w) for w in words(s)}), default="")
    if len(best) > length:
        best = best[:length].rsplit(" ", 1)[0] + "…"

    def mark(match):
        word = match[0]
        if word[0] != "&" and stem(word.lower()) in terms:
            return f"<mark>{word}</mark>"
        return word

    # Escaped once, then the matching words marked: a word holds no character escaping
    # changes, and the entities escaping wrote (&amp; &#x27;) are passed over whole.
    return mark_safe(WORD_OR_ENTITY.sub(mark, escape(best)))  # noqa: S308 - escaped first
