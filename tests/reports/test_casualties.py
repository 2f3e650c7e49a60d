import pytest
from hypothesis import given
from hypothesis import strategies as st

from thitsa.burmese.digits import to_burmese_digits
from thitsa.reports.casualties import CasualtyError, CasualtyRange, parse_casualties


@pytest.mark.parametrize(
    "text, expected",
    [
        ("22", CasualtyRange(22, 22, "exact")),
        ("20-25", CasualtyRange(20, 25, "range")),
        # Found by a documentation officer: a rough range was no count at all.
        ("၂၀-၂၅ ခန့်", CasualtyRange(20, 25, "range")),
        ("about 20-25", CasualtyRange(20, 25, "range")),
        ("20 to 25", CasualtyRange(20, 25, "range")),
        ("40+", CasualtyRange(40, 40, "at_least")),
        ("at least 40", CasualtyRange(40, 40, "at_least")),
        ("At least 40 people", CasualtyRange(40, 40, "at_least")),
        ("more than 40", CasualtyRange(41, 41, "more_than")),
        ("over 160", CasualtyRange(161, 161, "more_than")),
        ("about 30", CasualtyRange(27, 33, "approx")),  # a tenth each way, not "at least 30"
        ("up to 12", CasualtyRange(0, 12, "up_to")),
        ("two", CasualtyRange(2, 2, "exact")),
        ("twenty-two children", CasualtyRange(22, 22, "exact")),
        ("1,200", CasualtyRange(1200, 1200, "exact")),
        ("၂၂", CasualtyRange(22, 22, "exact")),
        ("၂၂ ဦး", CasualtyRange(22, 22, "exact")),
        ("၂၂ ဦး။", CasualtyRange(22, 22, "exact")),  # the sentence's end after it
        ("အနည်းဆုံး ၂၀ ဦး၊", CasualtyRange(20, 20, "at_least")),
        ("၄၀+", CasualtyRange(40, 40, "at_least")),
        ("၄၀ ကျော်", CasualtyRange(41, 41, "more_than")),
        ("အနည်းဆုံး ၂၀", CasualtyRange(20, 20, "at_least")),
        ("၂၂ယောက်", CasualtyRange(22, 22, "exact")),
        ("၁ဝ ဦး", CasualtyRange(10, 10, "exact")),  # the letter wa typed for zero
        ("၂၀ မှ ၂၅", CasualtyRange(20, 25, "range")),
        ("၂၀မှ၂၅", CasualtyRange(20, 25, "range")),
        ("၂၀ ဦးမှ ၂၅ ဦးအထိ", CasualtyRange(20, 25, "range")),
        ("၂၀-၂၅ ဦး", CasualtyRange(20, 25, "range")),
        ("၄၀ ဦးကျော်", CasualtyRange(41, 41, "more_than")),
        ("၄၀ ဦးထက်ပို", CasualtyRange(41, 41, "more_than")),
        ("အနည်းဆုံး ၂၀ ဦး", CasualtyRange(20, 20, "at_least")),
        ("၂၀ ထက်မနည်း", CasualtyRange(20, 20, "at_least")),
        ("၃၀ ခန့်", CasualtyRange(27, 33, "approx")),
        ("၃၀ ဦးခန့်", CasualtyRange(27, 33, "approx")),
        ("၃၀ နီးပါး", CasualtyRange(27, 30, "nearly")),
        # Found by a verification review: "10 or more" was read as 11, "nearly 50" as at
        # least 50 (a public figure above what the source said).
        ("10 or more", CasualtyRange(10, 10, "at_least")),
        ("10 or more people", CasualtyRange(10, 10, "at_least")),
        ("nearly 50", CasualtyRange(45, 50, "nearly")),
        ("almost 50", CasualtyRange(45, 50, "nearly")),
        ("nearly 5", CasualtyRange(4, 5, "nearly")),
        ("close to 20", CasualtyRange(18, 20, "nearly")),
        ("ခန့်မှန်းခြေ ၃၀", CasualtyRange(27, 33, "approx")),
        ("about 5", CasualtyRange(4, 6, "approx")),
        ("about 1", CasualtyRange(1, 2, "approx")),  # a death, not maybe none
        ("အများဆုံး ၁၂", CasualtyRange(0, 12, "up_to")),
        ("၁၂ ဦးအထိ", CasualtyRange(0, 12, "up_to")),
        ("ဒါဇင်ချီ", CasualtyRange(24, 24, "dozens")),
        ("dozens", CasualtyRange(24, 24, "dozens")),
        (7, CasualtyRange(7, 7, "exact")),
        # Found by a review: "no one" was no (0) + one (1).
        ("no one", CasualtyRange(0, 0, "exact")),
        ("No-one", CasualtyRange(0, 0, "exact")),
        ("nobody", CasualtyRange(0, 0, "exact")),
        ("no fewer than 5", CasualtyRange(5, 5, "at_least")),  # "no" was read as 0
        ("3.0", CasualtyRange(3, 3, "exact")),  # a whole number as pandas writes it
        # Found by a review: refused, so a row whose injured said "a dozen" was lost.
        ("a dozen", CasualtyRange(12, 12, "exact")),
        ("about a dozen", CasualtyRange(11, 13, "approx")),
        ("more than a dozen", CasualtyRange(13, 13, "more_than")),
        ("hundreds", CasualtyRange(200, 200, "hundreds")),
        ("ရာနှင့်ချီ", CasualtyRange(200, 200, "hundreds")),
        ("one hundred", CasualtyRange(100, 100, "exact")),
        ("a hundred", CasualtyRange(100, 100, "exact")),
        ("two hundred and five", CasualtyRange(205, 205, "exact")),
    ],
)
def test_it_parses_counts_as_reports_write_them(text, expected):
    assert parse_casualties(text) == expected


