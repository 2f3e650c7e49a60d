"""What the browser review found on Burmese pages: error pages in the site's layout, no English
left from Django's forms, a public sentence for an unknown place, Burmese digits everywhere."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_person, sign_in
from tests.publish.test_review import queued  # noqa: F401, F811 (a fixture)

ASCII_DIGIT = re.compile(r"[0-9]")


def burmese() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    return client


@pytest.mark.parametrize(
    "url", ["/no-such-page/", "/incidents/MMR-2099-999999/", "/incidents/MMR-2025-000099/"]
)
def test_a_missing_page_is_burmese_with_the_header_and_a_way_home(world, url):
    response = burmese().get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="my">' in html
    assert "စာမျက်နှာ မတွေ့ပါ" in html  # Page not found
    assert 'class="lang-switch"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'href="/"' in html and "site.css" in html
    # A restricted incident's 404 reads the same as a mistyped address.
    assert "MMR-2025-000099" not in html.replace(f'value="{url}"', "")


def test_a_documenter_refused_the_review_queue_sees_a_burmese_page(db):
    client = burmese()
    sign_in(client, make_person("documenter"))
    response = client.get(reverse("review-queue"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="my">' in html
    assert "ခွင့်မပြုပါ" in html  # Not allowed
    assert 'class="lang-switch"' in html


def test_the_500_page_needs_neither_the_database_nor_context_processors():
    # As Django's own server_error renders it: a bare context, no request.
    with translation.override("my"):
        html = loader.get_template("500.html").render()
    assert '<html lang="my">' in html
    assert "တစ်ခုခု မှားယွင်းသွားပါသည်" in html  # Something went wrong
    assert 'href="/"' in html


def test_the_500_view_offers_the_language_switch():
    from thitsa.publish.errors import server_error

    request = RequestFactory().get("/incidents/?since=2025-01-01")
    with translation.override("my"):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert 'class="lang-switch"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="next" value="/incidents/?since=2025-01-01"' in html


@pytest.mark.parametrize(
    "query, english, burmese_text",
    [
        ("since=2025-99-99", "Enter a valid date.", "မှန်ကန်သော ရက်စွဲ ထည့်ပါ။"),
        ("target=spaceship", "is not one of the available choices", "ရွေးချယ်စရာများထဲတွင် မပါပါ"),
    ],
)
def test_django_form_errors_are_burmese(world, query, english, burmese_text):
    for path in (reverse("incident-list"), reverse("map")):
        html = burmese().get(f"{path}?{query}").content.decode()
        assert english not in html
        assert burmese_text in html


def test_an_unknown_place_gets_a_public_sentence_not_cli_advice(world):
    english = Client().get(reverse("incident-list") + "?place=Nowhereville").content.decode()
    assert "thitsa place resolve" not in english
    assert "No place called “Nowhereville”" in english
    html = burmese().get(reverse("incident-list") + "?place=Nowhereville").content.decode()
    assert "thitsa place resolve" not in html and "no place matches" not in html
    assert "“Nowhereville” ဟု အမည်ရသော နေရာ မတွေ့ပါ" in html


def test_an_unknown_pcode_gets_a_public_sentence(world):
    html = burmese().get(reverse("incident-list") + "?place=MMR099").content.decode()
    assert "no place has the P-code" not in html
    assert "P-code MMR099 ဖြင့် နေရာ မရှိပါ" in html


def test_the_sign_in_and_password_forms_are_burmese(db):
    html = burmese().get(reverse("login")).content.decode()
    assert "Username" not in html
    assert "အသုံးပြုသူအမည်" in html


@pytest.mark.parametrize(
    "value, english, burmese_text", [(4491, "4,491", "၄,၄၉၁"), (12, "12", "၁၂"), (0, "0", "၀")]
)
def test_counts_group_thousands_alike_in_both_languages(value, english, burmese_text):
    from thitsa.publish.templatetags.publish import num

    with translation.override("en"):
        assert num(value) == english
    with translation.override("my"):
        assert num(value) == burmese_text


def test_the_list_writes_a_dash_where_no_source_reported_injuries(world):
    world["airstrike"].injured_min = world["airstrike"].injured_max = 0
    world["airstrike"].save()
    html = Client().get(reverse("incident-list")).content.decode()
    row = re.search(r"MMR-2025-000001.*?</tr>", html, re.S)[0]
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
    assert cells[1] == "—"  # injured: as the detail page's "none reported", not "0"


def test_the_map_lists_top_townships_with_their_burmese_names(world):
    html = burmese().get(reverse("map")).content.decode()
    table = re.search(r'<details class="top-townships">.*?</details>', html, re.S)[0]
    assert '<span lang="my">ဒီပဲယင်း</span> · Tabayin' in table


def test_the_review_pages_name_the_matcher_and_give_scores_in_burmese_digits(client, queued):  # noqa: F811
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    sign_in(client, make_person("verifier"))
    for url in (
        reverse("review-queue"),
        reverse("review-decision", args=[queued["drone"].pk]),
        reverse("review-incident", args=[queued["incident"].public_id]),
    ):
        html = client.get(url).content.decode()
        assert "match v3" not in html, url
        for cell in re.findall(r'<td class="num">(?:<strong>)?([^<]*)<', html):
            assert not ASCII_DIGIT.search(cell), (url, cell)
        for when in re.findall(r"<time [^>]*>([^<]*)</time>", html):
            assert not ASCII_DIGIT.search(when), (url, when)
        # Headings' counts: "သတင်းပို့ချက် (4)" stood among Burmese digits.
        for heading in re.findall(r"<h[23][^>]*>([^<]*)</h[23]>", html):
            assert not ASCII_DIGIT.search(heading), (url, heading)
    assert "ကိုက်ညီစစ်ဆေးစနစ် (v3)" in html
    assert ">source <small" not in html  # the feature's name, not its code, in Burmese


@pytest.mark.parametrize(
    "value, shown",
    [
        ([4489], "၄၄၈၉"),
        (["MMR-2025-000001", "MMR-2025-000002"], "MMR-2025-000001, MMR-2025-000002"),
        ({"copy": "public", "size": 633}, "copy: public; size: ၆၃၃"),
        ("image/jpeg", "image/jpeg"),
    ],
)
def test_custody_details_read_as_text_not_python(value, shown):
    from thitsa.publish.templatetags.publish import custody_action, plain

    with translation.override("my"):
        assert plain(value) == shown
        assert custody_action("derived") == "အများသိ မိတ္တူ ပြုလုပ်ခဲ့သည်"
        assert custody_action("something new") == "something new"


def test_the_set_password_form_is_burmese(db):
    from django.contrib.auth.forms import SetPasswordForm

    user = make_person("documenter")
    with translation.override("my"):
        form = SetPasswordForm(user, {"new_password1": "short", "new_password2": "shorter"})
        assert not form.is_valid()
        labels = [str(f.label) for f in form]
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
    assert labels == ["စကားဝှက်အသစ်", "စကားဝှက်အသစ် (ထပ်မံ ရိုက်ထည့်ပါ)"]
    assert "didn’t match" not in errors and "စကားဝှက် နှစ်ခု မတူညီပါ" in errors


def test_the_admin_loads_the_bundled_burmese_font():
    """Without it a machine with no Burmese font showed the admin's Burmese as empty boxes."""
    from django.contrib.staticfiles import finders
    from django.template import loader

    html = loader.get_template("admin/base_site.html").render({})
    assert "thitsa/admin.css" in html
    assert "Noto Sans Myanmar" in open(finders.find("thitsa/admin.css"), encoding="utf-8").read()


