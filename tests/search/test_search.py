from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import sign_in
from thitsa.bulk import bulk_insert
from thitsa.incidents.models import Incident
from thitsa.reports.models import SourceReport
from thitsa.search.index import rebuild, refresh
from thitsa.search.models import Document
from thitsa.search.query import search
from thitsa.search.terms import terms

from .conftest import HOSTILE, SECRET_EXTRA, WITNESS_CONTACT, WITNESS_NAME


def found(query: str, public_only: bool = True) -> set[tuple[str, str]]:
    """(kind, incident public id or report title) of each hit."""
    return {
        (h.kind, h.incident if h.kind == "incident" else h.title.split(" <")[0])
        for h in search(query, public_only=public_only, limit=50).hits
    }


def test_it_finds_english_words_in_reports_and_incidents(world):
    refresh()
    assert found("school Tabayin") == {
        ("incident", "MMR-2025-000001"),
        ("report", "Jets bomb school in Tabayin"),
    }
    # A word's start finds the word: bomb -> bombed.
    assert ("incident", "MMR-2025-000001") in found("bomb")
    assert found("MMR-2025-000001") == {("incident", "MMR-2025-000001")}
    # ... and a word's other forms find it: "school bombing" found nothing (a researcher's
    # first query), though "bomb" and "school" each found the school bombing.
    assert ("incident", "MMR-2025-000001") in found("school bombing")
    assert ("report", "Jets bomb school in Tabayin") in found("bombed schools")
    # Quoted, a word is the word.
    assert found('"bombing"') == set()


def test_it_finds_burmese_by_syllables_in_either_encoding_and_digit_form(world):
    refresh()
    report = ("report", "ဒီပဲယင်းမြို့နယ် ကျောင်းကို ဗုံးကြဲ")
    incident = ("incident", "MMR-2025-000001")
    assert found("ကျောင်း") == {report, incident}  # the incident's summary was typed in Zawgyi
    assert found("ေက်ာင္း") == {report, incident}  # a Zawgyi-typed query
    # The count is in the report's text, which only staff search.
    assert found("22 ဦး", False) == found("၂၂ ဦး", False) == {report}
    assert found("22 ဦး") == set()
    assert found("ကျင်း") == set()  # the same consonants, other vowels


def test_anonymous_visitors_never_find_restricted_incidents_or_their_reports(world):
    refresh()
    assert found("massacre") == set()
    assert found("Kani") == set()  # not matched yet: not public
    assert found("massacre", public_only=False) == {
        ("incident", "MMR-2025-000099"),
        ("report", "Massacre report from Tabayin"),
    }
    assert found("Kani", public_only=False) == {
        ("report", "Shelling in Kani township, not yet matched")
    }


@pytest.mark.parametrize("secret", [WITNESS_NAME, "Secretwitness", WITNESS_CONTACT, SECRET_EXTRA])
def test_witness_data_and_extra_columns_are_never_indexed(world, secret):
    refresh()
    assert search(secret, public_only=False).hits == []
    assert not Document.objects.filter(terms__icontains=secret.split()[-1].lower()).exists()


def test_a_change_of_visibility_reaches_the_index_on_the_next_refresh(world):
    refresh()
    assert ("report", "Jets bomb school in Tabayin") in found("school")
    world["airstrike"].visibility = "restricted"
    world["airstrike"].save()  # updated_at moves on
    summary = refresh()
    assert summary.incidents == 1 and summary.reports == 2
    assert found("school") == set()


def test_reports_written_with_raw_inserts_are_indexed_by_refresh(world):
    refresh()
    assert refresh().reports == 0  # nothing new: nothing done
    # As imports write: raw INSERTs, no save(), no signals.
    bulk_insert(
        [
            SourceReport(
                import_key="k9", source_id=world["report"].source_id,
                title="Drone strike on Kyaukse market", incident=world["airstrike"],
            )
        ]
    )  # fmt: skip
    assert refresh().reports == 1
    assert found("kyaukse") == {("report", "Drone strike on Kyaukse market")}


