import pytest

from tests.incidents.test_matching import LET_YET_KONE_TABAYIN, OE_HTEIN_KWIN_NORTH, report
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident, MatchDecision
from thitsa.reports.models import SourceReport


@pytest.fixture
def merged(db):
    reports = [
        report(
            "Myanmar Now",
            "2025-05-12",
            OE_HTEIN_KWIN_NORTH,
            event_type="Air/drone strike",
            killed_min=22,
            killed_max=22,
            title="Jet bombs school in Oe Htein Kwin",
        ),
        report(
            "RFA Burmese",
            "2025-05-12",
            OE_HTEIN_KWIN_NORTH,
            event_type="Air/drone strike",
            killed_min=24,
            killed_max=24,
            title="School bombing in Oe Htein Kwin",
        ),
        report(
            "Irrawaddy",
            "2025-05-12",
            OE_HTEIN_KWIN_NORTH,
            event_type="Air/drone strike",
            killed_min=3,
            killed_max=3,
            title="Drone strike on a motorbike near the village",
        ),
    ]
    match_reports()
    assert Incident.objects.count() == 1
    return reports


def test_every_matcher_decision_is_stored_with_its_features(merged):
    decisions = MatchDecision.objects.filter(by_human=False).order_by("report_id")
    assert [d.outcome for d in decisions][0] == "new"
    linked = decisions[1]
    assert linked.judgement == "positive" and linked.decided_by == "match v3"
    assert set(linked.features) >= {"date", "place", "text", "casualties"}
    assert linked.score >= 0.7


def test_a_verifiers_split_survives_a_rerun(merged):
    incident = Incident.objects.get()
    new = incident.split_off([merged[2].pk], by="verifier")
    assert new.public_id == "MMR-2025-000002"
    assert new.visibility == "restricted"  # it changes the figures: a verifier publishes it
    # Another account of the drone strike arrives; matching runs again.
    report(
        "Myanmar Now",
        "2025-05-12",
        OE_HTEIN_KWIN_NORTH,
        event_type="Air/drone strike",
        killed_min=3,
        killed_max=3,
        title="Drone strike on a motorbike",
    )
    match_reports()
    assert SourceReport.objects.get(pk=merged[2].pk).incident == new
    incident.refresh_from_db()
    assert incident.reports.count() in (2, 3)
    assert merged[2].pk not in incident.reports.values_list("pk", flat=True)
    assert MatchDecision.objects.filter(
        report=merged[2], incident=incident, judgement="negative", by_human=True
    ).exists()


def test_rejecting_a_match_moves_the_report_and_never_back(merged):
    incident = Incident.objects.get()
    decision = MatchDecision.objects.filter(report=merged[2]).first()
    landed = decision.reject(by="verifier")
    assert landed != incident and landed.reports.get() == SourceReport.objects.get(pk=merged[2].pk)
    incident.refresh_from_db()
    assert (incident.killed_min, incident.source_count) == (24, 2)
    # Unlinked again and re-matched: still never joins the rejected incident.
    landed_report = SourceReport.objects.get(pk=merged[2].pk)
    landed_report.link_to(None, None, "test")
    match_reports()
    assert SourceReport.objects.get(pk=merged[2].pk).incident != incident


def test_merging_two_incidents_keeps_the_old_id_as_a_pointer(db):
    a = report("Myanmar Now", "2025-05-12", OE_HTEIN_KWIN_NORTH, killed_min=5, killed_max=5)
    b = report("RFA Burmese", "2025-05-13", LET_YET_KONE_TABAYIN, killed_min=7, killed_max=7)
    match_reports()
    first, second = (
        a.__class__.objects.get(pk=a.pk).incident,
        b.__class__.objects.get(pk=b.pk).incident,
    )
    assert first != second
    second.merge_into(first, by="verifier")
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.merged_into == first
    assert (first.killed_min, first.source_count, first.grade) == (7, 2, "fair")
    match_reports()
    assert Incident.objects.filter(merged_into__isnull=True).count() == 1


