"""What the public tells the editors: corrections to a program or an organization, and programs
that are missing."""

from django.conf import settings
from django.db import models


class Suggestion(models.Model):
    class Kind(models.TextChoices):
        EDIT = "edit", "Suggested edit"
        PROPOSAL = "proposal", "Proposed program"

    class State(models.TextChoices):
        NEW = "new", "New"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    kind = models.CharField(max_length=10, choices=Kind, default=Kind.EDIT)
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text="The program a suggested edit is about.",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text="The organization a suggested edit is about (a student organization, say).",
    )
    program_name = models.CharField(
        "program name", max_length=200, blank=True, help_text="For a proposed program."
    )
    message = models.TextField(max_length=2000)
    link = models.URLField(
        "where to read about it", max_length=500, blank=True, help_text="For a proposed program."
    )
    email = models.EmailField("reply to", blank=True)
    status = models.CharField(max_length=10, choices=State, default=State.NEW)
    staff_note = models.TextField(blank=True, help_text="What the editors did about it.")
    created = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Who sent it, as a keyed digest of the client address (never the address itself): the
    # rate limit counts a client's suggestions here, where every app process sees them.
    client = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["status", "-created"]),
            models.Index(fields=["client", "created"]),
        ]

    def __str__(self):
        about = self.program or self.organization or self.program_name or "a program"
        return f"{self.get_kind_display()}: {about}"
