"""The admin's search box and autocomplete answer any term, a NUL character included (a 500 on
PostgreSQL before), for every model the admin searches."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.editors import make_admin

# The directory's own admins (django.contrib's and django-axes' search users and lockouts).
OURS = {
    model: model_admin
    for model, model_admin in admin.site._registry.items()
    if not model_admin.__module__.startswith(("django.", "axes."))
}
SEARCHED = [
    (model, model_admin) for model, model_admin in OURS.items() if model_admin.search_fields
]
AUTOCOMPLETED = [
    (owner.model, field_name)
    for model_admin in OURS.values()
    for owner in [model_admin, *(i(model_admin.model, admin.site) for i in model_admin.inlines)]
    for field_name in owner.autocomplete_fields
]


@pytest.fixture
def signed_in(client, seeded):
    client.force_login(make_admin())
    return client


def test_the_admin_has_searches_and_autocompletes_to_check():
    assert len(SEARCHED) >= 5
    assert len(AUTOCOMPLETED) >= 4


@pytest.mark.parametrize("term", ["\x00", "refs\x00", "\x00%"])
def test_the_autocomplete_with_a_nul_finds_nothing(signed_in, term):
    for model, field_name in AUTOCOMPLETED:
        response = signed_in.get(
            reverse("admin:autocomplete"),
            {
                "term": term,
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "field_name": field_name,
            },
        )
        assert response.status_code == 200, (model, field_name)
        assert response.json()["results"] == [], (model, field_name)


def test_the_autocomplete_still_finds(signed_in):
    response = signed_in.get(
        reverse("admin:autocomplete"),
        {"term": "refs", "app_label": "programs", "model_name": "program",
         "field_name": "modeled_on"},
    )  # fmt: skip
    names = [r["text"] for r in response.json()["results"]]
    assert "Resources for Easing Friction and Stress Program" in names


def test_the_search_box_with_a_nul_answers(signed_in):
    """(Django's changelist form refuses the NUL and lists everything.)"""
    for model, _ in SEARCHED:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = signed_in.get(url, {"q": "a\x00"})
        assert response.status_code == 200, model
