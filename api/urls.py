from django.urls import path

from api import views

app_name = "api"

urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    path("services", views.services, name="services"),
    path("services/<str:id>", views.service_detail, name="service"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:id>", views.organization_detail, name="organization"),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
]
