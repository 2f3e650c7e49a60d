"""Reports the matcher linked but queued for a verifier (its "review" outcome) count as linked,
and every figure says how much rests on them; --settled-only counts each incident from its
settled reports alone. Before, they counted in public figures with nothing to say so."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from tests.incidents.test_matching import OE_HTEIN_KWIN_NORTH, TABAYIN, report
from thitsa.figures.query import Filters, evaluate
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident, MatchDecision
from thitsa.reports.models import SourceReport

SCHOOL = "MMR-2025-000001"


def queue(*reports):
    """As a score between REVIEW and LINK leaves them: linked, and waiting in the queue."""
    MatchDecision.objects.filter(report__in=reports).update(
        pending=True, outcome="review", judgement="unsure"
    )


@pytest.fixture
def school(db):
    """The school bombing from three outlets in one public incident (24 killed, graded fair)."""
    reports = [
        report("Myanmar Now", "2025-05-12", OE_HTEIN_KWIN_NORTH, event_type="Air/drone strike",
               killed_min=22, killed_max=22, title="Jet bombs school in Oe Htein Kwin"),
        report("RFA Burmese", "2025-05-12", OE_HTEIN_KWIN_NORTH, event_type="Air/drone strike",
               killed_min=24, killed_max=24, title="School bombing in Oe Htein Kwin",
               place_text="Oe Htein Kwin village, Tabayin"),
        report("Irrawaddy", "2025-05-12", OE_HTEIN_KWIN_NORTH, event_type="Air/drone strike",
               killed_min=3, killed_max=3, title="Drone strike on a motorbike near the village"),
    ]  # fmt: skip
    match_reports()
    # The motorbike's 3 dead beside the school's 22 are a contrary count, queued for review: a
    # verifier accepted it (the tests queue what they need themselves).
    for decision in MatchDecision.objects.filter(pending=True):
        decision.accept(by="verifier")
    Incident.objects.update(visibility="public")
    incident = Incident.objects.get()
    assert (incident.public_id, incident.killed_min, incident.grade) == (SCHOOL, 24, "fair")
    return reports


def test_a_figure_says_how_much_rests_on_reports_awaiting_review(school):
    assert evaluate("killed", Filters()).awaiting_review.incidents == []
    queue(school[1])  # RFA's 24 waits for a verifier
    figure = evaluate("killed", Filters())
    assert figure.value == 24  # counted, as before
    assert figure.awaiting_review.incidents == [SCHOOL]
    assert figure.awaiting_review.value == 2  # without RFA's report: 22
    assert evaluate("incidents", Filters()).awaiting_review.value == 0  # the incident stays


def test_settled_only_counts_each_incident_from_its_settled_reports(school):
    queue(school[1])
    figure = evaluate("killed", Filters(), settled_only=True)
    assert (figure.value, figure.incidents, figure.grades) == (22, [SCHOOL], {"fair": 1})
    assert figure.awaiting_review.incidents == [SCHOOL]
    assert figure.settled_only is True


def test_settled_only_grades_an_incident_from_its_settled_reports(school):
    queue(school[1], school[2])  # Myanmar Now alone is one source: weak, not fair
    assert evaluate("killed", Filters(min_grade="fair")).value == 24
    figure = evaluate("killed", Filters(min_grade="fair"), settled_only=True)
    assert (figure.value, figure.incidents, figure.count) == (0, [], 0)
    figure = evaluate("incidents", Filters(), settled_only=True)
    assert (figure.value, figure.grades) == (1, {"weak": 1})


def test_an_incident_only_reports_awaiting_review_built_is_not_counted_settled_only(school):
    queue(school[1])
    lone = report("Irrawaddy", "2025-06-01", TABAYIN, event_type="Air/drone strike",
                  killed_min=5, killed_max=5, title="Drone strike on the market")  # fmt: skip
    other = Incident.objects.create(
        public_id="MMR-2025-000002", date=date(2025, 6, 1), visibility="public"
    )
    lone.link_to(other, 0.6, "match v3")
    MatchDecision.objects.create(
        report=lone, incident=other, outcome="review", judgement="unsure", pending=True,
        decided_by="match v3", score=0.6,
    )  # fmt: skip
    other.reconcile()
    figure = evaluate("killed", Filters(), by="month")
    assert figure.value == 29
    assert figure.awaiting_review.incidents == [SCHOOL, "MMR-2025-000002"]
    assert figure.awaiting_review.value == 2 + 5
    settled = evaluate("killed", Filters(), by="month", settled_only=True)
    assert (settled.value, settled.incidents, settled.count) == (22, [SCHOOL], 1)
    assert [(g.key, g.value, g.incidents) for g in settled.groups] == [("2025-05", 22, [SCHOOL])]
    assert evaluate("incidents", Filters(), settled_only=True).value == 1


def test_the_command_says_what_rests_on_reports_awaiting_review(school):
    out = io.StringIO()
    call_command("figure", "killed", stdout=out)
    assert "awaiting review: none (no report counted waits in the review queue)" in out.getvalue()
    queue(school[1])
    out = io.StringIO()
    call_command("figure", "killed", stdout=out)
    text = out.getvalue()
    assert text.startswith("killed (at least): 24\n")
    assert (
        f"awaiting review: 1 incident counted rests in part on reports a verifier has yet to "
        f"review ({SCHOOL}); without them the figure is 22 (--settled-only counts so)"
    ) in text
    out = io.StringIO()
    call_command("figure", "killed", "--settled-only", stdout=out)
    text = out.getvalue()
    assert text.startswith("killed (at least): 22\n")
    assert (
        f"awaiting review: left out the reports a verifier has yet to review, in 1 incident "
        f"({SCHOOL}); with them the figure is 24"
    ) in text


def test_the_command_json_says_what_rests_on_reports_awaiting_review(school):
    queue(school[1])
    for args, value in (((), 24), (("--settled-only",), 22)):
        out = io.StringIO()
        call_command("figure", "killed", *args, "--json", stdout=out)
        data = json.loads(out.getvalue())
        assert data["value"] == value
        assert data["awaiting_review"] == {"incidents": [SCHOOL], "value": 2}
        assert data["settled_only"] is bool(args)


def test_a_battle_left_out_is_not_said_to_rest_on_reports_awaiting_review(school):
    queue(school[1])
    # Its reports say clash: a battle with and without the one awaiting review.
    SourceReport.objects.update(event_type="Armed clash")
    Incident.objects.get().reconcile()
    figure = evaluate("killed", Filters(), settled_only=True)
    assert (figure.value, figure.awaiting_review.incidents) == (0, [])
    assert (figure.battles.incidents, figure.battles.value) == (1, 22)  # as settled
    figure = evaluate("killed", Filters(include_battles=True), settled_only=True)
    assert (figure.value, figure.awaiting_review.incidents) == (22, [SCHOOL])
