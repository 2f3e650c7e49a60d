from django.db import migrations

from thitsa.schema import drop_pattern_indexes


class Migration(migrations.Migration):
    """PostgreSQL only: the LIKE twins of the incident's text keys serve no query (a place's
    figures take its path as a range, a public id is looked up whole) and every new incident
    wrote to five of them."""

    dependencies = [
        ("incidents", "0008_fewer_indexes_for_bulk_writes"),
    ]

    operations = [
        drop_pattern_indexes(
            ("incidents_incident", "event_type"),
            ("incidents_incident", "perpetrator"),
            ("incidents_incident", "place_id"),
            ("incidents_incident", "place_path"),
            ("incidents_incident", "public_id"),
        ),
    ]
