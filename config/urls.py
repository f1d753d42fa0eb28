from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("", include("programs.urls")),
    path("organizations/", include("organizations.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]
