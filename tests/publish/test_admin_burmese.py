"""Django's admin in Burmese: its own words (left untranslated by Django's Burmese catalogues)
come from our catalogue, so an admin reading Burmese does not get half the page in English."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.conftest import make_person, sign_in


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


def test_the_reports_change_list_is_in_burmese(burmese_admin, world):
    html = burmese_admin.get("/admin/reports/sourcereport/").content.decode()
    shown = {
        "Select source report to change": "<h1>ပြင်ဆင်ရန် သတင်းပို့ချက် ကို ရွေးပါ</h1>",
        "Add source report": "သတင်းပို့ချက် ထည့်ရန်",
        "Delete selected": ">ရွေးထားသော သတင်းပို့ချက်များ ကို ဖျက်ရန်</option>",
        "Run the selected action": 'title="ရွေးထားသော လုပ်ဆောင်ချက်ကို ဆောင်ရွက်ရန်"',
        "0 of 2 selected": ">2 မှ 0 ရွေးချယ်ပြီး</span>",
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
        "event_date": ("Event date", "ဖြစ်စဉ် ရက်စွဲ"),
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
