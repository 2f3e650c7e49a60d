"""The pages say beside their figures what `thitsa figure` says: the battles left out (or
counted, when chosen), and what rests on reports a verifier has yet to review."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from thitsa.incidents.models import Incident, MatchDecision
from thitsa.reports.models import Source, SourceReport


@pytest.fixture
def clash(world):
    return Incident.objects.create(
        public_id="MMR-2025-000010", date=date(2025, 4, 20), township=world["township"],
        state=world["state"], event_type="Battles", killed_min=9, killed_max=9, grade="weak",
        visibility="public",
    )  # fmt: skip


@pytest.fixture
def waiting(world):
    """The shelling's only report was linked by the matcher and waits for a verifier."""
    told = SourceReport.objects.create(
        import_key="k-waiting", source=Source.objects.get(name="Myanmar Now"),
        title="Shelling hits the market", event_date=date(2025, 2, 1), killed_min=3,
        killed_max=3, incident=world["shelling"],
    )  # fmt: skip
    MatchDecision.objects.create(
        report=told, incident=world["shelling"], outcome="review", judgement="unsure",
        pending=True, decided_by="match v3", score=0.6,
    )  # fmt: skip
    return told


def notes(html: str) -> str:
    return " ".join(part.split("</p>")[0] for part in html.split('class="note figure-note">')[1:])


@pytest.mark.parametrize("url", [reverse("home"), reverse("incident-list")])
def test_the_figures_say_the_battles_they_left_out(client, clash, url):
    html = client.get(url).content.decode()
    assert '<span class="value">23</span>' in html or "<strong>23</strong>" in html
    assert "Not counted: 1 battle between armed groups, with at least 9 killed." in notes(html)
    assert "fighters" not in html


def test_the_list_leaves_battles_out_as_its_figures_do(client, clash):
    html = client.get(reverse("incident-list")).content.decode()
    assert "<strong>2</strong> incidents, at least <strong>23</strong> people killed" in html
    assert "MMR-2025-000010" not in html
    chosen = (
        '<option value="" selected>attacks: all but battles and events without violence</option>'
    )
    assert chosen in html


def test_the_list_counts_battles_when_chosen_and_says_how_many(client, clash):
    html = client.get(reverse("incident-list") + "?event_type=all").content.decode()
    assert "<strong>3</strong> incidents, at least <strong>32</strong> people killed" in html
    assert "Of these, 1 is a battle between armed groups, with at least 9 killed." in notes(html)
    assert "fighters" not in html
    assert "MMR-2025-000010" in html
    html = client.get(reverse("incident-list") + "?event_type=Battles").content.decode()
    assert "<strong>1</strong> incident, at least <strong>9</strong> people killed" in html
    assert notes(html) == ""


@pytest.mark.parametrize("url", [reverse("home"), reverse("incident-list")])
def test_the_figures_say_what_rests_on_reports_awaiting_review(client, world, waiting, url):
    html = client.get(url).content.decode()
    assert notes(html) == (
        "1 of these incidents rests in part on reports a verifier has yet to review."
    )


def test_the_notes_are_in_burmese_on_burmese_pages(world, clash, waiting):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    said = notes(client.get(reverse("home")).content.decode())
    assert "ထည့်မရေတွက်ထားပါ - လက်နက်ကိုင်အဖွဲ့များအကြား တိုက်ပွဲ ၁ ခု၊ အနည်းဆုံး ၉ ဦး သေဆုံး။" in said
    assert "တိုက်ခိုက်ရေးသမား" not in said  # fighters
    assert "ဤဖြစ်စဉ်များအနက် ၁ ခုသည် စိစစ်သူ မစိစစ်ရသေးသော" in said
    html = client.get(reverse("incident-list")).content.decode()
    assert ">တိုက်ခိုက်မှုများ - တိုက်ပွဲများနှင့် အကြမ်းဖက်မှုမပါသော ဖြစ်စဉ်များမှလွဲ၍ အားလုံး</option>" in html


