import datetime
import uuid

import pytest
from django.utils import timezone

from api import hsds
from directory.models import HSDS_NAMESPACE, Status
from organizations.models import Organization
from programs.models import Program
from tests.builders import (
    make_audience,
    make_category,
    make_organization,
    make_program,
    make_student_organization,
    make_support_type,
)
from tests.hsds import assert_valid, assert_valid_page
from tests.query_plans import sorts_every_row

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = [
    ("/api/hsds/services", "service_list.json"),
    ("/api/hsds/organizations", "organization_list.json"),
    ("/api/hsds/taxonomies", "taxonomy.json"),
    ("/api/hsds/taxonomy_terms", "taxonomy_term.json"),
]


def everything(client, url):
    """Every item an importer gets by following the pages to the end."""
    items, page = [], 1
    while True:
        data = client.get(url, {"page": page, "per_page": 2}).json()
        items += data["contents"]
        if data["last_page"]:
            return items
        page += 1


@pytest.mark.parametrize(("url", "schema"), LIST_ENDPOINTS)
def test_every_list_page_validates_against_hsds(client, seeded, url, schema):
    response = client.get(url, {"per_page": 3})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert_valid_page(response.json(), schema)
    assert response.json()["contents"]


def test_an_importer_reads_every_published_service_and_each_validates(client, seeded):
    services = everything(client, "/api/hsds/services")
    published = Program.objects.published()
    assert {s["name"] for s in services} == set(published.values_list("name", flat=True))
    assert len(services) == published.count() == 9
    for summary in services:
        response = client.get(f"/api/hsds/services/{summary['id']}")
        assert response.status_code == 200
        service = response.json()
        assert_valid(service, "service.json")
        assert service["attributes"], "taxonomy terms are linked"


def test_an_importer_reads_every_published_organization_and_each_validates(client, seeded):
    organizations = everything(client, "/api/hsds/organizations")
    assert len(organizations) == Organization.objects.published().count()
    for summary in organizations:
        response = client.get(f"/api/hsds/organizations/{summary['id']}")
        assert response.status_code == 200
        assert_valid(response.json(), "organization.json")
    names = {o["name"] for o in organizations}
    assert "CRD" in names and "" not in names


def test_service_maps_the_program_fields(client):
    audience = make_audience("graduate-students", name="Graduate students")
    kind = make_support_type("peer-support", name="Peer support")
    chemistry = make_organization("chemistry", name="Department of Chemistry")
    program = make_program(
        "refs",
        name="Resources for Easing Friction and Stress",
        acronym="REFS",
        audiences=[audience],
        support_types=[kind],
        sponsors=[(chemistry, "founded-by")],
    )
    service = client.get(f"/api/hsds/services/{hsds.service_id(program)}").json()
    assert service["alternate_name"] == "REFS"
    assert service["status"] == "active"
    assert service["organization"]["name"] == "Department of Chemistry"
    assert service["organization_id"] == hsds.organization_id(chemistry)
    assert {a["taxonomy_term"]["name"] for a in service["attributes"]} == {
        "Graduate students",
        "Peer support",
    }
    assert "email" not in service and "url" not in service  # never invented


def test_ids_are_stable_uuids(client, seeded):
    first = client.get("/api/hsds/services").json()["contents"]
    second = client.get("/api/hsds/services").json()["contents"]
    assert [s["id"] for s in first] == [s["id"] for s in second]
    refs = Program.objects.get(slug="refs")
    # The id the API has always derived for REFS, now stored.
    assert uuid.UUID(hsds.service_id(refs)) == uuid.uuid5(HSDS_NAMESPACE, "program:refs")
    # An editor who changes the slug does not break an importer's link.
    refs_id = hsds.service_id(refs)
    refs.slug = "refs-renamed"
    refs.save()
    assert hsds.service_id(refs) == refs_id
    assert client.get(f"/api/hsds/services/{refs_id}").json()["name"] == refs.name


