"""Text the directory stores and publishes: no control characters.

A control character (a vertical tab or form feed pasted from a word processor) is invisible on a
page but not allowed in XML 1.0, so one in any record broke the Atom feed for everyone. Saving
and importing refuse them (``ControlCharacterFree``); what reads stored text into XML or JSON
strips them (``printable``) so that a row written some other way cannot break a page either.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

# C0 and C1 controls except tab, line feed and carriage return, plus the two noncharacters XML
# also refuses.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def squash(text):
    """`text` with every run of white space (line breaks too) folded into one space."""
    return " ".join(text.split())


def sentences_not_in(text, said):
    """The sentences of `text` that `said` does not already contain, white space folded."""
    said = squash(said)
    sentences = re.split(r"(?<=[.!?])\s+", squash(text))
    return " ".join(s for s in sentences if s and s not in said)


def printable(text):
    """`text` without control characters (None stays None)."""
    return CONTROL.sub("", text) if isinstance(text, str) else text


class ControlCharacterFree:
    """Mixin for a model: its text fields refuse control characters, naming the field."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if field.name in (exclude or ()) or field.name in errors:
                continue
            if not isinstance(field, models.CharField | models.TextField):
                continue
            found = CONTROL.search(getattr(self, field.attname) or "")
            if found:
                errors[field.name] = [
                    ValidationError(
                        "%(field)s contains an invisible control character (U+%(code)04X), "
                        "often pasted from a word processor: remove it.",
                        code="control_character",
                        params={
                            "field": str(field.verbose_name).capitalize(),
                            "code": ord(found.group()),
                        },
                    )
                ]
        if errors:
            raise ValidationError(errors)
