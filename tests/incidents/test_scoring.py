"""Pair rules and features of the matcher's scorer (no database)."""

from datetime import date

import pytest

from thitsa.incidents.scoring import Event, contrary, features, score

TABAYIN = "MMR005010"
OE_HTEIN_KWIN = "MMR005010055"  # a village tract of Tabayin
OE_HTEIN_KWIN_NORTH = "172637"  # a village in it
LET_YET_KONE = "172591"  # a village in another tract of Tabayin


def village(pcode: str, tract: str, **kw) -> Event:
    return Event(
        date=kw.pop("on", date(2025, 5, 12)),
        place_id=pcode,
        place_level="village",
        place_parent=tract,
        township_id=TABAYIN,
        state_id="MMR005",
        event_type=kw.pop("event_type", "Explosions/Remote violence"),
        **kw,
    )


def north(**kw) -> Event:
    return village(OE_HTEIN_KWIN_NORTH, OE_HTEIN_KWIN, **kw)


def let_yet_kone(**kw) -> Event:
    return village(LET_YET_KONE, "MMR005010038", **kw)


def test_it_does_not_merge_reports_naming_different_villages_with_other_means():
    a = north(means={"drone"})
    b = let_yet_kone(means={"arson"})
    assert features(a, b) is None


def test_it_weighs_one_contrary_fact_instead_of_ruling_the_pair_out():
    f = features(north(), let_yet_kone())
    assert f is not None and f["place"] == 0.0
    assert score(f) < score(features(north(), north()))


def test_a_village_and_its_own_tract_do_not_disagree():
    tract = Event(
        date=date(2025, 5, 12),
        place_id=OE_HTEIN_KWIN,
        place_level="tract",
        place_parent=TABAYIN,
        township_id=TABAYIN,
        state_id="MMR005",
    )
    assert features(north(), tract)["place"] == 0.6


@pytest.mark.parametrize(
    ("a", "b", "value"),
    [(3, 5, 1.0), (20, 30, 1.0), (10, 22, 0.6), (3, 40, 0.0), (None, 40, 0.5)],
)
def test_it_reads_killed_counts_far_apart_as_contrary(a, b, value):
    assert features(north(killed=a), north(killed=b))["casualties"] == value


def test_it_does_not_merge_3_and_40_killed_told_with_other_means():
    assert features(north(killed=3, means={"drone"}), north(killed=40, means={"arson"})) is None


def test_it_does_not_merge_exact_days_two_apart_that_also_disagree_on_targets():
    a = north(targets={"school"})
    b = north(on=date(2025, 5, 14), targets={"market"})
    assert features(a, b) is None
    assert contrary(features(a, north(on=date(2025, 5, 14))), 2, a, b) == ["date"]


def test_an_outlets_report_of_another_day_is_another_event():
    assert features(north(sources={1}, on=date(2025, 5, 13)), north(sources={1, 2})) is None


def test_an_outlets_report_of_the_same_day_may_be_its_update():
    f = features(north(sources={1}), north(sources={1, 2}))
    assert f is not None and f["source"] == 0.5
    assert features(north(sources={3}), north(sources={1, 2}))["source"] == 1.0


def test_text_is_the_share_of_the_shorter_accounts_words_the_other_shares():
    from thitsa.incidents.scoring import _text, words_of

    def told(text):
        return Event(date=date(2025, 5, 12), text=text)

    first = told("Jet bombs school in Oe Htein Kwin village")
    follow_up = told("Jet bombs school in Oe Htein Kwin village; 22 children killed, 40 hurt")
    other = told("Troops burn houses in Let Yet Kone after clashes")
    burmese = told("အိုးထိမ်းကွင်းကျေးရွာ ကျောင်းကို လေကြောင်းတိုက်ခိုက်")
    assert _text(first, follow_up) == 1.0
    assert _text(first, other) < 0.3
    assert _text(first, burmese) == 0.5  # two languages share no words either way
    assert _text(burmese, told("ကျောင်းကို လေကြောင်းတိုက်ခိုက်")) == 1.0
    assert _text(first, told("")) == 0.5
    # CRC-32, not Python's salted hash: the same bits in every process.
    assert words_of("jet bombs school")[0] == words_of("school bombs jet")[0]
    assert words_of("jet")[0] == 1 << 3363  # zlib.crc32(b"jet") % 4096


def test_a_score_reads_features_by_name_whatever_their_order():
    f = features(north(), north(on=date(2025, 5, 13)))
    shuffled = dict(sorted(f.items()))  # as PostgreSQL's jsonb gives them back
    assert list(shuffled) != list(f)
    assert score(shuffled) == score(f)


def test_a_pair_that_disagrees_on_one_fact_goes_to_a_verifier_however_high_it_scores():
    """Found by a journalist: "Airstrike on Wetlet ferry kills 5" was linked outright (0.87)
    to ACLED's shelling of a village nearby the day before, and its 4 dead went uncounted."""
    from thitsa.incidents.scoring import outcome

    alike = features(north(means={"air"}), north(means={"air"}))
    assert outcome(score(alike), alike) == "link"
    other_means = features(north(means={"air"}), north(means={"artillery"}))
    assert other_means["means"] == 0.0 and score(other_means) >= 0.80
    assert outcome(score(other_means), other_means) == "review"


def test_a_burning_told_as_arson_and_as_acleds_property_destruction_may_be_one_event():
    arson = north(event_type="Violence against civilians")
    acled = north(event_type="Strategic developments")
    assert features(arson, acled) is not None