@pytest.mark.parametrize(
    ("per_page", "page", "expected"),
    [
        (2, 1, {"total_pages": 3, "size": 2, "first_page": True, "last_page": False}),
        (2, 3, {"total_pages": 3, "size": 1, "first_page": False, "last_page": True}),
        (5, 1, {"total_pages": 1, "size": 5, "first_page": True, "last_page": True}),
        (2, 9, {"total_pages": 3, "size": 0, "empty": True, "last_page": True}),
        (2, 10**20, {"total_pages": 3, "size": 0, "empty": True, "last_page": True}),
    ],
)
def test_paging_math(client, per_page, page, expected):
    for n in range(5):
        make_program(f"program-{n}")
    data = client.get("/api/hsds/services", {"per_page": per_page, "page": page}).json()
    assert data["total_items"] == 5
    assert data["page_number"] == page
    assert len(data["contents"]) == data["size"]
    assert {key: data[key] for key in expected} == expected


def test_pages_do_not_overlap(client):
    for n in range(5):
        make_program(f"program-{n}")
    ids = [s["id"] for s in everything(client, "/api/hsds/services")]
    assert len(ids) == len(set(ids)) == 5


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        ("/api/hsds/services", {"page": "x"}, "page"),
        ("/api/hsds/services", {"page": "0"}, "page"),
        ("/api/hsds/services", {"per_page": "101"}, "per_page"),
        ("/api/hsds/services", {"per_page": "-1"}, "per_page"),
        ("/api/hsds/services", {"taxonomy_term_id": "peer-support"}, "taxonomy_term_id"),
        ("/api/hsds/services", {"organization_id": "x\x00"}, "organization_id"),
        ("/api/hsds/services", {"modified_after": "yesterday"}, "modified_after"),
        ("/api/hsds/services", {"modified_after": "2024-13-45"}, "modified_after"),
        ("/api/hsds/organizations", {"per_page": "1e9"}, "per_page"),
        *[
            (url, params, next(iter(params)))
            for url in ["/api/hsds/services", "/api/hsds/organizations"]
            for params in [
                {"modified_after": "0001-01-01T00:00:00+00:01"},
                {"modified_after": "9999-12-31T23:59:00-00:01"},
                {"modified_after": "2024-01-01T00:00:00+16:00"},
                {"modified_after": "2024-01-01T00:00:00-13:00"},
                {"search": "\x00"},
                {"search": "refs\x00"},
            ]
        ],
        ("/api/hsds/taxonomy_terms", {"search": "\x00"}, "search"),
        ("/api/hsds/taxonomy_terms", {"taxonomy_id": "audiences"}, "taxonomy_id"),
        ("/api/hsds/taxonomies", {"page": "two"}, "page"),
    ],
)
def test_bad_parameters_get_a_400_json_error_naming_them(client, url, params, parameter):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["parameter"] == parameter
    assert response.json()["error"].startswith(f"{parameter}:")


def test_too_many_parameters_get_a_400_json_error(client):
    response = client.get("/api/hsds/services?" + "&".join(["search=x"] * 2000))
    assert response.status_code == 400
    assert response.json()["error"] == "Too many query parameters."


@pytest.mark.parametrize("path", ["services", "organizations"])
def test_unknown_ids_get_a_404_json_error(client, path):
    for bad in [str(uuid.uuid4()), "refs", "%00"]:
        response = client.get(f"/api/hsds/{path}/{bad}")
        assert response.status_code == 404
        assert "error" in response.json()


def test_only_published_records(client):
    draft_org = make_organization("hidden-office", status=Status.DRAFT)
    draft = make_program("hidden", status=Status.DRAFT, sponsors=[(draft_org, "founded-by")])
    visible = make_program("visible")
    names = [s["name"] for s in client.get("/api/hsds/services").json()["contents"]]
    assert names == [visible.name]
    assert client.get(f"/api/hsds/services/{hsds.service_id(draft)}").status_code == 404
    assert client.get("/api/hsds/organizations").json()["total_items"] == 0
    assert (
        client.get(f"/api/hsds/organizations/{hsds.organization_id(draft_org)}").status_code == 404
    )


