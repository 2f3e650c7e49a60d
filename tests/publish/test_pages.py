from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from thitsa.figures.query import FigureError, Filters, evaluate

# The same values as conftest's world (conftest modules are not importable by name).
WITNESS_NAME = "Daw Secret Witness"
WITNESS_CONTACT = "+95 9 000 111 222"
SECRET_EXTRA = "extra-column-never-shown"
SOURCE_URL = "https://news.example.org/2025/03/airstrike-school"

PAGES = [
    reverse("home"),
    reverse("incident-list"),
    reverse("incident-list") + "?place=MMR005010&target=school",
    reverse("incident-detail", args=["MMR-2025-000001"]),
    reverse("incident-detail", args=["MMR-2025-000002"]),
    reverse("map"),
    reverse("map-counts"),
]


def test_home_shows_the_headline_figures_as_evaluate_gives_them(client, world):
    html = client.get(reverse("home")).content.decode()
    for measure in ("incidents", "killed", "injured", "killed_children"):
        value = evaluate(measure, Filters(), with_incidents=False).value
        assert f'<span class="value">{value}</span>' in html
    # Public only: 2 incidents, 23 killed; the restricted one's 50 is not counted.
    assert '<span class="value">2</span>' in html
    assert '<span class="value">23</span>' in html
    assert "MMR-2025-000001" in html and "MMR-2025-000002" in html


def test_the_list_shows_public_incidents_with_their_count_and_killed(client, world):
    html = client.get(reverse("incident-list")).content.decode()
    assert "<strong>2</strong> incidents, at least <strong>23</strong> people killed" in html
    assert "MMR-2025-000001" in html
    assert "20–25" in html  # killed range when max > min
    assert "at least 3" in html
    assert 'Tabayin · <span lang="my">ဒီပဲယင်း</span>' in html
    assert "Sagaing" in html


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("target=school", ["MMR-2025-000001"], ["MMR-2025-000002"]),
        ("target=market", ["MMR-2025-000002"], ["MMR-2025-000001"]),
        ("since=2025-03-01", ["MMR-2025-000001"], ["MMR-2025-000002"]),
        ("until=2025-02-28", ["MMR-2025-000002"], ["MMR-2025-000001"]),
        ("place=172637", ["MMR-2025-000001"], ["MMR-2025-000002"]),
        ("place=MMR005010", ["MMR-2025-000001", "MMR-2025-000002"], []),
        ("weapon=unguided_bomb", ["MMR-2025-000001"], ["MMR-2025-000002"]),
        ("perpetrator=air+force", ["MMR-2025-000001"], ["MMR-2025-000002"]),
        ("event_type=Battles", [], ["MMR-2025-000001", "MMR-2025-000002"]),
    ],
)
def test_the_list_filters(client, world, query, shown, hidden):
    html = client.get(f"{reverse('incident-list')}?{query}").content.decode()
    for public_id in shown:
        assert public_id in html
    for public_id in hidden:
        assert public_id not in html
    assert f"<strong>{len(shown)}</strong> incident" in html


def test_an_unknown_place_shows_the_query_error_in_the_form(client, world):
    html = client.get(f"{reverse('incident-list')}?place=MMR999999").content.decode()
    assert "No place has the P-code MMR999999." in html
    assert "MMR-2025-000001" not in html


def test_an_ambiguous_place_name_offers_its_places_as_links(client, world, monkeypatch):
    def ambiguous(text):
        raise FigureError(
            f"{text!r} is ambiguous: Tabayin (MMR005010), Pazigyi (172637); give a P-code"
        )

    monkeypatch.setattr("thitsa.publish.forms.place_filter", ambiguous)
    html = client.get(f"{reverse('incident-list')}?place=Tabayin&target=school").content.decode()
    assert "“Tabayin” is the name of several places" in html
    assert 'href="?place=MMR005010&amp;target=school"' in html
    assert 'href="?place=172637&amp;target=school"' in html


def test_the_list_filters_by_grade(client, world):
    # Found by a verifier: ?min_grade=fair, which the API takes, was ignored (all were listed).
    from thitsa.incidents.models import Incident

    Incident.objects.filter(public_id="MMR-2025-000001").update(grade="fair")
    Incident.objects.filter(public_id="MMR-2025-000002").update(grade="weak")
    html = client.get(f"{reverse('incident-list')}?min_grade=fair").content.decode()
    assert "MMR-2025-000001" in html and "MMR-2025-000002" not in html
    assert "<strong>1</strong> incident" in html


