"""Verifiers find the reports placed only in a wide area, or in none, to place them closer."""

import pytest

from thitsa.reports.models import Source, SourceReport

from ..conftest import make_person, sign_in

pytestmark = pytest.mark.django_db

URL = "/admin/reports/sourcereport/"


def test_reports_filtered_by_the_level_of_their_place_and_by_no_place(client):
    source = Source.objects.create(name="Myanmar Now")
    for key, place in (("in-state", "MMR003"), ("in-township", "MMR005010"), ("nowhere", None)):
        SourceReport.objects.create(
            import_key=key, source=source, title=f"report {key}", place_id=place
        )
    sign_in(client, make_person("admin"))
    state = client.get(URL, {"place__level": "state"}).content.decode()
    assert "report in-state" in state and "report in-township" not in state
    empty = client.get(URL, {"place__isempty": "1"}).content.decode()
    assert "report nowhere" in empty and "report in-state" not in empty
