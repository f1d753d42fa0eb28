"""PostgreSQL's stored search vectors and typo vocabulary, kept current on every save.

A no-op on other databases, whose engine reads the records directly. Each searchable model
(``register(model)``) has a ``search_vector`` built from its ``search_document``; the typo
vocabulary (SearchWord) holds the words of every searchable model's published records, so a
typo is corrected to a word the directory uses.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connections, router
from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from directory.batching import run_or_defer
from directory.models import SearchWord, Status
from directory.search import registry
from directory.search.document import Link
from directory.search.postgres import CONFIG
from directory.search.text import vocabulary


def vector_expression(model, document):
    """A record's weighted search vector as one SQL expression: its A, B and C text, the names
    of linked records read in a subquery each."""

    def expression(name):
        if "__" not in name:
            return name
        link = Link.of(model, name)
        return Subquery(
            link.through._base_manager.filter(**{f"{link.source}_id": OuterRef("pk")})
            .values(f"{link.source}_id")
            .annotate(names=StringAgg(link.target, Value(" ")))
            .values("names")
        )

    vector = None
    for weight, names in document.by_weight().items():
        if names:
            part = SearchVector(*map(expression, names), weight=weight, config=CONFIG)
            vector = part if vector is None else vector + part
    return vector


def index_records(model, document, word_model, pks=None, using=None):
    """Bring these records' stored vectors up to date (all of them when pks is None) and add
    the words of the published ones, and of the names they are found by, to the vocabulary.
    Migrations pass their historical models and a frozen document."""
    records = model._base_manager.using(using)
    if pks is not None:
        records = records.filter(pk__in=list(pks))
    records.update(search_vector=vector_expression(model, document))
    fields = [n for names in document.fields().values() for n in names]
    published = records.filter(status=Status.PUBLISHED)
    texts = [t for row in published.values_list(*fields) for t in row if t]
    # Linked names (small tables: audiences, kinds of support, categories) every time: a record
    # newly linked to a new or renamed one is found by its name, so a typo of it is corrected.
    for _, link in document.links(model):
        texts += link.related_model._base_manager.using(using).values_list(
            link.attribute, flat=True
        )
    word_model._base_manager.using(using).bulk_create(
        [word_model(word=w) for w in sorted(vocabulary(texts))],
        ignore_conflicts=True,
        batch_size=2000,
    )


def update_search_index(pks=None, using=None, model=None):
    """Bring PostgreSQL's stored search vectors and typo vocabulary up to date: for these
    records of one model, or, with no model, for every searchable model, dropping the words no
    longer used. Code that writes records without signals (bulk_create, update()) calls it
    afterwards."""
    models = [model] if model is not None else registry.searchable_models()
    using = using or router.db_for_write(models[0] if models else SearchWord)
    if connections[using].vendor != "postgresql":
        return
    if model is None:
        SearchWord._base_manager.using(using).all().delete()
    for searched in models:
        index_records(searched, searched.search_document, SearchWord, pks, using)


class Indexer:
    """Keeps one model's index current from its signals; one object per model, so the work
    asked for during a batch (directory.batching) is done once at its end."""

    def __init__(self, model):
        self.model = model
        self.links = [link for _, link in model.search_document.links(model)]

    def __call__(self, pks=None, using=None):
        update_search_index(pks, using, model=self.model)

    def saved(self, sender, instance, using, **kwargs):
        run_or_defer(self, using, [instance.pk])

    def links_changed(self, sender, action, instance, reverse, pk_set, using, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            run_or_defer(self, using, [instance.pk])
        elif pk_set is not None:
            run_or_defer(self, using, pk_set)
        else:  # a linked record's links all cleared at once: which ones is no longer known
            run_or_defer(self, using)

    def _linked(self, sender, instance, using):
        return [
            pk
            for link in self.links
            if link.related_model is sender
            for pk in link.linked(instance.pk, using)
        ]

    def name_saved(self, sender, instance, using, created=False, **kwargs):
        if not created:
            run_or_defer(self, using, self._linked(sender, instance, using))

    def name_deleting(self, sender, instance, using, **kwargs):
        instance._search_linked = self._linked(sender, instance, using)

    def name_deleted(self, sender, instance, using, **kwargs):
        run_or_defer(self, using, getattr(instance, "_search_linked", []))


_indexers = {}


def reindex(model, pks, using):
    """For code that writes records without signals (bulk_create, update(), a bulk publish):
    bring these records' vectors and the vocabulary up to date, once at the end of the current
    batch (directory.batching) or at once outside one."""
    run_or_defer(_indexers[model], using, pks)


def register(model):
    """Make a model searchable: its stored vector and the vocabulary follow every save through
    the ORM of it, of its links and of the records it is linked to. Call from AppConfig.ready."""
    registry.add(model)
    indexer = _indexers.setdefault(model, Indexer(model))
    label = model._meta.label_lower
    post_save.connect(indexer.saved, sender=model, weak=False, dispatch_uid=f"search-{label}")
    for link in indexer.links:
        uid = f"search-{label}-{link.through._meta.label_lower}"
        m2m_changed.connect(
            indexer.links_changed, sender=link.through, weak=False, dispatch_uid=uid
        )
        related = link.related_model
        uid = f"search-{label}-{related._meta.label_lower}"
        post_save.connect(indexer.name_saved, sender=related, weak=False, dispatch_uid=uid)
        pre_delete.connect(indexer.name_deleting, sender=related, weak=False, dispatch_uid=uid)
        post_delete.connect(indexer.name_deleted, sender=related, weak=False, dispatch_uid=uid)