def test_accepting_clears_the_review_queue(merged):
    decision = MatchDecision.objects.filter(report=merged[1], by_human=False).get()
    decision.pending = True
    decision.save()
    decision.accept(by="verifier")
    assert not MatchDecision.objects.filter(pending=True, report=merged[1]).exists()
    # The motorbike's 3 dead against the school's 22: a contrary count, queued for a verifier.
    assert MatchDecision.objects.filter(pending=True, report=merged[2]).exists()
    assert MatchDecision.objects.filter(
        report=merged[1], by_human=True, judgement="positive"
    ).exists()


def _rejected_then_split(merged):
    """The drone report is refused from the school incident; the RFA report is then split
    off it: the drone report was refused against both."""
    incident = Incident.objects.get()
    MatchDecision.objects.filter(report=merged[2]).first().reject(by="verifier")
    new = incident.split_off([merged[1].pk], by="verifier")
    return incident, new


def test_a_refusal_holds_against_the_reports_split_off(merged):
    """Found by a review of the verifier's pages: "not the same" was kept against the
    incident's id only; once the reports it was judged against were split off, the next
    match put the refused report beside them."""
    incident, new = _rejected_then_split(merged)
    drone = SourceReport.objects.get(pk=merged[2].pk)
    drone.link_to(None, None, "test")
    match_reports()
    drone.refresh_from_db()
    assert drone.incident not in (incident, new)
    carried = MatchDecision.objects.get(report=drone, incident=new, by_human=True)
    assert carried.judgement == "negative"
    assert carried.note == f"not the same as {incident.public_id}, split off {incident.public_id}"


def test_a_refusal_holds_against_the_incident_a_merge_joins(merged):
    incident = Incident.objects.get()
    drone_incident = MatchDecision.objects.filter(report=merged[2]).first().reject(by="v")
    other = report("DVB", "2025-05-20", LET_YET_KONE_TABAYIN, title="Shelling of a monastery")
    match_reports()
    into = SourceReport.objects.get(pk=other.pk).incident
    incident.merge_into(into, by="verifier")
    drone = SourceReport.objects.get(pk=merged[2].pk)
    assert drone.incident == drone_incident
    assert MatchDecision.objects.filter(
        report=drone, incident=into, by_human=True, judgement="negative"
    ).exists()


def test_a_split_of_reports_another_verifier_moved_changes_nothing(merged):
    """Found by a review: a split from a page loaded before another verifier's split moved
    one of the ticked reports split the rest alone."""
    from thitsa.incidents.models import ReportsMoved

    incident = Incident.objects.get()
    incident.split_off([merged[2].pk], by="first")
    before = Incident.objects.count()
    with pytest.raises(ReportsMoved):
        incident.split_off([merged[2].pk, merged[1].pk], by="second")
    assert Incident.objects.count() == before
    assert SourceReport.objects.get(pk=merged[1].pk).incident == incident


def test_splits_carry_only_a_verifiers_own_refusals(merged):
    """Found by a review: each split copied every refusal the incident held, the split's own
    included: four single splits left 1, 3, 6 then 10 refusals, and a report split off first
    was refused from the incident split off next (two parts of one incident may well be one
    event)."""
    incident = Incident.objects.get()
    extra = [
        report("DVB", "2025-05-12", OE_HTEIN_KWIN_NORTH, event_type="Air/drone strike",
               title=f"Jet bombs school ({n})")
        for n in range(2)
    ]  # fmt: skip
    match_reports()
    assert all(SourceReport.objects.get(pk=r.pk).incident == incident for r in extra)
    first = incident.split_off([merged[2].pk], by="verifier")
    second = incident.split_off([extra[0].pk], by="verifier")
    incident.split_off([extra[1].pk], by="verifier")
    assert not MatchDecision.objects.filter(
        report=merged[2], incident=second, judgement="negative"
    ).exists()
    carried = MatchDecision.objects.filter(note__startswith="not the same as")
    assert not carried.exists(), list(carried.values_list("report_id", "incident_id", "note"))
    assert first != second


