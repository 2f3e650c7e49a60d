from __future__ import annotations

from pathlib import Path

import pytest

from thitsa.burmese.zawgyi import is_zawgyi, to_unicode

# The shared reference data lies beside the repository (as in CI's checkout).
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "burmese"


def test_it_leaves_unicode_text_alone():
    text = "ဒီပဲယင်းမြို့နယ် အိုးထိမ်းကွင်းကျေးရွာ"
    assert to_unicode(text) == text
    assert not is_zawgyi(text)


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not present")
def test_it_detects_zawgyi_lines_of_the_udhr():
    lines = (SHARED / "udhr_zawgyi.txt").read_text(encoding="utf-8").splitlines()
    assert sum(is_zawgyi(line) for line in lines if len(line) > 40) > 0.9 * len(
        [line for line in lines if len(line) > 40]
    )


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not present")
def test_it_converts_at_least_98_percent_of_the_udhr_exactly():
    import unicodedata

    zawgyi = (SHARED / "udhr_zawgyi.txt").read_text(encoding="utf-8").splitlines()
    unicode = (SHARED / "udhr_unicode.txt").read_text(encoding="utf-8").splitlines()
    exact = sum(
        unicodedata.normalize("NFC", to_unicode(z)) == unicodedata.normalize("NFC", u)
        for z, u in zip(zawgyi, unicode, strict=True)
    )
    assert exact >= 0.98 * len(unicode)


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not present")
def test_the_detector_agrees_with_every_compatibility_case():
    import math

    from thitsa.burmese.zawgyi import zawgyi_probability

    for line in (SHARED / "zawgyi_detector_compatibility.tsv").read_text("utf-8").splitlines():
        expected, text = line.split("\t", 1)
        got = zawgyi_probability(text)
        if expected == "-Infinity":
            assert got == -math.inf or got < 1e-9, text
        else:
            assert got == pytest.approx(float(expected), abs=1e-6), text


@pytest.mark.parametrize(
    "zawgyi, unicode",
    [
        ("ျမန္မာ", "မြန်မာ"),
        ("ေက်ာင္း", "ကျောင်း"),
        ("ဒီပဲယင္းၿမိဳ႕နယ္", "ဒီပဲယင်းမြို့နယ်"),
        ("အိုးထိမ္းကြင္းေက်းရြာ", "အိုးထိမ်းကွင်းကျေးရွာ"),
        ("ေလေၾကာင္းတိုက္ခိုက္", "လေကြောင်းတိုက်ခိုက်"),
        ("ႏိုင္ငံ", "နိုင်ငံ"),
        ("ၿငိမ္းခ်မ္းေရး", "ငြိမ်းချမ်းရေး"),
        ("စစ္ေကာင္စီ", "စစ်ကောင်စီ"),
        ("ေသဆုံး", "သေဆုံး"),
        ("ဒဏ္ရာရ", "ဒဏ်ရာရ"),
        ("ကေလး ၅ ဦး", "ကလေး ၅ ဦး"),
    ],
)
def test_it_converts_zawgyi_words_to_unicode(zawgyi, unicode):
    assert is_zawgyi(zawgyi)
    assert to_unicode(zawgyi) == unicode


# Unicode village names (from the gazetteer) that the detector alone scores as Zawgyi above
# 0.95: read as Zawgyi, ရွာ (village) became ရှာ and the name found no place.
@pytest.mark.parametrize("name", ["ငါးရွာ", "ရွာသာရွာ", "မြရွာ", "ကျဖ", "ဘုရားရွာ", "ငါးဖားရွာမ"])
def test_a_unicode_name_alone_is_left_alone_though_the_detector_leans_to_zawgyi(name):
    from thitsa.burmese.normalize import clean, typed

    assert is_zawgyi(name)  # what made `clean` garble it
    assert clean(name) == typed(name) == name


@pytest.mark.parametrize("zawgyi, unicode", [("ရြာ", "ရွာ"), ("ရြာသာ", "ရွာသာ"), ("လြတ္", "လွတ်")])
def test_a_wa_medial_unicode_never_writes_shows_zawgyi(zawgyi, unicode):
    from thitsa.burmese.normalize import clean, typed

    assert clean(zawgyi) == typed(zawgyi) == unicode


