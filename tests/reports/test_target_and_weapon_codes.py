"""Targets and weapons are stored as the taxonomy's codes, however a file or form spells them;
a value that names no code refuses its row (a typo would otherwise never match a figure)."""

import re
from pathlib import Path

import pytest
from django.forms import modelform_factory

from thitsa.incidents.admin import IncidentForm
from thitsa.incidents.models import Incident
from thitsa.reports.admin import SourceReportForm
from thitsa.reports.importers import kobo, thitsa_csv
from thitsa.reports.loading import import_file
from thitsa.reports.models import Source, SourceReport

DEMO = Path(__file__).resolve().parents[2] / "thitsa/publish/demo/reports.csv"
TARGET_CODES = (
    "school, health_facility, religious_site, idp_camp, market, residential, gathering, "
    "civilian_vehicle, infrastructure, aid"
)


def csv_row(targets="", weapons=""):
    row = {"source": "Myanmar Now", "text": "Jets bombed a school", "targets": targets}
    return thitsa_csv.parse(row | {"weapons": weapons}, line=2)


@pytest.mark.parametrize(
    "targets, codes",
    [
        (" School ", ["school"]),
        ("SCHOOL", ["school"]),
        ("Health facility", ["health_facility"]),  # the English label
        ("health  FACILITY", ["health_facility"]),
        ("Health_Facility", ["health_facility"]),
        ("IDP camp", ["idp_camp"]),
        ("hospital", ["health_facility"]),  # one of the taxonomy's words, as the whole value
        ("ကျောင်း", ["school"]),
        ("School; IDP camp ;school", ["school", "idp_camp"]),
    ],
)
def test_a_target_is_stored_as_its_code_however_it_is_spelled(targets, codes):
    assert csv_row(targets=targets).targets == codes


@pytest.mark.parametrize(
    "weapons, codes",
    [
        ("Unguided bomb", ["unguided_bomb"]),
        ("small arms", ["small_arms"]),
        ("Small_Arms", ["small_arms"]),
        ("bomb", ["unguided_bomb"]),
        ("Cluster munition; INCENDIARY", ["cluster_munition", "incendiary"]),
    ],
)
def test_a_weapon_is_stored_as_its_code_however_it_is_spelled(weapons, codes):
    assert csv_row(weapons=weapons).weapons == codes


@pytest.mark.django_db
def test_an_unknown_code_refuses_its_row_by_line_and_field_and_the_others_are_stored(tmp_path):
    path = tmp_path / "reports.csv"
    path.write_text(
        "report_id,source,title,text,event_date,place,targets,weapons\n"
        "c1,Myanmar Now,School bombed,Jets bombed a school,2025-05-12,Tabayin,School,bomb\n"
        "c2,Myanmar Now,School bombed,Jets bombed a school,2025-05-12,Tabayin,skool,\n"
        "c3,Myanmar Now,Village bombed,Jets bombed a village,2025-05-13,Kani,,Airstrike\n"
        "c4,Myanmar Now,Market hit,Shells hit the market,2025-05-14,Kani,market;hospital,\n",
        encoding="utf-8",
    )
    summary = import_file(path, "thitsa", progress=False)
    assert (summary.created, summary.rejected) == (2, 2)
    assert [(e.line, e.field) for e in summary.errors] == [(3, "targets"), (4, "weapons")]
    assert str(summary.errors[0]) == (
        f"line 3, field targets: unknown target 'skool': use one of {TARGET_CODES}"
    )
    assert "unknown weapon 'Airstrike' (a means of attack: for event_type): use one of" in str(
        summary.errors[1]
    )
    stored = {r.external_id: (r.targets, r.weapons) for r in SourceReport.objects.all()}
    assert stored == {
        "c1": (["school"], ["unguided_bomb"]),
        "c4": (["market", "health_facility"], []),
    }


def write_kobo(tmp_path, *answers):
    path = tmp_path / "kobo.csv"
    lines = ["reporter/organisation,incident/description,incident/targets,incident/weapons,_uuid"]
    for i, (targets, weapons) in enumerate(answers, start=1):
        lines.append(f"Sagaing Documentation Group,Jets bombed,{targets},{weapons},uuid-{i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "targets, weapons, codes",
    [
        ("School RESIDENTIAL", "unguided_BOMB", (["school", "residential"], ["unguided_bomb"])),
        # A form exported with its labels: a label has spaces of its own.
        ("School Health facility", "Unguided bomb Small arms",
         (["school", "health_facility"], ["unguided_bomb", "small_arms"])),
        ("Health facility", "", (["health_facility"], [])),
        ('"School; IDP camp"', "", (["school", "idp_camp"], [])),
    ],
)  # fmt: skip
def test_kobo_choices_are_stored_as_codes(tmp_path, targets, weapons, codes):
    [(line, row)] = kobo.read(write_kobo(tmp_path, (targets, weapons)))
    assert (row.targets, row.weapons) == codes


