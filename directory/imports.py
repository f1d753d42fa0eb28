"""Where django-import-export keeps an uploaded file between its preview and its confirmation.

Its default, a file in the system's temporary folder, was never removed when an import was not
confirmed, was on one machine only, and a second "Confirm import" of the same file failed with
a server error. ``PendingImportStorage`` keeps the file in the database (``PendingImport``):
confirming claims it in one statement, so a repeat (a double click, the back button) is told
clearly that the file was already imported; unconfirmed files are removed after a day.

``BatchedResource`` and ``VersionedResource`` are what the apps' import resources build on;
``Columns`` reads a file's header names against a resource's declared alternatives.
"""

import datetime
import re
from uuid import uuid4

from django.utils import timezone
from import_export import resources
from import_export.tmp_storages import BaseStorage

from directory.batching import batch
from directory.models import PendingImport

NAME = re.compile(r"[0-9a-f]{32}")
# The most rows one import takes: its preview and its confirmation must each finish well inside
# the server's request timeout (30 s); benchmarks/imports.py measures them, see
# docs/performance.md (20 to 40 ms a row on a busy 2-CPU machine). An admin whose resource
# writes in bulk takes more (ImportAdmin.max_import_rows).
MAX_ROWS = 500


def too_many_rows(upload, input_format, limit=MAX_ROWS):
    """A message when the uploaded file has more rows than one import takes, else None."""
    data = b"".join(upload.chunks())
    upload.seek(0)
    try:
        if not input_format.is_binary():
            data = data.decode(input_format.encoding or "utf-8-sig")
        rows = len(input_format.create_dataset(data))
    except Exception:  # unreadable: the import itself says what is wrong with the file
        return None
    if rows <= limit:
        return None
    return (
        f"This file has {rows:,} rows; one import takes at most {limit:,}, so that its "
        "preview and its confirmation each finish within the server's time limit. Split the "
        "file and import the parts one after another."
    )


def header_key(name):
    """A header name as compared: case, spaces, hyphens and underscores do not matter."""
    return re.sub(r"[\s_\-]+", " ", str(name or "")).strip().casefold()


class Columns:
    """The columns an import reads, each with the header names a file may give it.

    ``Columns({"name": ["Organization name", "Org name"], ...})``: a header matches a column
    when it equals the column's own name or one of its alternatives, ignoring case, spaces,
    hyphens and underscores ("Organization Name", "organization_name"). A small declared
    table, not a guess: any other header is not imported, and the preview says so.
    """

    def __init__(self, alternatives):
        self.alternatives = alternatives
        self.lookup = {}
        for column, names in alternatives.items():
            for name in (column, *names):
                self.lookup.setdefault(header_key(name), column)

    def rename(self, headers):
        """(the headers with each known one renamed to its column, {column: header as the
        file gave it}, [headers not imported], [(column, headers that repeat it)])."""
        renamed, given, unknown, repeated = [], {}, [], {}
        for header in headers:
            column = self.lookup.get(header_key(header))
            if column is None:
                if str(header or "").strip():
                    unknown.append(str(header))
                renamed.append(header)
            elif column in given:
                repeated.setdefault(column, [given[column]]).append(str(header))
                renamed.append(header)
            else:
                given[column] = str(header).strip()
                renamed.append(column)
        return renamed, given, unknown, sorted(repeated.items())


class ImportFileGone(Exception):
    """The file was confirmed already, or was never confirmed and has been removed."""


class PendingImportStorage(BaseStorage):
    LIFETIME = datetime.timedelta(days=1)

    def save(self, data):
        PendingImport.objects.filter(created__lt=timezone.now() - self.LIFETIME).delete()
        self.name = self.name or uuid4().hex
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        PendingImport.objects.create(name=self.name, data=data)

    def read(self):
        found = PendingImport.objects.filter(name=self.name).values_list("data", flat=True)
        if not found:
            raise ImportFileGone(self.name)
        data = bytes(found[0])
        return data if "b" in self.read_mode else data.decode(self.encoding or "utf-8")

    def remove(self):
        PendingImport.objects.filter(name=self.name).delete()

    @staticmethod
    def claim(name):
        """Mark the file confirmed; raise ImportFileGone when it was already, or is gone. One
        UPDATE, so of two confirmations at once only one goes on to import the file."""
        if not (
            NAME.fullmatch(name or "")
            and PendingImport.objects.filter(name=name, confirmed=False).update(confirmed=True)
        ):
            raise ImportFileGone(name)


class BatchedResource(resources.ModelResource):
    """An import whose page-cache and search-index upkeep runs once, not once per row."""

    def import_data_inner(self, dataset, dry_run, *args, **kwargs):
        # Inside import_data's transaction; a dry run (the preview) is rolled back, so what
        # it would have updated is dropped with it.
        with batch(run=not dry_run):
            return super().import_data_inner(dataset, dry_run, *args, **kwargs)


class VersionedResource(BatchedResource):
    """Rows of a model whose history keeps many-to-many links: one version per row, written
    after its links are set (as VersionedAdmin does for a save in admin), rather than one for
    the row and one for each link field."""

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.skip_history_when_saving = True
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        # A preview is rolled back: the version it would write is not worth its time.
        if hasattr(instance, "skip_history_when_saving") and not kwargs.get("dry_run"):
            del instance.skip_history_when_saving
            instance._change_reason = "Imported"
            instance.save()
