"""Django's own `dumpdata` (and any serializer) writes a witness sealed, as the database holds
it: a dump copied off a seized machine names no one. `loaddata` on a home with the same field
key gives the witness back, not sealed twice.

Found by the security review: `dumpdata reports` wrote every witness's name and phone in clear."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from thitsa.reports.models import Source, SourceReport, Witness

NAME, PHONE = "Daw Khin Sentinel", "+95 9 4455 1212"


def _witness() -> Witness:
    source = Source.objects.create(name="Field team", kind="witness")
    report = SourceReport.objects.create(import_key="w-1", source=source, text="testimony")
    return Witness.objects.create(report=report, name=NAME, contact=PHONE, notes="lives near")


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "reports.witness", stdout=out)
    return out.getvalue()


def test_dumpdata_writes_witnesses_sealed(db):
    _witness()
    dumped = _dump()
    assert NAME not in dumped and PHONE not in dumped and "lives near" not in dumped
    fields = json.loads(dumped)[0]["fields"]
    assert fields["name"].startswith("aesgcm:") and fields["contact"].startswith("aesgcm:")


def test_loaddata_reads_the_sealed_dump_back(db, tmp_path):
    _witness()
    dump = tmp_path / "witnesses.json"
    dump.write_text(_dump())
    Witness.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)
    witness = Witness.objects.get()
    assert (witness.name, witness.contact, witness.notes) == (NAME, PHONE, "lives near")
