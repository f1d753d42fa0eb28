from django.urls import path

from programs import calendar, export, feeds, finder, timeline, views

app_name = "programs"

urlpatterns = [
    path("", views.home, name="home"),
    path("programs/", views.program_list, name="list"),
    # Before the detail page, so that "timeline" is never read as a program's slug.
    path("programs/timeline/", timeline.timeline, name="timeline"),
    path("programs/<slug:slug>/", views.program_detail, name="detail"),
    path("programs/<slug:slug>/calendar.ics", calendar.program_calendar, name="calendar"),
    path("calendar.ics", calendar.all_calendars, name="calendars"),
    path("programs.csv", export.programs_csv, name="csv"),
    path("feeds/programs/", feeds.ProgramFeed(), name="feed"),
    path("about/", views.about, name="about"),
    path("shortlist/", views.shortlist, name="shortlist"),
    path("peer-support/", finder.peer_support, name="peer-support"),
]