def test_paging_keeps_the_filters(client, world, monkeypatch):
    monkeypatch.setattr("thitsa.publish.views.PER_PAGE", 1)
    html = client.get(f"{reverse('incident-list')}?place=MMR005010").content.decode()
    assert "Page 1 of 2" in html
    assert "?place=MMR005010&amp;page=2" in html
    html = client.get(f"{reverse('incident-list')}?place=MMR005010&page=2").content.decode()
    assert ">MMR-2025-000002<" in html and ">MMR-2025-000001<" not in html


@pytest.mark.parametrize("page, shown", [("-1", 1), ("0", 1), ("abc", 1), ("2", 2), ("999999", 2)])
def test_a_page_before_the_first_is_the_first(client, world, monkeypatch, page, shown):
    # ?page=-1 and ?page=0 showed the last page.
    monkeypatch.setattr("thitsa.publish.views.PER_PAGE", 1)
    html = client.get(reverse("incident-list"), {"place": "MMR005010", "page": page}).content
    assert f"Page {shown} of 2" in html.decode()


def test_the_range_of_credible_claims_runs_from_the_lowest(client, world):
    """Found by a verifier: an outlet rated A said 5, another 9; the range read "9" alone (the
    rule's minimum is the highest "at least" count), as if the credible sources agreed."""
    from thitsa.incidents.models import Incident
    from thitsa.reports.models import Source, SourceReport

    incident = Incident.objects.get(public_id="MMR-2025-000002")
    for name, rating, killed in (("Alpha News", "A", 5), ("Shwebo Weekly", "F", 9)):
        source = Source.objects.create(name=name, kind="media", reliability=rating)
        SourceReport.objects.create(
            import_key=name, source=source, incident=incident, title=f"{killed} killed",
            killed_min=killed, killed_max=killed,
        )  # fmt: skip
    incident.reconcile()
    html = client.get(reverse("incident-detail", args=[incident.public_id])).content.decode()
    assert "at least 9" in html and "5–9" in html
    Incident.objects.filter(pk=incident.pk).update(grade="discounted", grade_override="discounted")
    html = client.get(reverse("incident-detail", args=[incident.public_id])).content.decode()
    assert "figures do not count this incident" in html


def test_the_incident_page_shows_what_when_where_and_sources(client, world):
    html = client.get(reverse("incident-detail", args=["MMR-2025-000001"])).content.decode()
    for text in [
        "A jet bombed a village school.",
        "ဂျက်လေယာဉ်က",
        "14 March 2025",
        "Pazigyi",
        "ပဇီကြီး",
        "MMR005010",
        "172637",
        "MMR005",
        "at least 20",
        "20–25",
        "at least 6",
        "6–8",
        "Airstrike (fixed-wing)",
        "School",
        "Residential area",
        "Unguided bomb",
        "Myanmar Air Force",
        "Confirmed",
        "Myanmar Now",
        "Jets bomb school in Tabayin",
        "15 March 2025",
        f'href="{SOURCE_URL}" rel="noopener noreferrer nofollow"',
        'data-lat="22.701"',
        'data-township-url="/map/townships/MMR005010.geojson"',
    ]:
        assert text in html, text
    # A report URL that is not http(s) is not turned into a link.
    assert "javascript:" not in html


def test_a_restricted_incident_is_404_and_absent_everywhere(client, world):
    assert client.get(reverse("incident-detail", args=["MMR-2025-000099"])).status_code == 404
    assert client.get(reverse("incident-detail", args=["MMR-2025-999999"])).status_code == 404
    for url in PAGES:
        assert "MMR-2025-000099" not in client.get(url).content.decode(), url
    counts = client.get(reverse("map-counts")).json()
    assert counts["counts"] == {"MMR005010": 2}
    assert counts["total"] == 2


@pytest.mark.parametrize("url", PAGES)
def test_no_page_shows_the_witness_or_extra_data(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    for secret in (WITNESS_NAME, WITNESS_CONTACT, SECRET_EXTRA):
        assert secret not in body


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "action", "poster", "srcset", "data"):
            if attrs.get(name):
                self.refs.append((tag, attrs[name], attrs))