@pytest.mark.parametrize("text", ["", "  ", None, "unknown", "n/a"])
def test_it_reads_an_empty_count_as_none(text):
    assert parse_casualties(text) is None


def test_a_backward_range_is_named_as_one_in_either_script():
    with pytest.raises(CasualtyError, match="runs backwards"):
        parse_casualties("၂၅ မှ ၂၀")


@pytest.mark.parametrize(
    "text",
    # Number words side by side are no number: "five six" was 11, "ten twenty" 30.
    [
        "many",
        "25-20",
        "12abc",
        "-3",
        "အများအပြား",
        "၂၅ မှ ၂၀",
        "five six",
        "ten twenty",
        "one two",
        "3.5",
    ],
)
def test_it_rejects_what_is_not_a_count(text):
    with pytest.raises(CasualtyError):
        parse_casualties(text)


@given(st.integers(min_value=0, max_value=99999), st.integers(min_value=0, max_value=999))
def test_ranges_round_trip_in_both_scripts(low, extra):
    high = low + extra
    for text in (f"{low}-{high}", to_burmese_digits(f"{low}-{high}")):
        parsed = parse_casualties(text)
        assert (parsed.min, parsed.max) == (low, high)


@given(st.integers(min_value=0, max_value=99999))
def test_minimum_is_never_above_maximum(n):
    for text in (str(n), f"{n}+", f"at least {n}", f"more than {n}", f"about {n}", f"up to {n}"):
        parsed = parse_casualties(text)
        assert parsed.min <= parsed.max
        assert parsed.max >= n or parsed.form == "up_to"


@given(st.text(max_size=30))
def test_it_never_fails_other_than_with_a_casualty_error(text):
    try:
        parse_casualties(text)
    except CasualtyError:
        pass


# The documented Burmese forms as a Zawgyi keyboard types them (Zawgyi has its own code points
# for the medials, the asat and the dot below, and types ေ before its consonant).
ZAWGYI = [
    ("၂၀ ေက်ာ္", "၂၀ ကျော်"),
    ("၄၀ ဦးေက်ာ္", "၄၀ ဦးကျော်"),
    ("၂၂ ေယာက္", "၂၂ ယောက်"),
    ("အနည္းဆုံး ၂၀", "အနည်းဆုံး ၂၀"),
    ("၂၀ ထက္မနည္း", "၂၀ ထက်မနည်း"),
    ("၂၀ ဦးမွ ၂၅ ဦးအထိ", "၂၀ ဦးမှ ၂၅ ဦးအထိ"),
    ("၂၀ မွ ၂၅", "၂၀ မှ ၂၅"),
    ("၄၀ ဦးထက္ပို", "၄၀ ဦးထက်ပို"),
    ("၃၀ ခန္႔", "၃၀ ခန့်"),
    ("ခန္႔မွန္းေျခ ၃၀", "ခန့်မှန်းခြေ ၃၀"),
    ("အမ်ားဆုံး ၁၂", "အများဆုံး ၁၂"),
    ("ဒါဇင္ခ်ီ", "ဒါဇင်ချီ"),
]


