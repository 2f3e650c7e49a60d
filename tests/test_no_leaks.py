"""A witness's name, contact and notes never leave the restricted zone: not in a page (but the
logged witness page, for those who may), an export, a command's output, a log line or an error
page, whoever asks."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import make_person, sign_in
from thitsa.incidents.models import Incident
from thitsa.publish.exports import write_csv
from thitsa.reports.loading import import_file
from thitsa.reports.models import SourceReport

NAME = "Naw Sentinel Hsa"
CONTACT = "+95 9 777 000 555"
NOTES = "sentinel-note hid behind the monastery"
SECRETS = (NAME, CONTACT, NOTES)
HEADER = (
    "report_id,source,title,text,event_date,place,event_type,killed,"
    "witness_name,witness_contact,restricted_notes"
)
ROWS = [
    f'w1,Myanmar Now,School bombed,Jet bombed the school,2025-05-12,"Depayin",Air/drone strike,'
    f'22,{NAME},{CONTACT},"{NOTES}"',
    # A bad row that carries a witness: its error message must not repeat the witness.
    f"w2,Myanmar Now,Bad count,Text,2025-05-12,Depayin,,many,{NAME},{CONTACT},{NOTES}",
]


def assert_clean(text: str, where: str):
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked in {where}"


@pytest.fixture
def imported(db, tmp_path):
    path = tmp_path / "reports.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_no_witness_value_reaches_logs_outputs_or_pages(imported, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(Exception):  # noqa: B017 - the bad row fails the command (exit 1)
        call_command("import", str(imported), format="thitsa", no_progress=True,
                     stdout=out, stderr=err)  # fmt: skip
    assert "line 3, field killed" in out.getvalue() + err.getvalue() + str(caplog.text)
    import_file(imported, "thitsa", progress=False)  # stores the good row
    call_command("match", stdout=out)
    incident = Incident.objects.get()
    incident.publish(make_person("verifier", "pub"))
    call_command("figure", "killed", "--json", stdout=out)
    call_command("search", "school", "--json", stdout=out)
    for kind in ("reports", "incidents"):
        for public in (True, False):
            write_csv(kind, out, public=public)
    captured = capsys.readouterr()
    outputs = {"stdout": out.getvalue(), "stderr": err.getvalue(),
               "console": captured.out + captured.err, "logs": caplog.text}  # fmt: skip
    for where, text in outputs.items():
        assert_clean(text, where)

    report = SourceReport.objects.get()
    pages = ["/", "/incidents/", f"/incidents/{incident.public_id}/", "/search/?q=school",
             f"/review/incidents/{incident.public_id}/", "/review/", "/map/counts.json",
             f"/admin/reports/sourcereport/{report.pk}/change/", "/admin/reports/sourcereport/",
             f"/admin/incidents/incident/{incident.pk}/change/"]  # fmt: skip
    for role in ("public", "analyst", "documenter", "verifier", "admin"):
        client = Client()
        if role != "public":
            sign_in(client, make_person(role))
        for url in pages:
            assert_clean(client.get(url).content.decode(), f"{url} as {role}")
    assert_clean(caplog.text, "logs")


def test_an_error_page_shows_no_witness(imported, client, monkeypatch, caplog):
    """A view that fails while it holds a witness's data: the 500 page and the error log say
    what failed, never the data."""
    import_file(imported, "thitsa", progress=False)
    report = SourceReport.objects.get()
    sign_in(client, make_person("documenter"))
    caplog.set_level(logging.DEBUG)

    def fail(*args, **kwargs):
        witness = report.witness  # decrypted, in a local variable of the failing frame
        raise RuntimeError(f"template failed for report {report.pk} ({len(witness.name)} chars)")

    monkeypatch.setattr("thitsa.publish.review_views.render", fail)
    client.raise_request_exception = False
    response = client.get(f"/review/reports/{report.pk}/witness/")
    assert response.status_code == 500
    assert_clean(response.content.decode(), "the 500 page")
    assert "template failed" in caplog.text  # the error is logged ...
    assert_clean(caplog.text, "the error log")  # ... without the witness


@pytest.mark.django_db
def test_a_witness_sources_name_is_never_public(client, tmp_path):
    """Found by an advocacy officer: a witness source's name ("Depayin field interviews
    (witness)", or a documenter's "Daw Hla Hla") was on the incident page, in /api/v1/sources
    and reports, in the public exports' sources, and the public could search by it."""
    import io
    from datetime import date

    from django.core.management import call_command

    from thitsa.incidents.models import Incident
    from thitsa.reports.models import Source, SourceReport
    from thitsa.search.index import refresh
    from thitsa.search.query import search

    named = "Daw Hla Hla Depayin"
    incident = Incident.objects.create(
        public_id="MMR-2025-000501", date=date(2025, 5, 12), visibility="public",
        township_id="MMR005010", summary_en="Jets bomb school",
    )  # fmt: skip
    for n, (name, kind) in enumerate(((named, "witness"), ("Myanmar Now", "media"))):
        source = Source.objects.create(name=name, kind=kind)
        report = SourceReport.objects.create(
            import_key=f"leak-{n}", source=source, external_id=str(n), title="Jets bomb school",
            event_date=date(2025, 5, 12),
        )  # fmt: skip
        report.link_to(incident, 1.0, "test")
    refresh()
    said = [
        client.get(f"/incidents/{incident.public_id}/").content.decode(),
        client.get("/api/v1/sources").content.decode(),
        client.get("/api/v1/reports").content.decode(),
        b"".join(client.get("/api/v1/incidents.csv").streaming_content).decode(),
        str([h.as_json() for h in search("Hla").hits]),
        str([h.as_json() for h in search("school").hits]),
    ]
    for what in ("incidents", "reports"):
        out = tmp_path / f"{what}.csv"
        call_command("export", what, "--public", "-o", str(out), stdout=io.StringIO())
        said.append(out.read_text(encoding="utf-8"))
    out = tmp_path / "acled.csv"
    call_command("export", "incidents", "--format", "acled", "--public", "-o", str(out),
                 stdout=io.StringIO())  # fmt: skip
    said.append(out.read_text(encoding="utf-8"))
    assert all("Hla" not in text for text in said), [t for t in said if "Hla" in t][0][:300]
    assert "Myanmar Now" in said[0] and "a witness" in said[0]
    assert search("Hla", public_only=False).hits  # staff still find it
