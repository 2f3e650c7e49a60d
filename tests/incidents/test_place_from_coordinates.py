"""An incident whose reports give coordinates but no place the resolver accepted is placed by
its point: the township the point lies in (found from the township polygons), so figures and
the map by township count it. Its place stays empty: no source named one, and it is located to
its township, not to the point: no report says how precise its point is."""

from __future__ import annotations

from datetime import date
from importlib import import_module

import pytest

from tests.incidents.test_matching import OE_HTEIN_KWIN_NORTH, TABAYIN, report
from thitsa.figures.query import Filters, evaluate
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident
from thitsa.incidents.reconcile import reconcile_incidents
from thitsa.places.geo import township_at
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
    assert incident.geo_precision == "township"
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
    # Nor does the map show a point 500 km from the place.
    assert (incident.latitude, incident.longitude) == (None, None)


@pytest.mark.parametrize(
    ("lat_lon", "shown"),
    [
        (IN_TABAYIN, True),
        ((22.55, 95.05), True),  # Ye-U, which borders Tabayin: a point over the line is near
        ((13.75, 100.5), False),  # Bangkok: inside the country's rectangle, a longitude typo
        (IN_YANGON, False),
    ],
)
def test_the_map_shows_a_reports_point_only_where_the_incident_is(lat_lon, shown):
    incident = pointed(lat_lon, place=OE_HTEIN_KWIN_NORTH)
    assert incident.township_id == TABAYIN
    expected = lat_lon if shown else (None, None)
    assert (incident.latitude, incident.longitude) == expected


def test_a_point_in_no_township_leaves_the_incident_without_one():
    incident = pointed((1.0, 1.0))
    assert (incident.place_id, incident.township_id, incident.state_id) == (None, None, None)
    assert not incident.township_from_coordinates


@pytest.mark.parametrize(
    "lat_lon",
    [
        (21.21, 92.16),  # Kutupalong camp, Bangladesh: 3 km from Maungdaw's polygon
        (24.01, 97.85),  # Ruili, China: 3 km from Muse's
    ],
)
def test_a_point_across_the_border_gets_no_township(lat_lon):
    incident = pointed(lat_lon)
    assert (incident.township_id, incident.state_id, incident.place_path) == (None, None, "")
    assert not incident.township_from_coordinates


def test_an_event_ucdp_knows_only_by_its_state_gets_no_township_from_the_states_centre(tmp_path):
    """The point of a UCDP event located to a state (where_prec 4) is the state's centre: the
    township around it is not where the event happened."""
    from thitsa.reports.loading import import_file

    path = tmp_path / "ged.csv"
    path.write_text(
        "id,type_of_violence,side_a,source_headline,where_prec,where_description,"
        "latitude,longitude,date_start,best,high,low\n"
        f"30,3,Government of Myanmar (Burma),Villagers killed,4.0,KNU-held Kawthoolei area,"
        f"{IN_TABAYIN[0]},{IN_TABAYIN[1]},2023-03-01,2,2,2\n",
        encoding="utf-8",
    )
    import_file(path, "ucdp", progress=False)
    match_reports()
    incident = Incident.objects.get()
    assert (incident.place_id, incident.township_id, incident.latitude) == (None, None, None)
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
    across = Incident.objects.create(
        public_id="MMR-2024-000003", date=date(2024, 1, 1), latitude=21.21, longitude=92.16
    )
    migration.townships_from_points(apps, None)
    old.refresh_from_db()
    assert (old.township_id, old.geo_precision) == (TABAYIN, "township")
    assert old.place_path == Place.objects.get(pcode=TABAYIN).path
    assert old.updated_at > old.created_at  # the search index takes its township's name
    placed.refresh_from_db()
    assert (placed.place_id, placed.township_id) == (OE_HTEIN_KWIN_NORTH, TABAYIN)
    across.refresh_from_db()
    assert across.township_id is None  # Kutupalong, Bangladesh: no Myanmar township


