from django.db import migrations
from django.utils import timezone

# Reconciliation gave an incident the most precise place any of its reports named, a witness's
# village included: the village went public as the incident's place ("located to: exact"). It
# now takes the place of a published source, else the township of the unpublished ones. This
# moves incidents placed before at a village or town that only an unpublished report named to
# that place's township.
UNPUBLISHED = ("witness", "cso")
FINE = ("town", "tract", "ward", "village")


def coarsen(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    Place = apps.get_model("places", "Place")
    SourceReport = apps.get_model("reports", "SourceReport")
    told = SourceReport.objects.filter(
        source__kind__in=UNPUBLISHED, incident__isnull=False, place__level__in=FINE
    ).values_list("incident_id", "place_id")
    now = timezone.now()
    for incident_id, place_id in told.iterator(chunk_size=2000):
        incident = Incident.objects.filter(pk=incident_id, place_id=place_id).first()
        if incident is None or incident.township_id is None:
            continue
        published = SourceReport.objects.filter(incident_id=incident_id, place_id=place_id)
        if published.exclude(source__kind__in=UNPUBLISHED).exists():
            continue
        path = Place.objects.filter(pk=incident.township_id).values_list("path", flat=True)
        # A new stamp: the search index and the API's changes list take the new place.
        Incident.objects.filter(pk=incident_id).update(
            place_id=incident.township_id, place_path=path.first() or incident.place_path,
            geo_precision="township", updated_at=now,
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0016_no_testimony_title"),
        ("places", "0004_burmese_names_normalised"),
        ("reports", "0008_field_labels"),
    ]

    operations = [migrations.RunPython(coarsen, migrations.RunPython.noop)]
