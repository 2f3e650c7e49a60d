"""An incident whose reports give coordinates but no place the resolver accepted is placed by
its point: the township the point lies in (found from the township polygons), so figures and
the map by township count it. Its place stays empty: no source named one."""

from __future__ import annotations

from datetime import date
from importlib import import_module

import pytest

from tests.incidents.test_matching import OE_HTEIN_KWIN_NORTH, TABAYIN, report
from thitsa.figures.query import Filters, evaluate
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident
from thitsa.incidents.reconcile import reconcile_incidents
from thitsa.places.models import Place

IN_TABAYIN = (22.651, 95.209)
IN_YANGON = (16.8, 96.15)

pytestmark = pytest.mark.django_db


def pointed(lat_lon=IN_TABAYIN, **kw) -> Incident:
    """One report with a point and a place text the resolver could not read, matched."""
    lat, lon = lat_lon
    report(
        "Myanmar Now", "2025-05-12", kw.pop("place", None), latitude=lat, longitude=lon,
        place_text="near the river bend", event_type="Air/drone strike", **kw,
    )  # fmt: skip
    match_reports()
    return Incident.objects.get()


def test_an_incident_known_only_by_its_point_gets_the_township_it_lies_in():
    incident = pointed()
    tabayin = Place.objects.get(pcode=TABAYIN)
    assert incident.place_id is None
    assert (incident.township_id, incident.state_id, incident.place_path) == (
        TABAYIN, tabayin.state_id, tabayin.path,
    )  # fmt: skip
    assert (incident.latitude, incident.longitude) == IN_TABAYIN
    assert incident.geo_precision == "exact"
    assert incident.township_from_coordinates
    # Reconciling it again from the database gives the same.
    fields = [f.attname for f in Incident._meta.concrete_fields if f.name != "updated_at"]
    before = Incident.objects.values_list(*fields).get()
    reconcile_incidents([incident.pk])
    assert Incident.objects.values_list(*fields).get() == before


def test_figures_by_place_count_an_incident_known_only_by_its_point():
    incident = pointed()
    incident.visibility = "public"
    incident.save()
    tabayin = Place.objects.get(pcode=TABAYIN)
    for place in (TABAYIN, tabayin.state_id, tabayin.parent_id):  # township, state, district
        assert evaluate("incidents", Filters(place=place)).incidents == [incident.public_id]
    groups = evaluate("incidents", Filters(), by="township").groups
    assert [(g.key, g.value) for g in groups] == [(TABAYIN, 1)]


def test_a_place_a_source_named_outranks_the_point():
    incident = pointed(IN_YANGON, place=OE_HTEIN_KWIN_NORTH)
    assert (incident.place_id, incident.township_id) == (OE_HTEIN_KWIN_NORTH, TABAYIN)
    assert not incident.township_from_coordinates


def test_a_point_in_no_township_leaves_the_incident_without_one():
    incident = pointed((1.0, 1.0))
    assert (incident.place_id, incident.township_id, incident.state_id) == (None, None, None)
    assert not incident.township_from_coordinates


def test_the_migration_gives_incidents_reconciled_before_the_township_of_their_point():
    from django.apps import apps

    migration = import_module("thitsa.incidents.migrations.0011_township_from_coordinates")
    lat, lon = IN_TABAYIN
    old = Incident.objects.create(
        public_id="MMR-2024-000001", date=date(2024, 1, 1), latitude=lat, longitude=lon
    )
    placed = Incident.objects.create(
        public_id="MMR-2024-000002", date=date(2024, 1, 1), place_id=OE_HTEIN_KWIN_NORTH,
        township_id=TABAYIN, latitude=IN_YANGON[0], longitude=IN_YANGON[1],
    )  # fmt: skip
    migration.townships_from_points(apps, None)
    old.refresh_from_db()
    assert (old.township_id, old.geo_precision) == (TABAYIN, "exact")
    assert old.place_path == Place.objects.get(pcode=TABAYIN).path
    assert old.updated_at > old.created_at  # the search index takes its township's name
    placed.refresh_from_db()
    assert (placed.place_id, placed.township_id) == (OE_HTEIN_KWIN_NORTH, TABAYIN)
