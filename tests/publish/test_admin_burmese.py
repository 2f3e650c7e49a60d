"""Django's admin in Burmese: its own words (left untranslated by Django's Burmese catalogues)
come from our catalogue, so an admin reading Burmese does not get half the page in English. Its
JavaScript (calendar, clock, selectors) speaks from our djangojs.po, and its dates read
"14 မတ် 2025" (thitsa/formats/my)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest
from django.conf import settings
from django.utils import dates, timezone, translation
from django.utils.formats import date_format

from tests.conftest import make_person, sign_in

BURMESE = re.compile(r"[\u1000-\u109f]")


@pytest.fixture
def burmese_admin(client, db):
    sign_in(client, make_person("admin"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    return client


def test_the_admin_index_is_in_burmese(burmese_admin):
    html = burmese_admin.get("/admin/").content.decode()
    assert '<html lang="my"' in html
    shown = {
        "Skip to main content": "အဓိက အကြောင်းအရာသို့ ကျော်သွားရန်",
        "View site": ">ဆိုက်ကို ကြည့်ရန်</a>",
        "Log out": ">အကောင့်မှ ထွက်ရန်</button>",
        "Toggle theme": "အရောင်ပုံစံ ပြောင်းရန် (လက်ရှိ - အလိုအလျောက်)",
        "Authentication and Authorization": "အကောင့်ဝင်ခြင်းနှင့် ခွင့်ပြုချက်များ",
        "Add link": '<th scope="col">ထည့်ရန် လင့်ခ်</th>',
        "My actions": "<h3>ကျွန်ုပ်၏ လုပ်ဆောင်ချက်များ</h3>",
        "None available": "<p>မရှိသေးပါ</p>",
        "Thitsa admin": "| Thitsa စီမံခန့်ခွဲမှု</title>",
    }
    for english, burmese in shown.items():
        assert burmese in html, english
        assert english not in html
    # The add and change links on each model, and no Zawgyi-era "ဖွင့်ထွက်" (Django's "Log out").
    assert 'class="addlink" aria-describedby="reports-sourcereport">ထည့်ရန်</a>' in html
    assert 'class="changelink" aria-describedby="reports-sourcereport">ပြင်ဆင်ရန်</a>' in html
    assert "ဖွင့်ထွက်" not in html


def test_the_sign_in_libraries_apps_and_models_are_named_in_burmese(burmese_admin):
    """django-axes and django-otp name neither their apps nor (django-otp) their models in
    Burmese: the index showed "AXES", "OTP_TOTP" and "TOTP devices"."""
    html = burmese_admin.get("/admin/").content.decode()
    for english in ("Axes", "Otp_Totp", "Otp_Static", "TOTP devices", "Static devices"):
        assert f">{english}<" not in html, english
    for burmese in ("အကောင့်ဝင်ခွင့် ပိတ်ထားမှုများ", "အတည်ပြုကုဒ်အက်ပ်များ", "ပြန်လည်ရယူရေး ကုဒ်များ",
                    "ပြန်လည်ရယူရေး ကုဒ်အစုများ", "အကောင့်ဝင်ရန် ကြိုးစားမှုများ"):  # fmt: skip
        assert burmese in html, burmese
    # axes' own pages take its model names from the catalogue too.
    page = burmese_admin.get("/admin/axes/accessattempt/").content.decode()
    assert "အကောင့်ဝင်ရန် ကြိုးစားမှုများ" in page or "access attempt" not in page


def test_the_reports_change_list_is_in_burmese(burmese_admin, world):
    html = burmese_admin.get("/admin/reports/sourcereport/").content.decode()
    shown = {
        "Select source report to change": "<h1>ပြင်ဆင်ရန် သတင်းပို့ချက် ကို ရွေးပါ</h1>",
        "Add source report": "သတင်းပို့ချက် ထည့်ရန်",
        "Delete selected": ">ရွေးထားသော သတင်းပို့ချက်များ ကို ဖျက်ရန်</option>",
        "Run the selected action": 'title="ရွေးထားသော လုပ်ဆောင်ချက်ကို ဆောင်ရွက်ရန်"',
        "0 of 2 selected": ">2 ခုအနက် ၀ ခု ရွေးထားသည်</span>",
        "Show counts": ">အရေအတွက် ပြရန်</a>",
        "Select this object for an action": "လုပ်ဆောင်ချက်အတွက် ဤအရာကို ရွေးရန် - ",
        "Select all objects on this page": "ဤစာမျက်နှာရှိ အရာအားလုံးကို ရွေးရန်",
    }
    for english, burmese in shown.items():
        assert burmese in html, english
        assert english not in html
    assert '<h2 id="changelist-filter-header">စစ်ထုတ်ချက်</h2>' in html  # Filter
    assert " By " not in html and "တင်သွင်းသည့် ပုံစံ အလိုက်" in html  # By import format
    assert ">ဆောင်ရွက်ရန်</button>" in html and ">Go</button>" not in html


def test_the_user_form_names_auth_fields_in_burmese(burmese_admin):
    user = make_person("verifier")
    html = burmese_admin.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    shown = {
        "Staff status": "ဝန်ထမ်း",
        "Superuser status": "စူပါယူဆာ",
        "User permissions": "အသုံးပြုသူ ခွင့်ပြုချက်များ",
        "Last login": "နောက်ဆုံး အကောင့်ဝင်ချိန်",
        "Designates whether the user can log into this admin site": (
            "ဤအသုံးပြုသူက စီမံခန့်ခွဲရေး ဆိုက်သို့ အကောင့်ဝင်နိုင်မနိုင် သတ်မှတ်သည်။"
        ),
        "Save and continue editing": 'value="သိမ်းပြီး ဆက်လက် ပြင်ဆင်ရန်"',
        "Reset password": "စကားဝှက် ပြန်လည်သတ်မှတ်ရန်",
    }
    for english, burmese in shown.items():
        assert burmese in html, english
        assert english not in html


def test_the_admin_is_headed_thitsa_not_django(burmese_admin):
    html = burmese_admin.get("/admin/").content.decode()
    assert '<a href="/admin/">Thitsa စီမံခန့်ခွဲမှု</a>' in html  # Thitsa administration
    assert "| Thitsa စီမံခန့်ခွဲမှု</title>" in html  # Thitsa admin
    assert "ဒီဂျန်ဂို" not in html and "Django" not in html


def test_a_reports_form_labels_its_fields_in_burmese(burmese_admin, world):
    from thitsa.reports.models import SourceReport

    report = SourceReport.objects.get(import_key="k1")
    html = burmese_admin.get(f"/admin/reports/sourcereport/{report.pk}/change/").content.decode()
    shown = {
        "event_date": ("Event date", "ဖြစ်ပွားရက်"),
        "killed_min": ("Killed min", "သေဆုံးသူ (အနည်းဆုံး)"),
        "linked_by": ("Linked by", "ချိတ်ဆက်သူ"),
        "source": ("Source", "သတင်းရင်းမြစ်"),
        "language": ("Language", "ဘာသာစကား"),
    }
    for field, (english, burmese) in shown.items():
        assert f'for="id_{field}">{burmese}' in html, english
        assert f">{english}" not in html


def test_a_reports_delete_page_names_its_witness_in_burmese(burmese_admin, world):
    from thitsa.reports.models import SourceReport

    report = SourceReport.objects.get(import_key="k1")
    html = burmese_admin.get(f"/admin/reports/sourcereport/{report.pk}/delete/").content.decode()
    assert f"သတင်းပို့ချက် {report.pk} ၏ မျက်မြင်သက်သေ" in html
    assert "witness of report" not in html


def test_the_incidents_list_shows_grades_in_burmese(burmese_admin, world):
    html = burmese_admin.get("/admin/incidents/incident/").content.decode()
    assert '<td class="field-grade">အတည်ပြုပြီး</td>' in html  # Confirmed
    assert '<td class="field-grade">အသင့်အတင့် ခိုင်လုံ</td>' in html  # Fair
    assert ">Confirmed<" not in html and ">Fair<" not in html


def js_catalogue(client) -> tuple[dict, dict]:
    """(messages, formats) that the admin's jsi18n script hands its JavaScript."""
    script = client.get("/admin/jsi18n/").content.decode()
    catalogue = re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1]
    formats = re.search(r"django\.formats = (\{.*?\});\n", script, re.S)[1]
    return json.loads(catalogue), json.loads(formats)


