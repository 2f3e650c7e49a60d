import csv
import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from thitsa.reports.importers import kobo
from thitsa.reports.loading import import_file
from thitsa.reports.models import Source, SourceReport, Witness
from thitsa.reports.records import ImportFormatError, RowError

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "kobo_sample.csv"
MAPPING = Path(kobo.__file__).parents[1] / "samples" / "kobo_mapping.yaml"
UUID = "7c1f3a4e-0b7e-4c55-9f1e-2a8d1c00000"


def store(path, mapping=None):
    """What `thitsa import PATH --format kobo --mapping FILE` stores, without the command."""
    import inspect

    from thitsa.reports import loading

    if "options" in inspect.signature(import_file).parameters:
        return import_file(path, "kobo", progress=False, options={"mapping": mapping})
    original = loading.IMPORTERS["kobo"]
    loading.IMPORTERS["kobo"] = lambda p: original(p, mapping=mapping)
    try:
        return import_file(path, "kobo", progress=False)
    finally:
        loading.IMPORTERS["kobo"] = original


def rows_of(path, mapping=None):
    return list(kobo.read(path, mapping=mapping))


@pytest.mark.django_db
def test_it_imports_kobo_submissions_with_the_built_in_mapping():
    summary = store(SAMPLE)
    assert (summary.created, summary.rejected) == (4, 2)
    school = SourceReport.objects.get(external_id=f"{UUID}1")
    assert school.source.name == "Sagaing Documentation Group"
    assert school.source.kind == "cso"
    assert school.import_format == "kobo"
    assert school.event_date.isoformat() == "2025-05-12"
    assert school.place_text == "Let Yet Kone, Tabayin"
    assert school.place.township_id == "MMR005010"
    assert (school.latitude, school.longitude) == (22.6768, 95.4024)
    assert school.title == "Jet bombs village school"
    assert school.text.startswith("A jet dropped two bombs")
    assert school.event_type == "airstrike"
    assert school.targets == ["school", "residential"]
    assert school.weapons == ["unguided_bomb"]
    assert (school.killed_min, school.injured_min, school.killed_children_min) == (22, 40, 20)
    assert school.casualty_forms["injured"] == "at_least"
    assert school.published_at.isoformat() == "2025-05-13T02:51:12+00:00"
    assert school.language == "en"
    assert school.extra == {
        "incident/reviewer_note": "checked against clinic list",
        "kobo_id": "1001",
    }
    burmese = SourceReport.objects.get(external_id=f"{UUID}2")
    assert burmese.event_date.isoformat() == "2025-05-14"
    assert (burmese.killed_min, burmese.injured_min) == (3, 5)
    assert burmese.place_id == "MMR005017"  # ကနီ, Kani
    demoso = SourceReport.objects.get(external_id=f"{UUID}6")
    assert demoso.source.name == "Karenni Human Rights Group"
    assert (demoso.killed_min, demoso.injured_children_min) == (6, 3)


@pytest.mark.django_db
def test_witnesses_from_the_form_are_encrypted_and_enumerators_are_not_kept():
    store(SAMPLE)
    witness = Witness.objects.get()
    assert (witness.name, witness.contact) == ("Daw Aye Aye", "+95 9 444 555 666")
    assert witness.notes.startswith("Hid in the monastery")
    for report in SourceReport.objects.all():
        text = " ".join(f"{k}={v}" for k, v in report.extra.items())
        assert "enumerator_7" not in text and "Aye Aye" not in text and "+95" not in text


@pytest.mark.django_db
def test_bad_kobo_rows_are_named_by_line_and_column():
    summary = store(SAMPLE)
    assert [(e.line, e.field) for e in summary.errors] == [
        (5, "incident/date"),
        (6, "casualties/killed"),
    ]
    assert "2025-02-30" in str(summary.errors[0]) and "many" in str(summary.errors[1])


@pytest.mark.django_db
def test_importing_the_kobo_export_twice_adds_nothing():
    store(SAMPLE)
    again = store(SAMPLE)
    assert (again.created, again.existing) == (0, 4)
    assert SourceReport.objects.count() == 4
    assert Witness.objects.count() == 1


@pytest.mark.django_db
def test_a_mapping_file_sets_the_group_as_source_for_every_submission():
    summary = store(SAMPLE, mapping=MAPPING)
    assert summary.created == 4
    assert set(Source.objects.values_list("name", flat=True)) == {"Sagaing Documentation Group"}
    assert SourceReport.objects.get(external_id=f"{UUID}2").language == "my"


