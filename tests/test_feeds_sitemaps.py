import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from directory.models import Status
from organizations.models import Organization
from programs.models import Program
from programs.sitemaps import ProgramSitemap
from tests.builders import make_organization, make_program

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def get_xml(client, url):
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def sitemap_files(client):
    """The sitemap files /sitemap.xml (a sitemap index) lists, as a crawler reads them."""
    index = get_xml(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    return [loc.text for loc in index.iter(f"{SITEMAP}loc")]


def sitemap_paths(client):
    """Every page the sitemap lists, following its index to each file."""
    paths = []
    for url in sitemap_files(client):
        urlset = get_xml(client, url)
        assert urlset.tag == f"{SITEMAP}urlset"
        paths += [
            loc.text.removeprefix("http://testserver") for loc in urlset.iter(f"{SITEMAP}loc")
        ]
    return paths


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


def test_sitemap_is_an_index_of_files_of_at_most_limit_urls(client, monkeypatch):
    # The protocol allows 50,000 URLs a file; ours are paged far below that.
    monkeypatch.setattr(ProgramSitemap, "limit", 3)
    for i in range(7):
        make_program(f"program-{i}")
    files = sitemap_files(client)
    programs = [f for f in files if "programs" in f]
    assert programs == [
        "http://testserver/sitemap-programs.xml",
        "http://testserver/sitemap-programs.xml?p=2",
        "http://testserver/sitemap-programs.xml?p=3",
    ]
    pages = [[loc.text for loc in get_xml(client, f).iter(f"{SITEMAP}loc")] for f in programs]
    assert [len(p) for p in pages] == [3, 3, 1]
    listed = [url for page in pages for url in page]
    assert sorted(listed) == [f"http://testserver/programs/program-{i}/" for i in range(7)]
    # Past the last file, or not a number: not found, as for any page that is not there.
    for bad in ["4", "0", "abc"]:
        assert client.get("/sitemap-programs.xml", {"p": bad}).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_index_gives_each_file_its_latest_change(client):
    older = make_program("older")
    make_program("newer")
    Program.objects.filter(pk=older.pk).update(updated=timezone.now() - datetime.timedelta(days=30))
    index = get_xml(client, "/sitemap.xml")
    lastmods = {
        entry.find(f"{SITEMAP}loc").text: entry.find(f"{SITEMAP}lastmod")
        for entry in index.iter(f"{SITEMAP}sitemap")
    }
    newest = Program.objects.get(slug="newer").updated.replace(microsecond=0)  # to the second
    programs = lastmods["http://testserver/sitemap-programs.xml"]
    assert datetime.datetime.fromisoformat(programs.text) == newest
    urlset = get_xml(client, "/sitemap-programs.xml")
    days = {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text
        for url in urlset.iter(f"{SITEMAP}url")
    }
    assert days["http://testserver/programs/older/"] < days["http://testserver/programs/newer/"]


def test_sitemap_query_count_is_constant(client, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(ProgramSitemap, "limit", 5)
    make_program()
    make_organization()
    # The index: for programs and for organizations, how many and the latest change (one query
    # each). A file: that, and its page of records.
    with django_assert_num_queries(2):
        client.get("/sitemap.xml")
    with django_assert_num_queries(2):
        client.get("/sitemap-programs.xml")
    for _ in range(12):
        make_program()
        make_organization()
    with django_assert_num_queries(2):
        client.get("/sitemap.xml")
    for page in ["1", "3"]:
        with django_assert_num_queries(2):
            client.get("/sitemap-programs.xml", {"p": page})
    with django_assert_num_queries(2):
        client.get("/sitemap-organizations.xml")


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