def test_the_admin_javascript_speaks_burmese(burmese_admin):
    messages, formats = js_catalogue(burmese_admin)
    shown = {
        "Choose all %s": "%s အားလုံးကို ရွေးချယ်ရန်",
        "Today": "ယနေ့",
        "Now": "ယခု",
        "Cancel": "မလုပ်တော့ပါ",
        "6 a.m.": "နံနက် ၆ နာရီ",
        "March": "မတ်",
        "Monday": "တနင်္လာနေ့",
        "one letter Sunday\x04S": "နွေ",  # the calendar's column heads
        "abbrev. month August\x04Aug": "ဩ",
    }
    for english, burmese in shown.items():
        assert messages[english] == burmese, english
    # One plural form, as in django.po: "6.5 hours behind server time" and "1 hour" alike.
    assert messages["Note: You are %s hour behind server time."] == [
        "မှတ်ချက် - သင့်အချိန်သည် ဆာဗာ အချိန်ထက် %s နာရီ နောက်ကျနေသည်။"
    ]
    assert messages["%(sel)s of %(cnt)s selected"] == ["%(cnt)s ခုအနက် %(sel)s ခု ရွေးထားသည်"]
    # The calendar writes the first input format into the field: it must stay ISO.
    assert formats["DATE_INPUT_FORMATS"][0] == "%Y-%m-%d"
    assert formats["FIRST_DAY_OF_WEEK"] == 0


