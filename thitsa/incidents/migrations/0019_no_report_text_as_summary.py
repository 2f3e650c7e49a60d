import re

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

# An incident took its public summary from the first 300 characters of a published source's
# report when the report had no title: a local channel's post naming a man, his son and where
# they hide went public on the incident's page, in the API, the search and the exports, and so
# did a Telegram post's first line (its "title"). A summary now comes from a report's title
# (none of a witness's or a post's), or from a dataset's notes
# (ACLED, UCDP), as thitsa.incidents.reconcile.account says. This gives incidents reconciled
# before the summaries that rule gives.
MYANMAR = re.compile("[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")
PUBLISHED_TEXT = ("acled", "ucdp")
TITLE_FROM_TEXT = ("telegram",)  # a post's first line: its words


def summaries(reports):
    english = burmese = ""
    for title, text, kind, import_format in reports:
        own_title = kind == "witness" or import_format in TITLE_FROM_TEXT
        summary = ("" if own_title else title) or (
            text[:300] if import_format in PUBLISHED_TEXT else ""
        )
        if not summary:
            continue
        if MYANMAR.search(title or text):
            burmese = burmese or summary
        else:
            english = english or summary
    return english, burmese


def resummarise(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    SourceReport = apps.get_model("reports", "SourceReport")
    # Only an incident with an untitled report (or a post's) could have taken its words.
    untitled = (
        SourceReport.objects.filter(Q(title="") | Q(import_format__in=TITLE_FROM_TEXT))
        .filter(incident__isnull=False)
        .exclude(text="", title="")
        .exclude(import_format__in=PUBLISHED_TEXT)
        .values("incident_id")
    )
    told = (
        Incident.objects.filter(id__in=untitled)
        .exclude(summary_en="", summary_my="")
        .values_list("id", "summary_en", "summary_my")
    )
    now = timezone.now()
    for incident_id, english, burmese in told.iterator(chunk_size=2000):
        rows = (
            SourceReport.objects.filter(incident_id=incident_id)
            .order_by("id")
            .values_list("title", "text", "source__kind", "import_format")
        )
        new = summaries(rows)
        if new != (english, burmese):
            # A new stamp: the search index and the API's changes list take the new summary.
            Incident.objects.filter(pk=incident_id).update(
                summary_en=new[0], summary_my=new[1], updated_at=now
            )


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0018_point_where_the_incident_is"),
        ("reports", "0010_about_is_a_range"),
    ]

    operations = [migrations.RunPython(resummarise, migrations.RunPython.noop)]