def test_the_places_a_name_may_mean_are_named_in_burmese_on_burmese_pages(world):
    # Found by a user in a browser: "Did you mean" listed "Bago (East)" in English alone.
    from tests.publish.conftest import _place

    for pcode, east_west in (("MMR007", "အရှေ့"), ("MMR008", "အနောက်")):
        state = _place(pcode, level="state", path=pcode, name_en=f"Bago ({east_west})",
                       name_my=f"ပဲခူးတိုင်းဒေသကြီး ({east_west})")  # fmt: skip
        state.state = state
        state.save()
    html = burmese().get(reverse("incident-list") + "?place=Bago").content.decode()
    assert "ပဲခူးတိုင်းဒေသကြီး (အရှေ့)" in html and "ပဲခူးတိုင်းဒေသကြီး (အနောက်)" in html


def test_the_incident_page_shows_no_range_where_no_source_gave_a_count(world):
    """Found by a reviewer of the Burmese interface: "none reported | 0" beside a count no
    source gave, as if one had said 0."""
    html = Client().get(reverse("incident-detail", args=["MMR-2025-000001"])).content.decode()
    table = html[html.index('class="casualties"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>\s*<td>(.*?)</td>', table)
    untold = [(public, claims) for _label, public, claims in rows if "none reported" in public]
    assert untold and all(claims == "—" for _public, claims in untold)