def test_a_short_word_the_detector_is_unsure_of_converts_when_the_caller_says_so():
    from thitsa.burmese.zawgyi import force_unicode, zawgyi_probability

    assert zawgyi_probability("မဂၤလာပါ") < 0.95  # too short to be sure
    assert force_unicode("မဂၤလာပါ") == "မင်္ဂလာပါ"


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not present")
def test_it_converts_every_rabbit_pair():
    import json

    from thitsa.burmese.normalize import clean, normalize
    from thitsa.burmese.zawgyi import force_unicode

    pairs = json.loads((SHARED / "rabbit_sample_pairs.json").read_text(encoding="utf-8"))
    zawgyi, unicode = pairs["zg"], pairs["uni"]
    assert [normalize(force_unicode(z)) for z in zawgyi] == [normalize(u) for u in unicode]
    # Left to the detector, the two shortest (မဂၤလာပါ, "Rabbit ကြန္ဗက္တာကို သိလား") stay as typed.
    detected = sum(clean(z) == normalize(u) for z, u in zip(zawgyi, unicode, strict=True))
    assert detected >= 6


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not present")
def test_cleaning_the_zawgyi_udhr_gives_the_normalised_unicode_one():
    from thitsa.burmese.normalize import clean, normalize

    zawgyi = (SHARED / "udhr_zawgyi.txt").read_text(encoding="utf-8").splitlines()
    unicode = (SHARED / "udhr_unicode.txt").read_text(encoding="utf-8").splitlines()
    exact = sum(clean(z) == normalize(u) for z, u in zip(zawgyi, unicode, strict=True))
    # 224 of 226: one short line the detector is unsure of, one typo in the Zawgyi source.
    assert exact >= 224


def _library_probability(text: str) -> float:
    from myanmartools import ZawgyiDetector

    return ZawgyiDetector().get_zawgyi_probability(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",  # foreign only
        "a",
        "ဒီပဲယင်းမြို့နယ် အိုးထိမ်းကွင်းကျေးရွာ",
        "ဒီပဲယင္းၿမိဳ႕နယ္ ေလေၾကာင္းတိုက္ခိုက္ 22 killed",
        "Airstrike on ေက်ာင္း, Depayin",
        "၁၂ မေ ၂၀၂၅ 🙂 ျမန္မာ\u200b",
    ],
)
def test_the_fast_detector_gives_the_librarys_values(text):
    from thitsa.burmese.zawgyi import zawgyi_probability

    assert zawgyi_probability(text) == _library_probability(text)


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not present")
def test_the_fast_detector_gives_the_librarys_values_on_the_corpora():
    import json

    from thitsa.burmese.zawgyi import zawgyi_probability

    lines = [
        *(SHARED / "udhr_zawgyi.txt").read_text("utf-8").splitlines(),
        *(SHARED / "udhr_unicode.txt").read_text("utf-8").splitlines(),
        *(
            line.split("\t", 1)[1]
            for line in (SHARED / "zawgyi_detector_compatibility.tsv")
            .read_text("utf-8")
            .splitlines()
        ),
        *(
            text
            for pair in json.loads((SHARED / "rabbit_sample_pairs.json").read_text("utf-8"))
            for text in (pair.values() if isinstance(pair, dict) else pair)
            if isinstance(text, str)
        ),
    ]
    assert len(lines) > 400
    for line in lines:
        assert zawgyi_probability(line) == _library_probability(line), line


MIXED_UNICODE = "စစ်ကောင်စီတပ်က ဒီပဲယင်းမြို့နယ်ရှိ ကျောင်းတစ်ကျောင်းကို လေကြောင်းဖြင့် တိုက်ခိုက်ခဲ့သည်။"
MIXED_ZAWGYI = "စစ္ေကာင္စီတပ္က ဒီပဲယင္းၿမိဳ႕နယ္ရွိ ေက်ာင္းတစ္ေက်ာင္းကို ေလေၾကာင္းျဖင့္ တိုက္ခိုက္ခဲ့သည္။"


