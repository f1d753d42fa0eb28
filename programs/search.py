"""Search that understands people: synonyms, acronyms, typos, weighted fields.

Both databases understand a query the same way: its words (stop words dropped), what synonyms
and acronyms stand for (the Synonym table, editable in admin), and typos corrected to the
directory's own words. Name and acronym weigh most, then summary, audiences and kinds of
support, then description and source excerpt. Primary keys come back in rank order.

- PostgreSQL ranks in the database: a stored, GIN-indexed, weighted `search_vector` per program
  (kept current by update_search_index), matched with to_tsquery prefixes and ranked with
  ts_rank; typos are corrected with pg_trgm against the SearchWord vocabulary.
- SQLite (the local default) has neither, so a Python engine does the same over an index of the
  published programs' words kept per process for the current directory version.
"""

import difflib
import math
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections, router
from django.db.models import F, OuterRef, StringAgg, Subquery, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
# The program fields searched, weighted by field in both engines.
TEXT_FIELDS = ("name", "acronym", "summary", "description", "source_excerpt")
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
MAX_RESULTS = 100


def build_index(programs):
    from directory.cache import current_version

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
    rows = programs.values_list("pk", *TEXT_FIELDS)
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


def _expansions(tokens, synonym_rows):
    """The phrases the synonyms and acronyms among these words stand for."""
    phrases = []
    for term_words, expansions in synonym_rows:
        n = len(term_words)
        if n and any(tokens[i : i + n] == term_words for i in range(len(tokens) - n + 1)):
            phrases += expansions
    return phrases


def expand(q, synonym_rows):
    """Weighted terms for a query: its own words, then what its synonyms stand for."""
    tokens = words(q)
    terms = {}
    for token in tokens:
        if token not in STOPWORDS:
            terms[stem(token)] = 1.0
    for token in words(" ".join(_expansions(tokens, synonym_rows))):
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
    if on_postgresql(programs.db):
        return _rank_in_postgresql(programs, q)
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
    if on_postgresql(router.db_for_read(Program)):
        corrections = _corrections(tokens, synonyms())
        if not corrections:
            return ""
        return " ".join(corrections.get(token, token) for token in tokens)
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


# PostgreSQL ---------------------------------------------------------------------------------

CONFIG = "english"
# ts_rank's weights for D, C, B, A: the same proportions as WEIGHTS.
RANK_WEIGHTS = [0.05, 0.25, 0.5, 1.0]
# pg_trgm similarity a word needs to be a candidate for what a misspelled word meant (pg_trgm's
# own default threshold), and how many candidates difflib then chooses from with TYPO_CUTOFF.
SIMILARITY = 0.3
CANDIDATES = 5
TYPO_CUTOFF = 0.75
MAX_CORRECTIONS = 3


def on_postgresql(alias):
    return connections[alias].vendor == "postgresql"


def vector_expression(program_model):
    """A program's weighted search vector as one SQL expression: name and acronym A; summary,
    audience names and kinds of support B; description and source excerpt C."""

    def names(through, target):
        return Subquery(
            through.objects.filter(program_id=OuterRef("pk"))
            .values("program_id")
            .annotate(names=StringAgg(f"{target}__name", Value(" ")))
            .values("names")
        )

    audiences = names(program_model.audiences.through, "audience")
    support = names(program_model.support_types.through, "supporttype")
    return (
        SearchVector("name", "acronym", weight="A", config=CONFIG)
        + SearchVector("summary", audiences, support, weight="B", config=CONFIG)
        + SearchVector("description", "source_excerpt", weight="C", config=CONFIG)
    )


def vocabulary(texts):
    """The words worth correcting a typo to: two or more characters, not only digits."""
    return {w for text in texts for w in words(text) if 2 <= len(w) <= 50 and not w.isdigit()}


def update_search_index(pks=None, using=None, program_model=None, word_model=None):
    """Bring PostgreSQL's stored search vectors and typo vocabulary up to date for these
    programs (all of them when pks is None; then words no longer used are dropped too). Code
    that writes programs without signals (bulk_create, update()) calls it afterwards. A no-op on
    other databases, whose search reads the programs directly."""
    if program_model is None:
        from programs.models import Program as program_model
        from programs.models import SearchWord as word_model
    using = using or router.db_for_write(program_model)
    if not on_postgresql(using):
        return
    programs = program_model._base_manager.using(using)
    if pks is not None:
        programs = programs.filter(pk__in=list(pks))
    programs.update(search_vector=vector_expression(program_model))
    texts = [
        t for row in programs.filter(status="published").values_list(*TEXT_FIELDS) for t in row
    ]
    if pks is None:
        word_model._base_manager.using(using).all().delete()
    # Audience and kind-of-support names (two small tables) every time: a program newly linked
    # to a new or renamed one is found by its name, so a typo of that name must be corrected.
    for link in (program_model.audiences, program_model.support_types):
        texts += link.field.related_model._base_manager.using(using).values_list("name", flat=True)
    word_model._base_manager.using(using).bulk_create(
        [word_model(word=w) for w in sorted(vocabulary(texts))],
        ignore_conflicts=True,
        batch_size=2000,
    )


