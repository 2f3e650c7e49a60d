from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thitsa.burmese.digits import to_ascii_digits, to_burmese_digits


@pytest.mark.parametrize(
    "text, expected",
    [
        ("၂၂", "22"),
        ("၁၂ဝ၅", "1205"),  # wa between digits is a zero
        ("၁ဝ ဦး", "10 ဦး"),  # and at a number's end
        ("ဝင်", "ဝင်"),  # but a letter at a word's start
        ("၅ ဝင်", "5 ဝင်"),
        ("၂ဝဦး", "20ဦး"),  # a counter after it: still a number
        ("၁ဝရက်", "10ရက်"),
        ("၂ဝန်", "2ဝန်"),  # a killed consonant after it: its own syllable, a letter
        ("၁၎င်း", "1၎င်း"),
        ("၎င်း", "၎င်း"),
        ("၁၂၎၅", "1245"),
        ("May 12", "May 12"),
    ],
)
def test_it_turns_burmese_digits_into_ascii(text, expected):
    assert to_ascii_digits(text) == expected


def test_it_writes_numbers_in_burmese_digits():
    assert to_burmese_digits(2025) == "၂၀၂၅"
    assert to_burmese_digits("12 May") == "၁၂ May"


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_round_trip(n):
    assert to_ascii_digits(to_burmese_digits(n)) == str(n)
    assert int(to_ascii_digits(to_burmese_digits(n))) == n
