"""Places to check: a verifier places every report written one way at once, and the incidents
follow, without undoing a verifier's decision or emptying a published incident."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db.models import F
from django.urls import reverse

from tests.conftest import make_person, sign_in
from tests.incidents.test_matching import OE_HTEIN_KWIN_NORTH, TABAYIN, report
from thitsa.evidence.models import Evidence
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident, MatchDecision
from thitsa.places.models import Place
from thitsa.publish.placing import seen_as, set_place, waiting
from thitsa.reports.loading import import_file
from thitsa.reports.models import SourceReport

pytestmark = pytest.mark.django_db

KINMA = "Kinma, Kaing Lal and Kin Sote villages, Pakokku district"
PAKOKKU_DISTRICT = "MMR009D004"
KIN_MA_TRACT = "MMR009021017"
PAKOKKU = "MMR009018"  # the township, in Magway
RIVER = "near the river bend"
SCHOOL = "Oe Htein Kwin, Depayin"
# As the import keeps them (reports/loading.py `_placed`): the resolver's best three.
KINMA_CANDIDATES = [
    {"pcode": KIN_MA_TRACT, "score": 49.8},
    {"pcode": "188837", "score": 49.8},
    {"pcode": "MMR009021013", "score": 45.5},
]


@pytest.fixture
def texts(db):
    """Three accounts placed only in the district their text names, one with no place, and
    reports that are not to check: placed in a township, no place text, checked already."""
    kinma = [
        report(source, "2025-06-02", PAKOKKU_DISTRICT, place_text=KINMA, place_score=100.0,
               place_candidates=KINMA_CANDIDATES, title=f"Shelling of three villages ({source})")
        for source in ("Myanmar Now", "Mizzima", "DVB")
    ]  # fmt: skip
    river = report("RFA Burmese", "2025-06-03", None, place_text=RIVER, title="Drone on a farm")
    placed = report("DVB", "2025-06-03", TABAYIN, place_text="Depayin", place_score=100.0)
    untold = report("DVB", "2025-06-04", None, title="No place given")
    settled = report(
        "DVB", "2025-06-05", "MMR005", place_text="Sagaing Region", place_score=100.0,
        extra={"place_checked": [{"pcode": "MMR005", "by": "vera"}]},
    )  # fmt: skip
    return {"kinma": kinma, "river": river, "placed": placed, "untold": untold, "settled": settled}


def rows(html: str) -> list[tuple[str, str]]:
    """(place as written, number of reports) of each row of the list."""
    found = re.findall(
        r'<th scope="row" class="place-text">“(.*?)”.*?<td class="num">(\d+)</td>', html, re.S
    )
    return [(unescape(text), n) for text, n in found]


def form_fields(html: str) -> dict[str, str]:
    """The hidden fields of the page's first form that sets a place."""
    form = html[html.index('class="place-form"') :]
    form = form[: form.index("</form>")]
    return {
        name: unescape(value)
        for name, value in re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form)
    }


def choose(client, text: str, pcode: str, show: str = "", query: str = "", written: str = ""):
    """Open the text's page (finding `query` there), then place its reports at `pcode`."""
    asked = {"text": text, "show": show, "q": query, "written": written}
    page = client.get(reverse("review-place"), {k: v for k, v in asked.items() if v})
    assert page.status_code == 200
    fields = form_fields(page.content.decode())
    return client.post(reverse("review-place-set"), {**fields, "pcode": pcode}, follow=True)


def places() -> dict[int, tuple]:
    return {
        r.pk: (r.place_id, r.place_score, r.place_candidates, r.incident_id)
        for r in SourceReport.objects.all()
    }


