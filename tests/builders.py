"""Small explicit builders for test data. Each makes one record with sensible defaults."""

import re
from itertools import count

from organizations.models import Category, Organization
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


def make_category(slug=None, **fields):
    slug = slug or f"category-{next(_numbers)}"
    fields.setdefault("name", f"Placeholder {slug.replace('-', ' ')}")
    return Category.objects.create(slug=slug, **fields)


def make_student_organization(slug=None, *, categories=(), advised_by="sole", **fields):
    """A published placeholder student organization, advised by SOLE unless told otherwise."""
    slug = slug or f"placeholder-group-{next(_numbers)}"
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("kind", Organization.Kind.STUDENT_ORGANIZATION)
    if advised_by:
        fields.setdefault("advising_office", Organization.objects.get(slug=advised_by))
    organization = Organization.objects.create(slug=slug, **fields)
    organization.categories.set(categories)
    return organization


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


def give_reach(program, *, verified=None, **fields):
    """The issue's example with placeholder values: an email, a phone, a weekly Wednesday
    6-8 pm drop-in in a named place and an online option, free, in English."""
    import datetime

    from django.utils import timezone

    from directory.models import Language

    program.email = "refs@example.edu"
    program.url = "https://example.edu/refs"
    program.is_free = True
    program.eligibility_description = "Graduate students (placeholder)."
    program.assured_date = verified or timezone.localdate()
    for name, value in fields.items():
        setattr(program, name, value)
    program.save()
    program.contacts.create(name="Coordinators", email="coordinators@example.edu")
    program.phones.create(number="+16175550100")
    place = program.locations.create(name="Example Hall, Room 101")
    program.locations.create(
        location_type="virtual", name="Video call", url="https://example.edu/join"
    )
    program.schedules.create(
        description="Drop-in hours",
        attending_type="in-person",
        location=place,
        freq="WEEKLY",
        byday="WE",
        opens_at=datetime.time(18),
        closes_at=datetime.time(20),
    )
    english, _ = Language.objects.get_or_create(code="en", defaults={"name": "English"})
    program.languages.add(english)
    return program


def list_card(response, href):
    """The card of a list page (program or organization) whose heading links to `href`, as
    HTML."""
    return re.search(rf'<li class="card">\s*<h3><a href="{href}">.*?\n</li>', response.text, re.S)[
        0
    ]
