"""Search terms: the one place where text (documents and queries alike) becomes tokens.

Burmese has no spaces between words, and SQLite's default tokenizer drops its vowel signs, so
"ကျောင်း" (school) and "ကျင်း" (pit) would both be indexed as "က ျ င" and match each other.
Instead every text is cut here into tokens separated by single spaces: Burmese into syllables
(with every vowel sign and medial kept), Zawgyi converted first, digits in ASCII ("၂၂" and
"22" are the same token), everything lower-case. The databases only split on those spaces
(FTS5 with a tokenizer that treats every non-space character as part of a token; PostgreSQL
with a tsvector built here), so a query matches a run of whole syllables or words, never a
consonant skeleton.

    >>> terms("ကျောင်းကို ဗုံးကြဲ၊ ၂၂ ဦး")
    'ကျောင်း ကို ဗုံး ကြဲ 22 ဦး'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from thitsa.burmese.digits import to_ascii_digits
from thitsa.burmese.normalize import typed
from thitsa.burmese.syllables import syllables
from thitsa.burmese.zawgyi import force_unicode, looks_zawgyi

_MYANMAR_CHARS = "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff"
MYANMAR = re.compile(f"[{_MYANMAR_CHARS}]")
# Zero-width space (often typed between Burmese words) separates words; joiners vanish.
_ZW_SPACE = re.compile("[\u200b\u2060]")
_ZW_GONE = dict.fromkeys(map(ord, "\u200c\u200d\ufeff\u00ad"))
# Everything that is not a letter, digit or Burmese character separates tokens, and so do
# Burmese punctuation marks (၊ ။); ၌ ၍ ၎ ၏ are words and stay.
_SEPARATOR = re.compile(rf"[^\w{_MYANMAR_CHARS}]+|_+|[\u104a\u104b]+")
LATIN = re.compile(r"[a-z]")
# A comma between a digit and a group of exactly three digits is a thousands separator:
# "၁,၅၀၀" is the number 1500, as "1500" and "၁၅၀၀" are, not the two numbers 1 and 500 (which
# "500" found). "12,3" and "1, 2, 3" stay apart.
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
# A stacked consonant (virama ္) and kinzi (င်္) are spelt as the killed consonant they are
# said as: "ပစ္စည်း" as "ပစ်စည်း", "သင်္ဘော" as "သင်ဘော". Both spellings are common, and a
# stack cut as one syllable hid the syllables inside it ("သာရီ" of "တနင်္သာရီ").
_STACKED = re.compile("(?<=[\u1000-\u1021])\u1039")
_KINZI = "\u1004\u103a\u1039"


def unicode_text(text: str, query: bool = False) -> str:
    """Text as Unicode, Zawgyi converted (see thitsa.burmese.zawgyi.looks_zawgyi).

    A query is typed by a person in any order of marks: it gets the canonical spelling imports
    store (thitsa.burmese.normalize). Stored text is already clean and only gets NFC (the
    normaliser costs 0.2 ms a text: minutes over a million reports).
    """
    if not text:
        return ""
    if query:
        return typed(text)
    if looks_zawgyi(text):
        text = force_unicode(text)
    return unicodedata.normalize("NFC", text)


def tokens(text: str, query: bool = False) -> list[str]:
    """The search tokens of a text: lower-case words, Burmese syllables, ASCII digits."""
    if text.isascii():
        # Nothing to convert, normalise or cut into syllables: a third of the time of indexing
        # an English report went on those steps finding nothing to do.
        if "," in text:
            text = _THOUSANDS.sub("", text)
        return _SEPARATOR.sub(" ", text.lower()).split()
    text = _ZW_SPACE.sub(" ", unicode_text(text, query)).translate(_ZW_GONE)
    text = to_ascii_digits(text)
    if "," in text:
        text = _THOUSANDS.sub("", text)
    if "\u1039" in text:
        text = _STACKED.sub("\u103a", text.replace(_KINZI, "\u1004\u103a"))
    return syllables(_SEPARATOR.sub(" ", text.lower()))


def terms(*texts: str) -> str:
    """The document a search index stores: the texts' tokens joined by single spaces."""
    return " ".join(t for text in texts if text for t in tokens(text))


