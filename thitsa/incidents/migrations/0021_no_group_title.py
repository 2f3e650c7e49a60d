from django.db import migrations
from django.utils import timezone

# A group's own report (a cso source: its field notes) gave the public incident its summary
# from its title ("Drone strike on Sein Kone clinic (internal)"), naming the village the public
# place leaves out; the public report's title and search document showed it too. Neither takes
# a group's title now (reports.models.public_title). This clears the summaries written before
# (`thitsa match --reconcile` gives them a published source's words) and gives those reports a
# new stamp, so that the search index writes their public documents again, without the title.
GROUP = "cso"


def clear(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    SourceReport = apps.get_model("reports", "SourceReport")
    titled = SourceReport.objects.filter(source__kind=GROUP).exclude(title="")
    now = timezone.now()
    rows = titled.filter(incident__isnull=False).values_list("incident_id", "title")
    for incident_id, title in rows.iterator(chunk_size=2000):
        incident = Incident.objects.filter(pk=incident_id)
        incident.filter(summary_en=title).update(summary_en="", updated_at=now)
        incident.filter(summary_my=title).update(summary_my="", updated_at=now)
    titled.update(updated_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0020_public_id_counter"),
        ("reports", "0014_log_keeps_no_report_words"),
    ]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
