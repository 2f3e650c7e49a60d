from collections import defaultdict
from datetime import timedelta

from django.db import migrations

# A Telegram post with no date in its text was dated to "the week of" the post's own day, and a
# week is the seven days from its date (matching's window, the figures' periods, "week of" on
# the pages): the event, on or before the post's day, was read as after it. Such a post is now
# dated to the week that ends on its day. This moves the posts imported before, and their
# incidents dated only by such weeks.
WEEK = timedelta(days=6)


def move_weeks(apps, schema_editor):
    SourceReport = apps.get_model("reports", "SourceReport")
    Incident = apps.get_model("incidents", "Incident")
    posts = SourceReport.objects.filter(
        import_format="telegram", event_date_precision="week", event_date__isnull=False
    ).filter(extra__event_date_from="post date")
    touched = set()
    for pk, day, incident_id in posts.values_list("id", "event_date", "incident_id").iterator():
        SourceReport.objects.filter(pk=pk).update(event_date=day - WEEK)
        if incident_id:
            touched.add(incident_id)
    for incident in Incident.objects.filter(id__in=touched, date_precision="week"):
        # As reconciliation dates it: the week most sources give, the earliest of a tie.
        sources = defaultdict(set)
        for day, source in SourceReport.objects.filter(
            incident_id=incident.id, event_date_precision="week"
        ).values_list("event_date", "source_id"):
            sources[day].add(source)
        if sources:
            day = min(sources, key=lambda d: (-len(sources[d]), d))
            Incident.objects.filter(pk=incident.id).update(date=day)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0010_about_is_a_range"),
        ("incidents", "0019_no_report_text_as_summary"),
    ]

    operations = [migrations.RunPython(move_weeks, migrations.RunPython.noop)]
