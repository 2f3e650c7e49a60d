"""Unicode Burmese in one canonical spelling, so equal words compare equal.

`clean` is what every importer, form and API field calls: Zawgyi becomes Unicode, then the text is
normalised. `normalize` alone is for text already known to be Unicode (queries, gazetteer names).

What the normaliser fixes
- NFC (ဥ + ီ becomes ဦ; dot below before asat, ့ before ်).
- Zero-width characters: ZWSP, word joiner and BOM everywhere; ZWNJ and ZWJ next to Myanmar
  letters (elsewhere they shape emoji and other scripts).
- The order of the marks after a consonant, to the Unicode storage order (The Unicode Standard,
  16.3, and Unicode Technical Note #11): medials ျ ြ ွ ှ, vowel ေ, upper vowels ိ ီ ဲ, lower
  vowels ု ူ, ါ ာ, anusvara ံ, dot below ့, asat ်, visarga း. An asat straight after a consonant and
  before a medial or vowel stays there (the contractions in ကျွန်ုပ်, ယောက်ျား). A mark typed
  twice counts once.
- ေ typed before its consonant (a Zawgyi habit) at a word's start moves after the consonant and
  its medials.
- Lookalikes: ဥ written for ဉ before ာ or ်; digits written for letters (၀ for ဝ, ၇ for ရ, ၄ for ၎)
  where a vowel sign or a killed consonant follows them, and letters written for digits inside a
  number (ဝ and ၎ next to digits, ရ between digits or ending a number before ဦး, ယောက် or
  ရက်: ၁ရ ဦး is 17 people).

What it does not fix
- Misspellings and wrong letters that are not lookalikes (ယ for ရ in a word), Pali stacking
  variants, or ေ typed before its consonant in the middle of a word (ambiguous without a
  dictionary).
- Mixed Zawgyi and Unicode within one text: `clean` converts a text as a whole.
"""

from __future__ import annotations

import re
import unicodedata

from thitsa.burmese.digits import OWN_SYLLABLE
from thitsa.burmese.zawgyi import force_unicode, lines_to_unicode, looks_zawgyi

_MYANMAR = re.compile(r"[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")
# Removed anywhere: zero width space, word joiner, zero width no-break space (BOM).
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")
# ZWNJ and ZWJ beside a Myanmar character only.
_JOINERS = re.compile(r"(?<=[\u1000-\u109f])[\u200c\u200d]+|[\u200c\u200d]+(?=[\u1000-\u109f])")

# Storage order of the dependent signs that follow a consonant (lower rank first).
_RANK = {
    "\u103b": 1,  # ျ medial ya
    "\u103c": 2,  # ြ medial ra
    "\u103d": 3,  # ွ medial wa
    "\u103e": 4,  # ှ medial ha
    "\u1031": 5,  # ေ
    "\u102d": 6,  # ိ
    "\u102e": 6,  # ီ
    "\u1032": 6,  # ဲ
    "\u102f": 7,  # ု
    "\u1030": 7,  # ူ
    "\u102b": 8,  # ါ
    "\u102c": 8,  # ာ
    "\u1036": 9,  # ံ
    "\u1037": 10,  # ့ dot below
    "\u103a": 11,  # ် asat
    "\u1038": 12,  # း visarga
}


def _falls(x: str, y: str) -> bool:
    """Is mark y after mark x out of order (an asat first after its consonant aside)?"""
    if x == "\u103a" and _RANK[y] <= 9:
        return False
    return _RANK[x] > _RANK[y] or x == y


# Cheap test that some run of marks is out of order, so well-ordered text skips the reordering:
# a pair in falling order, a mark twice, or an asat before a vowel that is not the first mark.
_MARK_CLASS = "[" + "".join(_RANK) + "]"
_OUT_OF_ORDER = re.compile(
    f"(?={_MARK_CLASS})(?:"
    + "|".join(
        f"{x}[{falling}]" for x in _RANK if (falling := "".join(y for y in _RANK if _falls(x, y)))
    )
    + f"|(?<={_MARK_CLASS})\u103a[{''.join(y for y in _RANK if _RANK[y] <= 9)}])"
)
_MARKS = re.compile(_MARK_CLASS + "{2,}")
_CONSONANT = "\u1000-\u1021\u103f"
_DIGITS = "\u1040-\u1049"
_SIGN = "\u102b-\u103e"

