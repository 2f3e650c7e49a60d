from django.db import migrations
from django.utils import timezone

# Reconciliation used to give an incident the first point any of its reports had, and, where a
# report had no title, the first 300 characters of its text as the summary: a witness's phone
# fix and a testimony's words went public with the incident. It now takes neither from a source
# of an unpublished kind (thitsa.reports.models.UNPUBLISHED_KINDS). This clears what it wrote
# before; the next reconciliation of such an incident gives it a published source's point.
UNPUBLISHED = ("witness", "cso")


def clear(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    SourceReport = apps.get_model("reports", "SourceReport")
    rows = SourceReport.objects.filter(
        source__kind__in=UNPUBLISHED, incident__isnull=False
    ).values_list("incident_id", "latitude", "longitude", "title", "text")
    # A new stamp: the search index writes the incident's public document again.
    now = timezone.now()
    for incident_id, lat, lon, title, text in rows.iterator(chunk_size=2000):
        incident = Incident.objects.filter(pk=incident_id)
        if lat is not None and lon is not None:
            incident.filter(latitude=lat, longitude=lon).update(
                latitude=None, longitude=None, updated_at=now
            )
        if not title and text:
            words = text[:300]
            incident.filter(summary_en=words).update(summary_en="", updated_at=now)
            incident.filter(summary_my=words).update(summary_my="", updated_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0014_decision_runner_up"),
        ("reports", "0008_field_labels"),
    ]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
