"""report.offline_html: the Arabic fonts embedded in a page are the same bytes whenever and
wherever they are made (a subset once carried the time it was saved, so two processes making
the same scorecard a second apart wrote different pages)."""

from __future__ import annotations

import pytest

from wpsresearch.report import offline_html
from wpsresearch.viz.typefaces import font_file


@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_a_subset_made_at_another_time_is_the_same_bytes(tmp_path, monkeypatch, weight):
    made = []
    for n, when in enumerate(("1700000000", "1800000000")):
        # a cache of its own each time, so the subset is made, not read back
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / str(n)))
        monkeypatch.setenv("SOURCE_DATE_EPOCH", when)  # fontTools' "now"
        made.append(offline_html._subset_font.__wrapped__(str(font_file("ar", weight)),
                                                          frozenset("النساء ٣٤٪ 95% (n = 290)")))
    assert made[0] == made[1]
    assert made[0][:4] == b"wOFF"