@pytest.mark.django_db
def test_it_reads_the_xlsx_export_like_the_csv(tmp_path):
    with open(SAMPLE, encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    book = Workbook()
    sheet = book.active
    for values in table:
        sheet.append([int(v) if v.isdigit() and len(v) < 6 else v for v in values])
    book.create_sheet("repeat_victims").append(["name", "_parent_index"])
    path = tmp_path / "Incident_report_-_all_versions.xlsx"
    book.save(path)
    renamed = tmp_path / "export.csv"  # a workbook is known by its bytes, not its name
    renamed.write_bytes(path.read_bytes())
    assert store(renamed).created == 4
    SourceReport.objects.all().delete()
    summary = store(path)
    assert (summary.created, summary.rejected) == (4, 2)
    assert [(e.line, e.field) for e in summary.errors] == [
        (5, "incident/date"),
        (6, "casualties/killed"),
    ]
    assert SourceReport.objects.get(external_id=f"{UUID}1").killed_min == 22


def test_every_wrong_answer_of_a_submission_is_named_at_once(tmp_path):
    path = tmp_path / "odk.csv"
    path.write_text(
        "SubmissionDate,reporter-organisation,incident-date,incident-township,"
        "location-Latitude,location-Longitude,incident-description,casualties-killed,KEY\n"
        "2025-05-13T02:51:12Z,Magway Monitor,2025-02-30,Gangaw,95.2,,Houses burned,many,"
        "uuid:abc\n",
        encoding="utf-8",
    )
    [(line, error)] = rows_of(path)
    assert [(e.line, e.field) for e in error.each()] == [
        (2, "incident-date"), (2, "location-Latitude"), (2, "casualties-killed"),
    ]  # fmt: skip


def test_odk_central_columns_and_semicolons_are_understood(tmp_path):
    path = tmp_path / "odk.csv"
    path.write_text(
        "SubmissionDate;reporter-organisation;incident-date;incident-township;"
        "location-Latitude;location-Longitude;incident-description;casualties-killed;KEY\n"
        "2025-05-13T02:51:12Z;Magway Monitor;12/05/2025;Gangaw;22.25;94.18;Houses burned;"
        "20-25;uuid:abc\n",
        encoding="utf-8",
    )
    [(line, row)] = rows_of(path)
    assert line == 2
    assert (row.source, row.external_id, row.place_text) == ("Magway Monitor", "abc", "Gangaw")
    assert row.event_date.isoformat() == "2025-05-12"
    assert (row.latitude, row.longitude) == (22.25, 94.18)
    assert (row.casualties["killed"].min, row.casualties["killed"].max) == (20, 25)


def test_odk_centrals_device_id_and_grouped_device_ids_are_not_kept(tmp_path):
    # ODK Central writes "DeviceID" (an old ODK Collect's IMEI): the lower-case rule missed it.
    path = tmp_path / "odk.csv"
    path.write_text(
        "SubmissionDate,reporter-organisation,incident-date,incident-township,"
        "incident-description,DeviceID,grp-deviceid,Edits,End,KEY\n"
        "2025-05-13T02:51:12Z,Magway Monitor,12/05/2025,Gangaw,Houses burned,"
        "imei:356938035643809,collect:xyz,0,burned at the end,uuid:abc\n",
        encoding="utf-8",
    )
    [(_line, row)] = rows_of(path)
    assert "Edits" in row.extra and "End" in row.extra  # a question, not ODK's own "end"
    kept = " ".join(f"{k}={v}" for k, v in row.extra.items())
    assert "356938035643809" not in kept and "xyz" not in kept


def test_who_took_the_testimony_is_not_kept(tmp_path):
    """Found by a security review: a form's "enumerator_name" question was kept in plain text
    in the report's extra columns, though who submitted a form never is."""
    path = tmp_path / "odk.csv"
    path.write_text(
        "SubmissionDate,reporter-organisation,incident-date,incident-township,"
        "incident-description,enumerator_name,grp/interviewer,KEY\n"
        "2025-05-13T02:51:12Z,Magway Monitor,12/05/2025,Gangaw,Houses burned,Ko Enum,Ma Int,"
        "uuid:abc\n",
        encoding="utf-8",
    )
    [(_line, row)] = rows_of(path)
    assert "Ko Enum" not in str(row.extra) and "Ma Int" not in str(row.extra)


@pytest.mark.parametrize(
    "column",
    ["grp_wit/second_witness", "informant-phone", "ဆက်သွယ်ရန်", "grp_witness/name", "grp/email"],
)
def test_a_question_about_a_witness_left_out_of_the_mapping_is_refused(tmp_path, column):
    # Left out, it was kept in the report's extra fields in plain text, a witness's name beside
    # the encrypted one.
    path = tmp_path / "form.csv"
    path.write_text(
        f"_uuid,reporter/organisation,incident/date,incident/township,incident/description,{column}\n"
        "u1,Magway Monitor,2025-05-12,Gangaw,Houses burned,Ko Min Min\n",
        encoding="utf-8",
    )
    with pytest.raises(RowError, match="witness_name, witness_contact or restricted_notes") as e:
        rows_of(path)
    assert column in str(e.value)


@pytest.mark.parametrize(
    "mapping, message",
    [
        ("fields:\n  event_day: incident/date\n", "unknown field event_day"),
        ("fields:\n  event_date: incident/when\n", "no column 'incident/when'"),
        ("constants:\n  source_kind: blog\n", "source_kind 'blog'"),
        ("- just\n- a list\n", "constants:"),
        ("fields: [unclosed\n", "not YAML"),
        # A line left blank while copying the sample: no source called "None", no column "None".
        ("constants:\n  source:\n", "constants: source is blank"),
        ("fields:\n  text:\n", "fields: text is blank"),
        ("fields:\n  place:\n    - incident/village\n    -\n", "fields: place is blank"),
        ("constants:\n  source: [A, B]\n", "constants: source is one value"),
        # Found by a group: the last of two `title:` lines won, and a narrative was the title.
        ("fields:\n  title: grp/headline\n  title: grp/narrative\n", "'title' is written twice"),
    ],
)
def test_a_wrong_mapping_is_refused_with_a_reason(tmp_path, mapping, message):
    path = tmp_path / "mapping.yaml"
    path.write_text(mapping, encoding="utf-8")
    with pytest.raises(RowError, match=message):
        rows_of(SAMPLE, mapping=path)


def test_a_mapping_not_in_utf8_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_bytes('constants:\n  source: "Kaç group"\n'.encode("latin-1"))
    with pytest.raises(RowError, match=r"not UTF-8 \(byte 0xe7\): save it as UTF-8"):
        rows_of(SAMPLE, mapping=path)


def test_a_file_without_words_or_ids_is_refused_at_its_header(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("reporter/organisation,incident/description\nA,b\n", encoding="utf-8")
    with pytest.raises(RowError, match="no submission id") as caught:
        rows_of(path)
    assert (caught.value.line, caught.value.field) == (1, "header")


@pytest.mark.django_db
def test_the_import_command_reads_kobo_with_the_built_in_mapping():
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 row"):
        call_command(
            "import",
            str(SAMPLE),
            format="kobo",
            stdout=io.StringIO(),
            stderr=err,
            no_progress=True,
            no_match=True,
        )
    assert "line 5, field incident/date" in err.getvalue()
    assert SourceReport.objects.count() == 4


@pytest.mark.parametrize("cut", [0, 3000])
def test_a_workbook_that_cannot_be_read_is_refused_with_its_name(tmp_path, cut):
    # A CSV saved under a .xlsx name (cut 0), or a download cut short.
    book = Workbook()
    book.active.append(["_uuid", "organisation", "description"])
    whole = tmp_path / "whole.xlsx"
    book.save(whole)
    path = tmp_path / "export.xlsx"
    path.write_bytes(whole.read_bytes()[:cut] if cut else b"_uuid,organisation,description\n")
    with pytest.raises(ImportFormatError, match="export.xlsx: not an Excel workbook"):
        rows_of(path)


@pytest.mark.parametrize("written", ["yesterday", "မနေ့က"])
def test_a_relative_date_is_read_against_the_submission_time(tmp_path, written):
    """Without a question of its own for the published date, a submission's is its time: the
    row was refused as "'yesterday' needs the published date" although it had one."""
    path = tmp_path / "kobo.csv"
    path.write_text(
        "organisation,date,township,description,_uuid,_submission_time\n"
        f"Magway Monitor,{written},Gangaw,Houses burned,abc,2025-05-13T02:51:12\n",
        encoding="utf-8",
    )
    [(line, row)] = rows_of(path)
    assert not isinstance(row, RowError), row
    assert row.event_date.isoformat() == "2025-05-12"
    assert row.published_at.isoformat() == "2025-05-13T02:51:12+00:00"


def test_a_relative_date_counts_from_the_submission_day_in_myanmar(tmp_path):
    """Kobo writes the submission time in UTC: 20:00 UTC on the 12th is 02:30 on the 13th in
    Yangon, so the documenter's "yesterday" is the 12th, not the 11th."""
    path = tmp_path / "kobo.csv"
    path.write_text(
        "organisation,date,township,description,_uuid,_submission_time\n"
        "Magway Monitor,yesterday,Gangaw,Houses burned,abc,2025-05-12T20:00:00\n",
        encoding="utf-8",
    )
    [(line, row)] = rows_of(path)
    assert row.published_at.isoformat() == "2025-05-12T20:00:00+00:00"
    assert row.event_date.isoformat() == "2025-05-12"


@pytest.mark.django_db
def test_a_typo_fixed_in_the_mappings_source_stores_nothing_again(tmp_path):
    """Found by a review of the importers: a Kobo submission was keyed by its group's name
    and its _uuid, so fixing "Sagiang Documentaion Group" in the mapping stored every
    submission again under a second source, and each incident counted two sources."""
    typo = tmp_path / "typo.yaml"
    typo.write_text(
        MAPPING.read_text(encoding="utf-8").replace(
            "source: Sagaing Documentation Group", "source: Sagiang Documentaion Group"
        ),
        encoding="utf-8",
    )
    assert store(SAMPLE, mapping=typo).created == 4
    again = store(SAMPLE, mapping=MAPPING)
    assert (again.created, again.existing) == (0, 4)
    assert SourceReport.objects.count() == 4


@pytest.mark.django_db
def test_the_migration_keys_kobo_submissions_by_their_uuid_alone(tmp_path):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("thitsa.reports.migrations.0009_kobo_keys_by_uuid")
    store(SAMPLE, mapping=MAPPING)
    # As they were keyed before: the group's name beside the _uuid.
    for r in SourceReport.objects.all():
        old = ["id", "kobo", r.source.name.casefold(), r.external_id]
        SourceReport.objects.filter(pk=r.pk).update(
            import_key=hashlib.sha256("\x1f".join(old).encode()).hexdigest()
        )
    migration.kobo_keys_by_uuid(apps, None)
    again = store(SAMPLE, mapping=MAPPING)
    assert (again.created, again.existing) == (0, 4)


def test_a_column_named_twice_is_named_so(tmp_path):
    # Found by a review: "'killed' could be any of casualties/killed, casualties/killed".
    path = tmp_path / "twice.csv"
    path.write_text(
        "_uuid,text,casualties/killed,casualties/killed\nu1,Jets bombed,1,2\n", encoding="utf-8"
    )
    with pytest.raises(RowError, match="the column casualties/killed comes twice"):
        rows_of(path)


def test_a_column_a_mapping_names_in_full_twice_is_named_so(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("_uuid,text,killed,killed\nu1,Jets bombed,1,2\n", encoding="utf-8")
    with pytest.raises(RowError, match="the column killed comes twice"):
        rows_of(path)


HEADER = "organisation,date,township,description,killed,_uuid,meta/rootUuid,_id\n"


@pytest.mark.django_db
# With "." between groups too (found by a data manager: the edit was a second report again).
@pytest.mark.parametrize("root", ["meta/rootUuid", "meta.rootUuid", "meta-rootUuid"])
def test_a_submission_edited_in_kobo_is_corrected_not_stored_twice(tmp_path, root):
    """Found by a group's import: an edit in Kobo (12 killed, then 9) gives the submission a new
    _uuid; keyed by it, the edit was a second report, and the incident kept 12."""
    from thitsa.reports import loading

    header = HEADER.replace("meta/rootUuid", root)
    path = tmp_path / "v1.csv"
    path.write_text(header + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,12,aaa,uuid:aaa,7\n")
    assert store(path).created == 1
    path.write_text(header + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,9,bbb,uuid:aaa,7\n")
    summary = loading.import_file(path, "kobo", progress=False, update=True)
    assert (summary.created, summary.corrected) == (0, 1)
    report = SourceReport.objects.get()
    assert (report.killed_min, report.external_id) == (9, "aaa")


@pytest.mark.django_db
def test_a_submission_stored_by_its_edited_uuid_is_found_by_it_once(tmp_path):
    """Imported before Thitsa read rootUuid, an edited submission is stored under its second
    _uuid; the next export (edited again) finds it, and keys it by the first one's from then."""
    from thitsa.reports import loading

    before = tmp_path / "before.csv"
    before.write_text(
        "organisation,date,township,description,killed,_uuid,_id\n"
        "Magway Monitor,2025-05-12,Gangaw,Jets bombed,12,bbb,7\n"
    )
    assert store(before).created == 1
    path = tmp_path / "later.csv"
    path.write_text(HEADER + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,9,bbb,uuid:aaa,7\n")
    assert loading.import_file(path, "kobo", progress=False, update=True).corrected == 1
    path.write_text(HEADER + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,8,ccc,uuid:aaa,7\n")
    assert loading.import_file(path, "kobo", progress=False, update=True).corrected == 1
    report = SourceReport.objects.get()
    assert (report.killed_min, report.external_id) == (8, "aaa")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column",
    ["grp_source/src_name", "grp_source/src_nrc", "grp_source/src_fb", "reporter_tel",
     "grp_victims/victim_names", "အမည်",
     # As forms abbreviate them (found by a data manager: kept in plain text).
     "grp_cas/dead_names", "grp_wit/wit2_nm", "grp_wit/wit2_mob", "wit_ph", "src_nm",
     "ph_no", "deceased_name"],
)  # fmt: skip
def test_a_persons_name_id_card_or_account_must_be_mapped(tmp_path, column):
    """Found by a group's import: an informant's name, NRC number and Facebook account in
    columns named so were kept in plain text among the report's other columns."""
    path = tmp_path / "kobo.csv"
    path.write_text(
        f"organisation,date,township,description,_uuid,{column}\n"
        "Magway Monitor,2025-05-12,Gangaw,Jets bombed,u1,Ko Secret\n",
        encoding="utf-8",
    )
    with pytest.raises(RowError, match="may hold a witness's details"):
        rows_of(path)
    assert SourceReport.objects.count() == 0


def test_a_village_name_column_is_no_persons(tmp_path):
    path = tmp_path / "kobo.csv"
    path.write_text(
        "organisation,date,township,description,_uuid,grp_incident/village_name\n"
        "Magway Monitor,2025-05-12,Gangaw,Jets bombed,u1,Kyauk Kar\n",
        encoding="utf-8",
    )
    [(_line, row)] = rows_of(path)
    assert row.extra["grp_incident/village_name"] == "Kyauk Kar"


@pytest.mark.django_db
def test_a_submission_not_approved_in_kobo_is_kept_but_not_counted(tmp_path):
    """Found by a group's import: a training entry marked "Not Approved" in Kobo (99 killed)
    opened an incident and went into the figure; its status was not even kept."""
    from thitsa.figures.query import Filters, evaluate
    from thitsa.incidents.matching import match_reports

    path = tmp_path / "kobo.csv"
    path.write_text(
        "organisation,date,township,description,killed,_uuid,_validation_status\n"
        "Magway Monitor,2025-05-12,Gangaw,TEST ignore,99,u1,Not Approved\n"
        "Magway Monitor,2025-05-13,Pauk,Jets bombed,3,u2,Approved\n",
        encoding="utf-8",
    )
    assert store(path).created == 2
    match_reports()
    test, real = SourceReport.objects.order_by("id")
    assert (test.credibility, test.extra["kobo_validation"]) == (5, "Not Approved")
    assert real.credibility == 6
    assert evaluate("killed", Filters(), public_only=False).value == 3


@pytest.mark.django_db
def test_a_witness_name_typed_in_zawgyi_is_stored_in_unicode(tmp_path):
    """Found by a group's import: the Zawgyi name showed as empty boxes on the witness page."""
    from thitsa.reports.models import Witness

    path = tmp_path / "kobo.csv"
    path.write_text(
        "organisation,date,township,description,_uuid,witness/witness_name\n"
        "Magway Monitor,2025-05-12,Gangaw,ဂ်က္ေလယာဥ္ ဗံုးႀကဲ,u1,ကိုမ်ိဳးမင္းထက္\n",
        encoding="utf-8",
    )
    assert store(path).created == 1
    witness = Witness.objects.get()
    assert witness.name == "ကိုမျိုးမင်းထက်"
    assert "ကိုမ်ိဳးမင္းထက္" not in str(SourceReport.objects.get().extra)


def test_a_refused_submission_is_named_by_its_id(tmp_path):
    """Found by a group: narratives over several lines put the error at "line 36" of a row
    the spreadsheet shows as 15; nothing named the submission to find in Kobo."""
    path = tmp_path / "kobo.csv"
    path.write_text(
        "organisation,date,township,description,_uuid,_id\n"
        'Magway Monitor,2025-05-12,Gangaw,"Jets bombed\nthe school",u1,41870001\n'
        "Magway Monitor,2025-02-30,Gangaw,Houses burned,u2,41870002\n",
        encoding="utf-8",
    )
    rows = rows_of(path)
    assert isinstance(rows[1][1], RowError)
    assert str(rows[1][1]).endswith("(submission 41870002)")


GROUP_FORM = (
    "grp/org,grp/when,grp/tsp,grp/what,grp/attack,grp/hit,grp/dead,_uuid\n"
    "Magway Monitor,2025-05-12,Gangaw,Jets bombed the school,air_strike,sch mkt,3,c1\n"
    "Magway Monitor,2025-05-13,Gangaw,Shells fell on the market,heavy_wpn,mkt oth,1,c2\n"
    "Magway Monitor,2025-05-14,Gangaw,Something happened,other,,0,c3\n"
)
GROUP_FIELDS = (
    "fields:\n  source: grp/org\n  event_date: grp/when\n  place: grp/tsp\n  text: grp/what\n"
    "  event_type: grp/attack\n  targets: grp/hit\n  killed: grp/dead\n"
)


@pytest.mark.django_db
def test_a_forms_own_choice_names_are_told_in_the_mapping(tmp_path):
    """Found by a group's import: its form's choices (air_strike, heavy_wpn; sch, mkt) were
    stored as types no figure or match reads, and a target choice Thitsa did not know refused
    the submission; the group cannot rename the choices of answers already given."""
    path = tmp_path / "form.csv"
    path.write_text(GROUP_FORM, encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        GROUP_FIELDS + "choices:\n"
        "  event_type:\n    air_strike: Air/drone strike\n"
        "    heavy_wpn: Shelling/artillery/missile attack\n    other:\n"
        "  targets:\n    sch: school\n    mkt: market\n    oth:\n",
        encoding="utf-8",
    )
    summary = store(path, mapping=mapping)
    assert (summary.created, summary.rejected) == (3, 0)
    told = {r.external_id: (r.event_type, r.targets) for r in SourceReport.objects.all()}
    assert told == {
        "c1": ("Air/drone strike", ["school", "market"]),
        "c2": ("Shelling/artillery/missile attack", ["market"]),
        "c3": ("", []),
    }


def test_choice_names_read_as_words_and_other_is_no_type(tmp_path):
    """Without a `choices:` section, `air_strike` was no event type at all and `other` was
    ACLED's "Other" sub-event type, a strategic development rather than an attack."""
    from thitsa.incidents.taxonomy import event_type_of

    path = tmp_path / "form.csv"
    path.write_text(GROUP_FORM.replace("sch mkt", "school market").replace("mkt oth", "market"))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(GROUP_FIELDS, encoding="utf-8")
    types = [row.event_type for _line, row in rows_of(path, mapping=mapping)]
    assert types == ["air strike", "heavy wpn", ""]
    assert event_type_of(types[0]) == "Explosions/Remote violence"
    assert event_type_of("armed_clash") == "Battles"


@pytest.mark.parametrize(
    "choices, message",
    [
        ("  targets:\n    sch: skool\n", r"choices: targets: sch: 'skool' is none of school"),
        ("  event_type:\n    x: whatever\n", "names no ACLED event type"),
        ("  killed:\n    many: 100\n", "choices: killed has no choices"),
        ("  targets: [school]\n", "choices: targets must map each choice name"),
        ("  source_kind:\n    ngo: charity\n", "'charity' is not one of"),
    ],
)
def test_a_wrong_choice_in_the_mapping_is_refused_with_its_name(tmp_path, choices, message):
    path = tmp_path / "form.csv"
    path.write_text(GROUP_FORM, encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(GROUP_FIELDS + "choices:\n" + choices, encoding="utf-8")
    with pytest.raises(RowError, match=message):
        rows_of(path, mapping=mapping)


WITNESSED = "organisation,date,township,description,killed,witness_name,witness_phone,_uuid\n"


@pytest.mark.django_db
def test_a_witness_corrected_in_kobo_is_taken_with_update_only(tmp_path):
    """Found by a group's import: a witness's phone number corrected in Kobo (the first was a
    neighbour's) stayed as it was with --update, and the import said nothing of it."""
    from thitsa.reports import loading

    path = tmp_path / "v1.csv"
    path.write_text(WITNESSED + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,12,Ko Aung,0911,w1\n")
    assert store(path).created == 1
    path.write_text(WITNESSED + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,12,Ko Aung,0922,w1\n")
    summary = loading.import_file(path, "kobo", progress=False)
    assert (summary.existing, summary.rejected) == (0, 1)
    message = str(summary.errors[0])
    assert "other witness details" in message and "--update" in message
    assert "0922" not in message and "0911" not in message and "Aung" not in message
    assert Witness.objects.get().contact == "0911"
    summary = loading.import_file(path, "kobo", progress=False, update=True)
    assert (summary.corrected, summary.existing, summary.rejected) == (1, 0, 0)
    witness = Witness.objects.get()
    assert (witness.name, witness.contact) == ("Ko Aung", "0922")
    report = SourceReport.objects.get()
    assert report.extra["corrections"][-1]["was"] == "the witness's details"
    assert "0911" not in str(report.extra)
    again = loading.import_file(path, "kobo", progress=False, update=True)
    assert (again.corrected, again.existing) == (0, 1)
    # With a count corrected too: one correction, both taken.
    path.write_text(WITNESSED + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,9,Ko Aung,0933,w1\n")
    summary = loading.import_file(path, "kobo", progress=False, update=True)
    assert (summary.corrected, summary.existing) == (1, 0)
    assert (SourceReport.objects.get().killed_min, Witness.objects.get().contact) == (9, "0933")


@pytest.mark.django_db
def test_a_witness_erased_in_kobo_is_erased_with_update(tmp_path):
    """Found by a data manager: a witness's name and phone erased in Kobo (after an arrest, or
    at the witness's request) stayed in Thitsa with --update, and the import said nothing."""
    from thitsa.reports import loading

    path = tmp_path / "v1.csv"
    path.write_text(WITNESSED + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,12,Ko Aung,0911,w1\n")
    store(path)
    path.write_text(WITNESSED + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,12,,,w1\n")
    refused = loading.import_file(path, "kobo", progress=False)
    assert "other witness details" in str(refused.errors[0])
    assert Witness.objects.get().contact == "0911"
    summary = loading.import_file(path, "kobo", progress=False, update=True)
    assert (summary.corrected, summary.rejected) == (1, 0)
    assert not Witness.objects.exists()
    # A submission never witnessed stores none, blank questions and all.
    path.write_text(WITNESSED + "Magway Monitor,2025-05-13,Gangaw,Shells fell,2,,,w2\n")
    assert store(path).created == 1 and not Witness.objects.exists()


@pytest.mark.django_db
def test_a_submission_deleted_in_kobo_is_named_by_the_next_import(tmp_path):
    """Found by a group's import: a submission deleted in Kobo (a duplicate) stayed in Thitsa,
    counted, and the import of the next export said nothing of it."""
    from thitsa.reports import loading

    rows = [f"Magway Monitor,2025-05-1{n},Gangaw,Jets bombed,{n},d{n},uuid:d{n},{n}\n"
            for n in range(1, 4)]  # fmt: skip
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "".join(rows))
    assert store(path).created == 3
    path.write_text(HEADER + rows[0] + rows[2])
    summary = loading.import_file(path, "kobo", progress=False, update=True)
    assert summary.absent == ["d2"] and "(deleted at the source?): d2" in str(summary)


CONSENTED_FORM = (
    "grp/org,grp/when,grp/tsp,grp/what,grp/dead,grp/consent,grp/wit_name,_uuid\n"
    "Magway Monitor,2025-05-12,Gangaw,Jets bombed the school,3,yes,Daw Consented,k1\n"
    "Magway Monitor,2025-05-13,Gangaw,Shells fell on the market,7,refuse,Daw Refused,k2\n"
    "Magway Monitor,2025-05-14,Gangaw,,,,,k3\n"
)


@pytest.mark.django_db
def test_a_submission_without_consent_is_not_stored_and_is_counted(tmp_path):
    """Found by a data manager: a submission whose witness refused consent was stored with
    the witness's name and phone, counted in figures and publishable; one whose answers skip
    logic blanked was refused as "no words", in every later export too."""
    path = tmp_path / "form.csv"
    path.write_text(CONSENTED_FORM, encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        GROUP_FIELDS.replace("  event_type: grp/attack\n  targets: grp/hit\n", "")
        + "  witness_name: grp/wit_name\n"
        + "consent:\n  question: grp/consent\n  given: [yes, agree]\n",
        encoding="utf-8",
    )
    summary = store(path, mapping=mapping)
    assert (summary.created, summary.rejected, summary.errors) == (1, 0, [])
    assert "2 without consent, not stored" in str(summary)
    assert list(SourceReport.objects.values_list("external_id", flat=True)) == ["k1"]
    assert not SourceReport.objects.filter(witness__isnull=False).exclude(external_id="k1")


def test_a_mapping_without_the_consent_answers_is_refused(tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(GROUP_FIELDS + "consent:\n  question: grp/consent\n", encoding="utf-8")
    with pytest.raises(RowError, match="`consent:` needs `question:`"):
        kobo.load_mapping(mapping)


@pytest.mark.django_db
@pytest.mark.parametrize("separator", [".", "-", None])
def test_a_mapping_with_group_paths_reads_an_export_of_another_layout(tmp_path, separator):
    """Found by a data manager: a mapping written with "grp/when" failed on the same form's
    export with "." between groups, or without groups ("no column 'grp/when'")."""
    form = GROUP_FORM.replace("sch mkt", "school market").replace("mkt oth", "market")
    header, *rows = form.splitlines()
    columns = [
        c if c.startswith("_") else (c.replace("/", separator) if separator else c.split("/")[1])
        for c in header.split(",")
    ]
    path = tmp_path / "form.csv"
    path.write_text("\n".join([",".join(columns), *rows]) + "\n", encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(GROUP_FIELDS.replace("  event_type: grp/attack\n", ""), encoding="utf-8")
    summary = store(path, mapping=mapping)
    assert summary.created == 3, summary


@pytest.mark.django_db
def test_a_refused_row_says_the_look_for_deleted_submissions_was_left_out(tmp_path):
    """Found by a data manager: one refused submission, in every export after, ended the look
    for those deleted in Kobo, and the summary said nothing."""
    from thitsa.reports import loading

    path = tmp_path / "v1.csv"
    path.write_text(HEADER + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,12,aaa,uuid:aaa,7\n")
    store(path)
    path.write_text(HEADER + "Magway Monitor,2025-05-13,Gangaw,,x,bbb,uuid:bbb,8\n")
    summary = loading.import_file(path, "kobo", progress=False, update=True)
    assert summary.errors and summary.absent == []
    assert "what the file no longer holds was not looked for: rows were refused" in str(summary)


@pytest.mark.django_db
def test_who_took_the_testimony_is_dropped_and_a_place_name_is_kept(tmp_path):
    """A monitor's name ("mon_name", "monitor_name") is who took the testimony: never stored,
    as an enumerator's; a village's or township's name column ("vill_nm") is no person's."""
    path = tmp_path / "form.csv"
    path.write_text(
        "organisation,date,township,description,killed,mon_name,grp/monitor_name,vill_nm,_uuid\n"
        "Magway Monitor,2025-05-12,Gangaw,Jets bombed,3,Ko Monitor,Ma Monitor,Kyauk Ka,m1\n",
        encoding="utf-8",
    )
    assert store(path).created == 1
    extra = SourceReport.objects.get().extra
    assert "Monitor" not in str(extra) and extra.get("vill_nm") == "Kyauk Ka"


def test_a_mapped_question_never_takes_another_groups_column(tmp_path):
    """Found by a review: `text: incident/notes` took `witness/notes` (a witness's name and
    phone) as the report's words, in plain text, when the file had no incident/notes."""
    path = tmp_path / "form.csv"
    path.write_text(
        "incident/org,incident/when,incident/tsp,witness/notes,_uuid\n"
        "Magway Monitor,2025-05-12,Gangaw,Spoke to Ma Hnin at her sister's 09-777,n1\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "fields:\n  source: incident/org\n  event_date: incident/when\n  place: incident/tsp\n"
        "  text: incident/notes\n",
        encoding="utf-8",
    )
    with pytest.raises(RowError, match="no column 'incident/notes'"):
        rows_of(path, mapping=mapping)


@pytest.mark.django_db
def test_a_consent_withdrawn_deletes_the_report_with_update_and_refuses_without(tmp_path):
    """Found by a review: a submission stored, then edited in Kobo with its consent "no", stayed
    stored with its witness, counted and publishable, and the import said nothing of it."""
    from thitsa.incidents.matching import match_reports
    from thitsa.reports import loading

    header = (
        "grp/org,grp/when,grp/tsp,grp/what,grp/dead,grp/consent,grp/wit_name,_uuid,meta/rootUuid\n"
    )
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        GROUP_FIELDS.replace("  event_type: grp/attack\n  targets: grp/hit\n", "")
        + "  witness_name: grp/wit_name\n"
        + "consent:\n  question: grp/consent\n  given: [yes]\n",
        encoding="utf-8",
    )
    path = tmp_path / "form.csv"
    path.write_text(
        header + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,3,yes,Daw A,a1,uuid:a1\n"
    )
    assert store(path, mapping=mapping).created == 1
    match_reports()
    path.write_text(header + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,3,no,Daw A,a2,uuid:a1\n")
    original = loading.IMPORTERS["kobo"]
    loading.IMPORTERS["kobo"] = lambda p: original(p, mapping=mapping)
    try:
        refused = loading.import_file(path, "kobo", progress=False)
        assert "consent is no longer given: import with --update" in str(refused.errors[0])
        assert SourceReport.objects.count() == 1
        summary = loading.import_file(path, "kobo", progress=False, update=True)
    finally:
        loading.IMPORTERS["kobo"] = original
    assert "1 stored before deleted (consent withdrawn)" in str(summary)
    assert not SourceReport.objects.exists() and not Witness.objects.exists()


@pytest.mark.django_db
def test_a_submission_approved_after_not_approved_counts_again(tmp_path):
    """Noticed in a review: a submission first marked "Not Approved", then checked and
    "Approved" in Kobo, stayed doubtful after an import with --update, so its dead were never
    counted."""
    from thitsa.figures.query import Filters, evaluate
    from thitsa.incidents.matching import match_reports

    path = tmp_path / "kobo.csv"
    head = "organisation,date,township,description,killed,_uuid,_validation_status\n"
    path.write_text(head + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,4,u1,Not Approved\n")
    store(path)
    match_reports()
    assert evaluate("killed", Filters(), public_only=False).value == 0
    path.write_text(head + "Magway Monitor,2025-05-12,Gangaw,Jets bombed,4,u1,Approved\n")
    summary = import_file(path, "kobo", progress=False, update=True)
    assert summary.corrected == 1
    report = SourceReport.objects.get()
    assert (report.credibility, report.extra["kobo_validation"]) == (6, "Approved")
    assert evaluate("killed", Filters(), public_only=False).value == 4
