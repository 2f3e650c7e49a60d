"""Events without violence (ACLED's peaceful protests, arrests, agreements, bases set up) are
left out of figures unless asked for, as battles are, and every figure says how many it left
out: an ACLED export of Myanmar counted its hundreds of protests as attacks on civilians."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from thitsa.figures.query import Filters, evaluate, incidents_matching
from thitsa.incidents.models import Incident
from thitsa.incidents.taxonomy import non_violent

TABAYIN = "MMR005010"


def incident(public_id, event_type, sub_event_type="", killed=0):
    return Incident.objects.create(
        public_id=public_id, date=date(2025, 4, 11), township_id=TABAYIN, state_id="MMR005",
        event_type=event_type, sub_event_type=sub_event_type, killed_min=killed,
        killed_max=killed, visibility="public", grade="weak",
    )  # fmt: skip


@pytest.fixture
def events(db):
    return [
        incident("MMR-2025-000001", "Explosions/Remote violence", "Air/drone strike", 12),
        incident("MMR-2025-000002", "Protests", "Peaceful protest"),
        incident("MMR-2025-000003", "Protests", "Excessive force against protesters", 3),
        incident("MMR-2025-000004", "Strategic developments", "Arrests", 1),
        incident("MMR-2025-000005", "Strategic developments", "Looting/property destruction"),
        incident("MMR-2025-000006", "Strategic developments", "Agreement"),
        incident("MMR-2025-000007", "Protests"),  # its reports named no sub-type
        incident("MMR-2025-000008", "Battles", "Armed clash", 20),
    ]


@pytest.mark.parametrize(
    "event_type, sub_event_type, quiet",
    [
        ("Protests", "Peaceful protest", True),
        ("Protests", "Protest with intervention", True),
        ("Protests", "Excessive force against protesters", False),
        ("Protests", "", True),
        ("Strategic developments", "Arrests", True),
        ("Strategic developments", "Looting/property destruction", False),
        ("Strategic developments", "", True),
        ("Violence against civilians", "Abduction/forced disappearance", False),
        ("Riots", "Mob violence", False),
        ("", "", False),
        # Found by a review: an attack joined by an ACLED "Arrests" row took its sub-type, and
        # the massacre's dead left the default figures.
        ("Violence against civilians", "Arrests", False),
    ],
)
def test_which_events_are_without_violence(event_type, sub_event_type, quiet):
    assert non_violent(event_type, sub_event_type) is quiet


def test_left_out_by_default_and_said_so(events):
    figure = evaluate("incidents", Filters())
    # The strike, the force used on protesters and the village looted or burned count.
    assert figure.incidents == ["MMR-2025-000001", "MMR-2025-000003", "MMR-2025-000005"]
    aside = figure.non_violent
    assert (aside.counted, aside.incidents, aside.value) == (False, 4, 4)
    assert (figure.battles.counted, figure.battles.incidents) == (False, 1)
    killed = evaluate("killed", Filters())
    assert killed.value == 15
    # The one who died in custody is said, not counted.
    assert killed.non_violent.value == 1


def test_counted_when_asked(events):
    figure = evaluate("incidents", Filters(include_non_violent=True))
    assert figure.value == 7
    assert figure.non_violent.counted and figure.include_non_violent
    assert not figure.include_battles
    every = evaluate("incidents", Filters(include_non_violent=True, include_battles=True))
    assert every.value == 8


@pytest.mark.parametrize(
    "event_type, ids, include_non_violent",
    [
        ("Protests", ["MMR-2025-000002", "MMR-2025-000003", "MMR-2025-000007"], True),
        ("Peaceful protest", ["MMR-2025-000002"], True),
        ("Arrests", ["MMR-2025-000004"], True),
        ("Excessive force against protesters", ["MMR-2025-000003"], False),
    ],
)
def test_a_named_type_counts_alone(events, event_type, ids, include_non_violent):
    figure = evaluate("incidents", Filters(event_type=event_type))
    assert figure.incidents == ids
    assert figure.non_violent is None
    assert figure.include_non_violent is include_non_violent


def test_lists_and_figures_agree(events):
    listed = incidents_matching(Filters()).order_by("public_id")
    counted = evaluate("incidents", Filters()).incidents
    assert list(listed.values_list("public_id", flat=True)) == counted


def test_the_command_says_what_it_left_out(events):
    out = io.StringIO()
    call_command("figure", "incidents", stdout=out)
    text = out.getvalue()
    assert text.startswith("incidents: 3\n")
    assert (
        "events without violence left out: 4 incidents (peaceful protests, arrests, agreements "
        "and the like, not counted in figures of attacks on civilians; --include-non-violent "
        "counts them)"
    ) in text
    out = io.StringIO()
    call_command("figure", "killed", "--include-non-violent", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["value"] == 16
    assert data["include_non_violent"] is True
    assert data["non_violent"] == {"counted": True, "incidents": 4, "value": 1}


def test_the_api_lists_and_counts_as_the_command(events, client):
    page = client.get("/api/v1/incidents").json()
    assert [r["public_id"] for r in page["results"]] == [
        "MMR-2025-000001", "MMR-2025-000003", "MMR-2025-000005",
    ]  # fmt: skip
    assert (page["include_non_violent"], page["non_violent_left_out"]) == (False, 4)
    page = client.get("/api/v1/incidents?include_non_violent=true").json()
    assert len(page["results"]) == 7 and page["non_violent_left_out"] == 0
    figure = client.get("/api/v1/figures/incidents").json()
    assert figure["value"] == 3
    assert figure["non_violent"] == {"counted": False, "incidents": 4, "value": 4}


def test_the_site_says_what_it_left_out(events, client):
    html = client.get(reverse("incident-list")).content.decode()
    assert "<strong>3</strong> incidents" in html
    assert "Not counted: 4 events without violence (peaceful protests, arrests, agreements)." in (
        html
    )
    html = client.get(reverse("incident-list") + "?event_type=all").content.decode()
    assert "<strong>8</strong> incidents" in html
    assert "Of these, 4 are events without violence" in html


def test_the_site_counts_a_sub_type_and_a_means_and_refuses_what_it_does_not_know(events, client):
    """Found by a journalist: the site could not ask for airstrikes ("Air/drone strike" was
    "not a valid choice", and it had no means), and `means=airstrike` copied from the API was
    ignored: the page showed every incident as the figure asked for."""
    html = client.get(reverse("incident-list"), {"event_type": "Air/drone strike"}).content
    assert "<strong>1</strong> incident" in html.decode()
    html = client.get(reverse("incident-list"), {"means": "artillery"}).content.decode()
    assert "<strong>0</strong> incidents" in html or "No incidents" in html
    html = client.get(reverse("incident-list"), {"sub_event_type": "x"}).content.decode()
    assert "Not a filter of this page: sub_event_type." in html
    assert "MMR-2025-000001" not in html


def test_an_attack_joined_by_an_arrests_row_stays_an_attack(db):
    from tests.incidents.test_matching import OE_HTEIN_KWIN_NORTH, report
    from thitsa.incidents.matching import match_reports

    for source in ("Myanmar Now", "DVB"):
        report(source, "2025-05-12", OE_HTEIN_KWIN_NORTH, title="Troops killed villagers",
               event_type="Violence against civilians", killed_min=4, killed_max=4)  # fmt: skip
    report("ACLED", "2025-05-12", OE_HTEIN_KWIN_NORTH, event_type="Arrests",
           title="Troops arrested villagers")  # fmt: skip
    match_reports()
    incident = Incident.objects.get()
    assert (incident.event_type, incident.sub_event_type) == ("Violence against civilians", "")
    assert evaluate("killed", Filters(), public_only=False).value == 4


@pytest.mark.parametrize("written", ["looting", "property destruction", "Looting"])
def test_looting_written_by_a_report_is_counted_as_an_attack(db, written):
    """Found by a tester: a Thitsa CSV's "looting" or "property destruction" was a strategic
    development of no sub-type, left out as an event without violence (40 houses burned)."""
    from tests.incidents.test_matching import OE_HTEIN_KWIN_NORTH, report
    from thitsa.incidents.matching import match_reports

    report("Myanmar Now", "2025-10-02", OE_HTEIN_KWIN_NORTH, event_type=written,
           title="Soldiers looted shops and burned 40 houses")  # fmt: skip
    match_reports()
    assert Incident.objects.get().sub_event_type == "Looting/property destruction"
    assert evaluate("incidents", Filters(), public_only=False).value == 1


def test_a_shared_links_tracking_parameters_are_no_filters(events, client):
    """Found by a review: Facebook adds fbclid to every link shared there, and the page
    refused every shared figure as "not a filter of this page"."""
    html = client.get(
        reverse("incident-list"), {"means": "artillery", "fbclid": "IwAR0", "utm_source": "fb"}
    ).content.decode()
    assert "Not a filter" not in html


@pytest.mark.parametrize("word", ["drone", "Airstrike", "shelling"])
def test_a_word_of_an_event_type_is_refused_with_the_means_to_use(events, word):
    """Found by a tester: `--event-type drone` counted every explosion, shelling and landmine
    as the figure of drone strikes, and said "event types counted: drone"."""
    from thitsa.figures.query import FigureError

    with pytest.raises(FigureError, match="for a means of attack use --means"):
        evaluate("incidents", Filters(event_type=word))
    assert evaluate("incidents", Filters(event_type="air/drone strike")).value == 1
