"""Burmese place names spelt as Thitsa stores every Burmese text (thitsa.burmese.normalize):
MIMU writes a few with a digit for a letter (၀က်မြေကန်) or a zero-width space (ချီ​ဖွေ), and
search and the resolver did not find them as people type them. The incidents placed there
are marked changed, so that the search index takes their names again."""

from django.db import migrations
from django.utils import timezone


def normalise(apps, schema_editor):
    from thitsa.burmese.normalize import normalize

    Place = apps.get_model("places", "Place")
    Incident = apps.get_model("incidents", "Incident")
    changed = []
    for place in Place.objects.exclude(name_my="").only("pcode", "name_my").iterator():
        clean = normalize(place.name_my)
        if clean != place.name_my:
            place.name_my = clean
            changed.append(place)
    Place.objects.bulk_update(changed, ["name_my"], batch_size=500)
    pcodes = [p.pcode for p in changed]
    now = timezone.now()
    for i in range(0, len(pcodes), 500):
        part = pcodes[i : i + 500]
        for field in ("place_id", "township_id", "state_id"):
            Incident.objects.filter(**{f"{field}__in": part}).update(updated_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0003_field_labels"),
        ("incidents", "0016_no_testimony_title"),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
