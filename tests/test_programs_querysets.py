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


def test_related_programs_are_the_first_by_name_sharing_an_audience_or_a_kind_of_support(db):
    staff, students, faculty = (
        make_audience("staff"),
        make_audience("students"),
        make_audience("faculty"),
    )
    peer, mentor = make_support_type("peer-support"), make_support_type("mentorship")
    this = make_program("this", name="M this", audiences=[staff], support_types=[peer])
    # Sharing the audience only, the kind of support only, or both; in name order they
    # interleave, so the first few come from each side.
    for name, audiences, kinds in [
        ("A audience", [staff], []),
        ("B support", [students], [peer]),
        ("C both", [staff], [peer]),
        ("D audience", [staff], [mentor]),
        ("E support", [], [peer]),
        ("F audience", [staff], []),
    ]:
        make_program(name=name, audiences=audiences, support_types=kinds)
    make_program(name="AA nothing shared", audiences=[faculty], support_types=[mentor])
    make_program(name="AB draft", audiences=[staff], status=Status.DRAFT)

    def names(limit):
        return [p.name for p in Program.objects.published().related_to(this, limit)]

    assert names(4) == ["A audience", "B support", "C both", "D audience"]
    assert names(10) == [
        "A audience",
        "B support",
        "C both",
        "D audience",
        "E support",
        "F audience",
    ]
    # Only an audience, or nothing at all, to share.
    alone = make_program("alone", name="Alone", audiences=[students])
    assert [p.name for p in Program.objects.published().related_to(alone, 6)] == ["B support"]
    nothing = make_program("nothing", name="Nothing")
    assert list(Program.objects.published().related_to(nothing, 6)) == []
