import hashlib

from django.db import migrations

BATCH = 2000


def url_and_event_keys(apps, schema_editor):
    """Reports without an id of their own were keyed by their url alone, so the second event
    an article told was taken for the first and dropped, and so was another source citing the
    same article. Their keys now name the source and the event (date and place, in any case
    and spacing) as `ReportRow.import_key` does; without this, importing such a file again
    would store each of its reports a second time. The formula is copied, not imported: a
    migration must keep meaning what it meant when it was written."""
    SourceReport = apps.get_model("reports", "SourceReport")
    keyed_by_url = (
        SourceReport.objects.filter(external_id="").exclude(url="").order_by("pk")
    )
    last = 0
    while True:
        batch = list(
            keyed_by_url.filter(pk__gt=last)
            .select_related("source")
            .only("pk", "url", "event_date", "place_text", "source__name")[:BATCH]
        )
        if not batch:
            return
        for report in batch:
            place = " ".join(report.place_text.split()).casefold()
            parts = ["url", report.source.name.casefold(), report.url.strip(),
                     str(report.event_date or ""), place]  # fmt: skip
            report.import_key = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        SourceReport.objects.bulk_update(batch, ["import_key"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_fewer_indexes_for_bulk_writes"),
    ]

    # No way back: two reports of one article would share the url-only key.
    operations = [migrations.RunPython(url_and_event_keys, migrations.RunPython.noop)]