def test_the_list_groups_reports_by_their_place_text_busiest_first(staff, texts):
    html = staff.get(reverse("review-places")).content.decode()
    assert rows(html) == [(KINMA, "3"), (RIVER, "1")]
    assert "2 place names to check" in html
    # Where they are now, and the places to choose from: kept at import, and the resolver's
    # answer now (the district the text names outright).
    assert "Pakokku" in html and PAKOKKU_DISTRICT in html and "no place" in html
    assert KIN_MA_TRACT in html and "49.8 at import" in html
    assert "named outright" in html
    assert html.count('name="pcode"') == 3 + 1  # Kinma's three and its district


@pytest.mark.parametrize(
    "show, listed",
    [("none", [(RIVER, "1")]), ("area", [(KINMA, "3")]), ("low", [("Shwebo area", "1")])],
)
def test_the_list_is_filtered_by_no_place_area_only_or_a_low_score(staff, texts, show, listed):
    report("DVB", "2025-06-06", TABAYIN, place_text="Shwebo area", place_score=60.0)
    html = staff.get(reverse("review-places"), {"show": show}).content.decode()
    assert rows(html) == listed
    assert 'aria-current="page"' in html


def test_the_list_is_paged_and_logged(staff, texts, monkeypatch):
    from thitsa.accounts.models import AccessLog

    monkeypatch.setattr("thitsa.publish.review_places.PER_PAGE", 1)
    first = staff.get(reverse("review-places")).content.decode()
    second = staff.get(reverse("review-places"), {"page": "2"}).content.decode()
    beyond = staff.get(reverse("review-places"), {"page": "9"}).content.decode()
    # Found by a review: a number past a database integer failed with a server error.
    huge = staff.get(reverse("review-places"), {"page": "9" * 23}).content.decode()
    assert rows(first) == [(KINMA, "3")] and "Page 1 of 2" in first
    assert rows(second) == rows(beyond) == rows(huge) == [(RIVER, "1")]
    entry = AccessLog.objects.filter(object_type="places to check").order_by("id").first()
    assert (entry.username, entry.object_id) == ("vera", "page 1: 1")
    assert KINMA not in str(entry)


def test_on_a_burmese_page_the_place_set_is_said_in_burmese(staff, texts):
    # Found by a user in a browser: the count in Latin digits, the place in English only.
    from thitsa.places.models import Place

    staff.cookies["django_language"] = "my"
    html = unescape(choose(staff, KINMA, KIN_MA_TRACT).content.decode())
    name_my = Place.objects.get(pcode=KIN_MA_TRACT).name_my
    assert "၃" in html and f"{name_my} (MMR009021017)" in html


def test_on_a_burmese_page_the_reports_written_so_are_counted_in_burmese_digits(staff, texts):
    # Found by a Burmese-speaking reviewer: "သတင်းပို့ချက် 3 ခု" above a button saying "၃ ခု".
    staff.cookies["django_language"] = "my"
    html = staff.get(reverse("review-place"), {"text": KINMA}).content.decode()
    assert "သတင်းပို့ချက် ၃ ခု ရှိပြီး" in unescape(html)


def test_choosing_a_candidate_places_every_report_with_that_text_and_logs_it(staff, texts):
    others = {pk: v for pk, v in places().items() if pk not in {r.pk for r in texts["kinma"]}}
    response = choose(staff, KINMA, KIN_MA_TRACT)
    html = response.content.decode()
    assert "3 reports written “Kinma, Kaing Lal and Kin Sote villages, Pakokku district” are " \
        "now placed in Kin Ma (MMR009021017)." in unescape(html)  # fmt: skip
    for r in SourceReport.objects.filter(place_text=KINMA):
        assert (r.place_id, r.place_score) == (KIN_MA_TRACT, 100.0)
        assert r.place_candidates == KINMA_CANDIDATES  # kept
        assert r.extra["place_checked"][-1]["was"]["place"] == PAKOKKU_DISTRICT  # what it was
        entry = LogEntry.objects.get(object_id=str(r.pk), content_type__model="sourcereport")
        assert entry.user.username == "vera"
        assert "place set to Kin Ma (MMR009021017) (was MMR009D004)" in entry.change_message
    assert {pk: v for pk, v in places().items() if pk in others} == others
    # The text has left the list.
    assert rows(response.content.decode()) == [(RIVER, "1")]