_U_FOR_NYA = re.compile("\u1025(?=\u1037?[\u102c\u103a])")  # ဥာ, ဥ်, ဥ့် -> ဉာ, ဉ်, ဉ့်
# ေ typed before its consonant, as Zawgyi and old keyboards order it: at a word's start, or
# after a syllable's end (a vowel, tone mark or asat: "ဆူးေလ" is ဆူးလေ, Sule), where Unicode
# never has it. Not after a consonant or a medial, where it is in its place.
_E_FIRST = re.compile(
    rf"(?<![{_CONSONANT}\u103b-\u103e\u1039])\u1031"
    rf"([{_CONSONANT}](?:\u1039[{_CONSONANT}])?[\u103b-\u103e]*)"
)
# A digit where a letter belongs: not after another digit, and followed by a sign or by a
# killed consonant (၀န် is ဝန်; ၇ရက် is the seventh day and stays).
_DIGIT_AS_LETTER = re.compile(
    rf"(?<![{_DIGITS}])[\u1040\u1047](?=[{_SIGN}]|[{_CONSONANT}]\u1037?\u103a)"
    rf"|(?<![{_DIGITS}])\u1044(?=\u1004\u103a\u1038)"
)
_DIGIT_TO_LETTER = str.maketrans({"\u1040": "\u101d", "\u1047": "\u101b", "\u1044": "\u104e"})
_NUMBER_LIKE = re.compile(rf"[\u101d\u104e\u101b]*[{_DIGITS}][{_DIGITS}\u101d\u104e\u101b]*")
_HAS_DIGIT = re.compile(f"[{_DIGITS}]")
_OWN_SYLLABLE = re.compile(OWN_SYLLABLE)
# What follows a ရ typed for ၇ at a number's end: a space and ဦး, ယောက် or ရက်, or ရက် or ဦး
# straight after it (not ဦးမည်, ဦးမယ်: ရဦးမည် is "will still get").
_SEVEN_BEFORE = re.compile(
    "(?: ?(?:\u1026\u1038(?!\u1019[\u101a\u100a])|\u101b\u1000\u103a)"  # ဦး, ရက်
    "| \u101a\u1031\u102c\u1000\u103a)"  # ယောက်
)
_LETTER_TO_DIGIT = {"\u101d": "\u1040", "\u104e": "\u1044", "\u101b": "\u1047"}


def normalize(text: str) -> str:
    """Unicode Burmese in its canonical spelling; other text only gets NFC and loses ZWSP.

    >>> normalize("ကုိ") == "ကို"  # u typed before i
    True
    >>> normalize("၁ဝ ဦး") == "၁၀ ဦး"  # the letter wa inside a number
    True
    """
    if not text:
        return text
    text = _ZERO_WIDTH.sub("", text)
    if not _MYANMAR.search(text):
        return unicodedata.normalize("NFC", text)
    if "\u200c" in text or "\u200d" in text:
        text = _JOINERS.sub("", text)
    # Twice at most: a fix can expose another (a digit that becomes a letter ends a number).
    for _ in range(3):
        fixed = _fix(text)
        if fixed == text:
            break
        text = fixed
    return text


def clean(text: str, zawgyi: bool | None = None) -> str:
    """Text as it should be stored: Zawgyi converted to Unicode, then normalised.

    `zawgyi` is the caller's decision when it has one (a report is typed in one encoding, so an
    importer decides once for all its fields); None decides for this text by `looks_zawgyi`:
    the detector alone read a village's name in Unicode (ငါးရွာ) as Zawgyi and garbled it.
    A line that plainly reads the other way is read its own way (`lines_to_unicode`).
    """
    if not text:
        return text
    if _MYANMAR.search(text):
        text = lines_to_unicode(text, looks_zawgyi(text) if zawgyi is None else zawgyi)
    return normalize(text)