def syllable_pairs(tokens: list[str] | tuple[str, ...]) -> list[tuple[int, str]]:
    """(index, "a b") of each two neighbouring Burmese tokens. PostgreSQL indexes these pairs
    as lexemes of their own: its GIN index keeps no positions, and syllables such as ကို and
    ဦး stand in nearly every Burmese text, so a phrase of common syllables would otherwise
    read every such document to check their order. A pair is a rare lexeme.

    >>> syllable_pairs(["ရွာ", "ကို", "22", "ဦး"])
    [(0, 'ရွာ ကို')]
    """
    return [
        (n, f"{a} {b}")
        for n, (a, b) in enumerate(pairwise(tokens))
        if MYANMAR.match(a) and MYANMAR.match(b)
    ]


@dataclass(frozen=True)
class Phrase:
    """Tokens that must appear next to each other; `prefix`: the last one may go on (bomb ->
    bombed). Only Latin words get a prefix: a Burmese syllable's prefix is a skeleton."""

    tokens: tuple[str, ...]
    prefix: bool = False
    # A short English word's forms, any of which matches ("died": die, dies, died, dying),
    # where its stem is too short to search as a prefix ("di" would find diesel and dig).
    forms: tuple[str, ...] = ()

    def __str__(self) -> str:
        """As the API and the command echo it: "school*", "ကျောင်း ကို", "die|died|dies"."""
        if self.forms:
            return "|".join(self.forms)
        return " ".join(self.tokens) + ("*" if self.prefix else "")


# A sentence pasted whole (Burmese separates phrases, not words, with spaces: a news sentence
# has 5 to 15 parts) is searched whole; past this, the search is refused, never cut.
MAX_PHRASES = 32
MIN_PREFIX = 3


