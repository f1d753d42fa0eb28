"""How to reach a program in the HSDS API: /api/hsds/services/<id> returns what an editor
entered, nested as HSDS 3.1 nests it, and valid against its schema; the root answers."""

import pytest

from api import hsds
from organizations.models import Organization
from programs.models import Program
from tests.builders import give_reach
from tests.hsds import assert_valid

pytestmark = pytest.mark.django_db


def test_a_service_returns_every_way_to_reach_it(client, seeded):
    refs = give_reach(Program.objects.get(slug="refs"))
    response = client.get(f"/api/hsds/services/{hsds.service_id(refs)}")
    assert response.status_code == 200
    service = response.json()
    assert_valid(service, "service.json")
    assert service["url"] == "https://example.edu/refs"
    assert service["email"] == "refs@example.edu"
    assert service["eligibility_description"] == "Graduate students (placeholder)."
    assert service["fees_description"] == "Free."
    assert service["assured_date"] == refs.assured_date.isoformat()
    assert [c["email"] for c in service["contacts"]] == ["coordinators@example.edu"]
    assert [(p["number"], p["type"]) for p in service["phones"]] == [("+1 617-555-0100", "voice")]
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [("en", "English")]
    assert service["schedules"] == []  # the one schedule is at a place
    at_places = {s["location"]["name"]: s for s in service["service_at_locations"]}
    assert set(at_places) == {"Example Hall, Room 101", "Video call"}
    online = at_places["Video call"]["location"]
    assert (online["location_type"], online["url"]) == ("virtual", "https://example.edu/join")
    (drop_in,) = at_places["Example Hall, Room 101"]["schedules"]
    assert {k: drop_in[k] for k in ("freq", "interval", "byday", "opens_at", "closes_at")} == {
        "freq": "WEEKLY",
        "interval": 1,
        "byday": "WE",
        "opens_at": "18:00",
        "closes_at": "20:00",
    }
    assert drop_in["attending_type"] == "in-person"
    assert drop_in["timezone"] in (-4, -5) and "America/New_York" in drop_in["notes"]


def test_the_list_carries_the_website_and_email(client, seeded):
    give_reach(Program.objects.get(slug="refs"))
    listed = client.get("/api/hsds/services", {"search": "refs"}).json()["contents"]
    refs = next(s for s in listed if s["name"].startswith("Resources for Easing"))
    assert refs["url"] == "https://example.edu/refs" and refs["email"] == "refs@example.edu"


def test_an_organization_nests_its_contacts_phones_and_places(client, seeded):
    sole = Organization.objects.get(slug="sole")
    sole.email = "sole@example.edu"
    sole.save()
    sole.phones.create(number="+16175550199", type="textphone")
    place = sole.locations.create(
        name="Example Building",
        address_1="1 Example Street",
        city="Cambridge",
        state_province="MA",
        postal_code="02139",
        accessibility="Step-free entrance (placeholder).",
    )
    sole.schedules.create(location=place, freq="WEEKLY", byday="MO,FR", opens_at="09:00")
    data = client.get(f"/api/hsds/organizations/{hsds.organization_id(sole)}").json()
    assert_valid(data, "organization.json")
    assert data["email"] == "sole@example.edu"
    assert data["phones"][0]["type"] == "textphone"
    (location,) = data["locations"]
    assert location["addresses"][0]["postal_code"] == "02139"
    assert location["accessibility"][0]["description"] == "Step-free entrance (placeholder)."
    assert location["schedules"][0]["byday"] == "MO,FR"


def test_the_root_says_which_hsds_and_where_its_openapi_is(client):
    root = client.get("/api/hsds/")
    assert root.status_code == 200
    body = root.json()
    assert set(body) == {"version", "profile", "openapi_url"}
    assert body["version"] == "3.1"
    assert body["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    openapi = client.get("/api/hsds/openapi.json")
    assert openapi.status_code == 200 and "/services/{id}" in openapi.json()["paths"]


def test_seeded_services_say_nothing_they_were_not_told(client, seeded):
    for program in Program.objects.published():
        service = client.get(f"/api/hsds/services/{hsds.service_id(program)}").json()
        assert_valid(service, "service.json")
        assert not ({"url", "email", "assured_date", "fees_description"} & set(service))
        assert service["contacts"] == service["phones"] == service["service_at_locations"] == []
