"""What a model is found by: its text, by weight, declared once on the model."""

from dataclasses import dataclass

WEIGHTS = ("A", "B", "C")


@dataclass(frozen=True)
class SearchDocument:
    """The text a record is found by, by weight: a match in A (names) ranks above one in B
    (what it is about), above one in C (the rest). Each entry is a field of the model, or
    `relation__field` for the names of the records a many-to-many relation links it to
    (`audiences__name`). `snippet`: the fields a result's highlighted sentence comes from.

    A searchable model declares one as `search_document`, has a `search_vector` field
    (PostgreSQL's stored vector, see index.py) and a queryset with SearchableQuerySet's
    methods; `directory.search.register(model)` keeps its index current.
    """

    a: tuple[str, ...]
    b: tuple[str, ...] = ()
    c: tuple[str, ...] = ()
    snippet: tuple[str, ...] = ()

    def by_weight(self):
        return {"A": self.a, "B": self.b, "C": self.c}

    def fields(self):
        """{weight: the model's own text fields}."""
        return {w: [n for n in names if "__" not in n] for w, names in self.by_weight().items()}

    def links(self, model):
        """[(weight, Link)] for the names read through many-to-many relations."""
        return [
            (weight, Link.of(model, name))
            for weight, names in self.by_weight().items()
            for name in names
            if "__" in name
        ]


@dataclass(frozen=True)
class Link:
    """A many-to-many relation whose linked records' names a record is found by."""

    through: type  # the relation's table
    source: str  # its column naming the searched record ("program")
    target: str  # the path to the name through it ("audience__name")
    related_model: type
    attribute: str  # the name's field on the linked record ("name")

    @classmethod
    def of(cls, model, path):
        relation, attribute = path.split("__", 1)
        field = model._meta.get_field(relation)
        return cls(
            through=field.remote_field.through,
            source=field.m2m_field_name(),
            target=f"{field.m2m_reverse_field_name()}__{attribute}",
            related_model=field.related_model,
            attribute=attribute,
        )

    def names(self, pks, using):
        """(searched record's pk, linked record's name) for these records."""
        return (
            self.through._base_manager.using(using)
            .filter(**{f"{self.source}__in": pks})
            .values_list(f"{self.source}_id", self.target)
        )

    def linked(self, pk, using):
        """The pks of the searched records linked to this related record."""
        column = f"{self.through._meta.get_field(self.target.split('__')[0]).attname}"
        return list(
            self.through._base_manager.using(using)
            .filter(**{column: pk})
            .values_list(f"{self.source}_id", flat=True)
        )
