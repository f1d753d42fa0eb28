"""What the database does to answer a query, for tests of speed that do not time anything."""


def sorts_every_row(queryset):
    """Whether the database must sort every matching row to answer this query (no index gives
    the rows in its order): the page of a list would then cost more with every record."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # With sorting priced out, a Sort is left in the plan only when nothing else gives
            # the order (the planner would otherwise sort a tiny test table either way).
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
            cursor.execute("RESET enable_sort")
            return any("Sort" in line for line in plan)
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return any("USE TEMP B-TREE FOR ORDER BY" in row[-1] for row in cursor.fetchall())
