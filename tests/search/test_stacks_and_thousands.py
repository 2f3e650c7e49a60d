"""Beside the Burmese query suite: stacked consonants and kinzi, which Burmese writes either
stacked (ပစ္စည်း, သင်္ဘော) or spelt out (ပစ်စည်း, သင်ဘော), and numbers with thousands commas
(၁,၅၀၀). Found by a Burmese-speaking researcher testing search.

Every run of syllables of a stacked word, as the words are said (the stack spelt out), must
find its report in either spelling (no misses), and only reports that contain it; consonant
skeletons of those syllables find nothing. Checked on the texts with the stacks spelt out by
the test itself, not by the tokenizer under test.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from tests.search.indexed import found_in, indexed
from thitsa.burmese.syllables import syllables
from thitsa.reports.models import Source, SourceReport
from thitsa.search.index import refresh
from thitsa.search.query import search

NUMBERS = [
    "စစ်ဘေးရှောင် ၁,၅၀၀ ဦး ထွက်ပြေးခဲ့သည်။",
    "Over 1,200 people fled the shelling.",
    "ဒေသခံ ၁၂၀၀ ခန့် ထွက်ပြေးခဲ့သည်။",
    "အိမ်ခြေ ၂,၀၀၀ ကျော် မီးလောင်သည်။",
    "ကျေးရွာ ၅၀၀ ကျော် ရှိသည်။",
    "Rounds fired: 1, 2, 3 and 12,3 in the log; 1.5 km away.",
]
STACKED = [
    "ပစ္စည်းများ ဆုံးရှုံးခဲ့သည်။",
    "မန္တလေးတိုင်း",
    "သင်္ဘောတစ်စင်း",
    "ဒုက္ခသည်စခန်း",
    "ကမ္ဘာ့ကုလသမဂ္ဂ",
    "အင်္ဂလိပ်စာ",
    "တနင်္သာရီတိုင်း",
    "ဟုမ္မလင်းမြို့",
    "ပခုက္ကူမြို့",
    "မင်္ဂလာဒုံမြို့နယ်",
    "ကဏ္ဏားကျွန်း",
    "ဆန္ဒပြသူများ",
]
# Typed spelt out, as many do: the stacked spelling of a query must find these too.
SPELT_OUT = ["ပစ်စည်း ခိုးယူခံရသည်။", "သင်ဘောဆိပ်", "ဒုက်ခသည် ၂၀ ဦး"]
TEXTS = NUMBERS + STACKED + SPELT_OUT


def _spelt_out(text: str) -> str:
    """Kinzi င်္ as င်, a stacked consonant X္Y as X်Y: how the words are said."""
    text = text.replace("\u1004\u103a\u1039", "\u1004\u103a")
    return re.sub("([\u1000-\u1021])\u1039", "\\1\u103a", text)


def _restacked(run: str, text: str) -> str:
    """`run` with the killed consonants stacked that `text` stacks: its other spelling."""
    for killed, under in re.findall("([\u1000-\u1021]\u103a?)\u1039([\u1000-\u1021])", text):
        # X္Y was said X်Y; kinzi င်္Y, င်Y.
        run = run.replace(killed.rstrip("\u103a") + "\u103a" + under, f"{killed}\u1039{under}")
    return run


def _flat(text: str) -> str:
    text = unicodedata.normalize("NFC", _spelt_out(text))
    return re.sub(r"[\s\u104a\u104b]", "", text)


FLAT = [_flat(t) for t in TEXTS]
_SIGNS = re.compile("[\u102b-\u1032\u1036-\u1038\u103b-\u103e]")


def _runs() -> list[tuple[str, str, int]]:
    """(run of syllables of a stacked word as said, as the text writes it, the text)."""
    out = []
    for i, text in enumerate(STACKED):
        word = text.rstrip("။").split()[0]
        sy = syllables(_spelt_out(word))
        for a in range(len(sy)):
            for b in range(a + 1, len(sy) + 1):
                run = "".join(sy[a:b])
                out.append((run, _restacked(run, word), len(NUMBERS) + i))
    return list(dict.fromkeys(out))


def _skeletons() -> list[str]:
    out = []
    for text in STACKED + SPELT_OUT:
        for sy in syllables(_spelt_out(text)):
            if _SIGNS.search(sy):
                v = unicodedata.normalize("NFC", _SIGNS.sub("", sy))
                if v and v not in out and not any(v in f for f in FLAT):
                    out.append(v)
    return out


RUNS = _runs()
SKELETONS = _skeletons()


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        yield from indexed("Spellings outlet", TEXTS)


def test_the_runs_cross_stacks():
    assert len(RUNS) >= 80 and len(SKELETONS) >= 5
    assert {"သာရီ", "ဂလာဒုံ", "ခသည်", "ဏားကျွန်း", "မလင်း", "တလေး"} <= {r for r, *_ in RUNS}
    assert ("မင်ဂလာ", "မင်္ဂလာ", 15) in RUNS and ("ပစ်စည်း", "ပစ္စည်း", 6) in RUNS


@pytest.mark.django_db
@pytest.mark.parametrize("run, written, origin", RUNS, ids=lambda v: str(v))
def test_every_run_of_syllables_of_a_stacked_word_finds_it_in_either_spelling(
    corpus, run, written, origin
):
    """Found by a Burmese-speaking researcher: "သာရီ" missed "တနင်္သာရီ" and "ပစ်စည်း"
    missed "ပစ္စည်း": a stack or kinzi was one syllable with the syllable it closes."""
    for query in dict.fromkeys([run, written]):
        found = found_in(corpus, query)
        assert origin in found, f"missed: {query!r} should find {TEXTS[origin]!r}"
        wrong = [i for i in found if _flat(query) not in FLAT[i]]
        assert not wrong, f"{query!r} found texts without it: {wrong}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, expected",
    [
        ("ပစ္စည်း", {6, 18}),
        ("ပစ်စည်း", {6, 18}),
        ("သင်္ဘော", {8, 19}),
        ("ဒုက္ခသည်", {9, 20}),
        ("ဒုက်ခသည်", {9, 20}),
    ],
)
def test_a_word_typed_spelt_out_or_stacked_finds_both_spellings(corpus, query, expected):
    assert found_in(corpus, query) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("query", SKELETONS)
def test_a_consonant_skeleton_of_a_stacked_word_finds_nothing(corpus, query):
    assert found_in(corpus, query) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, expected",
    [
        ("1500", {0}),
        ("၁၅၀၀", {0}),
        ("1,500", {0}),
        ("၁,၅၀၀ ဦး", {0}),
        ("500", {4}),  # not the 500 of ၁,၅၀၀
        ("၅၀၀", {4}),
        ("200", set()),  # not the 200 of 1,200
        ("1200", {1, 2}),
        ("1,200", {1, 2}),
        ("၁,၂၀၀", {1, 2}),
        ("2000", {3}),
        ("၂၀၀၀", {3}),
        ("12", {5}),  # "12,3" is not a thousands group
        ("3", {5}),
        ("1.5", {5}),
    ],
)
def test_a_number_with_thousands_commas_is_one_number(corpus, query, expected):
    """Found by a Burmese-speaking researcher: "1500" and "၁၅၀၀" missed "၁,၅၀၀ ဦး", which
    "500" found (marked ၁,[၅၀၀]); "200" found "Over 1,200 people"; the comma cut the number
    in two."""
    assert found_in(corpus, query) == expected


@pytest.mark.django_db
def test_the_migration_indexes_again_the_documents_whose_terms_change(monkeypatch):
    """Documents indexed before this version hold a stack as one syllable and a number with a
    comma as two: they are indexed again, and only they."""
    import importlib

    from django.apps import apps

    from thitsa.incidents.models import Incident
    from thitsa.search import index, terms

    migration = importlib.import_module("thitsa.search.migrations.0015_stacks_and_thousands")
    source = Source.objects.create(name="Old index outlet")
    stacked, number, plain = (
        SourceReport.objects.create(import_key=f"old-{i}", source=source, text=text)
        for i, text in enumerate(["တနင်္သာရီတိုင်း", "Over 1,200 people", "ကျောင်းကို ဗုံးကြဲ"])
    )
    incident = Incident.objects.create(
        public_id="MMR-2025-000777", date=stacked.imported_at.date(), visibility="public",
        summary_my="ဒုက္ခသည်စခန်း",
    )  # fmt: skip
    # As this version's predecessor cut them.
    never = re.compile("(?!)")
    with monkeypatch.context() as old:
        old.setattr(terms, "_THOUSANDS", never)
        old.setattr(terms, "_STACKED", never)
        old.setattr(terms, "_KINZI", "\0")
        refresh()
    mine = {stacked.pk, number.pk, plain.pk}

    def found(query):
        return [h.id for h in search(query, public_only=False).hits if h.id in mine]

    assert found("သာရီ") == found("1200") == []

    again: dict[str, list[int]] = {"reports": [], "incidents": []}

    def recorded(name):
        real = getattr(index, f"index_{name}")
        return lambda ids: again[name].extend(ids) or real(ids)

    monkeypatch.setattr(index, "index_reports", recorded("reports"))
    monkeypatch.setattr(index, "index_incidents", recorded("incidents"))
    migration.reindex(apps, None)
    assert again == {"reports": [stacked.pk, number.pk], "incidents": [incident.pk]}
    assert found("သာရီ") == [stacked.pk]
    assert found("1200") == [number.pk]
    assert [h.incident for h in search("ခသည်").hits] == ["MMR-2025-000777"]
