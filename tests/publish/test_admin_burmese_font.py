"""Django's admin draws Burmese in our own Noto Sans Myanmar, not as boxes, on a machine without a
Burmese system font (this one: only DejaVu and Liberation). Chromium names the font each glyph
was drawn with (CDP CSS.getPlatformFontsForNode); boxes come from DejaVu Sans.

The boxes came from the font's place in the admin's font list (thitsa/admin.css): after
sans-serif, Chromium drew the text laid out before the font had arrived in DejaVu Sans and
never redrew it. Latin text keeps Django's usual fonts."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import make_person, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NOTO = "Noto Sans Myanmar"


def open_admin(page, live_server, path, language):
    """The admin page at `path`, signed in as an admin who reads `language`, once its fonts
    have loaded (and a moment more, for any redraw they bring)."""
    client = Client()
    sign_in(client, make_person("admin"))
    page.context.add_cookies(
        [
            {"name": name, "value": value, "url": live_server.url}
            for name, value in [
                (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value),
                (settings.LANGUAGE_COOKIE_NAME, language),
            ]
        ]
    )
    page.goto(f"{live_server.url}{path}")
    assert page.get_attribute("html", "lang") == language
    page.evaluate("async () => { await document.fonts.ready; }")
    page.wait_for_timeout(1000)


def drawn_with(page, selectors):
    """{(selector, text): [font family, ...]} for the first element each selector matches whose
    markup holds `text` ("" for any). Read through CDP, without touching the page: any change
    to it would redraw the text and hide the fault."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    fonts = {}
    for selector, text in selectors:
        nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})
        node = next(
            node
            for node in nodes["nodeIds"]
            if text in cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
        )
        drawn = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        fonts[selector, text] = [font["familyName"] for font in drawn]
    cdp.detach()
    return fonts


def test_the_burmese_admin_index_is_drawn_in_noto_sans_myanmar(page, live_server):
    open_admin(page, live_server, "/admin/", "my")
    fonts = drawn_with(
        page,
        [
            ("#site-name a", "စီမံခန့်ခွဲမှု"),  # Thitsa administration
            ("#content h1", ""),  # Site administration
            ("#content-main caption a", "နေရာများ"),  # Places
            ("#content-main .changelink", ""),  # Change
            ("#recent-actions-module h2", ""),  # Recent actions
            ("#recent-actions-module h3", ""),  # My actions (bold)
            ("#recent-actions-module p", ""),  # None available
        ],
    )
    assert {key: drawn for key, drawn in fonts.items() if NOTO not in drawn} == {}
    assert page.foreign == [] and page.errors == []


def test_the_burmese_change_list_is_drawn_in_noto_sans_myanmar(page, live_server, world):
    open_admin(page, live_server, "/admin/reports/sourcereport/", "my")
    fonts = drawn_with(
        page,
        [
            ("#site-name a", ""),
            ("#content h1", ""),  # Select source report to change
            ("#result_list thead th .text a", "သတင်းပို့ချက်"),  # Source report
            ("#result_list tbody th", "ကျောင်းကို ဗုံးကြဲ"),  # a report's Burmese title
            ("#changelist-filter h2", ""),  # Filter
            ("#changelist-filter h3", ""),  # By import format (bold)
            ("#changelist-search input[type=submit]", ""),  # Search (a form control)
            ("#changelist-form .actions button", ""),  # Run (Go)
        ],
    )
    assert {key: drawn for key, drawn in fonts.items() if NOTO not in drawn} == {}
    assert page.foreign == [] and page.errors == []


def test_the_english_admin_keeps_its_latin_font_and_draws_burmese_data_in_noto(
    page, live_server, world
):
    open_admin(page, live_server, "/admin/reports/sourcereport/", "en")
    fonts = drawn_with(
        page,
        [
            ("#site-name a", ""),  # Thitsa administration
            ("#content h1", ""),
            ("#result_list tbody th", "Tabayin"),  # Jets bomb school in Tabayin
            ("#result_list tbody th", "ကျောင်းကို ဗုံးကြဲ"),
        ],
    )
    latin = fonts["#result_list tbody th", "Tabayin"]
    for key in [("#site-name a", ""), ("#content h1", ""), ("#result_list tbody th", "Tabayin")]:
        assert fonts[key] and NOTO not in fonts[key], (key, fonts[key])
    # The Burmese title in Noto, its Latin "Myanmar Now:" in the same font as the other title.
    burmese = fonts["#result_list tbody th", "ကျောင်းကို ဗုံးကြဲ"]
    assert NOTO in burmese and set(burmese) - {NOTO} <= set(latin), (burmese, latin)
    assert page.foreign == [] and page.errors == []


def test_only_the_burmese_admin_asks_for_the_font_ahead(client):
    # In Burmese the font is fetched with the stylesheet, so the boxes show for less time; an
    # English page fetches it only if it shows Burmese (and would warn of an unused preload).
    sign_in(client, make_person("admin"))
    preload = re.compile(r'<link rel="preload" href="[^"]*NotoSansMyanmar-Regular[^"]*" as="font"')
    assert not preload.search(client.get("/admin/").content.decode())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    assert preload.search(client.get("/admin/").content.decode())
