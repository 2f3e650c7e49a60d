"""Model names read as Burmese in the admin: without a verbose_name_plural Django adds an English
"s" to the Burmese name ("အကောင့်s")."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from tests.conftest import make_person, sign_in

BURMESE = re.compile("[\u1000-\u109f]")
MODELS = [m for m in apps.get_models() if m.__module__.startswith("thitsa.")]


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_every_model_names_its_plural_in_burmese(model):
    named = "verbose_name_plural" in model._meta.original_attrs
    assert named, f"set Meta.verbose_name_plural on {model._meta.label}"
    with translation.override("my"):
        plural = str(model._meta.verbose_name_plural)
    assert BURMESE.search(plural) and not plural.endswith("s")


def test_the_burmese_admin_lists_accounts_and_tokens_without_an_english_s(client, db):
    sign_in(client, make_person("admin"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    html = client.get("/admin/").content.decode()
    assert '<a href="/admin/accounts/account/">အကောင့်များ</a>' in html
    assert '<a href="/admin/accounts/apitoken/">API တိုကင်များ</a>' in html
    assert "အကောင့်s" not in html and "တိုကင်s" not in html


def test_the_burmese_admin_names_its_sections_and_models_in_burmese(client, db):
    sign_in(client, make_person("admin"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    html = client.get("/admin/").content.decode()
    for name in ("ဖြစ်စဉ်များ", "နေရာများ", "သတင်းပို့ချက်များ", "သတင်းရင်းမြစ်များ"):
        assert f">{name}</a>" in html, name
    assert not re.search("[\u1000-\u109f]s<", html)
