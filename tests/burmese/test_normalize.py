from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thitsa.burmese.normalize import clean, normalize

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "burmese"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ကုိ", "ကို"),  # u typed before i
        ("ကံု", "ကုံ"),  # anusvara before u
        ("ကေြ", "ကြေ"),  # e typed before the medial
        ("ကှွ", "ကွှ"),  # medial ha before wa
        ("ကြျ", "ကျြ"),  # medial ra before ya
        ("ကာေ", "ကော"),  # aa before e
        ("င\u103a\u1037", "င\u1037\u103a"),  # asat before dot below (NFC)
        ("ကိိ", "ကိ"),  # a mark typed twice
        ("ကျွန်ုပ်", "ကျွန်ုပ်"),  # the contraction keeps its asat first
        ("ယောက်ျား", "ယောက်ျား"),
        ("ဥ\u102e", "ဦ"),  # u + ii composes (NFC)
        ("ဥာဏ်", "ဉာဏ်"),  # the vowel u written for the letter nya
        ("ညဥ့်", "ညဉ့်"),
        ("ေကာင်း", "ကောင်း"),  # e typed before its consonant at a word's start
        ("ေမြ", "မြေ"),
        ("မြန်\u200bမာ", "မြန်မာ"),  # zero width space
        ("\ufeffမြန်မာ", "မြန်မာ"),  # byte-order mark
        ("မြန်\u200cမာ", "မြန်မာ"),  # ZWNJ next to Myanmar
        ("👩\u200d💻", "👩\u200d💻"),  # but ZWJ in an emoji stays
        ("၁ဝ ဦး", "၁၀ ဦး"),  # the letter wa at a number's end
        ("၁ဝဝ", "၁၀၀"),
        ("၂၀၂၅-ဝ၅-၁၂", "၂၀၂၅-၀၅-၁၂"),  # at a number's start
        ("၁ရ၅", "၁၇၅"),  # ra between digits is a seven
        ("၁၂၎၅", "၁၂၄၅"),
        ("၁၂ရက်", "၁၂ရက်"),  # ra after a number starts the word ရက်
        ("၇ရက်", "၇ရက်"),  # the seventh day
        ("၁ ဝင်", "၁ ဝင်"),
        ("၂ဝန်", "၂ဝန်"),
        # Found by a review: wa for zero with the counter or the word for "day" right after it
        # stayed a letter, so "၂ဝဦး" (20 people) was no count and "၁ဝရက်" no day.
        ("၂ဝဦး", "၂၀ဦး"),
        ("၄ဝကျော်", "၄၀ကျော်"),
        ("၁ဝရက်", "၁၀ရက်"),
        ("၂ဝ၂၅ ခုနှစ်", "၂၀၂၅ ခုနှစ်"),
        ("၁ဝါ", "၁ဝါ"),  # a sign of its own: a letter
        ("၁၎င်း", "၁၎င်း"),
        ("၀န်ကြီး", "ဝန်ကြီး"),  # the digit zero written for wa
        ("နို၀င်ဘာ", "နိုဝင်ဘာ"),
        ("၀ါ", "ဝါ"),
        ("၇ွာ", "ရွာ"),  # the digit seven written for ra
        ("၄င်း", "၎င်း"),  # the digit four written for ၎
        ("၎င်း", "၎င်း"),
        ("၀ ဦး", "၀ ဦး"),
        ("မင်္ဂလာပါ", "မင်္ဂလာပါ"),
        ("ဒီပဲယင်းမြို့နယ်", "ဒီပဲယင်းမြို့နယ်"),
        ("Cafe\u0301", "Café"),
        ("", ""),
    ],
)
def test_it_writes_burmese_in_one_canonical_spelling(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("၁ရ ဦး", "၁၇ ဦး"),
        ("၂ရ ယောက်", "၂၇ ယောက်"),
        ("၁ရ ရက်", "၁၇ ရက်"),
        ("၁ရဦး", "၁၇ဦး"),
        ("၁ရရက်", "၁၇ရက်"),
        ("၁ဝရ ဦး", "၁၀၇ ဦး"),
        # Still the letter: the word ရက် itself, and ရ that is a word of its own.
        ("၁ရက်", "၁ရက်"),
        ("၁ရ ခု", "၁ရ ခု"),
        ("၅ ရ ဦး", "၅ ရ ဦး"),
        ("၅ရဦးမည်", "၅ရဦးမည်"),  # "will still get 5"
        ("ရ ဦး", "ရ ဦး"),
    ],
)
def test_ra_ending_a_number_before_a_count_or_a_day_is_a_seven(text, expected):
    """Found by a Burmese editor: ၁ရ ဦး (17 people, ရ typed for the lookalike ၇) stayed as
    typed, so the count was lost, and "မေလ ၁ရ ရက်" was read as 1 May."""
    assert normalize(text) == expected


_BURMESE = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x1000, 0x104F + 1)] + [" ", "\u200b", "\u200c", "1", "a"]
    ),
    max_size=24,
)


@given(_BURMESE)
def test_normalising_twice_changes_nothing(text):
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\u200b" not in once


@given(_BURMESE)
def test_cleaning_never_fails(text):
    clean(text)


def test_it_cleans_zawgyi_into_normalised_unicode():
    assert clean("ဒီပဲယင္းၿမိဳ႕နယ္") == "ဒီပဲယင်းမြို့နယ်"
    assert clean("ဒီပဲယင်းမြို့နယ်") == "ဒီပဲယင်းမြို့နယ်"
    # The caller's decision reads text valid in both encodings ("to the village" in Unicode,
    # "to look for" in Zawgyi); text that plainly reads one way is read that way.
    assert clean("ရွာကို", zawgyi=False) == "ရွာကို"
    assert clean("ရွာကို", zawgyi=True) == "ရှာကို"
    assert clean("ျမန္မာ", zawgyi=False) == "မြန်မာ"
    assert clean("မြန်မာ", zawgyi=True) == "မြန်မာ"


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not present")
def test_it_leaves_well_written_unicode_as_nfc_leaves_it():
    for line in (SHARED / "udhr_unicode.txt").read_text(encoding="utf-8").splitlines():
        assert normalize(line) == unicodedata.normalize("NFC", line)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("ဆူးေလ", "ဆူးလေ"),  # Sule
        ("သီေပါ", "သီပေါ"),  # Hsipaw
        ("မိုးေဝ", "မိုးဝေ"),
        ("ဦးေလး", "ဦးလေး"),
        ("ဆူးေလ ဘုရား အနီး ဗုံးေပါက္ကြဲ", "ဆူးလေ ဘုရား အနီး ဗုံးပေါက်ကွဲ"),
    ],
)
def test_an_e_typed_before_its_consonant_after_a_syllable_goes_after_it(typed, expected):
    """Found by a Burmese editor: ေ typed before its consonant (Zawgyi's order) after another
    syllable was neither seen as Zawgyi nor put in its place, and the normaliser moved it back
    onto the syllable before: "ဆူးေလ" (Sule) came out "ဆေူးလ", no word at all."""
    assert clean(typed) == expected
    assert normalize(expected) == expected
