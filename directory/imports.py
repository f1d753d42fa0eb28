"""Where django-import-export keeps an uploaded file between its preview and its confirmation.

Its default, a file in the system's temporary folder, was never removed when an import was not
confirmed, was on one machine only, and a second "Confirm import" of the same file failed with
a server error. ``PendingImportStorage`` keeps the file in the database (``PendingImport``):
confirming claims it in one statement, so a repeat (a double click, the back button) is told
clearly that the file was already imported; unconfirmed files are removed after a day.
"""

import datetime
import re
from uuid import uuid4

from django.utils import timezone
from import_export.tmp_storages import BaseStorage

from directory.models import PendingImport

NAME = re.compile(r"[0-9a-f]{32}")


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