def _corrections(tokens, synonym_rows):
    """{misspelled token: the directory's word it most likely meant}, by pg_trgm similarity."""
    from django.contrib.postgres.search import TrigramSimilarity

    from programs.models import SearchWord

    candidates = [t for t in dict.fromkeys(tokens) if len(t) >= 4 and t not in STOPWORDS]
    synonym_words = {w for row in synonym_rows for w in row[0]}
    candidates = [t for t in candidates if t not in synonym_words]
    if not candidates:
        return {}
    known = set(SearchWord.objects.filter(word__in=candidates).values_list("word", flat=True))
    corrections = {}
    for token in [t for t in candidates if t not in known][:MAX_CORRECTIONS]:
        # pg_trgm finds the candidates through its index; difflib picks among them with the
        # SQLite engine's cutoff, so both databases correct the same typos. (A swap of two
        # letters, "quiltnig", is only ~0.38 similar by trigrams, yet an obvious typo.)
        near = list(
            SearchWord.objects.filter(word__trigram_similar=token)
            .annotate(similarity=TrigramSimilarity("word", token))
            .filter(similarity__gte=SIMILARITY)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)[:CANDIDATES]
        )
        best = difflib.get_close_matches(token, near, n=1, cutoff=TYPO_CUTOFF)
        if best:
            corrections[token] = best[0]
    return corrections


def _tsquery(terms):
    """Any of these words, each also as a prefix (art finds artists); None when empty."""
    parts = [f"{t}:*" if len(t) >= 3 else t for t in dict.fromkeys(terms)]
    if not parts:
        return None
    return SearchQuery(" | ".join(parts), search_type="raw", config=CONFIG)


def _rank_in_postgresql(programs, q):
    synonym_rows = synonyms()
    tokens = words(q)
    corrections = _corrections(tokens, synonym_rows)
    own = [corrections.get(t, t) for t in tokens if t not in STOPWORDS]
    stems = {stem(t) for t in own}
    expansions = [
        w for w in words(" ".join(_expansions(tokens, synonym_rows))) if w not in STOPWORDS
    ]
    expansions = [w for w in expansions if stem(w) not in stems]
    primary, alternative = _tsquery(own), _tsquery(expansions)
    if primary is None and alternative is None:
        return []
    vector = F("search_vector")
    relevance, matches = Value(0.0), None
    for query, weight in ((primary, 1.0), (alternative, SYNONYM_WEIGHT)):
        if query is not None:
            relevance = relevance + SearchRank(vector, query, weights=RANK_WEIGHTS) * weight
            matches = query if matches is None else matches | query
    ranked = (
        programs.filter(search_vector=matches)
        .annotate(relevance=relevance)
        .order_by("-relevance", "pk")
        .values_list("pk", "relevance")[:MAX_RESULTS]
    )
    return [(pk, float(score)) for pk, score in ranked]


def _program_saved(sender, instance, using, **kwargs):
    update_search_index([instance.pk], using=using)


def _links_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        update_search_index([instance.pk], using=using)
    elif pk_set is not None:
        update_search_index(pk_set, using=using)
    else:  # an audience's programs all cleared at once: which ones is no longer known
        update_search_index(using=using)


def _linked_programs(sender, instance, using):
    from programs.models import Audience, Program

    through = Program.audiences.through if sender is Audience else Program.support_types.through
    column = "audience_id" if sender is Audience else "supporttype_id"
    return list(
        through.objects.using(using)
        .filter(**{column: instance.pk})
        .values_list("program_id", flat=True)
    )


def _name_saved(sender, instance, using, created=False, **kwargs):
    if not created:
        update_search_index(_linked_programs(sender, instance, using), using=using)


def _name_deleting(sender, instance, using, **kwargs):
    instance._search_programs = _linked_programs(sender, instance, using)


def _name_deleted(sender, instance, using, **kwargs):
    update_search_index(getattr(instance, "_search_programs", []), using=using)


def connect_signals():
    """Keep PostgreSQL's search vectors current on every save through the ORM."""
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

    from programs.models import Audience, Program, SupportType

    post_save.connect(_program_saved, sender=Program, dispatch_uid="search-program")
    for through in (Program.audiences.through, Program.support_types.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"search-{through}")
    for model in (Audience, SupportType):
        post_save.connect(_name_saved, sender=model, dispatch_uid=f"search-{model}")
        pre_delete.connect(_name_deleting, sender=model, dispatch_uid=f"search-pre-{model}")
        post_delete.connect(_name_deleted, sender=model, dispatch_uid=f"search-del-{model}")