class TooManyPhrases(ValueError):
    """A query of more words (or quoted phrases) than a search takes: the ones after the
    limit were dropped in silence, and the results matched a query nobody typed."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"a search takes at most {MAX_PHRASES} words or quoted phrases; this one has {count}"
        )
        self.count = count


_ENDINGS = re.compile(r"(?:ings?|ed|ies|(?<=[sxz])es|(?<=ch|sh)es|(?<![su])s)$")
_DOUBLED = re.compile(r"([bdgkmnprt])\1$")


def english_stem(word: str) -> str:
    """The part of an English word its other forms begin with, for a prefix search: bombing,
    bombed, bombs -> bomb; shelling -> shell; shipping -> ship; casualties -> casualt; injury
    -> injur (injured, injuries). Unchanged where less than four letters would be left
    ("using", "died": see `word_forms`)."""
    stem = _ENDINGS.sub("", word)
    if stem == word and _Y_END.search(word):
        stem = word[:-1]
    if stem != word and word.endswith(("ing", "ed")):
        stem = _DOUBLED.sub(r"\1", stem)
    return stem if len(stem) >= 4 else word


_Y_END = re.compile(r"[^aeiou]y$")


def word_forms(word: str) -> tuple[str, ...]:
    """A short English word's forms, where `english_stem` leaves it whole for its stem is too
    short: died, dies -> die, dies, died, dying; firing -> fire, fired, firing; raped -> rape,
    raped, raping; bodies -> body, bodies. () for other words (their stem is searched as a
    prefix). Found by a journalist: "dies" missed every "died", "firing" found nothing."""
    stem = _ENDINGS.sub("", word)
    short = (stem != word and len(stem) < 4) or (_Y_END.search(word) and len(word) <= 4)
    if not short or english_stem(word) != word:
        return ()
    if word.endswith(("ies", "ied")):
        bases = {word[:-3] + "y", word[:-1]}
    elif word.endswith("ying"):
        bases = {word[:-4] + "ie", word[:-4] + "y"}
    elif word.endswith(("ing", "ed")):
        # "hitting": hit; "firing", "raped": fire, rape (not the tree fir, nor rap).
        stem = word[:-3] if word.endswith("ing") else word[:-2]
        undoubled = _DOUBLED.sub(r"\1", stem)
        bases = {undoubled} if undoubled != stem else {stem + "e"}
    elif word.endswith("es"):
        bases = {word[:-2], word[:-1]}
    elif word.endswith("s"):
        bases = {word[:-1]}
    else:
        bases = {word}
    forms = {word}
    for base in bases:
        if len(base) < 3:
            continue  # "us" of "using", "dy" of "died"
        bare = base[:-1] if base.endswith("e") else base
        forms |= {base, base + "s", bare + "ed", bare + "ing"}
        if base.endswith(("s", "x", "z", "ch", "sh")):
            forms.add(base + "es")
        if _Y_END.search(base):
            forms |= {base[:-1] + "ies", base[:-1] + "ied"}
        if base.endswith("ie"):
            forms.add(base[:-2] + "ying")
    return tuple(sorted(forms))


def parse_query(query: str) -> list[Phrase]:
    """A query as phrases that must all match: each space-separated part (or "quoted part") is
    one phrase, so Burmese typed without spaces matches as a run of syllables and English words
    may appear anywhere.

    'ကျောင်းကို "Tabayin township" bomb' -> three phrases: (ကျောင်း ကို), (tabayin township)
    and (bomb*): a quoted part is only itself, a bare word also its other forms. TooManyPhrases
    past MAX_PHRASES.
    """
    query = unicode_text(query, query=True)
    parts = re.findall(r'"([^"]*)"|(\S+)', query)
    phrases: list[Phrase] = []
    for quoted, bare in parts:
        toks = tuple(tokens(quoted or bare))
        if not toks:
            continue
        last = toks[-1]
        # Found by a researcher: "bomb" in quotes found bombs and bombed.
        prefix = (
            not quoted and len(last) >= MIN_PREFIX and last.isalpha() and bool(LATIN.match(last))
        )
        forms: tuple[str, ...] = ()
        if prefix and len(toks) == 1 and (forms := word_forms(last)):
            prefix = False
        elif prefix and len(toks) == 1:
            # "bombing" found no "bombed": a word typed bare stands for its other forms.
            toks = (english_stem(last),)
        phrase = Phrase(toks, prefix, forms)
        if phrase not in phrases:
            phrases.append(phrase)
    if len(phrases) > MAX_PHRASES:
        raise TooManyPhrases(len(phrases))
    return phrases


# --- highlighting: on the text as shown, never on the index's tokens -------------------------

_BETWEEN = r"(?:[^\w\u1000-\u109f]|_|[\u104a\u104b\u200b-\u200d\u2060])*"
_MY_DIGIT = {str(d): f"[{d}{chr(0x1040 + d)}]" for d in range(10)}
# A killed consonant of a token is, in the text, killed (asat) or stacked (virama), or kinzi
# (asat and virama): the index spells the three alike (_STACKED).
_AS_WRITTEN = {**_MY_DIGIT, "\u103a": "(?:\u103a\u1039?|\u1039)"}
_DIGIT = "[0-9\u1040-\u1049]"
# A number is whole: not the 500 of "1,500" (nor its 1), which the index joined (_THOUSANDS).
_NUMBER_START = rf"(?!(?<={_DIGIT},){_DIGIT}{{3}}(?!{_DIGIT}))"
_NUMBER_END = rf"(?!,{_DIGIT}{{3}}(?!{_DIGIT}))"
# A Burmese token ends a syllable: no vowel sign, medial or asat follows, nor a killed consonant
# (its asat may come after a dot below: the င့် of မြင့်, whose မြ is another name).
_SYLLABLE_END = (
    r"(?![\u102b-\u103e\u1056-\u1059\u1062-\u1064\u1067-\u106d\u1083-\u108d]"
    r"|[\u1000-\u102a]\u1037?[\u103a\u1039])"
)
# A word or number token is cut from its neighbours as the index cuts it: at anything but a
# letter or digit of another script ("schoolကို" is school and ကို; "သား၂၂ဦး" holds ၂၂), and
# a number ends at a digit of either form.
_WORD_CHAR = r"[^\W\u1000-\u103f\u104a-\u109f]"
_LATIN_CHAR = r"[^\W\u1000-\u109f]"


def _token_pattern(token: str) -> str:
    if token.isdigit():
        return _number_pattern(token)
    return "".join(_AS_WRITTEN.get(c) or re.escape(c) for c in token)


def _number_pattern(token: str) -> str:
    """A number as the text may write it: 1234500 is "1234500", "1,234,500" or "1234,500" (a
    comma joins a group of three digits, and the groups after it, see _THOUSANDS), in either
    digits."""
    digits = [_MY_DIGIT[c] for c in token]
    forms = ["".join(digits)]
    for head in range(len(token) - 3, 0, -3):
        groups = ("".join(digits[at : at + 3]) for at in range(head, len(token), 3))
        forms.append("".join(digits[:head]) + "," + ",".join(groups))
    inner = forms[0] if len(forms) == 1 else "(?:" + "|".join(forms) + ")"
    return _NUMBER_START + inner + _NUMBER_END


def phrase_pattern(phrase: Phrase) -> str:
    if phrase.forms:
        inner = "(?:" + "|".join(_token_pattern(f) for f in phrase.forms) + ")"
        return rf"(?<!{_WORD_CHAR}){inner}(?!{_WORD_CHAR})"
    inner = _BETWEEN.join(_token_pattern(t) for t in phrase.tokens)
    first, last = phrase.tokens[0], phrase.tokens[-1]
    # A Burmese token starts a syllable where it starts (a stacked consonant starts one too).
    before = rf"(?<!{_WORD_CHAR})" if not MYANMAR.match(first) else ""
    if MYANMAR.search(last[-1]):
        after = _SYLLABLE_END
    elif phrase.prefix:
        after = rf"{_LATIN_CHAR}*"
    else:
        after = rf"(?!{_WORD_CHAR})"
    return before + inner + after


def matcher(phrases: list[Phrase]) -> re.Pattern | None:
    if not phrases:
        return None
    return re.compile("|".join(f"(?:{phrase_pattern(p)})" for p in phrases), re.IGNORECASE)


def spans(text: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def _cuts_a_syllable(text: str, at: int) -> bool:
    """Whether cutting `text` before index `at` splits a Burmese syllable: a vowel sign or
    medial from its letter (drawn on a dotted circle), or a killed letter (င်) or a stacked
    one (္ဘ) from the syllable it closes."""
    if at <= 0 or at >= len(text):
        return False
    c = text[at]
    if "\u1000" <= c <= "\u109f" and unicodedata.category(c) in ("Mn", "Mc"):
        return True
    following = text[at + 1 : at + 3]
    return following.startswith(("\u103a", "\u1039", "\u1037\u103a")) or text[at - 1] == "\u1039"


def syllable_start(text: str, at: int, step: int) -> int:
    """The nearest place at or after (step 1) or before (step -1) `at` that cuts no syllable."""
    moved = at
    while _cuts_a_syllable(text, moved) and 0 < moved < len(text) and abs(moved - at) < 12:
        moved += step
    return moved


def excerpt(text: str, found: list[tuple[int, int]], width: int = 240) -> tuple[str, list]:
    """A window of `text` around the first match (whole when short), and the matches in it."""
    if len(text) <= width:
        return text, found
    start = max(0, found[0][0] - width // 3) if found else 0
    if start:
        space = text.rfind(" ", start - 20, start + 20)
        start = space + 1 if space > 0 else syllable_start(text, start, +1)
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", end - 30, end)
        end = space if space > start else syllable_start(text, end, -1)
    shown = [(a - start, b - start) for a, b in found if a >= start and b <= end]
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    shift = len(prefix)
    return prefix + text[start:end] + suffix, [(a + shift, b + shift) for a, b in shown]
