"""How the search reads text: words, stop words, a light stemmer, the longest query."""

import re

MAX_QUERY_LENGTH = 200
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
    """A plural's singular, roughly: communities -> community, classes -> class, programs ->
    program, undergraduates -> undergraduate (never a stem that is not a word of its own)."""
    if len(word) <= 4 or word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def vocabulary(texts):
    """The words worth correcting a typo to: two or more characters, not only digits."""
    return {w for text in texts for w in words(text) if 2 <= len(w) <= 50 and not w.isdigit()}


# A search returns at most this many programs, best first: enough for any visitor, and it keeps
# the SQL that orders them small however large the directory grows.
MAX_RESULTS = 100
