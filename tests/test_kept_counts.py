"""Counts kept in the cache for the directory version (the home page's audience counts, the
list's "N programs found" and facet counts, the API's total) follow every change at once:
create, edit, unpublish, publish and delete, in code, in admin and by import."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Status
from programs.models import Audience, Program
from tests.admin_forms import change_form_data
from tests.builders import make_program
from tests.editors import make_editor

pytestmark = pytest.mark.django_db

AUDIENCE = "graduate-students"


@pytest.fixture
def counts_kept(settings):
    settings.FACET_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def seen(client):
    """Every count a visitor reads for graduate students and for confidential programs."""
    home = client.get("/")
    audience = next(a for a in home.context["audiences"] if a.slug == AUDIENCE)
    listed = client.get("/programs/", {"audience": AUDIENCE})
    everything = client.get("/programs/")
    options = everything.context["filter"].facet("audience")["options"]
    confidential = client.get("/programs/", {"confidential": "true"})
    api = client.get("/api/hsds/services").json()
    return {
        "home": audience.count,
        "home confidential": home.context["confidential_count"],
        "list": listed.context["page_obj"].paginator.count,
        "facet": next(o["count"] for o in options if o["value"] == AUDIENCE),
        "all": everything.context["page_obj"].paginator.count,
        "confidential": confidential.context["page_obj"].paginator.count,
        "api": api["total_items"],
    }


def truth():
    published = Program.objects.published()
    serving = published.for_audiences([AUDIENCE]).count()
    confidential = published.confidential().count()
    return {
        "home": serving,
        "home confidential": confidential,
        "list": serving,
        "facet": serving,
        "all": published.count(),
        "confidential": confidential,
        "api": published.count(),
    }


def check(client):
    assert seen(client) == truth()
    assert seen(client) == truth()  # the kept counts, read again


def test_counts_follow_changes_made_in_code(client, seeded, counts_kept):
    check(client)
    graduate = Audience.objects.get(slug=AUDIENCE)
    program = make_program("new-circle", audiences=[graduate], is_confidential=True)
    check(client)
    program.audiences.set([])  # an edit of its links
    check(client)
    program.audiences.add(graduate)
    program.status = Status.DRAFT  # unpublished
    program.save()
    check(client)
    program.status = Status.PUBLISHED
    program.save()
    check(client)
    program.delete()
    check(client)


def test_counts_follow_an_edit_and_an_unpublishing_in_admin(client, seeded, counts_kept):
    refs = Program.objects.get(slug="refs")
    check(client)
    client.force_login(make_editor())
    url = reverse("admin:programs_program_change", args=[refs.pk])
    data = change_form_data(client.get(url))
    data.update(status=Status.DRAFT, is_confidential="")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    assert not Program.objects.published().filter(slug="refs").exists()
    check(client)


def test_counts_follow_an_import(client, seeded, counts_kept):
    check(client)
    client.force_login(make_editor())
    text = "\n".join(
        [
            "slug,name,summary,description,audiences,is_confidential,status",
            f"imported-one,Imported One,s,d,{AUDIENCE},1,published",
            f"imported-two,Imported Two,s,d,{AUDIENCE},0,draft",
        ]
    )
    upload = SimpleUploadedFile("programs.csv", text.encode(), content_type="text/csv")
    preview = client.post(
        reverse("admin:programs_program_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_validation_errors() and not result.has_errors(), result.row_errors()
    confirm = preview.context["confirm_form"].initial
    assert client.post(reverse("admin:programs_program_process_import"), confirm).status_code == 302
    client.logout()
    assert Program.objects.published().filter(slug="imported-one").exists()
    check(client)
