from __future__ import annotations

import pytest

from thitsa.burmese.syllables import syllables, tokens


@pytest.mark.parametrize(
    "text, expected",
    [
        ("မြန်မာစာ", ["မြန်", "မာ", "စာ"]),
        ("ခဲ့သင့်သည်", ["ခဲ့", "သင့်", "သည်"]),  # dot below before asat still closes the syllable
        ("မင်္ဂလာပါ", ["မင်္ဂ", "လာ", "ပါ"]),  # kinzi stays with its syllable
        ("တနင်္ဂနွေ", ["တ", "နင်္ဂ", "နွေ"]),
        ("ကမ္ဘာ", ["ကမ္ဘာ"]),  # a stacked consonant joins the syllables it spans
        ("ဗုဒ္ဓ", ["ဗုဒ္ဓ"]),
        ("ပြဿနာ", ["ပြ", "ဿ", "နာ"]),  # great sa
        ("ကျွန်ုပ်", ["ကျွန်ုပ်"]),  # contraction
        ("ဦးဆောင်", ["ဦး", "ဆောင်"]),  # independent vowels
        ("ဧည့်သည်", ["ဧည့်", "သည်"]),
        ("ဩဂုတ်", ["ဩ", "ဂုတ်"]),
        ("၎င်းတို့", ["၎င်း", "တို့"]),
        ("သွားလာ၏", ["သွား", "လာ", "၏"]),
        ("၂၀၂၅ ခုနှစ်", ["၂၀၂၅", "ခု", "နှစ်"]),  # a number is one piece
        ("၁၂ရက်", ["၁၂", "ရက်"]),
        ("ဘုရား၊ကျောင်း။", ["ဘု", "ရား", "၊", "ကျောင်း", "။"]),  # punctuation stands alone
        ("Rabbitကွန်ဗက်တာ", ["Rabbit", "ကွန်", "ဗက်", "တာ"]),
        ("ကွန်abc", ["ကွန်", "abc"]),
        ("Depayin township", ["Depayin", "township"]),
    ],
)
def test_it_splits_burmese_into_syllables(text, expected):
    assert syllables(text) == expected


def test_tokens_drop_punctuation_and_case():
    assert tokens("ဘုရား၊ကျောင်း။ Hello, World") == ["ဘု", "ရား", "ကျောင်း", "hello", "world"]
