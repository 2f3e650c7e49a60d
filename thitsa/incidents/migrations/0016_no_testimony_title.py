from django.db import migrations
from django.utils import timezone

# A testimony's title (a field team's words about one witness) became the public incident's
# summary, and the public search document of the testimony held it. Reconciliation and the
# index now take neither from a witness source (reports.models.public_title). This clears the
# summaries written before (`thitsa match --reconcile` gives them a published source's words)
# and gives those reports a new stamp, so that the search index writes their public documents
# again, without the title.
WITNESS = "witness"


def clear(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    SourceReport = apps.get_model("reports", "SourceReport")
    titled = SourceReport.objects.filter(source__kind=WITNESS).exclude(title="")
    now = timezone.now()
    rows = titled.filter(incident__isnull=False).values_list("incident_id", "title")
    for incident_id, title in rows.iterator(chunk_size=2000):
        incident = Incident.objects.filter(pk=incident_id)
        incident.filter(summary_en=title).update(summary_en="", updated_at=now)
        incident.filter(summary_my=title).update(summary_my="", updated_at=now)
    titled.update(updated_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0015_no_unpublished_point_or_words"),
        ("reports", "0008_field_labels"),
    ]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