def test_a_typed_pcode_is_found_and_chosen(staff, texts):
    page = staff.get(reverse("review-place"), {"text": RIVER, "q": "mmr005010"})
    html = page.content.decode()
    assert 'value="MMR005010" required checked' in html and "Tabayin" in html
    choose(staff, RIVER, TABAYIN, query=TABAYIN)
    texts["river"].refresh_from_db()
    assert (texts["river"].place_id, texts["river"].place_score) == (TABAYIN, 100.0)


def test_a_typed_name_offers_the_places_it_may_mean(staff, texts):
    html = staff.get(reverse("review-place"), {"text": RIVER, "q": "Kin Ma"}).content.decode()
    assert html.count('class="choice found"') > 1 and "188837" in html


def test_an_unknown_pcode_is_refused_with_a_message_and_nothing_changes(staff, texts):
    before = places()
    page = staff.get(reverse("review-place"), {"text": RIVER, "q": "MMR999999"})
    assert "No place has the P-code MMR999999." in page.content.decode()
    fields = form_fields(page.content.decode())
    response = staff.post(
        reverse("review-place-set"), {**fields, "pcode": "MMR999999"}, follow=True
    )
    assert "No place has the P-code MMR999999: nothing was changed." in response.content.decode()
    assert places() == before and not LogEntry.objects.exists()


def test_a_form_without_a_place_chosen_is_refused(staff, texts):
    page = staff.get(reverse("review-place"), {"text": RIVER})
    response = staff.post(
        reverse("review-place-set"), form_fields(page.content.decode()), follow=True
    )
    assert "Choose a place first" in response.content.decode()
    assert texts["river"].place_id is None


def test_a_stale_form_changes_nothing(staff, texts):
    page = staff.get(reverse("review-place"), {"text": KINMA}).content.decode()
    fields = form_fields(page)
    # Another verifier places them first.
    choose(staff, KINMA, PAKOKKU)
    before = places()
    response = staff.post(
        reverse("review-place-set"), {**fields, "pcode": KIN_MA_TRACT}, follow=True
    )
    assert "Someone has already placed the reports written" in response.content.decode()
    assert places() == before
    # More reports came in with the text since the page was drawn.
    page = staff.get(reverse("review-place"), {"text": RIVER}).content.decode()
    report("DVB", "2025-06-07", None, place_text=RIVER)
    before = places()
    response = staff.post(
        reverse("review-place-set"), {**form_fields(page), "pcode": TABAYIN}, follow=True
    )
    assert "changed since the page was drawn" in response.content.decode()
    assert places() == before


@pytest.fixture
def school(db):
    """Two outlets' accounts of a school bombing, placed in its village, built one incident; a
    third, whose place text the resolver did not settle, opened an incident alone."""
    told = dict(event_type="Air/drone strike", killed_min=22, killed_max=22)
    report("Myanmar Now", "2025-05-12", OE_HTEIN_KWIN_NORTH, title="Jet bombs school", **told)
    report("RFA Burmese", "2025-05-12", OE_HTEIN_KWIN_NORTH, title="School bombed", **told)
    alone = report(
        "Khit Thit Media", "2025-05-12", None, place_text=SCHOOL, title="Jets bomb a school",
        **told,
    )  # fmt: skip
    match_reports()
    alone.refresh_from_db()
    built = Incident.objects.get(reports__title="Jet bombs school")
    assert alone.incident != built and alone.incident.reports.count() == 1
    return {"report": alone, "own": alone.incident, "built": built}