def test_a_draft_organization_is_never_named_as_a_services_organization(client):
    draft_org = make_organization("draft-office", status=Status.DRAFT)
    public_org = make_organization("public-office", name="Public Office")
    program = make_program(
        "shared", sponsors=[(draft_org, "founded-by"), (public_org, "supported-by")]
    )
    service = client.get(f"/api/hsds/services/{hsds.service_id(program)}").json()
    assert service["organization"]["name"] == "Public Office"
    assert "draft" not in str(service).lower()


def test_search_taxonomy_term_and_organization_filters(client):
    staff = make_audience("staff", name="Staff")
    support_staff = make_audience("support-staff", name="Support staff", parent=staff)
    peer = make_support_type("peer-support", name="Peer support")
    chemistry = make_organization("chemistry", name="Department of Chemistry")
    refs = make_program(
        "refs", acronym="REFS", support_types=[peer], sponsors=[(chemistry, "founded-by")]
    )
    artists = make_program("artists-beyond-the-desk", audiences=[support_staff])

    def names(**params):
        data = client.get("/api/hsds/services", params).json()
        return {s["name"] for s in data["contents"]}

    assert names(search="refs") == {refs.name}
    assert names(taxonomy_term_id=hsds.support_term_id(peer)) == {refs.name}
    # A parent audience includes its children, as on the site.
    assert names(taxonomy_term_id=hsds.audience_term_id(staff)) == {artists.name}
    assert names(organization_id=hsds.organization_id(chemistry)) == {refs.name}
    assert names(organization_id=str(uuid.uuid4())) == set()
    assert names(taxonomy_term_id=str(uuid.uuid4())) == set()


def test_modified_after(client):
    old = make_program("old")
    new = make_program("new")
    Program.objects.filter(pk=old.pk).update(
        updated=timezone.make_aware(datetime.datetime(2020, 1, 1), datetime.UTC)
    )

    def names(value):
        data = client.get("/api/hsds/services", {"modified_after": value}).json()
        return {s["name"] for s in data["contents"]}

    assert names("2021-01-01") == {new.name}
    assert names("2019-12-31T23:00:00Z") == {old.name, new.name}
    assert names("2020-01-01T00:00:00+00:00") == {old.name, new.name}
    # The same moments at the ends of the real UTC offsets.
    assert names("2020-01-01T13:00:00+14:00") == {old.name, new.name}
    assert names("2020-01-01T14:00:01+14:00") == {new.name}
    assert names("2019-12-31T11:00:00-12:00") == {old.name, new.name}
    assert names("2019-12-31T12:00:01-12:00") == {new.name}
    assert names("0001-01-01T00:00:00+00:00") == {old.name, new.name}


def test_taxonomy_terms_filter_by_taxonomy(client, seeded):
    audiences = hsds.taxonomy_id(hsds.AUDIENCES)
    data = client.get("/api/hsds/taxonomy_terms", {"taxonomy_id": audiences, "per_page": 100})
    terms = data.json()["contents"]
    assert terms and all(t["taxonomy_id"] == audiences for t in terms)
    codes = {t["code"] for t in terms}
    assert {"students", "graduate-students", "staff"} <= codes
    graduate = next(t for t in terms if t["code"] == "graduate-students")
    students = next(t for t in terms if t["code"] == "students")
    assert graduate["parent_id"] == students["id"]


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # count, programs, their sponsorships with published organizations
        ("/api/hsds/services", 3),
        ("/api/hsds/organizations", 2),
        ("/api/hsds/taxonomies", 0),
        ("/api/hsds/taxonomy_terms", 3),
    ],
)
def test_list_query_counts_do_not_grow_with_the_data(
    client, django_assert_num_queries, url, queries
):
    def grow(n):
        for _ in range(n):
            org = make_organization()
            make_program(
                audiences=[make_audience()],
                support_types=[make_support_type()],
                sponsors=[(org, "founded-by")],
            )

    grow(2)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(8)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_detail_query_counts(client, django_assert_num_queries, seeded):
    refs = Program.objects.get(slug="refs")
    chemistry = Organization.objects.get(slug="chemistry")
    # slugs to find the id, then the program and its prefetches (contacts, phones, places,
    # schedules, languages among them)
    with django_assert_num_queries(11):
        client.get(f"/api/hsds/services/{hsds.service_id(refs)}")
    # slugs, the organization, its contacts, phones, places, schedules and categories, its
    # programs, their sponsorships with organizations
    with django_assert_num_queries(9):
        client.get(f"/api/hsds/organizations/{hsds.organization_id(chemistry)}")


