import json
import re

import pytest

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def og(html):
    return dict(re.findall(r'<meta property="og:([a-z_:]+)" content="([^"]*)">', html))


def test_program_page_has_schema_org_service_data(client, seeded):
    html = client.get("/programs/refs/").content.decode()
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Service"
    assert data["alternateName"] == "REFS"
    assert data["url"] == "http://testserver/programs/refs/"
    # The sources name no provider of REFS: its founders took a course the Office of Student
    # Citizenship ran, and the GSC "is expanding it". Neither is named the provider.
    assert "provider" not in data
    assert {"@type": "Audience", "audienceType": "Graduate students"} in data["audience"]


def test_the_provider_is_chosen_by_role(client, seeded):
    """A program's provider is the organization that offers, organizes, supports or started it,
    never a place where such programs were "established first"."""
    fellows = json_ld(client.get("/programs/graduate-community-fellows/").content.decode())
    assert fellows["provider"]["url"] == "http://testserver/organizations/odge/"
    groups = json_ld(client.get("/programs/employee-resource-groups/").content.decode())
    assert "provider" not in groups  # Lincoln Laboratory is where ERGs were established first


def test_organization_page_has_schema_org_organization_data(client, seeded):
    data = json_ld(client.get("/organizations/crd/").content.decode())
    assert data["@type"] == "Organization"
    assert data["name"] == "CRD"
    assert data["url"] == "http://testserver/organizations/crd/"


def test_json_ld_cannot_close_its_script_element(client):
    from tests.builders import make_program

    make_program("tricky", name="</script><script>alert(1)</script>", summary="a & b")
    html = client.get("/programs/tricky/").content.decode()
    data = json_ld(html)
    assert data["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html.split("application/ld+json", 1)[1].split("</script>")[0]


def test_open_graph_tags(client, seeded):
    tags = og(client.get("/programs/refs/").content.decode())
    assert tags["title"].startswith("Resources for Easing Friction and Stress")
    assert tags["type"] == "website"
    assert tags["url"] == "http://testserver/programs/refs/"
    assert tags["description"]
    home = og(client.get("/").content.decode())
    assert home["site_name"] == "Community Programs Directory"
    assert home["url"] == "http://testserver/"


def test_a_program_says_how_to_reach_it_in_json_ld(client, seeded):
    from programs.models import Program
    from tests.builders import give_reach

    give_reach(Program.objects.get(slug="refs"))
    data = json_ld(client.get("/programs/refs/").content.decode())
    channel = data["availableChannel"]
    assert channel["serviceUrl"] == "https://example.edu/refs"
    assert channel["servicePhone"] == {
        "@type": "ContactPoint",
        "telephone": "+16175550100",
        "contactType": "Call",
    }
    assert {"@type": "ContactPoint", "email": "refs@example.edu"} in channel["contactPoint"]
    room, online = channel["serviceLocation"]
    assert room["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Wednesday"],
            "opens": "18:00",
            "closes": "20:00",
        }
    ]
    assert online == {
        "@type": "VirtualLocation",
        "url": "https://example.edu/join",
        "name": "Video call",
    }
    assert channel["availableLanguage"] == [
        {"@type": "Language", "name": "English", "alternateName": "en"}
    ]
    assert data["isAccessibleForFree"] is True


def test_nothing_is_said_of_how_to_reach_a_seeded_program(client, seeded):
    data = json_ld(client.get("/programs/esl-for-service-employees/").content.decode())
    assert "availableChannel" not in data and "isAccessibleForFree" not in data
