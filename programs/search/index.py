"""PostgreSQL's stored search vectors and typo vocabulary, kept current on every save.

A no-op on other databases, whose engine reads the programs directly.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connections, router
from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from directory.batching import run_or_defer
from directory.models import Status
from programs.models import Audience, Program, SearchWord, SupportType
from programs.search.postgres import CONFIG
from programs.search.python import TEXT_FIELDS
from programs.search.text import vocabulary


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


def update_search_index(pks=None, using=None, program_model=Program, word_model=SearchWord):
    """Bring PostgreSQL's stored search vectors and typo vocabulary up to date for these
    programs (all of them when pks is None; then words no longer used are dropped too). Code
    that writes programs without signals (bulk_create, update()) calls it afterwards; a
    migration passes its historical models."""
    using = using or router.db_for_write(program_model)
    if connections[using].vendor != "postgresql":
        return
    programs = program_model._base_manager.using(using)
    if pks is not None:
        programs = programs.filter(pk__in=list(pks))
    programs.update(search_vector=vector_expression(program_model))
    published = programs.filter(status=Status.PUBLISHED)
    texts = [t for row in published.values_list(*TEXT_FIELDS) for t in row]
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


# Inside directory.batching.batch() (an import) the work is done once, at the end.
def _program_saved(sender, instance, using, **kwargs):
    run_or_defer(update_search_index, using, [instance.pk])


def _links_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        run_or_defer(update_search_index, using, [instance.pk])
    elif pk_set is not None:
        run_or_defer(update_search_index, using, pk_set)
    else:  # an audience's programs all cleared at once: which ones is no longer known
        run_or_defer(update_search_index, using)


def _linked_programs(sender, instance, using):
    through = Program.audiences.through if sender is Audience else Program.support_types.through
    column = "audience_id" if sender is Audience else "supporttype_id"
    return list(
        through.objects.using(using)
        .filter(**{column: instance.pk})
        .values_list("program_id", flat=True)
    )


def _name_saved(sender, instance, using, created=False, **kwargs):
    if not created:
        run_or_defer(update_search_index, using, _linked_programs(sender, instance, using))


def _name_deleting(sender, instance, using, **kwargs):
    instance._search_programs = _linked_programs(sender, instance, using)


def _name_deleted(sender, instance, using, **kwargs):
    run_or_defer(update_search_index, using, getattr(instance, "_search_programs", []))


def connect_signals():
    """Keep PostgreSQL's search vectors current on every save through the ORM."""
    post_save.connect(_program_saved, sender=Program, dispatch_uid="search-program")
    for through in (Program.audiences.through, Program.support_types.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"search-{through}")
    for model in (Audience, SupportType):
        post_save.connect(_name_saved, sender=model, dispatch_uid=f"search-{model}")
        pre_delete.connect(_name_deleting, sender=model, dispatch_uid=f"search-pre-{model}")
        post_delete.connect(_name_deleted, sender=model, dispatch_uid=f"search-del-{model}")
