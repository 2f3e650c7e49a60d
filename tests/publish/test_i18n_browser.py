"""Real-browser check of the Burmese interface: the header's switch turns the site Burmese, the
choice holds from page to page, figures come in Burmese digits and Burmese text is set in our own
Noto Sans Myanmar; the admin's calendar and clock speak Burmese. Screenshots go to test-artifacts/
for a human to look at."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import ARTIFACTS, make_person, sign_in
from thitsa.reports.models import SourceReport

pytestmark = pytest.mark.django_db(transaction=True)

ASCII_DIGIT = re.compile(r"[0-9]")
FONT_LOADED = """async () => {
  await document.fonts.ready;
  return [...document.fonts].some(f => f.family.replace(/"/g, "") === "Noto Sans Myanmar"
                                        && f.status === "loaded");
}"""


def test_the_header_switch_turns_the_site_burmese(page, live_server, world):
    page.goto(f"{live_server.url}/")
    assert page.get_attribute("html", "lang") == "en"
    with page.expect_navigation():
        page.click(".lang-switch button[value=my]")
    assert page.get_attribute("html", "lang") == "my"
    assert page.url == f"{live_server.url}/"
    assert page.inner_text("h1") == "မြန်မာနိုင်ငံရှိ အရပ်သားများအပေါ် တိုက်ခိုက်မှုများ"
    values = page.locator(".figures .value").all_inner_texts()
    assert values[:2] == ["၂", "၂၃"]  # 2 incidents, 23 killed
    assert not any(ASCII_DIGIT.search(v) for v in values)
    assert "၁၄ မတ် ၂၀၂၅" in page.inner_text(".latest")
    assert page.evaluate(FONT_LOADED)
    page.screenshot(path=str(ARTIFACTS / "home-my.png"), full_page=True)

    # The choice holds on the next pages without asking again.
    page.click(".site-header nav a[href='/incidents/']")
    assert page.get_attribute("html", "lang") == "my"
    summary = page.inner_text(".summary")
    assert "ဖြစ်စဉ် ၂ ခု" in summary and "အနည်းဆုံး ၂၃ ဦး" in summary
    page.screenshot(path=str(ARTIFACTS / "list-my.png"), full_page=True)

    page.goto(f"{live_server.url}/incidents/MMR-2025-000001/")
    page.wait_for_selector("#incident-map[data-township-drawn]", timeout=15_000)
    assert "အနည်းဆုံး ၂၀ ဦး" in page.inner_text(".casualties")
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "ချဲ့ကြည့်ရန်"
    page.screenshot(path=str(ARTIFACTS / "incident-my.png"), full_page=True)

    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("#incident-map[data-townships-drawn]", timeout=30_000)
    assert page.inner_text("#map-summary").startswith("ကိုက်ညီသော ဖြစ်စဉ် ၂ ခု")
    assert "ဖြစ်စဉ်များ" in page.inner_text(".map-legend")
    # Found by a review: the zoom buttons were "Zoom in" / "Zoom out" to a screen reader.
    assert page.get_attribute(".leaflet-control-zoom-in", "aria-label") == "ချဲ့ကြည့်ရန်"
    assert page.get_attribute(".leaflet-control-zoom-out", "title") == "ချုံ့ကြည့်ရန်"
    page.screenshot(path=str(ARTIFACTS / "map-my.png"), full_page=True)

    # And back to English from the same control.
    with page.expect_navigation():
        page.click(".lang-switch button[value=en]")
    assert page.get_attribute("html", "lang") == "en"
    assert page.foreign == [] and page.errors == []


def test_the_admin_calendar_and_clock_speak_burmese(page, live_server, world):
    client = Client()
    sign_in(client, make_person("admin"))
    page.context.add_cookies(
        [
            {"name": name, "value": value, "url": live_server.url}
            for name, value in [
                (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value),
                (settings.LANGUAGE_COOKIE_NAME, "my"),
            ]
        ]
    )
    # A browser in UTC, 6.5 hours behind the server's Asia/Yangon: the time zone note shows.
    page.context.new_cdp_session(page).send("Emulation.setTimezoneOverride", {"timezoneId": "UTC"})
    report = SourceReport.objects.get(import_key="k1")
    page.goto(f"{live_server.url}/admin/reports/sourcereport/{report.pk}/change/")
    assert page.get_attribute("html", "lang") == "my"

    shortcuts = page.locator("#id_event_date ~ .datetimeshortcuts")
    assert shortcuts.locator("a").first.inner_text() == "ယနေ့"  # Today
    assert page.locator("#id_published_at_1 ~ .datetimeshortcuts a").first.inner_text() == "ယခု"
    assert page.inner_text(".timezonewarning") == (
        "မှတ်ချက် - သင့်အချိန်သည် ဆာဗာ အချိန်ထက် 6.5 နာရီ နောက်ကျနေသည်။"
    )

    # The calendar opens on the field's month, weeks from Sunday, each day headed by its
    # last syllable as on a Myanmar wall calendar.
    shortcuts.locator("a[id^=calendarlink]").click()
    calendar = page.locator(".calendarbox:visible")
    assert calendar.locator("caption").inner_text() == "မတ် 2025"
    heads = calendar.locator("th").all_inner_texts()
    assert heads == ["နွေ", "လာ", "ဂါ", "ဟူး", "တေး", "ကြာ", "နေ"]
    shown = calendar.locator(".calendar-shortcuts a").all_inner_texts()
    assert shown == ["မနေ့က", "ယနေ့", "မနက်ဖြန်"]  # Yesterday, Today, Tomorrow
    assert calendar.locator(".calendar-cancel a").inner_text() == "မလုပ်တော့ပါ"  # Cancel
    assert page.evaluate(FONT_LOADED)
    page.screenshot(path=str(ARTIFACTS / "admin-calendar-my.png"), full_page=True)

    # A day picked in Burmese goes into the field as an ISO date, which the form reads.
    calendar.locator("a", has_text="20").first.click()
    assert page.input_value("#id_event_date") == "2025-03-20"
    assert page.foreign == [] and page.errors == []
