from django.db import migrations
from django.db.models import Q

# Search terms now spell a stacked consonant or kinzi as the killed consonant it is said as
# ("ပစ္စည်း" as ပစ် စည်း, "သင်္ဘော" as သင် ဘော: the other spelling missed it, and the syllables
# inside a stack could not be found), and a number's thousands commas join it ("၁,၅၀၀" is
# 1500, not 1 and 500). The documents whose terms may change are indexed again: those holding
# a stack or kinzi (a virama), or a number followed by a token of three digits (what a comma
# between them became; some were written with a space, and are indexed again for nothing).
STACK = "\u1039"
GROUP = "[0-9] [0-9]{3}( |$)"


def reindex(apps, schema_editor):
    from thitsa.search.index import index_incidents, index_reports

    documents = apps.get_model("search", "Document").objects.filter(
        Q(terms__contains=STACK) | Q(terms__regex=GROUP)
    )
    reports, incidents = set(), set()
    for kind, pk in documents.values_list("kind", "object_id").iterator():
        (incidents if kind == "incident" else reports).add(pk)
    index_reports(sorted(reports))
    index_incidents(sorted(incidents))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0014_positions_lost"),
        ("reports", "0014_log_keeps_no_report_words"),
        ("incidents", "0021_no_group_title"),
        ("places", "0004_burmese_names_normalised"),
    ]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