def test_a_lone_machine_made_report_is_matched_again_into_the_incident_of_its_new_place(
    staff, school
):
    own, built = school["own"], school["built"]
    response = choose(staff, SCHOOL, OE_HTEIN_KWIN_NORTH)
    school["report"].refresh_from_db()
    assert school["report"].incident == built
    built.refresh_from_db()
    own.refresh_from_db()
    assert built.source_count == 3
    # The old id points on, as a merged incident's does; nothing is deleted.
    assert own.merged_into == built and own.visibility == "restricted"
    link = f'<a href="{reverse("review-incident", args=[built.public_id])}">{built.public_id}</a>'
    assert f"Matched again with its new place, 1 report joined: {link}." in (
        response.content.decode()
    )
    history = LogEntry.objects.get(object_id=str(own.pk), content_type__model="incident")
    assert f"joined {built.public_id}: this id now points there" in history.change_message
    assert Incident.objects.count() == 2
    assert not Incident.objects.filter(merged_into=F("pk")).exists()


def test_a_report_no_other_incident_fits_stays_in_its_own(staff, school):
    own = school["own"]
    choose(staff, SCHOOL, PAKOKKU)  # another region: nothing there
    school["report"].refresh_from_db()
    own.refresh_from_db()
    assert school["report"].incident == own and own.merged_into is None
    assert (own.place_id, own.township_id) == (PAKOKKU, PAKOKKU)
    assert Incident.objects.count() == 2  # no new incident, no new public id
    assert not Incident.objects.filter(merged_into=F("pk")).exists()


def test_two_lone_reports_of_one_event_come_together_under_the_older_id(staff, db):
    told = dict(event_type="Air/drone strike", killed_min=5, killed_max=5, place_text=SCHOOL)
    first = report("Myanmar Now", "2025-07-01", None, title="Drone kills five", **told)
    second = report("Mizzima", "2025-07-01", None, title="Five killed by a drone", **told)
    match_reports()
    older, newer = (Incident.objects.get(reports=r) for r in (first, second))
    assert older.pk < newer.pk
    choose(staff, SCHOOL, OE_HTEIN_KWIN_NORTH)
    assert {r.incident_id for r in SourceReport.objects.all()} == {older.pk}
    newer.refresh_from_db()
    assert newer.merged_into == older and Incident.objects.count() == 2
    assert not Incident.objects.filter(merged_into=F("pk")).exists()
    # The matcher's decisions stay, each naming an incident that still exists.
    assert MatchDecision.objects.filter(report=second, incident__isnull=False).exists()


def test_confirming_the_area_a_text_names_settles_it_and_moves_nothing(staff, db):
    alone = report(
        "DVB", "2025-06-09", "MMR005", place_text="Sagaing Region", place_score=100.0,
        event_type="Air/drone strike",
    )  # fmt: skip
    match_reports()
    alone.refresh_from_db()
    own = alone.incident
    response = choose(staff, "Sagaing Region", "MMR005")
    assert "Sagaing Region" not in "".join(t for t, _n in rows(response.content.decode()))
    alone.refresh_from_db()
    assert (alone.incident, alone.place_id, alone.place_score) == (own, "MMR005", 100.0)
    entry = LogEntry.objects.get(object_id=str(own.pk), content_type__model="incident")
    assert "matched again" not in entry.change_message


def test_a_published_incident_keeps_its_lone_report(staff, school):
    own = school["own"]
    own.publish(make_person("admin", "ada"))
    choose(staff, SCHOOL, OE_HTEIN_KWIN_NORTH)
    school["report"].refresh_from_db()
    own.refresh_from_db()
    assert school["report"].incident == own and own.merged_into is None
    assert own.visibility == "public"
    # Its place follows its report.
    assert (own.place_id, own.township_id) == (OE_HTEIN_KWIN_NORTH, TABAYIN)
    assert school["built"].reports.count() == 2


def test_a_verifiers_decision_is_kept(staff, school):
    own = school["own"]
    MatchDecision.objects.create(
        report=school["report"], incident=own, outcome="link", judgement="positive",
        decided_by="ada", by_human=True, note="a separate strike",
    )  # fmt: skip
    choose(staff, SCHOOL, OE_HTEIN_KWIN_NORTH)
    school["report"].refresh_from_db()
    assert school["report"].incident == own
    assert Incident.objects.get(pk=own.pk).merged_into is None


