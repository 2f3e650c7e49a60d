from django.db import migrations
from django.utils import timezone

BATCH = 2000


def point_locates(extra: dict) -> bool:
    # As thitsa.reports.importers.ucdp.point_locates, copied so that this migration stays as
    # it ran: UCDP's point is a district's or state's centroid, a point on a road or in a wide
    # area (where_prec 3 and up), but for a township's centroid (5, where_coordinates "Pale
    # township"). Reports imported before kept no where_coordinates: their 5 stays unknown.
    where_prec = str(extra.get("where_prec") or "").strip().removesuffix(".0")
    if where_prec == "5":
        return str(extra.get("where_coordinates") or "").strip().lower().endswith(" township")
    return where_prec not in {"3", "4", "5", "6", "7"}


def set_aside_ucdp_area_points(apps, schema_editor):
    # UCDP reports imported before the importer kept such points out: the point goes to
    # extra["ucdp_point"], as the importer now puts it, and the report's incident takes its
    # point from its other reports (the first by id, as reconciliation does), or has none.
    SourceReport = apps.get_model("reports", "SourceReport")
    Incident = apps.get_model("incidents", "Incident")
    located = SourceReport.objects.filter(
        import_format="ucdp", latitude__isnull=False, longitude__isnull=False
    ).only("id", "extra", "latitude", "longitude", "incident_id")
    moved, incidents = [], set()
    for report in located.iterator(chunk_size=BATCH):
        if point_locates(report.extra or {}):
            continue
        report.extra = {**report.extra, "ucdp_point": f"{report.latitude},{report.longitude}"}
        report.latitude = report.longitude = None
        moved.append(report)
        if report.incident_id is not None:
            incidents.add(report.incident_id)
    SourceReport.objects.bulk_update(moved, ["extra", "latitude", "longitude"], batch_size=500)

    now = timezone.now()
    ids = sorted(incidents)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        points = {}
        rows = (
            SourceReport.objects.filter(
                incident_id__in=chunk, latitude__isnull=False, longitude__isnull=False
            )
            .order_by("id")
            .values_list("incident_id", "latitude", "longitude")
        )
        for pk, lat, lon in rows:
            points.setdefault(pk, (lat, lon))
        changed = []
        for incident in Incident.objects.filter(id__in=chunk).only(
            "id", "place_id", "latitude", "longitude", "geo_precision"
        ):
            lat, lon = points.get(incident.pk, (None, None))
            if (incident.latitude, incident.longitude) == (lat, lon):
                continue
            incident.latitude, incident.longitude, incident.updated_at = lat, lon, now
            if incident.place_id is None and lat is None:
                # Located by that point alone ("exact"): now by nothing, as a new incident
                # with neither place nor point.
                incident.geo_precision = "township"
            changed.append(incident)
        Incident.objects.bulk_update(
            changed, ["latitude", "longitude", "geo_precision", "updated_at"], batch_size=500
        )


def townships_from_points(apps, schema_editor):
    # Incidents reconciled before reconciliation looked up the township of a point: those with
    # coordinates and no place had no township either, so the map and the figures by township
    # left them out. As thitsa.incidents.reconcile.set_township_from_point does: the township
    # the point lies in (no tolerance: 3 km from a border township may be another country),
    # located to the township; updated_at moves so that the search index takes its name.
    from thitsa.places.geo import township_at

    Incident = apps.get_model("incidents", "Incident")
    Place = apps.get_model("places", "Place")
    todo = Incident.objects.filter(
        place__isnull=True, township__isnull=True, latitude__isnull=False, longitude__isnull=False
    ).only("id", "latitude", "longitude")
    found = [
        (incident.pk, township_at(incident.latitude, incident.longitude, near=0))
        for incident in todo.iterator(chunk_size=BATCH)
    ]
    townships = Place.objects.in_bulk({pcode for _pk, pcode in found if pcode}, field_name="pcode")
    now = timezone.now()
    changed = []
    for pk, pcode in found:
        incident = Incident(pk=pk, place_path="", geo_precision="township", updated_at=now)
        # The gazetteer does not hold every township the polygons do.
        if township := townships.get(pcode) if pcode else None:
            incident.township_id, incident.state_id = township.pcode, township.state_id
            incident.place_path = township.path
        changed.append(incident)
    Incident.objects.bulk_update(
        changed, ["township", "state", "place_path", "geo_precision", "updated_at"],
        batch_size=500,
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0010_merged_partial_index"),
        ("places", "0001_initial"),
        ("reports", "0006_url_keys_name_the_event"),
    ]

    operations = [
        migrations.RunPython(set_aside_ucdp_area_points, migrations.RunPython.noop),
        migrations.RunPython(townships_from_points, migrations.RunPython.noop),
    ]
