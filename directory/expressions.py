"""Query expressions the stock ones do not cover."""

import re

from django.db.models import CharField, IntegerField, Value

# The strings a Literal may write out: no quote, no backslash, nothing a database reads as SQL.
PLAIN = re.compile(r"[\w ]*")


class Literal(Value):
    """A constant written into the SQL itself rather than passed as a parameter.

    SQLite uses an index on an expression only when the query's expression is the same, and a
    bound parameter is not the same as the index's constant: `ORDER BY COALESCE(year, ?)` sorts
    every row where `ORDER BY COALESCE(year, 0)` reads the index. Only for an int or a plain
    string (letters, digits, spaces) given in code, which are safe to write out.

    Indexes in migrations (programs/0015, organizations/0010) name it by this path: keep it."""

    def __init__(self, value):
        if type(value) is int:
            output_field = IntegerField()
        elif type(value) is str and PLAIN.fullmatch(value):
            output_field = CharField()
        else:
            raise TypeError("Literal takes an int or a plain string.")
        super().__init__(value, output_field=output_field)

    def as_sql(self, compiler, connection):
        if isinstance(self.value, int):
            return str(self.value), []
        return f"'{self.value}'", []
