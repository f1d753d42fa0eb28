"""Query expressions the stock ones do not cover."""

from django.db.models import IntegerField, Value


class Literal(Value):
    """An integer written into the SQL itself rather than passed as a parameter.

    SQLite uses an index on an expression only when the query's expression is the same, and a
    bound parameter is not the same as the index's constant: `ORDER BY COALESCE(year, ?)` sorts
    every row where `ORDER BY COALESCE(year, 0)` reads the index. Only for integers, which are
    safe to write out."""

    def __init__(self, value):
        if type(value) is not int:
            raise TypeError("Literal takes an int.")
        super().__init__(value, output_field=IntegerField())

    def as_sql(self, compiler, connection):
        return str(self.value), []
