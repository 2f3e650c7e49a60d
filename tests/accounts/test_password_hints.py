"""zxcvbn's hints on a weak password speak the page's language: they were English on Burmese
pages (zxcvbn asks the standard library's gettext, which has no catalogue)."""

from __future__ import annotations

import ast
import inspect
import re

import pytest
import zxcvbn.feedback
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from thitsa.accounts.passwords import ZXCVBN_FEEDBACK

KEYBOARD_RUN = "zxcvbnm,./asdfghjkl"  # zxcvbn: "Straight rows of keys..."


def zxcvbn_sentences() -> set[str]:
    """Every string zxcvbn's feedback module passes to `_()`."""
    tree = ast.parse(inspect.getsource(zxcvbn.feedback))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and isinstance(node.args[0], ast.Constant)
    }


def test_every_sentence_zxcvbn_can_say_is_in_the_table():
    sentences = zxcvbn_sentences()
    assert len(sentences) > 20
    assert sentences <= ZXCVBN_FEEDBACK, f"add to ZXCVBN_FEEDBACK: {sentences - ZXCVBN_FEEDBACK}"


@pytest.mark.parametrize("sentence", sorted(ZXCVBN_FEEDBACK))
def test_each_sentence_has_a_burmese_translation(sentence):
    with translation.override("my"):
        burmese = translation.gettext(sentence)
    assert burmese != sentence and re.search("[\u1000-\u109f]", burmese)


@pytest.fixture
def link(db, capsys):
    """The one-time link `thitsa user add` prints, as a path, followed to its form."""

    def open_form(client) -> str:
        call_command("user", "add", "ko.aung@example.org", "--role", "documenter")
        path = re.search(r"https?://\S+", capsys.readouterr().out).group(0).split("8000", 1)[1]
        return client.get(path, follow=True).redirect_chain[-1][0]

    return open_form


def choose(client, form_url: str, password: str) -> str:
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 200  # refused: the form again
    return response.content.decode()


def test_the_set_password_page_gives_the_hint_in_burmese(client, link):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    html = choose(client, link(client), KEYBOARD_RUN)
    assert "ဤစကားဝှက်ကို ခန့်မှန်းရ လွယ်လွန်းသည်။" in html
    assert "ကီးဘုတ်ပေါ်ရှိ တစ်တန်းတည်းသော ခလုတ်များကို ခန့်မှန်းရ လွယ်သည်။" in html
    assert "Straight rows of keys" not in html
    # Django's help for the second box was English too.
    assert "မှန်ကန်ကြောင်း စစ်ဆေးရန် စကားဝှက်ကို ထပ်မံ ရိုက်ထည့်ပါ။" in html


def test_the_set_password_page_gives_the_hint_in_english_on_english_pages(client, link):
    html = choose(client, link(client), KEYBOARD_RUN)
    assert "This password is too easy to guess. Straight rows of keys are easy to guess." in html


def test_suggestions_are_translated_when_there_is_no_warning():
    from thitsa.accounts.passwords import hint

    feedback = {"warning": "", "suggestions": ["Avoid sequences.", "Something new in zxcvbn."]}
    with translation.override("my"):
        assert hint(feedback) == "အစဉ်လိုက် စာလုံးများကို ရှောင်ပါ။ Something new in zxcvbn."