def typed(text: str) -> str:
    """What a person typed (a query, a filter, a form's field) as it is stored: Zawgyi converted
    when its spelling shows it (`looks_zawgyi`: short text is often valid in both encodings,
    and the detector alone would garble it), then normalised.

    >>> typed("ေက်ာင္း") == typed("ကျောင်း") == "ကျောင်း"
    True
    """
    if not text:
        return text
    if looks_zawgyi(text):
        text = force_unicode(text)
    return normalize(text)


def _fix(text: str) -> str:
    text = nfc = unicodedata.normalize("NFC", text)
    text = _U_FOR_NYA.sub("\u1009", text)
    if _HAS_DIGIT.search(text):
        text = _DIGIT_AS_LETTER.sub(lambda m: m[0].translate(_DIGIT_TO_LETTER), text)
        text = _NUMBER_LIKE.sub(_letters_in_number, text)
    text = _E_FIRST.sub(lambda m: m[1] + "\u1031", text)
    if _OUT_OF_ORDER.search(text):
        text = _MARKS.sub(_reorder, text)
    # NFC again only when a fix moved something (ဥ + ီ may now meet, or ့ and ်).
    return nfc if text == nfc else unicodedata.normalize("NFC", text)


def _reorder(match: re.Match[str]) -> str:
    marks = match[0]
    # ကျွန်ုပ်, ယောက်ျား: an asat right after the consonant, before a medial or vowel, is a
    # contraction (the killed consonant and the next syllable share a glyph); keep it there.
    head = ""
    if marks[0] == "\u103a" and _RANK[marks[1]] <= 9:
        head, marks = marks[0], marks[1:]
    ordered = sorted(marks, key=_RANK.__getitem__)  # stable: ိ and ီ keep their order
    out = [m for i, m in enumerate(ordered) if i == 0 or m != ordered[i - 1]]
    return head + "".join(out)


def _letters_in_number(match: re.Match[str]) -> str:
    run = match[0]
    digits = [i for i, c in enumerate(run) if c not in _LETTER_TO_DIGIT]
    if not digits:
        return run
    text, start = match.string, match.start()
    before = text[start - 1] if start else ""
    first, last = digits[0], digits[-1]
    # The wa and ၎ right after the last digit (a ရ after them starts the word ရက်, "day").
    tail = len(run[last + 1 :]) - len(run[last + 1 :].lstrip("\u101d\u104e"))
    tail_is_number = tail and not _OWN_SYLLABLE.match(text, start + last + 1 + tail)
    chars = list(run)
    for i, c in enumerate(run):
        if c not in _LETTER_TO_DIGIT:
            continue
        if first < i < last:
            chars[i] = _LETTER_TO_DIGIT[c]  # between digits: always a digit
        elif c == "\u101b":
            # ရ at a number's edge is the word ရက် ("day") or the like, but ၇ where it ends the
            # number before a count's or a day's word: ၁ရ ဦး, ၁ရရက် (17).
            if i == last + 1 + tail and (not tail or tail_is_number):
                if _SEVEN_BEFORE.match(text, start + i + 1):
                    chars[i] = "\u1047"
        elif last < i <= last + tail:
            # ၁ဝ at a number's end (၂ဝဦး, ၁ဝရက်), unless what follows is part of its own
            # syllable (၂ဝန်, ၁ဝါ).
            if tail_is_number:
                chars[i] = _LETTER_TO_DIGIT[c]
        elif i < first and not (before and _MYANMAR.match(before)):
            if all(ch in "\u101d\u104e" for ch in run[:first]):
                chars[i] = _LETTER_TO_DIGIT[c]
    return "".join(chars)