@pytest.mark.parametrize("zawgyi, unicode", ZAWGYI)
def test_it_reads_counts_typed_in_zawgyi(zawgyi, unicode):
    from thitsa.burmese.zawgyi import force_unicode, is_zawgyi

    # The test's own Zawgyi is Zawgyi: the converter turns it into the documented phrase.
    assert force_unicode(zawgyi) == unicode and zawgyi != unicode
    assert parse_casualties(zawgyi) == parse_casualties(unicode)
    assert is_zawgyi(zawgyi)


def test_a_count_too_large_says_so():
    # Found by a review: "'1000000000' is not a count" read as a problem of form.
    with pytest.raises(CasualtyError, match="more than 999,999"):
        parse_casualties("1000000000")


# Found by a group importing its Kobo form: Burmese answers refused where English ones passed.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("မသိ", None),
        ("မသိရသေး", None),
        ("မရှိ", (0, 0)),
        ("တစ်ဦး", (1, 1)),
        ("နှစ်ဦး", (2, 2)),
        ("ဆယ့်ငါးယောက်", (15, 15)),
        ("အနည်းဆုံး ငါးဦး", (5, 5)),
        ("ဆယ်ဂဏန်း", (10, 10)),
    ],
)
def test_burmese_answers_for_unknown_none_and_counts_in_words(text, expected):
    found = parse_casualties(text)
    assert (found and (found.min, found.max)) == expected


@pytest.mark.parametrize(
    "burmese, english",
    [
        ("ကလေး ၂ ဦး", "2 children"),
        ("ကလေးငယ် ၂ ဦး", "2 children"),
        ("အရပ်သား ၂၂ ဦး", "22 civilians"),
        ("ရွာသား ၂၂ ဦး", "22 people"),
        ("လူ ၂၂ ယောက်", "22 people"),
        ("၂၂ ဦး သေဆုံး", "22 killed"),
        ("၂၂ ဦး ထိခိုက်သေဆုံး", "22 killed"),
        ("၅ ဦး ဒဏ်ရာရ", "5 injured"),
        ("အရပ်သား ၂၀ ကျော် သေဆုံး", "more than 20 civilians"),
        ("၂၀ ထက် မနည်း", "at least 20"),
        ("၂၀ ဦးထက် မနည်း", "at least 20"),
        ("ထောင်ချီ", "thousands"),
        ("ထောင်နှင့်ချီ", "thousands"),
        ("သုံးဆယ်ကျော်", "more than thirty"),
        ("ဆယ့်ငါးခန့်", "about fifteen"),
        ("ဝ ဦး", "0"),
    ],
)
def test_a_burmese_count_field_is_read_as_its_english_equivalent(burmese, english):
    """Found by a Burmese editor: "ကလေး ၂ ဦး", "အရပ်သား ၂၂ ဦး", "လူ ၂၂ ယောက်" and "၂၂ ဦး
    သေဆုံး" were refused where "22 children", "22 civilians" and "22 killed" were taken; so
    were "၂၀ ထက် မနည်း" (with its space), ထောင်ချီ (in the thousands), tens in words without
    ဦး ("သုံးဆယ်ကျော်") and the letter wa typed for zero ("ဝ ဦး")."""
    assert parse_casualties(burmese) == parse_casualties(english)


def test_thousands_are_read_as_hundreds_and_dozens_are():
    assert parse_casualties("ထောင်ချီ") == CasualtyRange(2000, 2000, "thousands")


@pytest.mark.parametrize("text", ["လူနာ ၂ ဦး", "ကလေး", "သေဆုံး", "ဆယ်ကျော်သက်"])
def test_burmese_words_around_no_number_are_no_count(text):
    with pytest.raises(CasualtyError):
        parse_casualties(text)
