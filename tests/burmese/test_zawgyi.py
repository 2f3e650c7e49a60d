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
