"""Small explicit builders for test data. Each makes one record with sensible defaults."""

from itertools import count

from organizations.models import Organization
from programs.models import Audience, Program, SupportType

_numbers = count(1)


def make_audience(slug=None, *, parent=None, **fields):
    slug = slug or f"audience-{next(_numbers)}"
    fields.setdefault("name", slug.replace("-", " ").capitalize())
    return Audience.objects.create(slug=slug, parent=parent, **fields)


def make_support_type(slug=None, **fields):
    slug = slug or f"support-{next(_numbers)}"
    fields.setdefault("name", slug.replace("-", " ").capitalize())
    return SupportType.objects.create(slug=slug, **fields)


def make_organization(slug=None, **fields):
    slug = slug or f"organization-{next(_numbers)}"
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("kind", Organization.Kind.OFFICE)
    return Organization.objects.create(slug=slug, **fields)


def make_program(slug=None, *, audiences=(), support_types=(), sponsors=(), **fields):
    """A published program; `sponsors` is a list of (organization, role) pairs."""
    slug = slug or f"program-{next(_numbers)}"
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("summary", f"Summary of {fields['name']}.")
    fields.setdefault("description", f"Description of {fields['name']}.")
    program = Program.objects.create(slug=slug, **fields)
    program.audiences.set(audiences)
    program.support_types.set(support_types)
    for organization, role in sponsors:
        program.sponsorships.create(organization=organization, role=role)
    return program
