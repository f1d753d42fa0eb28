"""Migration operations for tables this app took over from others."""

from django.db import migrations


class CreateModelIfMissing(migrations.CreateModel):
    """CreateModel that leaves an existing table alone.

    The directory app took over models whose tables other apps' migrations created (the
    source documents, the directory version). A database made before the move has the table
    already; a new database gets it from whichever migration runs first.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.name)
        if model._meta.db_table in schema_editor.connection.introspection.table_names():
            return
        super().database_forwards(app_label, schema_editor, from_state, to_state)
