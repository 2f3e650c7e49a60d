"""Battles (armed clashes between armed groups, most of UCDP's events) are left out of figures
unless asked for, and every figure says which event types it counted and what battles it left
out: the demo's "killed" counted 3,807 battle dead, fighters among them, and said nothing."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from thitsa.figures.query import Filters, evaluate
from thitsa.incidents.models import Incident

TABAYIN = "MMR005010"


def incident(public_id, event_type, killed, **kw):
    return Incident.objects.create(
        public_id=public_id, date=date(2023, 4, 11), township_id=TABAYIN, state_id="MMR005",
        event_type=event_type, killed_min=killed, killed_max=killed, visibility="public",
        grade="weak", **kw,
    )  # fmt: skip


def said(figure) -> tuple:
    """(counted, incidents, value) of the battles the figure left out or counted."""
    b = figure.battles
    return (b.counted, b.incidents, b.value)


@pytest.fixture
def clashes(db):
    return [
        incident("MMR-2023-000001", "Violence against civilians", 168, targets=";gathering;"),
        incident("MMR-2023-000002", "Explosions/Remote violence", 9),
        incident("MMR-2023-000003", "Battles", 40),
        incident("MMR-2023-000004", "Battles", 12),
        incident("MMR-2023-000005", "", 2),  # a report that named no type
    ]


def test_battles_are_left_out_by_default_and_said_so(clashes):
    figure = evaluate("killed", Filters())
    assert figure.value == 168 + 9 + 2
    assert figure.incidents == ["MMR-2023-000001", "MMR-2023-000002", "MMR-2023-000005"]
    assert said(figure) == (False, 2, 52)
    assert figure.event_types == {
        "Violence against civilians": 1,
        "Explosions/Remote violence": 1,
        "": 1,
    }


def test_include_battles_counts_them_and_says_how_many_of_the_figure_they_are(clashes):
    figure = evaluate("killed", Filters(include_battles=True))
    assert figure.value == 168 + 9 + 2 + 52
    assert said(figure) == (True, 2, 52)
    assert figure.event_types["Battles"] == 2


def test_naming_battles_counts_them_alone(clashes):
    figure = evaluate("killed", Filters(event_type="Battles"))
    assert (figure.value, figure.battles) == (52, None)
    assert figure.incidents == ["MMR-2023-000003", "MMR-2023-000004"]
    civilians = evaluate("incidents", Filters(event_type="Violence against civilians"))
    assert civilians.incidents == ["MMR-2023-000001"]


def test_other_filters_apply_to_the_battles_left_out(clashes):
    figure = evaluate("killed", Filters(target="gathering"))
    assert said(figure) == (False, 0, 0)


def test_the_command_states_the_event_types_and_the_battles_it_left_out(clashes):
    out = io.StringIO()
    call_command("figure", "killed", stdout=out)
    text = out.getvalue()
    assert text.startswith("killed (at least): 179\n")
    assert (
        "event types counted: all but Battles and events without violence (incidents: "
        "Explosions/Remote violence 1, Violence against civilians 1, none given 1)"
    ) in text
    assert (
        "battles left out: 2 incidents, 52 killed (clashes between armed groups, not counted in "
        "figures of attacks on civilians; --include-battles counts them)"
    ) in text
    out = io.StringIO()
    call_command("figure", "killed", "--include-battles", stdout=out)
    text = out.getvalue()
    assert text.startswith("killed (at least): 231\n")
    assert (
        "event types counted: all but events without violence, battles included "
        "(incidents: Battles 2,"
    ) in text
    assert "of which in battles: 2 incidents, 52 killed (clashes between armed groups)\n" in text
    assert "fighters" not in text


def test_the_command_json_carries_the_event_types_and_battles(clashes):
    out = io.StringIO()
    call_command("figure", "incidents", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["value"] == 3
    assert data["include_battles"] is False
    assert data["battles"] == {"counted": False, "incidents": 2, "value": 2}
    assert data["event_types"]["Violence against civilians"] == 1
    out = io.StringIO()
    call_command("figure", "incidents", "--event-type", "Battles", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["value"] == 2 and "battles" not in data


@pytest.mark.parametrize(
    "args, include_battles",
    [
        ((), False),
        (("--include-battles",), True),
        # A named event type: whether battles are among the types counted.
        (("--event-type", "Battles"), True),
        (("--event-type", "armed clash"), True),
        (("--event-type", "Violence against civilians"), False),
        (("--event-type", "Violence against civilians", "--include-battles"), False),
    ],
)
def test_the_command_json_says_whether_battles_were_counted(clashes, args, include_battles):
    out = io.StringIO()
    call_command("figure", "incidents", *args, "--json", stdout=out)
    assert json.loads(out.getvalue())["include_battles"] is include_battles
