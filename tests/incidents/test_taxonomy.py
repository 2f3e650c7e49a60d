import pytest

from thitsa.incidents.taxonomy import (
    ATTACK_MEANS,
    TARGETS,
    codes_in,
    codes_mentioned,
    event_type_of,
)


@pytest.mark.parametrize(
    "text, means",
    [
        ("Air/drone strike", ["airstrike"]),  # ACLED's label for any air attack, not a drone
        ("a drone dropped two bombs", ["drone"]),
        ("Mi-35 helicopter gunships fired on the school", ["airstrike_helicopter"]),
        ("artillery shells hit the market", ["artillery"]),
        ("determined to rebuild", []),  # "mine" inside a word is no landmine
        ("စစ်ကောင်စီ၏ လေကြောင်းတိုက်ခိုက်မှု", ["airstrike"]),
        # Found by a tester: "PDF fighters" in ACLED's notes made a drone strike a jet's, and
        # "troops burn the village" was no arson.
        ("A drone strike killed 4 PDF fighters.", ["drone"]),
        ("Fighter jets bombed the village", ["airstrike_fixed_wing"]),
        ("Troops burn houses in Kani", ["ground_raid", "arson"]),
    ],
)
def test_it_finds_the_means_a_text_names(text, means):
    assert codes_mentioned(ATTACK_MEANS, text) == means


@pytest.mark.parametrize(
    "text, event_type",
    [
        ("Air/drone strike", "Explosions/Remote violence"),
        ("airstrike", "Explosions/Remote violence"),
        ("Battles", "Battles"),
        ("massacre", "Violence against civilians"),
        ("", ""),
        ("picnic", ""),
    ],
)
def test_free_text_types_map_to_acled_types(text, event_type):
    assert event_type_of(text) == event_type


def test_user_words_become_codes():
    assert codes_in(TARGETS, ["School", "hospital", "IDP camp"]) == [
        "school",
        "health_facility",
        "idp_camp",
    ]


def test_a_code_typed_in_zawgyi_is_known():
    # Found by a newcomer: "ေဆးရုံ" (hospital, typed on a Zawgyi phone) in a CSV's targets
    # refused the row, where the Unicode ဆေးရုံ was a health facility.
    from thitsa.incidents.taxonomy import TARGETS, known_codes

    assert known_codes(TARGETS, ["ေဆးရုံ", "ဆေးရုံ"]) == ["health_facility"]


@pytest.mark.parametrize(
    "text, targets",
    [
        ("ရွှေဘို ကံဖြူ ဒရုန်းတိုက်ခိုက်မှု ကျောင်းသား ၂ ဦး သေဆုံး", []),
        ("ကျောင်းသူ ၃ ဦး ဒဏ်ရာရ", []),
        ("ကျောင်းဆရာမ ၂ ဦး သေဆုံး", []),
        ("ကျောင်းသားများ စာသင်နေသော ကျောင်းကို ဗုံးကြဲ", ["school"]),
        ("ဘုန်းကြီးကျောင်း မီးလောင်", ["religious_site"]),
        # Found by a journalist: villages named for a school, a market, a pagoda.
        ("ပျော်ဘွယ်ကျောင်းရွာကို စစ်ကောင်စီ လေကြောင်းတိုက်ခိုက်", []),
        ("ဈေးကုန်းရွာ ဒရုန်းတိုက်ခိုက်", []),
        ("ဘုရားကုန်းရွာကို လက်နက်ကြီးဖြင့် ပစ်ခတ်", []),
        ("ကျောင်းကုန်းရွာရှိ ကျောင်းကို ဗုံးကြဲ", ["school"]),
        ("ဈေးကို ဒရုန်းဖြင့် တိုက်ခိုက်", ["market"]),
        # Found by a documentation officer: where the wounded later died is no hospital hit.
        ("Two of the wounded died at Monywa hospital.", []),
        ("ဒဏ်ရာရသူ ၂ ဦး ဆေးရုံတွင် ထပ်မံသေဆုံး", []),
        ("Jets bombed Monywa hospital.", ["health_facility"]),
    ],
)
def test_a_student_or_a_teacher_is_no_school_hit(text, targets):
    """Found by an advocacy officer: "drone attack, 2 students killed" (ကျောင်းသား, whose
    first word is school's) was counted in every figure of attacks on schools."""
    from thitsa.incidents.taxonomy import TARGETS, codes_mentioned

    assert codes_mentioned(TARGETS, text) == targets
