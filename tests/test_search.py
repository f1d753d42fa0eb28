import json
from pathlib import Path

import pytest

from directory import search
from directory.models import Synonym
from programs.models import Program

RELEVANCE = json.loads((Path(__file__).parent / "relevance.json").read_text(encoding="utf-8"))


def test_relevance_set_is_big_enough():
    assert len(RELEVANCE) >= 40


@pytest.mark.parametrize("case", RELEVANCE, ids=[c["q"] for c in RELEVANCE])
def test_query_puts_expected_program_in_top_three(seeded, case):
    top = [p.slug for p in Program.objects.published().search(search.parse(case["q"]))[:3]]
    assert case["expect"] in top, f"{case['q']!r} gave {top}"
    # Precision as well as recall: nothing irrelevant in the top three.
    assert not set(case.get("not", ())) & set(top), f"{case['q']!r} gave {top}"


def test_relevance_is_annotated_best_first(seeded):
    results = list(Program.objects.published().search(search.parse("conflict with my advisor")))
    assert results[0].slug == "refs"
    assert [p.relevance for p in results] == sorted((p.relevance for p in results), reverse=True)


def test_search_combines_with_filters(seeded):
    results = (
        Program.objects.published()
        .for_audiences(["medical-staff"])
        .search(search.parse("conflict"))
    )
    assert [p.slug for p in results] == ["medical-staff-rep"]


def test_synonyms_are_data(seeded):
    assert not Program.objects.published().search(search.parse("zebrafish"))
    Synonym.objects.create(slug="zebrafish", term="zebrafish", expansions="performing arts")
    found = Program.objects.published().search(search.parse("zebrafish"))
    assert found[0].slug == "artists-beyond-the-desk"


def test_did_you_mean_corrects_typos_only(seeded):
    assert search.parse("mediaton").did_you_mean == "mediation"
    assert search.parse("mediation").did_you_mean == ""


def test_snippet_highlights_and_escapes(seeded):
    refs = Program.objects.get(slug="refs")
    html = search.snippet(refs, search.parse("<b>disputes</b>"))
    assert "<mark>disputes</mark>" in html
    assert "<b>" not in html


def test_snippet_marks_words_beside_escaped_characters_and_never_inside_an_entity(seeded):
    refs = Program.objects.get(slug="refs")
    refs.summary = 'Peer support for R&D <staff> & "amp" users\' disputes.'
    html = search.snippet(refs, search.parse("amp disputes"))
    assert "R&amp;D &lt;staff&gt; &amp; &quot;<mark>amp</mark>&quot; users&#x27; " in html
    assert "<mark>disputes</mark>." in html
    assert "&<mark>amp</mark>;" not in html


@pytest.mark.parametrize(
    "q", ["", "   ", "x" * 10_000, '"quoted', "& | ! :*", "a\x00b", "\U0001f600", "' OR 1=1 --"]
)
def test_bad_queries_never_fail(seeded, q):
    list(Program.objects.published().search(search.parse(q)))
    assert isinstance(search.parse(q).did_you_mean, str)


def test_long_query_is_capped_with_a_message():
    q, message = search.clean_query("x" * 10_000)
    assert len(q) == search.MAX_QUERY_LENGTH
    assert "200" in message


def test_list_ranks_by_q_with_snippet_and_did_you_mean(client, seeded):
    response = client.get("/programs/?q=mediaton")
    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list)[0].slug == "refs"
    assert "Did you mean" in html and "mediation" in html
    assert '<p class="snippet">' in html


def test_list_q_combines_with_filters(client, seeded):
    response = client.get("/programs/?q=conflict&audience=medical-staff")
    assert [p.slug for p in response.context["page_obj"].object_list] == ["medical-staff-rep"]


@pytest.mark.parametrize("q", ["", "x" * 10_000, "& | ! :*", "%00", "%F0%9F%98%80", '"'])
def test_list_bad_q_never_fails(client, seeded, q):
    assert client.get(f"/programs/?q={q}").status_code == 200


def test_search_returns_at_most_max_results_best_first(seeded):
    from directory import search
    from programs.models import Program
    from tests.builders import make_program

    for n in range(search.MAX_RESULTS + 5):
        make_program(f"group-{n}", name=f"Reading group {n}")
    ranked = search.parse("reading group").rank(Program.objects.published())
    assert len(ranked) == search.MAX_RESULTS
    assert [score for _, score in ranked] == sorted((s for _, s in ranked), reverse=True)


def test_search_index_is_rebuilt_after_an_edit(seeded):
    from directory import search
    from programs.models import Program

    assert search.parse("zanzibar").rank(Program.objects.published()) == []
    refs = Program.objects.get(slug="refs")
    refs.summary = "Now mentions zanzibar."
    refs.save()
    assert [pk for pk, _ in search.parse("zanzibar").rank(Program.objects.published())] == [refs.pk]


@pytest.mark.parametrize("q", ["therapy", "counseling", "someone to talk to"])
def test_help_seeking_words_no_program_uses_are_answered_honestly(client, seeded, q):
    response = client.get("/programs/", {"q": q})
    assert [p.slug for p in response.context["page_obj"]][0] == "refs"
    assert f"No program mentions “{q}”" in response.text
    assert "confidential peer support" in response.text


def test_a_word_programs_use_gets_no_such_notice(client, seeded):
    assert "No program mentions" not in client.get("/programs/", {"q": "mediation"}).text


@pytest.mark.parametrize(
    ("q", "offered"),
    [("undergraduate", ""), ("undergraduates", ""), ("sing", ""), ("mediaton", "mediation")],
)
def test_did_you_mean_offers_whole_words_people_type(seeded, q, offered):
    assert search.parse(q).did_you_mean == offered


def test_results_match_the_meaningful_words_only(seeded):
    """'conflict with my advisor': the programs about conflict with an advisor, not every
    program that mentions conflict."""
    found = [
        p.slug for p in Program.objects.published().search(search.parse("conflict with my advisor"))
    ]
    assert found[0] == "refs"
    assert "institute-diversity-summit" not in found


def test_typos_are_matched_as_against_every_word_of_the_directory():
    """The engine looks a typo up among the words of its first letter and of a length that can
    be close (so that its cost does not grow with the directory); it finds what difflib finds
    against every word of that letter, for every way of mistyping the sources' words."""
    import difflib
    from pathlib import Path

    from directory.search.python import Words, _close
    from directory.search.text import words

    sources = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
    vocabulary = {w for f in sources.glob("*.txt") for w in words(f.read_text())}
    assert len(vocabulary) > 500
    indexed = Words(vocabulary)
    typos = set()
    for word in sorted(vocabulary)[::7]:
        typos |= {word[:i] + word[i + 1 :] for i in range(1, len(word))}  # a letter left out
        typos |= {word[:i] + "x" + word[i:] for i in range(1, len(word))}  # one too many
        typos.add(word[0] + word[2:3] + word[1:2] + word[3:])  # two letters swapped
    typos -= vocabulary
    for cutoff, n in ((0.8, 2), (0.75, 1)):
        for typo in sorted(t for t in typos if len(t) >= 4):
            everything = [v for v in vocabulary if v[:1] == typo[:1]]
            expected = difflib.get_close_matches(typo, everything, n=n, cutoff=cutoff)
            assert _close(typo, [indexed], n=n, cutoff=cutoff) == expected, typo
    assert indexed.starting("medi") == sorted(v for v in vocabulary if v.startswith("medi"))