def test_a_machine_link_outside_the_new_township_waits_for_review(staff, db):
    """The matcher linked a report with no place into an incident of Tabayin; placed in
    Pakokku now, it stays there until a verifier says whether it is the same event."""
    incident = Incident.objects.create(public_id="MMR-2025-000050", date="2025-06-02")
    told = dict(incident=incident, linked_by="match v3", event_type="Air/drone strike")
    report("Myanmar Now", "2025-06-02", TABAYIN, title="Airstrike in Tabayin", **told)
    doubtful = report("DVB", "2025-06-02", None, place_text="Pakokku", title="Airstrike", **told)
    incident.reconcile()
    response = choose(staff, "Pakokku", PAKOKKU)
    doubtful.refresh_from_db()
    assert doubtful.incident == incident
    queued = MatchDecision.objects.get(pending=True)
    assert (queued.report, queued.incident, queued.by_human) == (doubtful, incident, False)
    assert "outside the incident's township" in queued.note
    assert "1 report now lies outside its incident's area" in response.content.decode()
    assert "Airstrike" in staff.get(reverse("review-queue")).content.decode()


def test_the_queue_links_to_the_places_to_check(staff, texts):
    html = staff.get(reverse("review-queue")).content.decode()
    assert f'href="{reverse("review-places")}"' in html


@pytest.mark.parametrize(
    "viewer, status",
    [("public", 302), ("unverified", 302), ("analyst", 403), ("documenter", 403), ("admin", 200)],
)
def test_only_verifiers_see_or_set_places(client, texts, viewer, status):
    before = places()
    if viewer == "unverified":
        client.force_login(make_person("verifier", "half"))  # password given, code not yet
    elif viewer != "public":
        sign_in(client, make_person(viewer))
    urls = [reverse("review-places"), f"{reverse('review-place')}?text={RIVER}"]
    for url in urls:
        assert client.get(url).status_code == status, url
    post = {"text": RIVER, "pcode": TABAYIN, "seen": "1:1::"}
    response = client.post(reverse("review-place-set"), post)
    assert response.status_code == (302 if status == 200 else status)
    if status == 302:
        assert response["Location"].startswith(reverse("login"))
    if viewer != "admin":
        assert places() == before and not LogEntry.objects.exists()


def test_a_line_break_comes_back_from_the_browser_as_crlf(staff, db):
    report("DVB", "2025-06-02", None, place_text="Kinma village\nPakokku district")
    page = staff.get(reverse("review-place"), {"text": "Kinma village\nPakokku district"})
    fields = form_fields(page.content.decode())
    fields["text"] = fields["text"].replace("\n", "\r\n")
    staff.post(reverse("review-place-set"), {**fields, "pcode": PAKOKKU})
    assert SourceReport.objects.get().place_id == PAKOKKU


def test_a_corrected_place_text_is_checked_afresh(tmp_path, staff, vera):
    """A verifier confirmed the area of "Sagaing Region"; the source then corrected its place to
    another text the resolver again places only in an area: that text waits for a check, the
    verifier's earlier answer (for the old text) is kept as history."""
    path = tmp_path / "a.csv"
    path.write_text(
        "report_id,source,title,text,event_date,place,killed\n"
        "p1,Myanmar Now,Airstrike,Jets bombed a village,2025-05-12,Sagaing Region,3\n",
        encoding="utf-8",
    )
    import_file(path, "thitsa", progress=False)
    stored = SourceReport.objects.get(external_id="p1")
    assert stored.place_id == "MMR005"
    set_place("Sagaing Region", stored.place, vera, seen=seen_as(1, stored.pk, "MMR005", "MMR005"))
    assert not waiting().filter(pk=stored.pk).exists()
    corrected = "an army post near the Thai border, Kayin state"
    path.write_text(path.read_text().replace("Sagaing Region", f'"{corrected}"'), encoding="utf-8")
    assert import_file(path, "thitsa", progress=False, update=True).corrected == 1
    report = SourceReport.objects.get(pk=stored.pk)
    assert report.place.level == "state" and report.place_text == corrected
    assert waiting().filter(pk=stored.pk).exists()
    assert report.extra["place_checked_before"][0]["pcode"] == "MMR005"


