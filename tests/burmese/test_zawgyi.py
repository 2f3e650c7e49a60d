from __future__ import annotations

from pathlib import Path

import pytest

from thitsa.burmese.zawgyi import is_zawgyi, to_unicode

SHARED = Path("/work/shared/data/burmese")


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
