from django.urls import path

from editing import views

app_name = "editing"

urlpatterns = [
    path("programs/<slug:slug>/suggest/", views.suggest_edit, name="suggest"),
    path("programs/<slug:slug>/suggest/thanks/", views.suggest_thanks, name="suggest-thanks"),
    path(
        "organizations/<slug:slug>/suggest/",
        views.suggest_organization_edit,
        name="suggest-organization",
    ),
    path(
        "organizations/<slug:slug>/suggest/thanks/",
        views.suggest_organization_thanks,
        name="suggest-organization-thanks",
    ),
    path("propose/", views.propose_program, name="propose"),
    path("propose/thanks/", views.propose_thanks, name="propose-thanks"),
]
