"""Why a record matched: the sentence of its text that best matches, matches in <mark>."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from directory.search.text import stem, words

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def snippet(record, query, length=160):
    """From the fields its model's search_document names for snippets."""
    terms = set(query.terms)
    fields = type(record).search_document.snippet
    text = " ".join(filter(None, [getattr(record, name) for name in fields]))
    sentences = SENTENCE_END.split(text)
    best = max(sentences, key=lambda s: len(terms & {stem(w) for w in words(s)}), default="")
    if len(best) > length:
        best = best[:length].rsplit(" ", 1)[0] + "…"
    parts = re.split(r"([A-Za-z0-9]+)", best)
    html = "".join(
        f"<mark>{escape(p)}</mark>" if stem(p.lower()) in terms else escape(p) for p in parts
    )
    return mark_safe(html)  # noqa: S308 - every piece was escaped above
