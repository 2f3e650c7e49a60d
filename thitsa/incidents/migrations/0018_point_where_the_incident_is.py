from django.db import migrations
from django.utils import timezone

# Reconciliation showed the point of an incident's first published report wherever it lay: a
# longitude mistyped put an attack in Tabayin on the map in Bangkok. It now shows a point only
# where the incident is (thitsa.incidents.reconcile._point_fits): in, or about 3 km from, its
# township or one bordering it. This gives incidents reconciled before the first of their
# published reports' points that lies there, or none.
UNPUBLISHED = ("witness", "cso")
BATCH = 2000


def fits(at, township, neighbours, known):
    # As reconcile._point_fits: a polygon's township this gazetteer lacks tells nothing.
    return at == township or at in neighbours.get(township, ()) or bool(at and at not in known)


def move_points(apps, schema_editor):
    from thitsa.places.adjacency import neighbours
    from thitsa.places.geo import township_at, township_shapes

    Incident = apps.get_model("incidents", "Incident")
    Place = apps.get_model("places", "Place")
    SourceReport = apps.get_model("reports", "SourceReport")
    pcodes = township_shapes()[1]
    if not Place.objects.filter(pcode__in=pcodes[:20]).exists():
        return  # another country's gazetteer: the bundled polygons tell nothing of it
    borders = neighbours()
    known = set(Place.objects.filter(level="township").values_list("pcode", flat=True))
    placed = Incident.objects.filter(
        township__isnull=False, latitude__isnull=False, longitude__isnull=False
    ).values_list("id", "township_id", "latitude", "longitude")
    wrong = [
        (pk, township)
        for pk, township, lat, lon in placed.iterator(chunk_size=BATCH)
        if not fits(township_at(lat, lon), township, borders, known)
    ]
    now = timezone.now()
    for pk, township in wrong:
        points = (
            SourceReport.objects.filter(
                incident_id=pk, latitude__isnull=False, longitude__isnull=False
            )
            .exclude(source__kind__in=UNPUBLISHED)
            .order_by("id")
            .values_list("latitude", "longitude")
        )
        point = next(
            (
                (lat, lon)
                for lat, lon in points
                if fits(township_at(lat, lon), township, borders, known)
            ),
            (None, None),
        )
        # A new stamp: the API's list of changes and the public site's copy take it.
        Incident.objects.filter(pk=pk).update(
            latitude=point[0], longitude=point[1], updated_at=now
        )


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0017_no_testimony_village"),
        ("places", "0004_burmese_names_normalised"),
        ("reports", "0010_about_is_a_range"),
    ]

    operations = [migrations.RunPython(move_points, migrations.RunPython.noop)]
