"""``DisclosurePolicy.round_to``: every count a report table exports is the rounded one.

The rule (ONS/ABS output checking: published counts rounded to a base, half up) is applied to
the shown ``n`` and to every machine-readable copy of it: the ``data-n`` attribute the gate
reads, ``ReportTable.counts``, ``to_frame()`` and the plain-text form.
"""

import re

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps

POLICY = wps.privacy.DisclosurePolicy(min_cell=10, min_n=25, round_to=5)
EXACT = {"a": 63, "b": 88}  # neither a multiple of 5: rounded 65 and 90 (total 151 -> 150)


def _design(policy=POLICY):
    rows = []
    for group, n in EXACT.items():
        k = n // 2
        rows += [{"g": group, "y": 1} for _ in range(k)] + [{"g": group, "y": 0} for _ in range(n - k)]
    df = pd.DataFrame(rows).assign(w=1.0)
    return wps.stats.SurveyDesign(df, weights="w", policy=policy)


def _published_counts(table):
    html = table._repr_html_()
    return [int(v) for v in re.findall(r'data-n="(\d+)"', html)], html


def _assert_no_exact_n(table, exact=EXACT.values()):
    counts, html = _published_counts(table)
    assert counts, "the table exports its counts"
    assert all(c % 5 == 0 for c in counts), counts
    assert all(c % 5 == 0 for c in table.counts)
    n_col = table.to_frame().iloc[:, -1].tolist()
    for n in exact:
        assert f"{n}" not in n_col
        assert f'data-n="{n}"' not in html
        # the plain-text form: no exact base as a number on its own
        assert not re.search(rf"(?<![\d.,]){n}(?![\d.,])", "\n".join(
            [str(table).split("\n")[0]] + [" ".join(map(str, n_col))]))


def test_estimate_table_exports_only_rounded_n():
    table = wps.stats.proportion(_design(), "y", by="g").table(lang="en")
    _assert_no_exact_n(table)
    counts, _ = _published_counts(table)
    assert sorted(set(counts)) == [65, 90]
    assert table.to_frame().iloc[:, -1].tolist() == ["65", "90"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_mean_table_exports_only_rounded_n(lang):
    table = wps.stats.mean(_design(), "y", by="g").table(lang=lang)
    _assert_no_exact_n(table)


def test_rounding_is_half_up_to_the_base():
    from wpsresearch.stats.report_table import published_counts

    assert published_counts([62, 63, 65, 67, 68, 151], POLICY).tolist() == [60, 65, 65, 65, 70, 150]
    assert published_counts([62, 63], wps.privacy.DisclosurePolicy()).tolist() == [62, 63]
    table = wps.stats.mean(_design(), "y").table(lang="en")
    counts, _ = _published_counts(table)
    assert counts == [150]  # 63 + 88


def test_crosstab_table_exports_only_rounded_n():
    ct = wps.stats.crosstab(_design(), "g", "y")
    table = ct.table(lang="en") if hasattr(ct, "table") else None
    if table is None:  # pragma: no cover - crosstabs always have a report table
        pytest.fail("Crosstab has no table()")
    counts, html = _published_counts(table)
    assert sorted(counts) == [65, 90]
    assert "63" not in table.to_frame().iloc[:, -1].tolist()


def test_indicator_table_keeps_rounding_and_hidden_bases():
    from wpsresearch.report.indicator_tables import indicator_table

    d = _design()
    table = indicator_table({"y": wps.stats.proportion(d, "y")}, lang="en")
    counts, _ = _published_counts(table)
    assert counts == [150]
    # a base below min_cell stays out of the markup after stacking too
    small = pd.DataFrame({"y": [1, 0, 1] + [1, 0] * 20, "g": ["a"] * 3 + ["b"] * 40, "w": 1.0})
    sd = wps.stats.SurveyDesign(small, weights="w").subset(small["g"] == "a")
    stacked = indicator_table({"y": wps.stats.proportion(sd, "y")}, lang="en")
    assert "data-n" not in stacked._repr_html_()


def test_logistic_table_exports_only_rounded_n():
    rng = np.random.default_rng(5)
    n = 203
    df = pd.DataFrame({"y": rng.integers(0, 2, n), "x": rng.normal(size=n), "w": 1.0})
    d = wps.stats.SurveyDesign(df, weights="w", policy=POLICY)
    table = wps.stats.glm(d, "y ~ x", family="binomial").table(lang="en")
    counts, html = _published_counts(table)
    assert set(counts) == {205}
    assert "203" not in html and "203" not in str(table)


def test_key_finding_states_the_rounded_n():
    from wpsresearch.report.findings import key_finding, key_findings

    est = wps.stats.proportion(_design(), "y", by="g")
    for lang in ("en", "ar"):
        f = key_finding(est, "heard_1325_yes", lang=lang, where={"g": "a"})
        assert f.n == 65
        html = key_findings(f)._repr_html_()
        assert 'data-n="65"' in html and "63" not in f.sentence and 'data-n="63"' not in html
        assert "n = 65" in f.sentence or "= 65" in f.sentence


def test_without_round_to_counts_are_exact():
    table = wps.stats.proportion(_design(wps.privacy.DisclosurePolicy()), "y", by="g").table(lang="en")
    counts, _ = _published_counts(table)
    assert sorted(set(counts)) == [63, 88]
