import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from directory.models import Status
from organizations.models import Organization
from programs.models import Program
from tests.builders import make_organization, make_program

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text.removeprefix("http://testserver") for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_lists_every_published_program_and_organization_and_the_pages(client, seeded):
    paths = sitemap_paths(client)
    for program in Program.objects.published():
        assert f"/programs/{program.slug}/" in paths
    for organization in Organization.objects.published():
        assert f"/organizations/{organization.slug}/" in paths
    for page in ["/", "/programs/", "/organizations/", "/about/", "/peer-support/"]:
        assert page in paths
    assert len(paths) == len(set(paths)) == 5 + 9 + Organization.objects.published().count()


def test_sitemap_leaves_drafts_out(client):
    make_program("draft-program", status=Status.DRAFT)
    make_organization("draft-office", status=Status.DRAFT)
    make_program("public-program")
    paths = sitemap_paths(client)
    assert "/programs/public-program/" in paths
    assert not [p for p in paths if "draft" in p]


def test_sitemap_query_count_is_constant(client, django_assert_num_queries):
    make_program()
    make_organization()
    # for programs and for organizations: a count and a page
    with django_assert_num_queries(4):
        client.get("/sitemap.xml")
    for _ in range(10):
        make_program()
        make_organization()
    with django_assert_num_queries(4):
        client.get("/sitemap.xml")


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def feed_entries(client):
    response = client.get("/feeds/programs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_feed_lists_every_published_program(client, seeded):
    make_program("draft-program", status=Status.DRAFT)
    entries = feed_entries(client)
    links = {e.find(f"{ATOM}link").get("href") for e in entries}
    assert links == {
        f"http://testserver/programs/{slug}/"
        for slug in Program.objects.published().values_list("slug", flat=True)
    }
    assert len(entries) == 9


def test_feed_puts_recently_updated_programs_first(client):
    older = make_program("older", name="Older")
    newer = make_program("newer", name="Newer")
    Program.objects.filter(pk=older.pk).update(updated=timezone.now() - datetime.timedelta(days=30))
    titles = [e.find(f"{ATOM}title").text for e in feed_entries(client)]
    assert titles == ["Newer", "Older"]
    older.summary = "Edited just now."
    older.save()
    titles = [e.find(f"{ATOM}title").text for e in feed_entries(client)]
    assert titles == ["Older", "Newer"]
    assert newer.pk


def test_feed_query_count_is_constant(client, django_assert_num_queries):
    make_program()
    with django_assert_num_queries(2):
        client.get("/feeds/programs/")
    for _ in range(10):
        make_program()
    with django_assert_num_queries(2):
        client.get("/feeds/programs/")
