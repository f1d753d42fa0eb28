"""Organization list and pages."""

from organizations.models import Organization


def test_organizations_grouped_by_kind(client, seeded):
    response = client.get("/organizations/")
    labels = [label for label, _ in response.context["groups"]]
    # The sources give the GSC and Chemistry no kind: they are listed apart.
    assert "Office" in labels and "Other organizations" in labels
    html = response.content.decode()
    assert 'href="/organizations/crd/">CRD</a>' in html


def test_organizations_filter_by_kind(client, seeded):
    response = client.get("/organizations/", {"kind": "office"})
    assert [label for label, _ in response.context["groups"]] == ["Office"]


def test_unknown_kind_is_ignored_and_said(client, seeded):
    response = client.get("/organizations/", {"kind": "<b>x</b>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "We do not know the kind" in html and "<b>x</b>" not in html
    assert len(response.context["groups"]) > 1


def test_sole_shows_mission_figure_and_principles_with_citations(client, seeded):
    sole = Organization.objects.get(slug="sole")
    html = client.get("/organizations/sole/").content.decode()
    assert "500+" in html
    assert sole.mission.split()[0] in html
    principles = list(sole.guiding_principles.all())
    assert len(principles) == 3
    for principle in principles:
        assert principle.name in html and principle.citation in html


def test_organization_page_lists_programs_by_role(client, seeded):
    html = client.get("/organizations/graduate-student-council/").content.decode()
    # The source: the Graduate Student Council "is expanding it" (2015).
    assert "Being expanded (as of 2015) by" in html and 'href="/programs/refs/"' in html


def test_blank_named_organization_shows_its_acronym(client, seeded):
    response = client.get("/organizations/csdi/")
    assert "<title>CSDI · Organizations" in response.content.decode()


def test_unknown_or_draft_organization_is_404(client, seeded):
    Organization.objects.filter(slug="crd").update(status="draft")
    assert client.get("/organizations/crd/").status_code == 404
    assert client.get("/organizations/nobody/").status_code == 404
