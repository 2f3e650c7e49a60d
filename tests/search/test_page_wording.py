"""What the search page says around its results, in English and Burmese: the query as searched
(a Zawgyi query was echoed as typed, garbage on a Unicode page) and a pager that reads like the
other pages' ("← Newer · Page 2 · Older →" promised dates the index order does not keep)."""

from __future__ import annotations

import pytest
from django.conf import settings

ZAWGYI = "ေက်ာင္း"  # ကျောင်း typed on a Zawgyi phone


@pytest.fixture
def burmese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    return client


@pytest.fixture
def one_per_page(monkeypatch):
    monkeypatch.setattr("thitsa.search.views.PER_PAGE", 1)


def get(client, **params) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_zawgyi_query_is_echoed_in_unicode_and_said_to_be_zawgyi(client, world):
    html = get(client, q=ZAWGYI)
    assert "Searched for: ကျောင်း (typed in Zawgyi)" in html
    assert "<title>Search: ကျောင်း" in html
    assert "<mark>ကျောင်း</mark>" in html
    # The box keeps what was typed, so the next keystrokes stay in one encoding.
    assert f'value="{ZAWGYI}"' in html


def test_a_zawgyi_query_that_finds_nothing_names_it_in_unicode(client, burmese, world):
    html = get(burmese, q=ZAWGYI + "မရွိ")
    assert "ရှာဖွေသည့် စာသား - ကျောင်းမရှိ (ဇော်ဂျီဖြင့် ရိုက်ထားသည်)" in html
    assert "“ကျောင်းမရှိ” အတွက် ရလဒ် မတွေ့ပါ။" in html
    assert f"“{ZAWGYI}" not in html


def test_a_unicode_query_is_not_said_to_be_zawgyi(client, world):
    html = get(client, q="ကျောင်း")
    assert "Searched for" not in html and "typed in Zawgyi" not in html


def test_the_pager_says_previous_and_next(client, world, one_per_page):
    html = get(client, q="Tabayin")
    assert "Next →</a>" in html and "Page 1" in html
    assert "Older" not in html and "Newer" not in html
    html = get(client, q="Tabayin", page=2)
    assert "← Previous</a>" in html and "Page 2" in html


def test_the_pager_in_burmese(client, burmese, world, one_per_page):
    html = get(burmese, q="Tabayin", page=2)
    assert "← ယခင်စာမျက်နှာ</a>" in html and "<span>စာမျက်နှာ ၂</span>" in html
    assert "ပိုသစ်သည်များ" not in html


def test_a_page_past_the_last_says_there_are_no_more_not_nothing_found(client, world, one_per_page):
    html = get(client, q="Tabayin", page=3)
    assert "No more results for “Tabayin”." in html
    assert "Nothing found" not in html
    assert 'href="?q=Tabayin">Back to the first page</a>' in html


def test_an_incidents_type_is_in_the_readers_words(client, burmese, world):
    # As the incident pages give it: the results said "Explosions/Remote violence" in Burmese.
    html = get(burmese, q="Tabayin")
    assert "ပေါက်ကွဲမှု/အဝေးမှ တိုက်ခိုက်မှု" in html
    assert "Explosions/Remote violence" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, linked", [("documenter", False), ("verifier", False), ("admin", True)]
)
def test_a_report_in_no_incident_links_to_the_admin_only_for_admins(
    client, signed_in, role, linked
):
    """Found by a reviewer of the interface: a documenter's or verifier's search hit of a report
    in no incident linked to the admin, which sent them to an empty sign-in form."""
    from thitsa.reports.models import Source, SourceReport
    from thitsa.search.index import refresh

    source = Source.objects.create(name="Delta Voice", kind="media")
    report = SourceReport.objects.create(
        import_key="k-none", source=source, title="Yinmarbin village torched"
    )
    refresh()
    signed_in(role)
    html = client.get("/search/", {"q": "torched"}).content.decode()
    assert "Yinmarbin" in html
    assert (f"/admin/reports/sourcereport/{report.pk}/change/" in html) is linked