@pytest.mark.parametrize("url", [u for u in PAGES if not u.endswith(".json")])
def test_no_page_loads_anything_from_another_origin(client, world, url):
    parser = _Refs()
    parser.feed(client.get(url).content.decode())
    assert parser.refs
    for tag, ref, attrs in parser.refs:
        if ref.startswith(("http:", "https:", "//")):
            # Only links out to a source's own article, which carry no referrer or ranking.
            assert tag == "a" and ref == SOURCE_URL, ref
            assert attrs.get("rel") == "noopener noreferrer nofollow"


def test_the_map_page_points_at_its_data(client, world):
    html = client.get(f"{reverse('map')}?target=school").content.decode()
    assert 'data-counts-url="/map/counts.json?target=school"' in html
    assert 'data-townships-url="/map/townships.geojson"' in html
    assert "thitsa/map.js" in html and "<script>" not in html
    # The counts also as a table, each linking to the list for that township.
    assert '<a href="/incidents/?target=school&amp;place=MMR005010">1</a>' in html


def test_map_counts_follow_the_filters(client, world):
    data = client.get(reverse("map-counts") + "?target=school").json()
    figure = evaluate("incidents", Filters(target="school"), by="township", with_incidents=False)
    assert data["counts"] == {"MMR005010": 1} == {g.key: g.value for g in figure.groups}
    assert client.get(reverse("map-counts") + "?place=MMR999999").status_code == 400


def test_township_polygons_are_served_with_caching(client):
    response = client.get(reverse("map-townships"))
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    shapes = json.loads(response.content)
    assert len(shapes["features"]) > 300
    packed = client.get(reverse("map-townships"), HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.content)) == shapes


def test_one_township_polygon_is_served_for_the_incident_map(client, db):
    # db: the 404 page is drawn in the site's layout, which reads the signed-in person.
    feature = client.get(reverse("map-township", args=["MMR005010"])).json()
    assert feature["properties"]["pcode"] == "MMR005010"
    assert client.get(reverse("map-township", args=["MMR999999"])).status_code == 404


def test_admins_can_open_the_admin_lists(client, signed_in, world):
    admin_client = client
    signed_in("admin")
    for name in ("places_place", "reports_source", "reports_sourcereport", "incidents_incident"):
        assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    report = world["airstrike"].reports.first()
    html = admin_client.get(
        reverse("admin:reports_sourcereport_change", args=[report.pk])
    ).content.decode()
    assert WITNESS_NAME not in html
    html = admin_client.get(
        reverse("admin:incidents_incident_change", args=[world["airstrike"].pk])
    ).content.decode()
    assert WITNESS_NAME not in html and "Jets bomb school in Tabayin" in html


@pytest.mark.parametrize(
    "forms, expected",
    [
        ({"killed": "exact"}, "24"),
        ({"killed": "at_least"}, "at least 24"),
        ({"killed": "more_than"}, "more than 23"),
        ({"killed": "approx"}, "about 24"),  # stored 22-26 (a tenth each way): shown as said
        ({"killed": "thousands"}, "thousands"),  # ထောင်ချီ, as "hundreds" is
        ({}, "at least 24"),
    ],
)
def test_a_sources_claim_reads_as_the_source_wrote_it(forms, expected):
    from types import SimpleNamespace

    from thitsa.publish.templatetags.publish import casualty

    low, high = (22, 26) if forms.get("killed") == "approx" else (24, 24)
    claim = SimpleNamespace(killed_min=low, killed_max=high, casualty_forms=forms)
    assert casualty(claim, "killed") == expected


def test_a_public_export_leaves_out_the_words_and_point_of_a_testimony(world):
    import io

    from thitsa.publish.exports import write_csv
    from thitsa.reports.models import Source, SourceReport

    field = Source.objects.create(name="Field team", kind="witness")
    SourceReport.objects.create(
        import_key="t1", source=field, title="Testimony", text="I hid behind the monastery wall",
        place_text="behind U Ba's house, Pazigyi", latitude=22.70012, longitude=95.30044,
        incident=world["airstrike"],
    )  # fmt: skip
    public, full = io.StringIO(), io.StringIO()
    write_csv("reports", public, public=True)
    write_csv("reports", full, public=False)
    assert "a witness" in public.getvalue()  # a witness source's name may be a person's
    for secret in ("Field team", "Testimony", "monastery wall", "U Ba's house", "22.70012"):
        assert secret not in public.getvalue() and secret in full.getvalue()
    assert "https://news.example.org/2025/03/airstrike-school" in public.getvalue()  # news: kept