def test_a_refusal_carried_by_a_merge_holds_after_a_split(merged):
    """Found by a lead verifier: a "not the same" carried once (by a merge) was never carried
    again, so when the reports it was judged against were split back off the merged
    incident, the next match put the refused report beside them."""
    incident = Incident.objects.get()
    drone_incident = MatchDecision.objects.filter(report=merged[2]).first().reject(by="vera")
    other = report("DVB", "2025-05-20", LET_YET_KONE_TABAYIN, title="Shelling of a monastery")
    match_reports()
    into = SourceReport.objects.get(pk=other.pk).incident
    incident.merge_into(into, by="vera")
    # A colleague parts the school's reports from the monastery's again.
    school = into.split_off([merged[0].pk, merged[1].pk], by="victor")
    drone = SourceReport.objects.get(pk=merged[2].pk)
    assert drone.incident == drone_incident
    assert MatchDecision.objects.filter(
        report=drone, incident=school, by_human=True, judgement="negative"
    ).exists()
    drone.link_to(None, None, "test")
    match_reports()
    drone.refresh_from_db()
    assert drone.incident_id not in (school.pk, into.pk)


def _merged_by_mistake(merged):
    """The school's two reports in one incident, the drone strike's in another (public both),
    merged by mistake: the school's incident, and the drone's it was merged into."""
    school = Incident.objects.get()
    drone = school.split_off([merged[2].pk], by="vera")
    Incident.objects.update(visibility="public")
    school.refresh_from_db()
    drone.refresh_from_db()
    school.merge_into(drone, by="vera")
    return school, drone


def test_splitting_off_exactly_the_reports_a_merge_brought_undoes_the_merge(merged):
    """Found by a lead verifier: the reports of an incident merged by mistake, split back off,
    formed a new incident, and the merged incident's public id still led to the wrong one."""
    school, drone = _merged_by_mistake(merged)
    back = drone.split_off([merged[1].pk, merged[0].pk], by="victor")
    assert back == school
    school.refresh_from_db()
    assert (school.merged_into, school.visibility, school.killed_max) == (None, "public", 24)
    assert Incident.objects.count() == 2
    # Kept apart from then on, as any split is.
    assert MatchDecision.objects.filter(
        report=merged[0], incident=drone, by_human=True, judgement="negative"
    ).exists()
    for r in merged[:2]:
        SourceReport.objects.filter(pk=r.pk).update(incident=None)
    match_reports([merged[0].pk, merged[1].pk])
    assert all(SourceReport.objects.get(pk=r.pk).incident != drone for r in merged[:2])


@pytest.mark.parametrize("ticked", ["some", "more"])
def test_a_split_of_other_reports_than_a_merge_brought_makes_a_new_incident(merged, ticked):
    """One report of a merged incident is another event alone: the merged incident's id still
    means the one it was merged into, and no id is brought back for a different set."""
    school, drone = _merged_by_mistake(merged)
    extra = report("DVB", "2025-05-12", OE_HTEIN_KWIN_NORTH, event_type="Air/drone strike")
    extra.link_to(drone, None, "test")
    ids = [merged[0].pk] if ticked == "some" else [merged[0].pk, merged[1].pk, extra.pk]
    new = drone.split_off(ids, by="victor")
    assert new not in (school, drone) and new.visibility == "restricted"
    school.refresh_from_db()
    assert school.merged_into == drone


def test_an_incident_separate_again_from_a_withdrawn_one_stays_restricted(merged):
    """Its reports were withdrawn from the public site with the incident they were merged
    into: undoing the merge does not put them back there."""
    school, drone = _merged_by_mistake(merged)
    Incident.objects.filter(pk=drone.pk).update(visibility="restricted")
    drone.refresh_from_db()
    back = drone.split_off([merged[0].pk, merged[1].pk], by="victor")
    assert back == school
    school.refresh_from_db()
    assert (school.merged_into, school.visibility) == (None, "restricted")