def test_kobo_names_the_column_and_the_unknown_choice(tmp_path):
    rows = list(kobo.read(write_kobo(tmp_path, ("school", ""), ("skool market", ""))))
    assert rows[0][1].targets == ["school"]
    line, error = rows[1]
    assert (line, error.line, error.field) == (3, 3, "incident/targets")
    assert error.reason == f"unknown target 'skool': use one of {TARGET_CODES} (submission uuid-2)"


@pytest.mark.django_db
def test_the_shipped_demo_reports_import_with_their_weapons_as_codes():
    summary = import_file(DEMO, "thitsa", progress=False)
    assert summary.rejected == 0
    weapons = dict(SourceReport.objects.values_list("external_id", "weapons"))
    # Written "unguided bomb" (the label) and "bomb" (a word for it).
    assert weapons["mn-2025-0512"] == weapons["rfa-my-2025-0512"] == ["unguided_bomb"]
    assert all(set(w) <= {"unguided_bomb", "thermobaric"} for w in weapons.values())


@pytest.mark.django_db
def test_the_admin_refuses_an_unknown_code_and_stores_a_label_as_its_code():
    report = SourceReport.objects.create(
        import_key="admin-1", source=Source.objects.create(name="Outlet"), weapons=["drone"]
    )
    form_class = modelform_factory(
        SourceReport, form=SourceReportForm, fields=["title", "targets", "weapons"]
    )
    # As the admin page posts it: each JSON field with its initial value beside it, and the
    # fingerprint of the record as the page showed it.
    unchanged = {"initial-targets": "[]", "weapons": '["drone"]', "initial-weapons": '["drone"]',
                 "shown_as": form_class(instance=report)["shown_as"].value()}  # fmt: skip
    bad = form_class({"title": "t", "targets": '["skool"]', **unchanged}, instance=report)
    assert not bad.is_valid()
    # An older report's unknown weapon, left as it was, does not block the edit of another field.
    assert list(bad.errors) == ["targets"]
    assert "unknown target 'skool'" in bad.errors["targets"][0]
    # A fresh copy, as each request of the admin reads it (the bad form wrote into its own).
    good = form_class(
        {"title": "t", "targets": '["School", "IDP camp"]', **unchanged},
        instance=SourceReport.objects.get(pk=report.pk),
    )
    assert good.is_valid(), good.errors
    assert good.cleaned_data["targets"] == ["school", "idp_camp"]


@pytest.mark.django_db
def test_the_incident_admin_refuses_an_unknown_code():
    incident = Incident(public_id="MMR-2025-009999")
    form_class = modelform_factory(Incident, form=IncidentForm, fields=["targets", "weapons"])
    bad = form_class({"targets": "school;skool", "weapons": ""}, instance=incident)
    assert not bad.is_valid()
    assert "unknown target 'skool'" in bad.errors["targets"][0]
    good = form_class({"targets": "School; market", "weapons": "Small arms"}, instance=incident)
    assert good.is_valid(), good.errors
    assert (good.cleaned_data["targets"], good.cleaned_data["weapons"]) == (
        ";school;market;",
        ";small_arms;",
    )


@pytest.mark.parametrize(
    "table, values, said",
    [
        ("weapons", ["drone"], "unknown weapon 'drone' (a means of attack: for event_type)"),
        ("weapons", ["artillery", "laser"], "'artillery': a means of attack, for event_type"),
        ("targets", ["school, hospital"], "(separate values with ';')"),
    ],
)
def test_a_refusal_says_what_to_do_instead(table, values, said):
    from thitsa.incidents.taxonomy import TARGETS, WEAPONS, UnknownCode, known_codes

    with pytest.raises(UnknownCode, match=re.escape(said)):
        known_codes({"targets": TARGETS, "weapons": WEAPONS}[table], values)


def test_plurals_and_a_forms_other_answer_are_read():
    from thitsa.incidents.taxonomy import TARGETS, WEAPONS, known_codes

    assert known_codes(WEAPONS, ["bombs", "rockets"]) == ["unguided_bomb", "rocket"]
    assert known_codes(TARGETS, ["markets", "Other"]) == ["market"]
