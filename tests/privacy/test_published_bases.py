"""Published bases do not give a small missing-answer count away by subtraction (#14, point 6):
one rule (DisclosurePolicy.published_bases) for report tables, key findings (fact sheets,
campaign cards), figure notes and figure cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.privacy import DisclosurePolicy


def _kirkuk():
    """604 men (9 gave no answer) and 604 women (24 gave no answer)."""
    rng = np.random.default_rng(14)
    y = rng.random(1208) < 0.3
    df = pd.DataFrame({"sex": ["male"] * 604 + ["female"] * 604, "y": y.astype(float), "w": 1.0})
    df.loc[df.index[:9], "y"] = np.nan
    df.loc[df.index[604:628], "y"] = np.nan
    return wps.stats.proportion(wps.stats.SurveyDesign(df, weights="w"), "y", by="sex")


def test_a_small_missing_count_is_not_published_as_a_difference():
    est = _kirkuk()
    frame = est.to_frame()
    assert sorted(frame.drop_duplicates("sex")["n"]) == [580, 595]  # the exact bases
    table = est.table(lang="en")
    html = table._repr_html_()
    assert 'data-n="595"' not in html and 'data-n="604"' in html and 'data-n="580"' in html
    shown = set(table.frame.iloc[:, -1])
    assert "604\u2021" in shown and "580" in shown
    notes = " ".join(table.footnotes)
    assert "fewer than 10 of them gave no answer" in notes
    # the total of missing answers leaves the raised group out: 24, not 33 (33 - 24 = 9)
    assert "24 respondents with a missing answer" in notes and "33" not in notes


def test_key_findings_and_charts_use_the_same_bases():
    from wpsresearch.report.findings import key_finding

    est = _kirkuk()
    finding = key_finding(est, "heard_1325_yes", lang="en", where={"sex": "male"})
    assert finding.n == 604 and "595" not in finding.sentence
    chart = wps.viz.bar_chart(est, title_key="nb_chart_safety_trust", lang="en")
    ns = {c["category"]: c["n"] for c in chart.sidecar["cells"] if c.get("n") is not None}
    assert 595 not in ns.values() and 604 in ns.values()
    assert "595" not in " ".join(map(str, chart.sidecar.get("texts", [])))


def test_rounding_applies_after_raising():
    shown, raised = DisclosurePolicy(round_to=5).published_bases([595, 580], [9, 24])
    assert shown.tolist() == [605, 580] and raised.tolist() == [True, False]


@pytest.mark.parametrize("seed", range(5))
def test_no_published_base_differs_from_the_respondents_by_a_small_count(seed):
    rng = np.random.default_rng(seed)
    n = rng.integers(20, 900, 200)
    missing = rng.integers(0, 30, 200)
    policy = DisclosurePolicy()
    shown, _ = policy.published_bases(n, missing)
    difference = (n + missing) - shown
    assert ((difference == 0) | (difference >= policy.min_cell)).all()


def _kirkuk_frame():
    """604 men (9 gave no answer), 604 women (24 gave no answer); a second question all of
    them answered (its base is the group's size: published in the same results table)."""
    rng = np.random.default_rng(14)
    df = pd.DataFrame({"sex": ["male"] * 604 + ["female"] * 604,
                       "q": rng.choice(["yes", "no"], 1208).astype(object),
                       "everyone": rng.choice(["a", "b"], 1208)})
    df.loc[df.index[:9], "q"] = None
    df.loc[df.index[604:628], "q"] = None
    return df


@pytest.mark.parametrize("percent", ["row", "col"])
def test_crosstab_bases_follow_the_rule(percent):
    """A crosstab's base of a group is its answer base: 595 of the 604 men (the 604 are
    published elsewhere) would give 9 away; the base shown is raised to 604, marked."""
    df = _kirkuk_frame()
    design = wps.stats.SurveyDesign(df)
    ct = wps.stats.crosstab(design, "sex", "q") if percent == "row" else \
        wps.stats.crosstab(design, "q", "sex")
    assert ct.unweighted.sum(axis=1 if percent == "row" else 0).sort_values().tolist() == [580, 595]
    table = ct.table(percent=percent)
    shown = table.frame.iloc[:, -1].tolist()
    assert "604\u2021" in shown and "580" in shown and not any("595" in s for s in shown)
    html = table._repr_html_()
    assert 'data-n="595"' not in html and 'data-n="604"' in html
    notes = " ".join(table.footnotes)
    assert "fewer than 10 of them gave no answer" in notes
    assert "24 respondents with a missing answer" in notes and "33" not in notes


def test_crosstab_missing_by_group_counts_only_the_other_variable():
    df = _kirkuk_frame()
    df.loc[df.index[700:705], "sex"] = None  # no group: in no row's base, in the total only
    ct = wps.stats.crosstab(wps.stats.SurveyDesign(df), "sex", "q")
    assert ct.row_missing.to_dict() == {"female": 24, "male": 9}
    assert ct.col_missing.sum() == 5 and ct.n_missing == 38


def test_results_table_raises_the_base_where_the_missing_count_is_blanked():
    from wpsresearch.io.analysis_plan import AnalysisPlan, PlanRow

    df = _kirkuk_frame()
    plan = AnalysisPlan((PlanRow(2, "prop_select_one", "q", ("sex",)),
                         PlanRow(3, "prop_select_one", "everyone", ("sex",))))
    frame = wps.stats.analyse(wps.stats.SurveyDesign(df), plan).to_frame()
    men = frame[frame["group_var_value"] == "male"]
    # the same group's size is in the table (row 3), so row 2's base must not be 595
    assert set(men["n_total"]) == {604}
    assert men.loc[men["analysis_var"] == "q", "n_missing"].isna().all()
    women = frame[(frame["group_var_value"] == "female") & (frame["analysis_var"] == "q")]
    assert set(women["n_total"]) == {580} and set(women["n_missing"]) == {24}
