"""The Burmese query suite: 40 report sentences as written in Burmese news and CSO reports, and
several hundred queries drawn from them: whole sentences, words, runs of syllables, Zawgyi-typed
words, numbers in Burmese and ASCII digits, and consonant skeletons that must find nothing.

Every query must find the sentence it came from (no misses), and everything it finds must
really contain what was asked (no false positives): checked by plain substring search on the
text, not by the tokenizer under test.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from tests.search.indexed import found_in, indexed
from thitsa.burmese.digits import to_ascii_digits
from thitsa.burmese.syllables import syllables

SENTENCES = [
    "စစ်ကိုင်းတိုင်း ဒီပဲယင်းမြို့နယ် အိုးထိမ်းကွင်းကျေးရွာရှိ စာသင်ကျောင်းကို စစ်ကောင်စီ "
    "လေကြောင်းဖြင့် ဗုံးကြဲတိုက်ခိုက်ရာ ကျောင်းသား ၂၀ ဦး သေဆုံးခဲ့သည်။",
    "မကွေးတိုင်း ဂန့်ဂေါမြို့နယ်တွင် ဂျက်တိုက်လေယာဉ်ဖြင့် ဗုံးကြဲရာ အရပ်သား ၁၂ ဦး သေဆုံးပြီး ၂၅ ဦး ဒဏ်ရာရရှိခဲ့သည်။",
    "ကယားပြည်နယ် လွိုင်ကော်မြို့အနီးရှိ စစ်ဘေးရှောင်စခန်းကို အမြောက်ဖြင့် ပစ်ခတ်ရာ ကလေး ၃ ဦး အပါအဝင် ၇ ဦး သေဆုံးသည်။",
    "ရခိုင်ပြည်နယ် မြောက်ဦးမြို့နယ်ရှိ ဆေးရုံကို ဒရုန်းဖြင့် ဗုံးကြဲတိုက်ခိုက်ခဲ့သည်။",
    "ချင်းပြည်နယ် ဖလမ်းမြို့နယ်တွင် ဘုန်းကြီးကျောင်းတစ်ကျောင်း လေကြောင်းတိုက်ခိုက်ခံရသည်။",
    "မန္တလေးတိုင်း မြင်းခြံမြို့နယ်ရှိ ကျေးရွာ ၃ ရွာကို စစ်ကြောင်းက မီးရှို့ခဲ့ပြီး အိမ်ခြေ ၂၀၀ ကျော် ပြာကျခဲ့သည်။",
    "ရှမ်းပြည်နယ်မြောက်ပိုင်း လားရှိုးမြို့တွင် အနည်းဆုံး ၂၀ ဦး သေဆုံးကြောင်း သတင်းရရှိသည်။",
    "ကချင်ပြည်နယ် ဖားကန့်မြို့နယ်တွင် ဖျော်ဖြေပွဲကို လေကြောင်းတိုက်ခိုက်ရာ လူ ၆၀ ကျော် သေဆုံးခဲ့သည်။",
    "စစ်ကိုင်းတိုင်း ကနီမြို့နယ်တွင် ပြည်သူ့ကာကွယ်ရေးတပ်နှင့် စစ်တပ်အကြား တိုက်ပွဲဖြစ်ပွားခဲ့သည်။",
    "ပဲခူးတိုင်း တောင်ငူခရိုင်တွင် မိုင်းနင်း၍ လယ်သမား ၂ ဦး ဒဏ်ရာရခဲ့သည်။",
    "ကရင်ပြည်နယ် လှိုင်းဘွဲ့မြို့နယ်ရှိ ဘုရားကျောင်းအနီး အမြောက်ကျည် ကျရောက်ခဲ့သည်။",
    "မကွေးတိုင်း ပေါက်မြို့နယ်တွင် ရွာသား ၁၀ ဦးကို ဖမ်းဆီးသတ်ဖြတ်ခဲ့သည်။",
    "၂၀၂၅ ခုနှစ် မေလ ၁၂ ရက်နေ့တွင် ဒီပဲယင်းမြို့နယ်၌ လေကြောင်းတိုက်ခိုက်မှု ဖြစ်ပွားခဲ့သည်။",
    "ထိုတိုက်ခိုက်မှုကြောင့် ကလေး ၂၂ ဦးနှင့် ဆရာ ၂ ဦး သေဆုံးခဲ့သည်။",
    "တနင်္သာရီတိုင်း ပုလောမြို့နယ်တွင် ရဟတ်ယာဉ်ဖြင့် ပစ်ခတ်ရာ ရွာသူရွာသား ၄ ဦး သေဆုံးသည်။",
    "ဧရာဝတီတိုင်း ပုသိမ်မြို့တွင် ပေါက်ကွဲမှု ဖြစ်ပွားပြီး ၃ ဦး ဒဏ်ရာရသည်။",
    "ယင်းမာပင်မြို့နယ် ကျေးရွာများမှ ဒေသခံ ၁၀၀၀ ကျော် ထွက်ပြေးတိမ်းရှောင်နေရသည်။",
    "မုံရွာမြို့အနီး ဈေးကို ဒရုန်းဖြင့် တိုက်ခိုက်ရာ ဈေးသည် ၈ ဦး ဒဏ်ရာရခဲ့သည်။",
    "ကလေးမြို့ရှိ ကျောင်းဆောင်တစ်ခု မီးလောင်ပျက်စီးခဲ့သည်။",
    "ချင်းပြည်နယ် ထန်တလန်မြို့နယ်တွင် အိမ် ၁၅ လုံး မီးရှို့ခံရသည်။",
    "ဆားလင်းကြီးမြို့နယ်ရှိ ဘုန်းတော်ကြီးကျောင်းတွင် ခိုလှုံနေသူ ၁၇ ဦး သေဆုံးခဲ့သည်။",
    "နေပြည်တော်တွင် စစ်ကောင်စီ ပြောခွင့်ရသူက စွပ်စွဲချက်ကို ငြင်းဆိုခဲ့သည်။",
    "ကသာမြို့နယ်တွင် အစုလိုက်အပြုံလိုက် သတ်ဖြတ်မှု ဖြစ်ပွားကြောင်း သတင်းထွက်ပေါ်ခဲ့သည်။",
    "မင်းကင်းမြို့နယ်၌ အသက် ၆၀ အရွယ် အဘိုးအိုတစ်ဦး ပစ်သတ်ခံရသည်။",
    "ဟားခါးမြို့အနီးတွင် မြေမြှုပ်မိုင်း ပေါက်ကွဲ၍ ကလေးငယ် ၂ ဦး ဒဏ်ရာရသည်။",
    "ဒီမိုဆိုမြို့နယ်တွင် စစ်ဘေးရှောင် ၅၀၀၀ ခန့် ရှိနေသည်။",
    "ဆေးရုံနှင့် ဆေးခန်းများကို ပစ်မှတ်ထားတိုက်ခိုက်မှုများ ဆက်လက်ဖြစ်ပွားနေသည်။",
    "စစ်ကိုင်းတိုင်း ခင်ဦးမြို့နယ်တွင် လေယာဉ်မှ ဗုံး ၄ လုံး ကြဲချခဲ့သည်။",
    "မြစ်ကြီးနားမြို့တွင် လက်နက်ကြီးကျည် ကျရောက်၍ အမျိုးသမီး ၃ ဦး သေဆုံးသည်။",
    "ရေနံချောင်းမြို့နယ်ရှိ ကျေးရွာတစ်ရွာကို စစ်ကြောင်း ဝင်ရောက်စီးနင်းခဲ့သည်။",
    "ပခုက္ကူမြို့နယ်တွင် သေနတ်ဖြင့် ပစ်ခတ်မှုကြောင့် ၉ ဦး သေဆုံးခဲ့သည်။",
    "မန္တလေးမြို့ ချမ်းအေးသာစံမြို့နယ်တွင် ပေါက်ကွဲမှု ၂ ကြိမ် ဖြစ်ပွားသည်။",
    "အင်းတော်မြို့နယ်တွင် ၂၀၂၄ ခုနှစ် ဇန်နဝါရီလ ၅ ရက်နေ့က တိုက်ခိုက်မှု ဖြစ်ပွားခဲ့သည်။",
    "ရခိုင်ပြည်နယ် ကျောက်ဖြူမြို့နယ်တွင် သင်္ဘောတစ်စင်းကို တိုက်ခိုက်ခဲ့သည်။",
    "ပျဉ်းမနားမြို့နယ်တွင် ဓာတ်ဆီဆိုင်တစ်ဆိုင် ပေါက်ကွဲမှုကြောင့် ၁၁ ဦး သေဆုံးသည်။",
    "ဘားအံမြို့အနီး ဒုက္ခသည်စခန်းကို အမြောက်ဖြင့် ပစ်ခတ်ခဲ့သည်။",
    "ကလေးငယ်များ အပါအဝင် အနည်းဆုံး ၄၀ ဦး ဒဏ်ရာရရှိခဲ့သည်။",
    "ဆရာဝန် ၂ ဦးနှင့် သူနာပြု ၃ ဦး ဖမ်းဆီးခံခဲ့ရသည်။",
    "မော်လမြိုင်မြို့တွင် ဆန္ဒပြသူများကို ပစ်ခတ်ဖြိုခွင်းခဲ့သည်။",
    "တပ်မတော်လေတပ်က တိုက်ခိုက်မှုကို တာဝန်ယူကြောင်း ထုတ်ပြန်ခဲ့သည်။",
]

# Zawgyi spellings of words of the sentences (sentence index, Zawgyi), as a Zawgyi keyboard
# writes them (python-myanmar's converter; kept where paraencoder converts them back exactly).
ZAWGYI_CHUNKS = [
    (0, "စစ္ကိုင္းတိုင္း"),
    (0, "ဒီပဲယင္းၿမိဳ႕နယ္"),
    (1, "မေကြးတိုင္း"),
    (1, "ဗုံးႀကဲရာ"),
    (2, "ကယားျပည္နယ္"),
    (2, "လြိဳင္ေကာ္ၿမိဳ႕အနီးရွိ"),
    (3, "ရခိုင္ျပည္နယ္"),
    (3, "ေျမာက္ဦးၿမိဳ႕နယ္ရွိ"),
    (4, "ခ်င္းျပည္နယ္"),
    (4, "ဖလမ္းၿမိဳ႕နယ္တြင္"),
    (5, "မႏၱေလးတိုင္း"),
    (5, "ျမင္းၿခံၿမိဳ႕နယ္ရွိ"),
    (6, "ရွမ္းျပည္နယ္ေျမာက္ပိုင္း"),
    (6, "လား႐ႈိးၿမိဳ႕တြင္"),
    (7, "ကခ်င္ျပည္နယ္"),
    (7, "ေဖ်ာ္ေျဖပြဲကို"),
    (8, "စစ္ကိုင္းတိုင္း"),
    (8, "ကနီၿမိဳ႕နယ္တြင္"),
    (9, "ပဲခူးတိုင္း"),
    (9, "ေတာင္ငူခ႐ိုင္တြင္"),
    (10, "ကရင္ျပည္နယ္"),
    (10, "လႈိင္းဘြဲ႕ၿမိဳ႕နယ္ရွိ"),
    (11, "မေကြးတိုင္း"),
    (11, "ေပါက္ၿမိဳ႕နယ္တြင္"),
    (12, "ခုႏွစ္"),
    (12, "ေမလ"),
    (13, "ကေလး"),
    (13, "ေသဆုံးခဲ့သည္။"),
    (14, "တနသၤာရီတိုင္း"),
    (14, "ပုေလာၿမိဳ႕နယ္တြင္"),
    (15, "ဧရာဝတီတိုင္း"),
    (15, "ပုသိမ္ၿမိဳ႕တြင္"),
    (16, "ယင္းမာပင္ၿမိဳ႕နယ္"),
    (16, "ေက်း႐ြာမ်ားမွ"),
    (17, "မုံ႐ြာၿမိဳ႕အနီး"),
    (17, "ေဈးကို"),
    (18, "ကေလးၿမိဳ႕ရွိ"),
    (18, "ေက်ာင္းေဆာင္တစ္ခု"),
    (19, "ခ်င္းျပည္နယ္"),
    (19, "ထန္တလန္ၿမိဳ႕နယ္တြင္"),
    (20, "ဆားလင္းႀကီးၿမိဳ႕နယ္ရွိ"),
    (20, "ဘုန္းေတာ္ႀကီးေက်ာင္းတြင္"),
    (21, "ေနျပည္ေတာ္တြင္"),
    (21, "စစ္ေကာင္စီ"),
    (22, "ကသာၿမိဳ႕နယ္တြင္"),
    (22, "အစုလိုက္အၿပဳံလိုက္"),
    (23, "မင္းကင္းၿမိဳ႕နယ္၌"),
    (23, "အသက္"),
    (24, "ဟားခါးၿမိဳ႕အနီးတြင္"),
    (24, "ေျမႁမႈပ္မိုင္း"),
    (25, "ဒီမိုဆိုၿမိဳ႕နယ္တြင္"),
    (25, "စစ္ေဘးေရွာင္"),
    (26, "ေဆးခန္းမ်ားကို"),
    (26, "ပစ္မွတ္ထားတိုက္ခိုက္မႈမ်ား"),
    (27, "စစ္ကိုင္းတိုင္း"),
    (27, "ခင္ဦးၿမိဳ႕နယ္တြင္"),
    (28, "ျမစ္ႀကီးနားၿမိဳ႕တြင္"),
    (28, "လက္နက္ႀကီးက်ည္"),
    (29, "ေရနံေခ်ာင္းၿမိဳ႕နယ္ရွိ"),
    (29, "ေက်း႐ြာတစ္႐ြာကို"),
    (30, "ပခုကၠဴၿမိဳ႕နယ္တြင္"),
    (30, "ေသဆုံးခဲ့သည္။"),
    (31, "မႏၱေလးၿမိဳ႕"),
    (31, "ခ်မ္းေအးသာစံၿမိဳ႕နယ္တြင္"),
    (32, "အင္းေတာ္ၿမိဳ႕နယ္တြင္"),
    (32, "ခုႏွစ္"),
    (33, "ရခိုင္ျပည္နယ္"),
    (33, "ေက်ာက္ျဖဴၿမိဳ႕နယ္တြင္"),
    (34, "ပ်ဉ္းမနားၿမိဳ႕နယ္တြင္"),
    (34, "ေသဆုံးသည္။"),
    (35, "ဘားအံၿမိဳ႕အနီး"),
    (35, "ဒုကၡသည္စခန္းကို"),
    (36, "ကေလးငယ္မ်ား"),
    (36, "အပါအဝင္"),
    (37, "ဆရာဝန္"),
    (37, "သူနာျပဳ"),
    (38, "ေမာ္လၿမိဳင္ၿမိဳ႕တြင္"),
    (38, "ဆႏၵျပသူမ်ားကို"),
    (39, "တပ္မေတာ္ေလတပ္က"),
    (39, "တိုက္ခိုက္မႈကို"),
]
# Typed by hand on a Zawgyi keyboard (Zawgyi, Unicode): ံု typed in either order, ႐ for ရ.
HAND_ZAWGYI = [
    ("ေက်ာင္း", "ကျောင်း"),
    ("ျဖင့္", "ဖြင့်"),
    ("ေသဆုံး", "သေဆုံး"),
    ("ၿမိဳ႕နယ္", "မြို့နယ်"),
    ("ဗံုးႀကဲ", "ဗုံးကြဲ"),
    ("ဒဏ္ရာရ", "ဒဏ်ရာရ"),
    ("စစ္ကိုင္းတိုင္း", "စစ်ကိုင်းတိုင်း"),
    ("ဒီပဲယင္းၿမိဳ႕နယ္", "ဒီပဲယင်းမြို့နယ်"),
    ("ကေလး", "ကလေး"),
    ("အနည္းဆံုး", "အနည်းဆုံး"),
    ("႐ြာ", "ရွာ"),
    ("စစ္ေဘးေရွာင္", "စစ်ဘေးရှောင်"),
    ("ေဆး႐ံု", "ဆေးရုံ"),
    ("ႏွင့္", "နှင့်"),
    ("ေလေၾကာင္းတိုက္ခိုက္", "လေကြောင်းတိုက်ခိုက်"),
    ("ဒ႐ုန္းျဖင့္", "ဒရုန်းဖြင့်"),
    ("ေပါက္ကြဲမႈေၾကာင့္", "ပေါက်ကွဲမှုကြောင့်"),
    ("ဖမ္းဆီးသတ္ျဖတ္", "ဖမ်းဆီးသတ်ဖြတ်"),
    ("ကေလးငယ္", "ကလေးငယ်"),
    ("မီး႐ႈိ႕", "မီးရှို့"),
]

_VOWEL_SWAPS = [
    ("ော", "ို"), ("ို", "ော"), ("ိ", "ီ"), ("ီ", "ိ"), ("ု", "ူ"), ("ူ", "ု"), ("ေ", "ဲ"),
    ("ဲ", "ေ"), ("ာ", ""), ("ံ", ""), ("ျ", "ြ"), ("ြ", "ျ"),
]  # fmt: skip
_SIGNS = re.compile("[\u102b-\u1032\u1036-\u1038\u103b-\u103e]")


def _flat(text: str) -> str:
    """For the independent check: no spaces or punctuation, ASCII digits."""
    text = unicodedata.normalize("NFC", to_ascii_digits(text))
    return re.sub(r"[\s\u104a\u104b]", "", text)


FLAT = [_flat(s) for s in SENTENCES]


def _queries() -> list[tuple[str, str, int | None, str]]:
    """(kind, query, sentence it came from or None, its Unicode form for the check)."""
    rng = random.Random(7)
    out = []
    for i, sentence in enumerate(SENTENCES):
        words = sentence.rstrip("။").split()
        out.append(("sentence", sentence, i, sentence))
        out += [("word", w, i, w) for w in words]
        for w in rng.sample(words, min(3, len(words))):
            sy = syllables(w)
            if len(sy) > 1:
                n = rng.randint(1, min(3, len(sy) - 1))
                start = rng.randrange(len(sy) - n + 1)
                run = "".join(sy[start : start + n])
                out.append(("syllables", run, i, run))
        for w in words:
            if re.fullmatch("[၀-၉]+", w):
                ascii_form = to_ascii_digits(w)
                out.append(("digits", ascii_form, i, w))
                following = words[words.index(w) + 1] if w != words[-1] else ""
                if following:
                    out.append(("digits", f"{ascii_form} {following}", i, f"{w} {following}"))
                    out.append(("digits", f"{w} {following}", i, f"{w} {following}"))
    out += [("zawgyi", z, i, None) for i, z in ZAWGYI_CHUNKS]
    out += [("zawgyi", z, None, u) for z, u in HAND_ZAWGYI]
    seen, unique = set(), []
    for q in out:
        if (q[0], q[1]) not in seen:
            seen.add((q[0], q[1]))
            unique.append(q)
    return unique


def _skeletons() -> list[str]:
    """Syllables of the sentences with a vowel or medial changed (or all of them dropped),
    kept where no sentence contains the result: each must find nothing."""
    out = []
    for sentence in SENTENCES:
        for sy in syllables(sentence):
            if not _SIGNS.search(sy):
                continue
            variants = [_SIGNS.sub("", sy)] + [sy.replace(a, b) for a, b in _VOWEL_SWAPS if a in sy]
            for v in variants:
                v = unicodedata.normalize("NFC", v)
                if v and v != sy and v not in out and not any(v in f for f in FLAT):
                    out.append(v)
    return out


QUERIES = _queries()
SKELETONS = _skeletons()


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The sentences as reports, indexed once for the module (and removed after it)."""
    with django_db_blocker.unblock():
        yield from indexed("Suite outlet", SENTENCES)


def test_the_suite_is_large_enough():
    kinds = {k for k, *_ in QUERIES}
    assert len(QUERIES) + len(SKELETONS) >= 200
    assert kinds == {"sentence", "word", "syllables", "digits", "zawgyi"}
    assert len(SKELETONS) >= 50


@pytest.mark.django_db
@pytest.mark.parametrize("kind, query, origin, unicode", QUERIES, ids=lambda v: str(v)[:40])
def test_a_query_finds_its_sentence_and_only_sentences_that_contain_it(
    corpus, kind, query, origin, unicode
):
    found = found_in(corpus, query)
    if origin is not None:
        assert origin in found, f"missed: {kind} {query!r} should find sentence {origin}"
    else:
        assert found, f"missed: {kind} {query!r} found nothing"
    if unicode is not None:
        needles = [_flat(part) for part in unicode.split()]
        wrong = [i for i in found if not all(n in FLAT[i] for n in needles)]
        assert not wrong, f"{query!r} found sentences without it: {wrong}"


@pytest.mark.django_db
@pytest.mark.parametrize("query", SKELETONS)
def test_a_consonant_skeleton_with_other_vowels_finds_nothing(corpus, query):
    assert found_in(corpus, query) == set()