def test_where_a_candidate_lies_is_written_in_the_pages_script(staff, texts):
    tract = Place.objects.select_related("township", "state").get(pcode=KIN_MA_TRACT)
    english = staff.get(reverse("review-places")).content.decode()
    assert f"{tract.township.name_en}, {tract.state.name_en}" in english
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    burmese = staff.get(reverse("review-places")).content.decode()
    assert f"{tract.township.name_my}၊ {tract.state.name_my}" in burmese


TOLD = dict(event_type="Air/drone strike", killed_min=22, killed_max=22)


def test_a_report_matched_again_only_for_review_stays_in_its_incident(staff):
    """Two incidents fit the re-matched report about equally well: the matcher links it into
    one of them for review. Its old incident pointed there (as merged into it), and when a
    verifier then said "not the same" the report went elsewhere while its old public id still
    pointed at an incident that did not hold it."""
    twins = []
    for n, source in enumerate(("Myanmar Now", "RFA Burmese")):
        incident = Incident.objects.create(public_id=f"MMR-2025-00009{n}", date="2025-05-12")
        report(source, "2025-05-12", OE_HTEIN_KWIN_NORTH, title="Jets bomb a school",
               incident=incident, linked_by="ada", **TOLD)  # fmt: skip
        incident.reconcile()
        twins.append(incident)
    alone = report("Khit Thit Media", "2025-05-12", None, place_text=SCHOOL,
                   title="Jets bomb a school", **TOLD)  # fmt: skip
    match_reports([alone.pk])
    alone.refresh_from_db()
    own = alone.incident
    assert own not in twins and own.reports.count() == 1

    before = (alone.link_score, alone.linked_by)
    choose(staff, SCHOOL, OE_HTEIN_KWIN_NORTH)
    alone.refresh_from_db()
    own.refresh_from_db()
    # It stays where it was, as it was: an old id pointing at an incident a verifier may take
    # the report out of would point at another event.
    assert (alone.incident, own.merged_into_id) == (own, None)
    assert (alone.link_score, alone.linked_by) == before
    assert not MatchDecision.objects.filter(report=alone, pending=True).exists()
    # The matcher's guess stays in the record.
    guess = MatchDecision.objects.filter(report=alone, outcome="review").get()
    assert guess.incident in twins
    assert all(t.reports.count() == 1 for t in twins)


def test_a_correction_that_moves_only_the_point_keeps_the_verifiers_place(tmp_path, vera):
    """The verifier's answer is for the place text: a source's correction that leaves the text
    as it was (here: it adds the point) put the report back on the list and dropped the
    verifier's place, which the other reports written the same way kept."""
    path = tmp_path / "a.csv"
    head = "report_id,source,title,text,event_date,place,latitude,longitude,killed\n"
    row = f'p1,Myanmar Now,Shelling,Three villages shelled,2025-06-02,"{KINMA}",{{lat}},{{lon}},3\n'
    path.write_text(head + row.format(lat="", lon=""), encoding="utf-8")
    import_file(path, "thitsa", progress=False)
    stored = SourceReport.objects.get(external_id="p1")
    assert stored.place.level == "district"
    tract = Place.objects.get(pcode=KIN_MA_TRACT)
    set_place(KINMA, tract, vera, seen=seen_as(1, stored.pk, stored.place_id, stored.place_id))
    # The source adds where it happened: Pakokku town, in the same district.
    path.write_text(head + row.format(lat="21.3320", lon="95.0866"), encoding="utf-8")
    assert import_file(path, "thitsa", progress=False, update=True).corrected == 1
    now = SourceReport.objects.get(pk=stored.pk)
    assert now.place_text == KINMA
    assert (now.place_id, now.place_score) == (KIN_MA_TRACT, 100.0), (
        f"the verifier's Kin Ma was replaced by {now.place_id} ({now.place_score}); "
        f"back on the list: {waiting().filter(pk=now.pk).exists()}"
    )