@pytest.mark.parametrize(
    "words", ["refs", "REFS", "conflict with my advisor", "mediaton", "someone confidential"]
)
def test_api_search_ranks_as_the_site_search_does(client, seeded, words):
    """An importer searching the API gets the programs in the order a visitor of /programs/?q=
    sees them: the same engine, synonyms, typos and all."""
    site = [p.name for p in client.get("/programs/", {"q": words}).context["page_obj"]]
    api = [
        s["name"] for s in client.get("/api/hsds/services", {"search": words}).json()["contents"]
    ]
    assert api, f"the API found nothing for {words!r}"
    assert api == site[: len(api)]


def test_api_search_puts_refs_first_for_its_acronym(client, seeded):
    first = client.get("/api/hsds/services", {"search": "refs"}).json()["contents"][0]
    assert first["name"].startswith("Resources for Easing Friction and Stress")


def test_organization_categories_are_a_taxonomy_linked_to_organizations(client, seeded):
    arts = make_category("arts", name="Placeholder Arts", description="Placeholder.")
    group = make_student_organization(
        "placeholder-quilting-society", name="Placeholder Quilting Society", categories=[arts]
    )
    make_student_organization("placeholder-chess-club", name="Placeholder Chess Club")
    categories = hsds.taxonomy_id(hsds.CATEGORIES)
    taxonomies = client.get("/api/hsds/taxonomies").json()["contents"]
    assert {"id": categories, "name": "Organization categories"}.items() <= next(
        t for t in taxonomies if t["id"] == categories
    ).items()
    terms = client.get("/api/hsds/taxonomy_terms", {"taxonomy_id": categories}).json()
    assert_valid_page(terms, "taxonomy_term.json")
    assert [(t["code"], t["name"]) for t in terms["contents"]] == [("arts", "Placeholder Arts")]
    term_id = terms["contents"][0]["id"]

    detail = client.get(f"/api/hsds/organizations/{hsds.organization_id(group)}").json()
    assert_valid(detail, "organization.json")
    [attribute] = detail["attributes"]
    assert attribute["taxonomy_term_id"] == term_id
    assert attribute["link_id"] == detail["id"] and attribute["link_entity"] == "organization"

    listed = client.get("/api/hsds/organizations", {"taxonomy_term_id": term_id}).json()
    assert [o["name"] for o in listed["contents"]] == ["Placeholder Quilting Society"]


def test_organization_search_ranks_as_the_organization_list_does(client, seeded):
    make_student_organization("placeholder-quilting-society", name="Placeholder Quilting Society")
    found = client.get("/api/hsds/organizations", {"search": "quiltnig"}).json()["contents"]
    assert [o["name"] for o in found] == ["Placeholder Quilting Society"]


def test_a_page_of_organizations_is_read_in_order_not_sorted_from_all_of_them(client, seeded):
    from api.views import _organizations_queryset

    page = client.get("/api/hsds/organizations", {"per_page": 3}).json()["contents"]
    published = Organization.objects.published().order_by("name", "short_name", "pk")
    assert [o["id"] for o in page] == [str(o.hsds_id) for o in published[:3]]
    assert not sorts_every_row(_organizations_queryset()[:25])