@pytest.mark.parametrize(
    "lines",
    [
        [MIXED_UNICODE, MIXED_ZAWGYI],  # read as Zawgyi as a whole
        [MIXED_ZAWGYI, MIXED_UNICODE],
        [MIXED_UNICODE, MIXED_UNICODE, MIXED_ZAWGYI],  # read as Unicode as a whole
        ["Forwarded:", MIXED_ZAWGYI, "", "ကလေး ၂ ဦး သေဆုံး", MIXED_ZAWGYI],
    ],
)
def test_a_text_of_unicode_and_zawgyi_lines_is_cleaned_line_by_line(lines):
    # One reading for the whole post garbled its Unicode lines or left its Zawgyi ones as typed.
    from thitsa.burmese.normalize import clean

    cleaned = clean("\n".join(lines)).split("\n")
    assert cleaned == [MIXED_UNICODE if line == MIXED_ZAWGYI else line for line in lines]


def test_a_short_line_valid_in_both_encodings_takes_the_texts_reading():
    from thitsa.burmese.normalize import clean

    # ရွာကို is "to the village" in Unicode and ရှာကို ("to look for") in Zawgyi.
    assert clean(MIXED_ZAWGYI + "\nရွာကို").split("\n")[1] == "ရှာကို"
    assert clean(MIXED_UNICODE + "\nရွာကို").split("\n")[1] == "ရွာကို"


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not present")
def test_the_udhr_in_both_encodings_line_by_line_in_one_text_is_cleaned_as_unicode():
    from thitsa.burmese.normalize import clean, normalize

    zawgyi = (SHARED / "udhr_zawgyi.txt").read_text(encoding="utf-8").splitlines()
    unicode = (SHARED / "udhr_unicode.txt").read_text(encoding="utf-8").splitlines()
    mixed = [z if i % 2 else u for i, (z, u) in enumerate(zip(zawgyi, unicode, strict=True))]
    for text in ("\n".join(mixed), "\n".join(zawgyi)):
        cleaned = clean(text).split("\n")
        exact = sum(c == normalize(u) for c, u in zip(cleaned, unicode, strict=True))
        assert exact >= 224


def test_a_reports_field_that_plainly_reads_the_other_way_is_read_its_own_way():
    # An importer reads a report's fields together (names alone are valid in both encodings);
    # a Unicode title above a pasted Zawgyi body was garbled with it.
    from thitsa.reports.loading import clean_fields

    values = {"title": MIXED_UNICODE, "body": MIXED_ZAWGYI + " " + MIXED_ZAWGYI, "place": "ဒီပဲယင်း"}
    cleaned, originals, zawgyi = clean_fields(values)
    assert zawgyi
    assert cleaned == {"title": MIXED_UNICODE, "body": MIXED_UNICODE + " " + MIXED_UNICODE,
                       "place": "ဒီပဲယင်း"}  # fmt: skip
    assert originals == {"body": values["body"]}


@pytest.mark.parametrize(
    "typed, unicode",
    [
        ("မတ္လ", "မတ်လ"),  # March
        ("ဇြန္လ", "ဇွန်လ"),  # June
        ("ဟုတ္ကဲ့", "ဟုတ်ကဲ့"),
        ("သကၠရာဇ္", "သက္ကရာဇ်"),
        ("မဂၤလာပါ", "မင်္ဂလာပါ"),
        ("ဗြဟ္မာ", "ဗြဟ္မာ"),  # Brahma in Unicode: a Pali stack, not Zawgyi
        ("ရွာကို", "ရွာကို"),  # valid in both encodings: Unicode
    ],
)
def test_a_few_syllables_with_a_zawgyi_spelling_are_converted(typed, unicode):
    """Found by a Burmese editor: a month's name or a greeting typed in Zawgyi ("မတ္လ") showed
    a spelling Unicode never has, but the detector scored it under 0.95 and it stayed
    Zawgyi in `thitsa text clean` and in imports of short fields."""
    from thitsa.burmese.normalize import clean

    assert clean(typed) == unicode