def test_the_map_says_the_battles_it_left_out(client, clash):
    html = client.get(reverse("map")).content.decode()
    assert "Not counted: 1 battle between armed groups, with at least 9 killed." in notes(html)
    html = client.get(reverse("map") + "?event_type=all").content.decode()
    assert "Of these, 1 is a battle between armed groups, with at least 9 killed." in notes(html)
    assert notes(client.get(reverse("map") + "?event_type=Battles").content.decode()) == ""


def test_the_map_says_what_rests_on_reports_awaiting_review(client, world, waiting):
    html = client.get(reverse("map")).content.decode()
    assert notes(html) == (
        "1 of these incidents rests in part on reports a verifier has yet to review."
    )


AWAITING = "These figures and the grade rest in part on reports a verifier has yet to review."


def test_an_incident_page_says_when_it_rests_on_reports_awaiting_review(client, world, waiting):
    html = client.get(reverse("incident-detail", args=["MMR-2025-000002"])).content.decode()
    assert AWAITING in html
    html = client.get(reverse("incident-detail", args=["MMR-2025-000001"])).content.decode()
    assert "yet to review" not in html


def test_an_incident_page_says_nothing_of_a_decision_on_a_report_no_longer_linked(
    client, world, waiting
):
    waiting.link_to(world["airstrike"], 0.9, "verifier")
    html = client.get(reverse("incident-detail", args=["MMR-2025-000002"])).content.decode()
    assert "yet to review" not in html
    html = client.get(reverse("incident-detail", args=["MMR-2025-000001"])).content.decode()
    assert "yet to review" not in html


def test_the_incident_page_says_it_in_burmese(world, waiting):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    html = client.get(reverse("incident-detail", args=["MMR-2025-000002"])).content.decode()
    assert (
        "ဤကိန်းဂဏန်းများနှင့် ခိုင်လုံမှုအဆင့်သည် စိစစ်သူ မစိစစ်ရသေးသော သတင်းပို့ချက်များအပေါ် တစ်စိတ်တစ်ပိုင်း အခြေခံထားသည်။"
    ) in html


def test_the_latest_incidents_beside_the_headline_are_those_it_counts(client, clash):
    html = client.get(reverse("home")).content.decode()
    assert "MMR-2025-000001" in html  # an attack the headline counts
    assert "MMR-2025-000010" not in html  # the battle it leaves out


def grade_notes(html: str) -> str:
    return " ".join(part.split("</p>")[0] for part in html.split('class="note grade-note">')[1:])


@pytest.mark.parametrize("url", [reverse("home"), reverse("incident-list")])
def test_the_figures_say_which_grades_they_counted(client, world, url):
    # Found by a user: the command and the API said which grades a figure counted, the pages
    # did not (and counted single-source incidents).
    said = grade_notes(client.get(url).content.decode())
    assert said.startswith("Incidents counted, by grade: ")
    assert said.endswith(". Discounted incidents are not counted.")
    burmese = Client()
    burmese.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    said = grade_notes(burmese.get(url).content.decode())
    assert said.startswith("ခိုင်လုံမှုအဆင့်အလိုက် ရေတွက်ထားသော ဖြစ်စဉ်များ - ")


def test_the_list_says_what_its_dates_left_out(client, world):
    Incident.objects.create(
        public_id="MMR-2025-000011", date=date(2025, 1, 1), date_precision="year",
        township=world["township"], state=world["state"], killed_min=40, killed_max=40,
        grade="weak", visibility="public",
    )  # fmt: skip
    html = client.get(reverse("incident-list") + "?since=2025-01-01&until=2025-01-31")
    assert "Not counted: 1 incident known only to a week, month or year" in grade_notes(
        html.content.decode()
    )


def test_battles_with_no_one_counted_killed_are_not_said_to_have_at_least_0(client, world):
    """Found by a journalist: "Not counted: 38 battles ... with at least 0 killed" read as no one
    died (ACLED's fighters are not counted as killed in attacks)."""
    Incident.objects.create(
        public_id="MMR-2025-000011", date=date(2025, 4, 21), township=world["township"],
        state=world["state"], event_type="Battles", killed_min=0, killed_max=0, grade="weak",
        visibility="public",
    )  # fmt: skip
    said = notes(client.get(reverse("incident-list")).content.decode())
    assert "Not counted: 1 battle between armed groups." in said
    assert "at least 0" not in said
