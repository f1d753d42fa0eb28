from django.urls import path

from programs import finder, views

app_name = "programs"

urlpatterns = [
    path("", views.home, name="home"),
    path("programs/", views.program_list, name="list"),
    path("programs/<slug:slug>/", views.program_detail, name="detail"),
    path("about/", views.about, name="about"),
    path("peer-support/", finder.peer_support, name="peer-support"),
]