def test_a_refresh_with_a_budget_leaves_the_rest_for_the_next(world):
    summary = refresh(budget=1)
    assert not summary.complete
    while not refresh(budget=1).complete:
        pass
    assert Document.objects.count() == 8  # 4 reports, 2 incidents, 2 public reports' titles


def test_rebuild_gives_the_same_answers(world):
    refresh()
    before = found("Tabayin", public_only=False)
    rebuild()
    assert found("Tabayin", public_only=False) == before
    assert Document.objects.count() == 8


def test_the_page_shows_results_with_escaped_highlights(client, world):
    response = client.get("/search/", {"q": "school"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>school</mark>" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert 'href="/incidents/MMR-2025-000001/"' in html
    assert WITNESS_NAME not in html and SECRET_EXTRA not in html


def test_the_page_escapes_the_query(client, world):
    response = client.get("/search/", {"q": HOSTILE})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html and "<img src=x" not in html


def test_the_page_hides_restricted_results_from_anonymous_visitors(client, world, staff):
    html = client.get("/search/", {"q": "massacre"}).content.decode()
    assert "MMR-2025-000099" not in html and "Nothing found" in html
    sign_in(client, staff)
    html = client.get("/search/", {"q": "massacre"}).content.decode()
    assert "MMR-2025-000099" in html and "restricted" in html


def test_the_page_without_a_query_shows_the_box(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_the_command_prints_json_for_scripts(world):
    out = io.StringIO()
    call_command("search", "ကျောင်း", "--json", "--public", stdout=out)
    data = json.loads(out.getvalue())
    assert data["phrases"] == ["ကျောင်း"]
    assert {r["kind"] for r in data["results"]} == {"report", "incident"}
    hit = next(r for r in data["results"] if r["kind"] == "report")
    start, end = hit["title_matches"][0]
    assert hit["title"][start:end] == "ကျောင်း"
    assert hit["snippet"] == ""  # the public do not read a report's text
    assert hit["incident"] == "MMR-2025-000001" and hit["public"] is True
    out = io.StringIO()
    call_command("search", "ကျောင်း", "--json", stdout=out)
    hit = next(r for r in json.loads(out.getvalue())["results"] if r["kind"] == "report")
    start, end = hit["matches"][0]
    assert hit["snippet"][start:end] == "ကျောင်း"


def test_the_command_finds_restricted_records_unless_told_public(world):
    out = io.StringIO()
    call_command("search", "massacre", stdout=out)
    assert "MMR-2025-000099" in out.getvalue() and "[restricted]" in out.getvalue()
    out = io.StringIO()
    call_command("search", "massacre", "--public", stdout=out)
    assert "0 results" in out.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_postgresql_finds_part_of_a_word_when_whole_words_find_nothing(world):
    refresh()
    assert ("report", "Jets bomb school in Tabayin") in found("bayin")


def test_an_incidents_title_names_each_place_once_in_the_readers_script(world):
    """It read 'Tabayin, Tabayin, Sagaing', and in English on Burmese pages."""
    from django.utils import translation

    from thitsa.places.models import Place

    tabayin = Place.objects.get(pcode="MMR005010")
    Incident.objects.filter(pk=world["airstrike"].pk).update(
        place=tabayin, township=tabayin, state_id="MMR005"
    )
    refresh()

    def title():
        hits = search("jet", public_only=True, limit=10).hits
        return next(h.title for h in hits if h.kind == "incident")

    assert title() == "MMR-2025-000001: Tabayin, Sagaing"
    with translation.override("my"):
        assert title() == f"MMR-2025-000001: {tabayin.name_my}, {tabayin.state.name_my}"


def test_a_report_is_dated_by_its_day_in_myanmar(world):
    """Published at 20:00 UTC on the 14th: the morning of the 15th in Yangon."""
    SourceReport.objects.filter(pk=world["report"].pk).update(
        published_at=datetime(2025, 3, 14, 20, 0, tzinfo=UTC)
    )
    refresh()
    [hit] = [h for h in search("Jets bomb school", limit=5).hits if h.kind == "report"]
    assert hit.date == "2025-03-15"


@pytest.mark.parametrize("query", ["ဝက်မြေကန်", "၀က်မြေကန်"])
def test_a_place_whose_mimu_name_has_a_digit_for_a_letter_is_found(db, query):
    """Found by a search review: MIMU spells Wet Myay Kan ၀က်မြေကန် (a zero for the letter wa).
    The index took gazetteer names as they are while queries are normalised, so neither the
    name typed nor the name pasted from the page found the incident placed there."""
    from thitsa.places.models import Place

    assert Place.objects.get(pcode="219028").name_my == "ဝက်မြေကန်"  # loaded normalised
    Incident.objects.create(
        public_id="MMR-2025-000321", date=datetime(2025, 4, 2).date(), place_id="219028",
        township_id="MMR009007", state_id="MMR009", visibility="public",
        event_type="Explosions/Remote violence",
    )  # fmt: skip
    refresh()
    assert [h.incident for h in search(query).hits] == ["MMR-2025-000321"]


def test_the_migration_respells_burmese_place_names_stored_before(db):
    import importlib

    from django.apps import apps

    from thitsa.places.models import Place

    migration = importlib.import_module("thitsa.places.migrations.0004_burmese_names_normalised")
    Place.objects.filter(pcode="219028").update(name_my="၀က်မြေကန်")
    migration.normalise(apps, None)
    assert Place.objects.get(pcode="219028").name_my == "ဝက်မြေကန်"


def test_a_query_of_more_words_than_a_search_takes_is_refused_not_cut(client, world):
    """Found by a search review: only the first 8 words counted; a ninth matching nothing
    ("zzzqqq") was dropped in silence and the results matched a query nobody typed. Nine words
    now count, and past the limit (32) the search is refused, not cut."""
    nine = "junta airstrike village school kills children two teachers zzzqqq"
    assert "Nothing found" in client.get("/search/", {"q": nine}).content.decode()
    many = " ".join(f"w{n}" for n in range(33))
    page = client.get("/search/", {"q": many}).content.decode()
    assert "Search for at most 32 words or quoted phrases: this search has 33." in page
    assert 'class="hits"' not in page
    api = client.get("/api/v1/search", {"q": many})
    assert api.status_code == 422 and "at most 32 words" in api.content.decode()
    with pytest.raises(Exception, match="at most 32 words or quoted phrases; this one has 33"):
        call_command("search", many, stdout=io.StringIO())


def test_the_burmese_words_a_result_shows_for_an_incidents_target_and_means_find_it(db):
    """Found by a search review: in the Burmese interface a result named its incident's target
    and means in Burmese, and searching for those words found nothing: the index held the
    English only. Not its type's Burmese label: its syllables are places' too ("ပေါက်", Pauk,
    found every incident of "ပေါက်ကွဲမှု/အဝေးမှ တိုက်ခိုက်မှု"); the list filters by type."""
    Incident.objects.create(
        public_id="MMR-2025-000322", date=datetime(2025, 4, 2).date(), visibility="public",
        event_type="Battles", targets=";school;", attack_means="drone",
    )  # fmt: skip
    refresh()
    for query in ("Battles", "ကျောင်း", "ဒရုန်း"):
        assert [h.incident for h in search(query).hits] == ["MMR-2025-000322"], query
    assert not search("တိုက်ပွဲများ").hits


def test_the_search_page_drops_control_characters_and_cuts_a_long_query_between_syllables(
    client, world
):
    """Found by a search review: /search/?q=a%00b wrote NUL bytes into the page, and a query
    past 200 characters (typed into the address) was cut inside a syllable: 40 times ကျောင်း
    searched for "…ကျော"."""
    page = client.get("/search/", {"q": "a\x00b"}).content.decode()
    assert "\x00" not in page
    long = client.get("/search/", {"q": "ကျောင်း" * 40}).content.decode()
    assert "ကျောင်း" * 28 in long and "ကျော”" not in long


def test_the_migration_reindexes_incidents_without_touching_their_last_change(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("thitsa.search.migrations.0008_burmese_taxonomy_words")
    incident = Incident.objects.create(
        public_id="MMR-2025-000323", date=datetime(2025, 4, 2).date(), visibility="public",
        event_type="Battles", targets=";school;",
    )  # fmt: skip
    refresh()
    changed = Incident.objects.get(pk=incident.pk).updated_at
    migration.drop_incident_documents(apps, None)
    assert not search("ကျောင်း").hits
    refresh()
    assert [h.incident for h in search("ကျောင်း").hits] == ["MMR-2025-000323"]
    assert Incident.objects.get(pk=incident.pk).updated_at == changed


def _public_incidents(n: int, word: str) -> list[Incident]:
    return [
        Incident.objects.create(
            public_id=f"MMR-2024-{k:06d}",
            date=datetime(2024, 1, 1).date(),
            summary_en=f"{word} number {k}",
            visibility="public",
        )  # fmt: skip
        for k in range(1, n + 1)
    ]


def test_a_merged_away_incident_is_not_a_public_entry_of_the_index(world):
    """Found by a search review: a merged-away incident stayed a public entry; every search
    that matched it counted it and dropped it, and a page came back short or empty with a
    next page offered."""
    first, second = _public_incidents(2, "Drone Kalay")
    for incident in (first, second):
        SourceReport.objects.create(
            import_key=incident.public_id, source=world["report"].source,
            title=f"Drone strike in Kalay ({incident.public_id})", incident=incident,
        )  # fmt: skip
    refresh()
    first.merge_into(second, by="verifier")
    refresh()
    assert not Document.objects.get(kind="incident", object_id=first.pk).public
    assert Document.objects.get(kind="incident", object_id=second.pk).public
    results = search("drone kalay", limit=50)
    assert {h.incident for h in results.hits} == {second.public_id}
    assert not results.more


def test_entries_left_out_never_make_a_short_page_or_an_empty_next_one(world):
    """Found by a search review: with the index behind (a long import holds its lock), the
    entries of an incident withdrawn since were counted and dropped: an anonymous caller got
    empty pages with a next one, and could count the withdrawn incident's entries."""
    incidents = _public_incidents(6, "Shelling Mindat")
    refresh()
    # Withdrawn without the index knowing: 2 of the 3 newest, and the oldest.
    Incident.objects.filter(pk__in=[incidents[5].pk, incidents[3].pk, incidents[0].pk]).update(
        visibility="restricted"
    )
    pages, offset = [], 0
    while True:
        results = search("shelling mindat", limit=2, offset=offset)
        pages.append([h.incident for h in results.hits])
        if not results.more:
            break
        offset = results.next_offset
    ids = [i.public_id for i in incidents]
    assert pages == [[ids[4], ids[2]], [ids[1]]]


def test_the_apis_next_page_starts_after_the_entries_a_page_left_out(client, world):
    incidents = _public_incidents(4, "Arson Kani")
    refresh()
    Incident.objects.filter(pk=incidents[2].pk).update(visibility="restricted")
    got = client.get("/api/v1/search", {"q": "arson kani", "limit": 2}).json()
    shown = [incidents[3].public_id, incidents[1].public_id]
    assert [r["incident"] for r in got["results"]] == shown
    assert got["next"].endswith("offset=3")
    got = client.get(got["next"]).json()
    assert [r["incident"] for r in got["results"]] == [incidents[0].public_id]
    assert got["next"] is None


def test_the_migration_reindexes_merged_incidents_as_not_public(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("thitsa.search.migrations.0009_merged_incidents_not_public")
    first, second = _public_incidents(2, "Raid Tamu")
    refresh()
    # Merged as before this version: its entry stayed public.
    Incident.objects.filter(pk=first.pk).update(merged_into=second)
    migration.reindex_merged_incidents(apps, None)
    assert not Document.objects.get(kind="incident", object_id=first.pk).public
    assert Document.objects.get(kind="incident", object_id=second.pk).public


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("မဂၤလာပါ", "မင်္ဂလာပါ"), ("ကြန္ဗက္တာကို", "ကွန်ဗက်တာကို")],
)
def test_a_short_query_in_zawgyi_the_detector_is_unsure_of_still_finds(
    client, world, typed, stored
):
    """Found by a search review: a few syllables in Zawgyi (a kinzi, an asat typed as a
    virama) scored below the detector's threshold and were searched as typed, finding
    nothing. Their Zawgyi reading is searched when the typed one finds nothing."""
    SourceReport.objects.create(
        import_key="zg", source=world["report"].source, title=f"{stored} စာ",
        incident=world["airstrike"],
    )  # fmt: skip
    refresh()
    results = search(typed, public_only=False)
    assert results.read_as_zawgyi
    assert [h.title for h in results.hits] == [f"{stored} စာ"]
    page = client.get("/search/", {"q": typed}).content.decode()
    assert f"{stored} (typed in Zawgyi)" in page
    # A rare Unicode stack that is found as typed is searched as typed.
    SourceReport.objects.create(
        import_key="brahma", source=world["report"].source, title="ဗြဟ္မာ",
        incident=world["airstrike"],
    )  # fmt: skip
    refresh()
    results = search("ဗြဟ္မာ", public_only=False)
    assert not results.read_as_zawgyi and [h.title for h in results.hits] == ["ဗြဟ္မာ"]


@pytest.mark.parametrize(("typed", "stored"), [("ရွိ", "ရှိ"), ("ရွိခဲ့", "ရှိခဲ့"), ("မွ", "မှ"), ("ပြဲ", "ပွဲ")])
def test_a_short_zawgyi_query_with_no_zawgyi_spelling_finds_its_unicode(
    client, world, typed, stored
):
    """Found by a Burmese researcher: Zawgyi "ရွိ" (ရှိ) found none of the 13 sentences with
    ရှိ, and "မွ" (မှ) and "ပြဲ" (ပွဲ) none of theirs. They are valid Unicode too, spelled
    as Unicode may be, and their Zawgyi reading was tried only for a query showing a spelling
    Unicode never has. The page and the API say the query was read as Zawgyi."""
    SourceReport.objects.create(
        import_key="zg", source=world["report"].source, title=f"ကျေးရွာ{stored}သည်",
        incident=world["airstrike"],
    )  # fmt: skip
    refresh()
    results = search(typed)
    assert results.read_as_zawgyi and [str(p) for p in results.phrases] == [terms(stored)]
    assert [h.title for h in results.hits] == [f"ကျေးရွာ{stored}သည်"]
    page = client.get("/search/", {"q": typed}).content.decode()
    assert f"{stored} (typed in Zawgyi)" in page
    assert f"<mark>{stored}</mark>" in page
    found = client.get("/api/v1/search", {"q": typed}).json()
    assert found["read_as_zawgyi"] and found["phrases"] == [terms(stored)]
    assert [h["title"] for h in found["results"]] == [f"ကျေးရွာ{stored}သည်"]


def test_a_unicode_query_with_a_wrong_vowel_is_not_read_as_zawgyi(world):
    """Unicode with a wrong medial (မျေ for မြေ, land) finds nothing, as the skeleton of a
    word should: the detector scores it nought, and its Zawgyi reading, မြေ, is not searched.
    A query found as typed is never read as Zawgyi (ရွာ, village, is ရှာ in Zawgyi)."""
    SourceReport.objects.create(
        import_key="land", source=world["report"].source, title="မြေ ရွာ ရှာ",
        incident=world["airstrike"],
    )  # fmt: skip
    refresh()
    results = search("မျေ", public_only=False)
    assert results.hits == [] and not results.read_as_zawgyi
    results = search("ရွာ", public_only=False)
    assert not results.read_as_zawgyi and [h.title for h in results.hits] == ["မြေ ရွာ ရှာ"]


def test_a_zawgyi_reading_pages_as_the_first_page_did(world):
    """The next page of a query read as Zawgyi is read as Zawgyi too; that of a query found as
    typed stays as typed, though its own page is empty (ရွာ, village, is ရှာ in Zawgyi)."""
    for n, title in enumerate(["ရှိ 0", "ရှိ 1", "ရှိ 2", "ရွာ", "ရှာ 0", "ရှာ 1"]):
        SourceReport.objects.create(
            import_key=f"zg{n}", source=world["report"].source, title=title,
            incident=world["airstrike"],
        )  # fmt: skip
    refresh()
    first = search("ရွိ", public_only=False, limit=2)
    assert first.read_as_zawgyi and first.more
    second = search("ရွိ", public_only=False, limit=2, offset=first.next_offset)
    assert second.read_as_zawgyi and [h.title for h in second.hits] == ["ရှိ 0"]
    assert [h.title for h in search("ရွာ", public_only=False, limit=1).hits] == ["ရွာ"]
    past = search("ရွာ", public_only=False, limit=1, offset=1)
    assert past.hits == [] and not past.read_as_zawgyi


def test_the_pages_next_link_starts_after_the_entries_a_page_left_out(client, world):
    """Found by a review: the API's next page started after the entries a page left out,
    the site's started at page × 20 and showed the last hits again."""
    import re
    from html import unescape

    from thitsa.search.query import PER_PAGE

    incidents = _public_incidents(PER_PAGE + 5, "Airstrike Kyauktaw")
    refresh()
    # Withdrawn without the index knowing: three of the newest page.
    gone = [i.pk for i in incidents[-3:]]
    Incident.objects.filter(pk__in=gone).update(visibility="restricted")
    first = client.get("/search/", {"q": "airstrike kyauktaw"}).content.decode()
    link = unescape(re.search(r'href="([^"]+)" rel="next"', first)[1])
    second = client.get(f"/search/{link}").content.decode()
    on_first, on_second = (set(re.findall(r"MMR-2024-\d{6}", page)) for page in (first, second))
    assert len(on_first) == PER_PAGE and on_second and not on_first & on_second
    assert len(on_first | on_second) == PER_PAGE + 5 - 3


def test_a_hit_found_by_its_type_or_target_shows_the_words_it_was_found_by(db):
    """Found by a search review: "ကျောင်း" (school) found an incident by its targets, which
    the English result did not show: nothing was marked, and the reader could not tell why."""
    Incident.objects.create(
        public_id="MMR-2025-000323", date=datetime(2025, 4, 2).date(), visibility="public",
        event_type="Battles", targets=";school;", summary_en="Fighting near Demoso",
    )  # fmt: skip
    refresh()
    [hit] = search("ကျောင်း").hits
    assert [hit.snippet[a:b] for a, b in hit.snippet_marks] == ["ကျောင်း"]
    [hit] = search("school").hits
    assert hit.snippet_marks and "<mark>" in str(hit.snippet_html)
    # A hit whose words show already is left as it is.
    [hit] = search("demoso").hits
    assert hit.snippet.count("·") == 1  # the summary and its type, nothing added


def test_a_place_is_found_by_the_names_news_spells_it_and_drone_is_no_jet(db):
    """Found by a journalist: "Depayin school" (and "Dipeyin") missed the Depayin school
    bombing, placed in Tabayin township; and "drone" found jet and helicopter strikes, filed
    under ACLED's "Air/drone strike", with nothing marked to say why."""
    Incident.objects.create(
        public_id="MMR-2025-000001", date=datetime(2025, 5, 12).date(), visibility="public",
        event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        attack_means="airstrike_fixed_wing", targets=";school;", place_id="172637",
        township_id="MMR005010", state_id="MMR005", summary_en="Jet bombs village school",
    )  # fmt: skip
    Incident.objects.create(
        public_id="MMR-2025-000002", date=datetime(2025, 5, 13).date(), visibility="public",
        event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        attack_means="drone", township_id="MMR005017", state_id="MMR005",
        summary_en="Market struck",
    )  # fmt: skip
    refresh()
    for query in ("Depayin school", "Dipeyin", "ဒီပဲယင်း"):
        assert [h.incident for h in search(query).hits] == ["MMR-2025-000001"], query
    [hit] = search("Depayin").hits
    assert [hit.snippet[a:b] for a, b in hit.snippet_marks] == ["Depayin"]
    assert [h.incident for h in search("drone").hits] == ["MMR-2025-000002"]
    assert {h.incident for h in search("airstrike").hits} == {"MMR-2025-000001"}


def test_the_command_takes_words_unquoted_and_pages_with_offset(world):
    """Found by a journalist: `thitsa search Depayin school` was refused ("unrecognized
    arguments"), and there was no way past the first --limit results."""
    out = io.StringIO()
    call_command("search", "MMR", "--limit", "1", stdout=out)
    first = out.getvalue()
    assert "more follow: --offset 1" in first
    out = io.StringIO()
    call_command("search", "MMR", "--limit", "1", "--offset", "1", stdout=out)
    assert "after the first 1" in out.getvalue()
    assert out.getvalue().splitlines()[0] != first.splitlines()[0]
    apart, together = io.StringIO(), io.StringIO()
    call_command("search", "school", "Depayin", "--json", stdout=apart)
    call_command("search", "school Depayin", "--json", stdout=together)
    assert json.loads(apart.getvalue())["results"] == json.loads(together.getvalue())["results"]


def test_the_last_page_says_more_results_follow(client, world, monkeypatch):
    """Found by a journalist: page 50 of "Sagaing" ended with no Next and no word that more
    matched than the pages show."""
    from thitsa.search import views

    monkeypatch.setattr(views, "MAX_PAGE", 1)
    monkeypatch.setattr(views, "PER_PAGE", 1)
    html = client.get("/search/", {"q": "school"}).content.decode()
    assert "More results follow than" in html and 'rel="next"' not in html


@pytest.mark.parametrize(
    "query, title",
    [
        ("dies", "Injured monk died in hospital"),
        ("died", "Monk dies of his wounds"),
        ("firing", "Troops fired on the crowd"),
        ("raped", "Soldiers rape two women"),
        ("body", "Three bodies found"),
        ("bodies", "A body found in the river"),
        ("injury", "Five injured in shelling"),
    ],
)
def test_an_english_word_finds_its_other_forms(db, query, title):
    """Found by a journalist: "dies" missed every "died", "firing" and "raped" found nothing
    (their stems were too short to search), "injury" no "injured", "body" no "bodies"."""
    Incident.objects.create(
        public_id="MMR-2025-000777", date=datetime(2025, 5, 2).date(), visibility="public",
        summary_en=title,
    )  # fmt: skip
    Incident.objects.create(
        public_id="MMR-2025-000778", date=datetime(2025, 5, 3).date(), visibility="public",
        summary_en="Diesel prices rise; a diet of rice; the first fir tree; user guide",
    )  # fmt: skip
    refresh()
    hits = search(query).hits
    assert [h.incident for h in hits] == ["MMR-2025-000777"], query
    assert hits[0].snippet_marks, "the form found is marked"


def test_a_townships_burmese_name_finds_its_incidents_not_every_incident_of_a_type(db):
    """Found by a reviewer of the Burmese interface: "ပေါက်" (Pauk township) found 740
    incidents anywhere, by the first syllable of their type's Burmese label
    ("ပေါက်ကွဲမှု/အဝေးမှ တိုက်ခိုက်မှု"); the English "Pauk" found 112."""
    from thitsa.places.models import Place

    pauk = Place.objects.get(name_my="ပေါက်", level="township")
    for n, township in enumerate((pauk.pcode, "MMR005010")):
        Incident.objects.create(
            public_id=f"MMR-2025-00099{n}", date=datetime(2025, 4, 2).date(),
            township_id=township, place_id=township, state_id=township[:6],
            visibility="public", event_type="Explosions/Remote violence",
        )  # fmt: skip
    refresh()
    assert [h.incident for h in search("ပေါက်").hits] == ["MMR-2025-000990"]


def _casualty_list(world) -> None:
    """A report of 300 lines, one ဦး (people) each: "၂၉၀။ ကျေးရွာ ၅၀၀၂၉၀ ဦး သေဆုံးသည်။"."""
    lines = [f"{n}။ ကျေးရွာ {500_000 + n} ဦး သေဆုံးသည်။" for n in range(1, 301)]
    SourceReport.objects.create(
        import_key="list", source=world["report"].source, title="စာရင်း",
        text="\n".join(lines).translate(str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")),
    )  # fmt: skip


@pytest.mark.parametrize("query", ["၅၀၀၀၂၀ဦး", "၅၀၀၂၉၀ဦး", "500290 ဦးသေဆုံး"])
def test_a_phrase_after_a_words_256th_time_in_a_report_is_found(world, query):
    """Found by a Burmese researcher: in a casualty list of 300 lines, "၅၀၀၂၉၀ဦး" (line 290)
    was found on SQLite only. PostgreSQL's tsvector keeps 256 positions of a word, and the
    phrase needed the position of the 290th ဦး."""
    _casualty_list(world)
    refresh()
    assert [h.title for h in search(query, public_only=False).hits] == ["စာရင်း"]


def test_a_phrase_of_words_a_report_holds_apart_is_not_found_in_it(world):
    """Past a word's 256th time, PostgreSQL knows only that a report holds a phrase's words:
    the phrase is confirmed in the report's terms, as SQLite finds it."""
    _casualty_list(world)
    refresh()
    assert search("၅၀၀၂၉၀ သေဆုံး", public_only=False).hits  # two phrases: anywhere
    assert search('"၅၀၀၂၉၀ သေဆုံး"', public_only=False).hits == []
    assert search('"ဦး 500290"', public_only=False).hits == []


@pytest.mark.parametrize("query", ["ငါးရွာကျေးရွာ", "ဆေးပေးခန်း", "ရွာကျေးရွာငါး"])
def test_a_phrase_past_the_16383rd_syllable_of_a_report_is_found(world, query):
    """Found by a Burmese researcher: "ငါးရွာကျေးရွာ" and "ဆေးပေးခန်း", at the end of a report
    of 18,145 syllables, were found on SQLite only: PostgreSQL keeps no position past 16,383,
    and every later syllable stood at that one position."""
    SourceReport.objects.create(
        import_key="long", source=world["report"].source, title="ရှည်",
        text="ကျေးရွာ " * 9000 + "ရွာကျေးရွာငါး ဆေးပေးခန်း ငါးရွာကျေးရွာ",
    )  # fmt: skip
    refresh()
    assert [h.title for h in search(query, public_only=False).hits] == ["ရှည်"]
    # Its syllables in another order are not the phrase.
    assert search("ခန်းဆေးပေး", public_only=False).hits == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's tsvector")
def test_the_migration_marks_documents_indexed_before_that_lost_positions(world):
    import importlib

    from thitsa.search.index import POSITIONS_LOST

    migration = importlib.import_module("thitsa.search.migrations.0014_positions_lost")
    _casualty_list(world)
    refresh()
    # As indexed before this version.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_document SET positions_lost = false, tsv = ts_delete(tsv, %s)",
            [POSITIONS_LOST],
        )
        assert search("၅၀၀၂၉၀ဦး", public_only=False).hits == []
        cursor.execute(migration.FORWARD[1])
        cursor.execute("SELECT kind, object_id FROM search_document WHERE positions_lost")
        assert cursor.fetchall() == [("report", SourceReport.objects.get(import_key="list").pk)]
    assert search("၅၀၀၂၉၀ဦး", public_only=False).hits
