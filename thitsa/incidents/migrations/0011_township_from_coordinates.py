from django.db import migrations
from django.utils import timezone


def townships_from_points(apps, schema_editor):
    # Incidents reconciled before reconciliation looked up the township of a point: those with
    # coordinates and no place had no township either, so the map and the figures by township
    # left them out. As thitsa.incidents.reconcile.set_township_from_point does; updated_at
    # moves so that the search index takes their township's name.
    from thitsa.places.geo import township_at

    Incident = apps.get_model("incidents", "Incident")
    Place = apps.get_model("places", "Place")
    todo = Incident.objects.filter(
        place__isnull=True, township__isnull=True, latitude__isnull=False, longitude__isnull=False
    ).only("id", "latitude", "longitude")
    found = []
    for incident in todo.iterator(chunk_size=2000):
        pcode = township_at(incident.latitude, incident.longitude)
        if pcode:
            found.append((incident.pk, pcode))
    townships = Place.objects.in_bulk({pcode for _pk, pcode in found}, field_name="pcode")
    now = timezone.now()
    changed = []
    for pk, pcode in found:
        township = townships.get(pcode)
        if township is None:  # the gazetteer does not hold every township the polygons do
            continue
        changed.append(
            Incident(
                pk=pk, township_id=pcode, state_id=township.state_id, place_path=township.path,
                geo_precision="exact", updated_at=now,
            )
        )  # fmt: skip
    Incident.objects.bulk_update(
        changed, ["township", "state", "place_path", "geo_precision", "updated_at"],
        batch_size=500,
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0010_merged_partial_index"),
        ("places", "0001_initial"),
    ]

    operations = [migrations.RunPython(townships_from_points, migrations.RunPython.noop)]
