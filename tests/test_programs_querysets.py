"""The list filters' querysets: right programs, once each, in name order."""

from directory.models import Status
from programs.models import Program
from tests.builders import make_audience, make_organization, make_program, make_support_type


def test_filters_find_each_program_once_and_keep_the_order(db):
    staff = make_audience("staff")
    service = make_audience("service-staff", parent=staff)
    students = make_audience("students")
    peer, mentor = make_support_type("peer-support"), make_support_type("mentorship")
    odge, sole = make_organization("odge"), make_organization("sole")
    make_program(
        "b-both",
        name="B both",
        audiences=[staff, service],
        support_types=[peer, mentor],
        sponsors=[(odge, "founded-by"), (odge, "supported-by")],
    )
    make_program(
        "a-service", name="A service", audiences=[service], sponsors=[(sole, "founded-by")]
    )
    make_program("c-students", name="C students", audiences=[students], support_types=[peer])
    make_program("d-draft", name="D draft", audiences=[staff], status=Status.DRAFT)

    published = Program.objects.published()

    def slugs(qs):
        return list(qs.values_list("slug", flat=True))

    assert slugs(published.for_audiences(["staff"])) == ["a-service", "b-both"]
    assert slugs(published.for_audiences(["service-staff", "students"])) == [
        "a-service",
        "b-both",
        "c-students",
    ]
    assert slugs(published.for_support_types(["peer-support", "mentorship"])) == [
        "b-both",
        "c-students",
    ]
    assert slugs(published.sponsored_by(["odge"])) == ["b-both"]
    assert slugs(published.for_audiences(["staff"]).for_support_types(["peer-support"])) == [
        "b-both"
    ]
    assert published.for_audiences(["staff"]).count() == 2
    assert slugs(published.for_audiences(["nobody"])) == []