def test_an_incident_merged_away_leads_to_the_one_it_joined(client, world):
    """Its public id stays a pointer: before, its page still showed its old figures and
    'Sources (0)' as if it were a live incident."""
    from thitsa.incidents.models import Incident

    shelling = Incident.objects.get(public_id="MMR-2025-000002")
    shelling.merge_into(Incident.objects.get(public_id="MMR-2025-000001"), by="verifier")
    response = client.get(reverse("incident-detail", args=["MMR-2025-000002"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("incident-detail", args=["MMR-2025-000001"])
    # merged into an incident the public cannot see: nothing says where it went
    airstrike = Incident.objects.get(public_id="MMR-2025-000001")
    airstrike.visibility = "restricted"
    airstrike.save()
    assert client.get(reverse("incident-detail", args=["MMR-2025-000002"])).status_code == 404


def test_an_incident_known_only_by_its_point_shows_it_and_the_township_found_from_it(
    client, pointed
):
    """Its report's place text was not resolved: the pages said 'place unknown'."""
    for url in (
        reverse("home"),
        reverse("incident-list"),
        reverse("incident-list") + "?place=MMR005010",
        reverse("incident-detail", args=["MMR-2025-000003"]),
    ):
        html = client.get(url).content.decode()
        assert "MMR-2025-000003" in html, url
        assert "place unknown" not in html, url
        assert "Tabayin" in html and "(found from the coordinates)" in html, url
        # The home page's one line names the township; the others lead with the point.
        assert ("coordinates 22.6510, 95.2090" in html) == (url != reverse("home")), url
    # The incident map: its point over the township found from it.
    html = client.get(reverse("incident-detail", args=["MMR-2025-000003"])).content.decode()
    assert 'data-lat="22.651" data-lon="95.209"' in html
    assert 'data-township-url="/map/townships/MMR005010.geojson"' in html


def test_the_map_counts_an_incident_known_only_by_its_point_in_its_township(client, pointed):
    """It was among those that 'have no township and are not on the map'."""
    data = client.get(reverse("map-counts")).json()
    assert data["counts"] == {"MMR005010": 3}
    assert (data["total"], data["without_township"]) == (3, 0)
    html = client.get(reverse("map")).content.decode()
    assert '<a href="/incidents/?place=MMR005010">3</a>' in html


@pytest.mark.django_db
def test_the_footer_credits_the_datasets_loaded(client):
    """Found by a researcher: every page credited UCDP, loaded or not, and none ACLED, whose
    events and notes the pages showed."""
    from pathlib import Path

    from thitsa.publish.credits import forget_datasets
    from thitsa.reports.loading import import_file

    forget_datasets()
    html = client.get(reverse("home")).content.decode()
    assert "UCDP" not in html and "ACLED" not in html
    sample = Path(__file__).parents[1] / "reports/data/acled_sample.csv"
    import_file(sample, "acled", progress=False)
    html = client.get(reverse("home")).content.decode()
    assert "Events: ACLED, Armed Conflict Location" in html and "UCDP" not in html


def test_the_incident_page_counts_reports_and_sources_apart(client, db):
    """Found by an advocacy officer: "Sources (19)" headed 19 reports of 13 sources."""
    from datetime import date

    from thitsa.incidents.models import Incident
    from thitsa.reports.models import Source, SourceReport

    incident = Incident.objects.create(public_id="MMR-2025-000601", date=date(2025, 5, 12),
                                       visibility="public")  # fmt: skip
    for n, name in enumerate(("Myanmar Now", "Myanmar Now", "DVB")):
        source, _ = Source.objects.get_or_create(name=name, defaults={"kind": "media"})
        report = SourceReport.objects.create(
            import_key=f"p-{n}", source=source, external_id=str(n), title="Jets bomb school"
        )
        report.link_to(incident, 1.0, "test")
    incident.reconcile()
    html = client.get(f"/incidents/{incident.public_id}/").content.decode()
    assert "Reports (3)" in html and "From 2 sources." in html
