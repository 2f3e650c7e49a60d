from datetime import date

import pytest

from thitsa.reports.records import RowError, parse_partial_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-05-12", (date(2025, 5, 12), "day")),
        ("12 May 2025", (date(2025, 5, 12), "day")),
        ("၁၂ မေ ၂၀၂၅", (date(2025, 5, 12), "day")),
        ("၂၀၂၅ ခုနှစ် မေလ ၁၂ ရက်", (date(2025, 5, 12), "day")),
        ("၂၀၂၅-၀၅-၁၂", (date(2025, 5, 12), "day")),
        ("မေလ ၂၀၂၅", (date(2025, 5, 1), "month")),
        ("2025-05", (date(2025, 5, 1), "month")),
        ("2025", (date(2025, 1, 1), "year")),
        ("", (None, "day")),
    ],
)
def test_importers_read_dates_in_both_scripts(value, expected):
    assert parse_partial_date(value, 2, "event_date") == expected


def test_relative_dates_are_read_against_the_published_date():
    published = date(2025, 5, 13)
    assert parse_partial_date("မနေ့က", 2, "event_date", published) == (date(2025, 5, 12), "day")
    with pytest.raises(RowError, match="line 2, field event_date: 'မနေ့က' needs the published"):
        parse_partial_date("မနေ့က", 2, "event_date")


@pytest.mark.parametrize("value", ["31 February 2025", "soon", "၃၁ ဖေဖော်ဝါရီ ၂၀၂၅"])
def test_a_bad_date_names_its_line_and_field(value):
    with pytest.raises(RowError, match="line 7, field event_date: .* is not a date"):
        parse_partial_date(value, 7, "event_date")


def test_a_month_first_date_says_slashes_are_read_day_first():
    # 5/13/2025, as a US spreadsheet writes 13 May: refused with nothing on the order, while
    # 5/12/2025 is read as 5 December.
    with pytest.raises(RowError, match=r"read day first .* and 13 is no month; write 2025-05-13"):
        parse_partial_date("5/13/2025", 3, "event_date")
    with pytest.raises(RowError, match=r"'40/40/2025' is not a date: write 2025-05-12"):
        parse_partial_date("40/40/2025", 3, "event_date")


@pytest.mark.parametrize(
    "value",
    [
        "Monday, 12 May 2025",
        "Mon, 12 May 2025 06:30:00 +0000",
        "12 May 2025 06:30",
        "၂၀၂၅ ခု မေလ ၁၂ ရက်",
        "၁၂-မေ-၂၀၂၅",
        "တနင်္လာနေ့၊ ၂၀၂၅ ခုနှစ် မေလ ၁၂ ရက်",
    ],
)
def test_a_date_as_feeds_and_people_write_it_is_read(value):
    """Found by a Burmese editor: these were refused, so a whole CSV row was: a weekday before
    the date, a time after it (an RSS feed writes both), ခု for ခုနှစ်, hyphens in Burmese."""
    assert parse_partial_date(value, 2, "event_date") == (date(2025, 5, 12), "day")


def test_a_weekday_that_is_not_the_dates_own_is_refused_saying_so():
    """One of the two is a typo and which is not known: the row is refused, saying which day
    the date is, rather than one of them taken silently."""
    with pytest.raises(
        RowError, match="'Tuesday, 12 May 2025' is not a date: 2025-05-12 is a Monday; correct"
    ):
        parse_partial_date("Tuesday, 12 May 2025", 2, "event_date")