def test_the_reports_change_list_writes_dates_in_burmese(burmese_admin, world):
    html = burmese_admin.get("/admin/reports/sourcereport/").content.decode()
    assert '<td class="field-event_date nowrap">14 မတ် 2025</td>' in html
    assert ">14 မတ်</a>" in html  # the date drill-down above the list
    assert "March" not in html and "Mar." not in html


def test_a_reports_form_writes_its_timestamps_in_burmese(burmese_admin, world):
    from thitsa.reports.models import SourceReport

    report = SourceReport.objects.get(import_key="k1")
    html = burmese_admin.get(f"/admin/reports/sourcereport/{report.pk}/change/").content.decode()
    imported = timezone.localtime(report.imported_at)
    with translation.override("my"):
        month = dates.MONTHS[imported.month]
        assert f'<div class="readonly">{imported:%-d} {month} {imported:%Y, %H:%M}</div>' in html
    # The calendar's fields keep ISO dates, which the form reads back.
    assert 'value="2025-03-14"' in html and 'value="2025-03-15"' in html


@pytest.mark.parametrize(
    "fmt, shown",
    [
        ("DATE_FORMAT", "12 မေ 2025"),
        ("DATETIME_FORMAT", "12 မေ 2025, 15:30"),
        ("YEAR_MONTH_FORMAT", "မေ 2025"),
        ("MONTH_DAY_FORMAT", "12 မေ"),
        ("SHORT_DATE_FORMAT", "12/05/2025"),
        ("l", "တနင်္လာနေ့"),
        ("D", "တနင်္လာ"),
        ("N", "မေ"),
        ("E", "မေ"),
        ("b", "မေ"),
        ("A", "ညနေ"),
    ],
)
def test_django_writes_burmese_dates(fmt, shown):
    with translation.override("my"):
        assert date_format(datetime(2025, 5, 12, 15, 30), fmt) == shown


@pytest.mark.parametrize(
    "words",
    [
        dates.WEEKDAYS,
        dates.WEEKDAYS_ABBR,
        dates.MONTHS,
        dates.MONTHS_3,
        dates.MONTHS_AP,
        dates.MONTHS_ALT,
    ],
    ids=["weekdays", "weekdays abbr.", "months", "months 3", "months AP", "months alt."],
)
def test_every_date_word_django_writes_is_burmese(words):
    with translation.override("my"):
        english = [w for w in map(str, words.values()) if not BURMESE.search(w)]
    assert english == []


def test_burmese_dates_are_read_back_day_first():
    from django import forms

    with translation.override("my"):
        field = forms.DateField()
        assert field.clean("2025-05-12") == date(2025, 5, 12)
        assert field.clean("12/5/2025") == date(2025, 5, 12)