def test_the_migration_sets_aside_the_points_of_ucdp_events_known_only_by_an_area():
    """As the UCDP importer now does: a stored report of an event UCDP locates only to a
    district, a state or an area keeps that point in extra["ucdp_point"], and its incident
    neither shows it nor takes a township from it. A township's centroid stays (where_prec
    5 names it in where_coordinates, which reports imported before did not keep)."""
    from django.apps import apps

    migration = import_module("thitsa.incidents.migrations.0011_township_from_coordinates")
    lat, lon = IN_TABAYIN
    ucdp = {"source": "UCDP GED", "kind": "dataset", "import_format": "ucdp"}
    area = report(
        **ucdp, day="2023-03-01", place=None, latitude=lat, longitude=lon,
        extra={"where_prec": "5.0", "best": "2"},
    )  # fmt: skip
    centroid = report(
        **ucdp, day="2023-03-02", place=None, latitude=lat, longitude=lon,
        extra={"where_prec": "5.0", "where_coordinates": "Tabayin township"},
    )  # fmt: skip
    named = report(
        **ucdp, day="2023-03-03", place=OE_HTEIN_KWIN_NORTH, latitude=IN_YANGON[0],
        longitude=IN_YANGON[1], extra={"where_prec": "3.0"},
    )  # fmt: skip
    incidents = []
    for n, r in enumerate((area, centroid, named), start=1):
        incident = Incident.objects.create(
            public_id=f"MMR-2023-00000{n}", date=r.event_date, place_id=r.place_id,
            township_id=r.place_id and TABAYIN, latitude=r.latitude, longitude=r.longitude,
            geo_precision="exact",
        )  # fmt: skip
        r.incident = incident
        r.save()
        incidents.append(incident)
    migration.set_aside_ucdp_area_points(apps, None)
    migration.townships_from_points(apps, None)
    for r in (area, centroid, named):
        r.refresh_from_db()
    for incident in incidents:
        incident.refresh_from_db()
    assert (area.latitude, area.longitude) == (None, None)
    assert area.extra == {"where_prec": "5.0", "best": "2", "ucdp_point": f"{lat},{lon}"}
    assert (named.latitude, named.extra["ucdp_point"]) == (None, f"{IN_YANGON[0]},{IN_YANGON[1]}")
    assert (centroid.latitude, centroid.longitude) == IN_TABAYIN
    assert "ucdp_point" not in centroid.extra
    by_area, by_centroid, by_name = incidents
    assert (by_area.latitude, by_area.township_id, by_area.geo_precision) == (
        None, None, "township",
    )  # fmt: skip
    assert (by_centroid.latitude, by_centroid.township_id) == (lat, TABAYIN)
    assert (by_name.latitude, by_name.place_id) == (None, OE_HTEIN_KWIN_NORTH)
    # As reconciliation gives them.
    fields = ["latitude", "longitude", "township_id"]
    before = list(Incident.objects.order_by("pk").values_list(*fields))
    reconcile_incidents([i.pk for i in incidents])
    assert list(Incident.objects.order_by("pk").values_list(*fields)) == before


def test_the_migration_moves_a_point_that_is_not_where_the_incident_is():
    """Incidents reconciled before showed their first published report's point wherever it
    lay: the migration takes the first one that lies where the incident is, or none."""
    from django.apps import apps

    migration = import_module("thitsa.incidents.migrations.0018_point_where_the_incident_is")

    def incident(n, lat_lon, *points, kind="media"):
        made = Incident.objects.create(
            public_id=f"MMR-2024-00000{n}", date=date(2024, 1, 1), place_id=OE_HTEIN_KWIN_NORTH,
            township_id=TABAYIN, latitude=lat_lon[0], longitude=lat_lon[1],
        )  # fmt: skip
        for lat, lon in points:
            told = report(f"Outlet {n}", "2024-01-01", OE_HTEIN_KWIN_NORTH, kind=kind)
            told.latitude, told.longitude, told.incident = lat, lon, made
            told.save()
        return made

    bangkok = (13.75, 100.5)
    wrong_then_right = incident(1, bangkok, bangkok, IN_TABAYIN)
    only_wrong = incident(2, IN_YANGON, IN_YANGON)
    right = incident(3, IN_TABAYIN, IN_TABAYIN)
    # A witness's phone fix is never public, where it lies or not.
    witness = incident(4, bangkok, bangkok, IN_TABAYIN, kind="witness")
    migration.move_points(apps, None)
    for made, expected in [
        (wrong_then_right, IN_TABAYIN),
        (only_wrong, (None, None)),
        (right, IN_TABAYIN),
        (witness, (None, None)),
    ]:
        made.refresh_from_db()
        assert (made.latitude, made.longitude) == expected, made.public_id
    assert only_wrong.updated_at > only_wrong.created_at


def test_a_corrected_point_of_an_incident_known_only_by_it_is_shown_at_once():
    """Found by a review: an incident without a named place checked a corrected point against
    the township of its old point, hid it, and showed it again only at the next reconcile."""
    incident = pointed()
    told = incident.reports.get()
    told.latitude, told.longitude = IN_YANGON
    told.save()
    reconcile_incidents([incident.pk])
    incident.refresh_from_db()
    assert (incident.latitude, incident.longitude) == IN_YANGON
    assert incident.township_id == township_at(*IN_YANGON, near=0)
