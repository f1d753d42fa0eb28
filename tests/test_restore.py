"""Revert and restore keep what went with a record, and say exactly what cannot come back
(issue #16, items 3 to 5)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from organizations.models import Organization
from programs.models import Audience, NeedLink, Program, Sponsorship
from tests.admin_forms import change_form_data
from tests.builders import make_organization
from tests.editors import make_admin

pytestmark = pytest.mark.django_db


def version_url(model, pk, history_id):
    opts = model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[pk, history_id]
    )


def delete(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def restore(client, model, pk):
    """Restore the deleted record `pk` from the admin's page of deleted entries."""
    opts = model._meta
    deleted = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted"))
    before = next(b for d, b in deleted.context["deleted"] if b.instance.pk == pk)
    response = client.post(version_url(model, pk, before.history_id))
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_restoring_a_deleted_program_brings_back_its_finder_need_links(client, seeded):
    client.force_login(make_admin())
    esl = Program.objects.get(slug="esl-for-service-employees")
    links = sorted((link.need.slug, link.quote) for link in esl.need_links.all())
    assert links  # the finder leads to ESL
    delete(client, esl)
    assert not NeedLink.objects.filter(program_id=esl.pk).exists()

    restore(client, Program, esl.pk)
    esl = Program.objects.get(pk=esl.pk)
    assert sorted((link.need.slug, link.quote) for link in esl.need_links.all()) == links
    client.logout()
    need = esl.need_links.first().need
    assert esl.name in client.get(reverse("programs:peer-support"), {"need": need.slug}).text


def test_restoring_an_organization_brings_back_its_sponsorships_and_advised_groups(client, seeded):
    client.force_login(make_admin())
    odge = Organization.objects.get(slug="odge")
    make_organization("example-club", advising_office=odge)
    sponsorships = sorted(str(s) for s in Sponsorship.objects.filter(organization=odge))
    advised = sorted(odge.advised_organizations.values_list("slug", flat=True))
    assert sponsorships and advised == ["example-club"]
    delete(client, odge)
    assert not Organization.objects.get(slug="example-club").advising_office
    assert not Sponsorship.objects.filter(organization_id=odge.pk).exists()

    notes = restore(client, Organization, odge.pk)
    assert not [n for n in notes if n.startswith("Not brought back")]
    odge = Organization.objects.get(pk=odge.pk)
    assert sorted(str(s) for s in Sponsorship.objects.filter(organization=odge)) == sponsorships
    assert sorted(odge.advised_organizations.values_list("slug", flat=True)) == advised


def test_a_restore_names_the_sponsorship_it_cannot_bring_back(client, seeded):
    client.force_login(make_admin())
    odge = Organization.objects.get(slug="odge")
    sponsorship = Sponsorship.objects.filter(organization=odge).select_related("program").first()
    program = sponsorship.program
    delete(client, odge)
    delete(client, program)
    notes = restore(client, Organization, odge.pk)
    assert any(n.startswith("Not brought back") and program.name in n for n in notes), notes


def test_reverting_to_a_version_linked_to_a_deleted_audience_says_so(client, seeded):
    admin = make_admin()
    client.force_login(admin)
    refs = Program.objects.get(slug="refs")
    night = Audience.objects.create(slug="night-shift", name="Night-shift workers")
    url = reverse("admin:programs_program_change", args=[refs.pk])
    data = change_form_data(client.get(url))
    data["audiences"] = [*data["audiences"], str(night.pk)]
    assert client.post(url, data).status_code == 302
    linked = refs.history.first()
    data = change_form_data(client.get(url))
    data["summary"] = "A later summary."
    assert client.post(url, data).status_code == 302
    delete(client, night)

    response = client.post(version_url(Program, refs.pk, linked.history_id))
    assert response.status_code == 302
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Night-shift workers" in n and "deleted" in n for n in notes), notes
    refs.refresh_from_db()
    assert refs.summary == linked.summary
    assert "night-shift" not in set(refs.audiences.values_list("slug", flat=True))


def test_old_versions_of_a_program_whose_sponsor_was_deleted_open_and_revert(client, seeded):
    client.force_login(make_admin())
    refs = Program.objects.get(slug="refs")
    first = refs.history.get()
    sponsor = refs.sponsorships.select_related("organization").first().organization
    url = reverse("admin:programs_program_change", args=[refs.pk])
    data = change_form_data(client.get(url))
    data["summary"] = "A later summary."
    assert client.post(url, data).status_code == 302
    delete(client, sponsor)

    page = client.get(version_url(Program, refs.pk, first.history_id))
    assert page.status_code == 200
    assert f"{sponsor} has been deleted" in page.text
    response = client.post(version_url(Program, refs.pk, first.history_id))
    assert response.status_code == 302
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(n.startswith("Not brought back") and str(sponsor) in n for n in notes), notes
    history = client.get(reverse("admin:programs_program_history", args=[refs.pk]))
    assert history.status_code == 200