def test_an_incident_a_person_gave_evidence_is_not_emptied_by_a_new_place(staff):
    """A documenter linked a photo to the lone report's incident: a person's attention. The
    incident was emptied and pointed on; the photo stayed with an incident that had no report,
    and the incident the report joined did not have it."""
    report("Myanmar Now", "2025-05-12", OE_HTEIN_KWIN_NORTH, title="Jet bombs school", **TOLD)
    report("RFA Burmese", "2025-05-12", OE_HTEIN_KWIN_NORTH, title="School bombed", **TOLD)
    alone = report("Khit Thit Media", "2025-05-12", None, place_text=SCHOOL,
                   title="Jets bomb a school", **TOLD)  # fmt: skip
    match_reports()
    alone.refresh_from_db()
    own = alone.incident
    photo = Evidence.objects.create(sha256="a" * 64, size=1, media_type="image/jpeg",
                                    added_by="daw.khin")  # fmt: skip
    photo.incidents.add(own)

    choose(staff, SCHOOL, OE_HTEIN_KWIN_NORTH)
    alone.refresh_from_db()
    own.refresh_from_db()
    assert own.merged_into_id is None and alone.incident == own, (
        f"{own.public_id}, with its evidence, was emptied into {alone.incident.public_id}"
    )


def test_a_report_placed_wrongly_is_found_by_its_text_and_placed_again(staff, texts):
    """Found by a verifier: "Let Yet Kone village" placed at Tha Yet Kone (a near spelling of
    another village, score 86) was in no list, and no page let a verifier place it again."""
    listed = staff.get(reverse("review-places"), {"show": "placed"}).content.decode()
    assert rows(listed) == [] and "Type part of the place as the report writes it" in listed
    found = staff.get(reverse("review-places"), {"show": "placed", "written": "depay"})
    assert rows(found.content.decode()) == [("Depayin", "1")]
    response = choose(staff, "Depayin", PAKOKKU, show="placed")
    assert "now placed in Pakokku" in unescape(response.content.decode())
    report = SourceReport.objects.get(pk=texts["placed"].pk)
    assert (report.place_id, report.place_score) == (PAKOKKU, 100.0)
    entry = LogEntry.objects.get(object_id=str(report.pk), content_type__model="sourcereport")
    assert f"(was {TABAYIN})" in entry.change_message
    nothing = staff.get(reverse("review-places"), {"written": "no such place"}).content.decode()
    assert "No place name holding “no such place” is listed here." in unescape(nothing)


def test_a_text_found_by_its_words_leads_back_to_the_same_search(staff, texts):
    """Noticed by a verifier: after opening one text found by "Place as written contains" (or
    finding another place on its page, or placing it), the way back was the whole list, and
    the search had to be typed again for the next report."""
    found = {"show": "placed", "written": "depay"}
    page = staff.get(reverse("review-place"), {"text": "Depayin", **found}).content.decode()
    crumb = re.search(r'<p class="crumbs">.*?</p>', page, re.S).group(0)
    assert "written=depay" in crumb
    assert form_fields(page)["back"] == "/review/places/?show=placed&written=depay"
    find = page[page.index('class="find-form"') :]
    assert 'name="written" value="depay"' in find[: find.index("</form>")]
    response = choose(staff, "Depayin", PAKOKKU, show="placed", written="depay")
    assert response.redirect_chain[-1][0] == "/review/places/?show=placed&written=depay"
