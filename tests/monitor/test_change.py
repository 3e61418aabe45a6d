"""Change that is real: round differences and group contrasts against R, refusals with reasons."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import EstimationError
from wpsresearch.monitor import IndicatorStore, publish_results
from wpsresearch.monitor.change import (
    IncomparableError, changes_between_rounds, difference, group_contrast, round_change,
)

HERE = Path(__file__).parent
R = {line.split()[0]: [float(x) for x in line.split()[1:]]
     for line in (HERE / "r" / "change_reference.txt").read_text().splitlines()}
API = Path(__file__).parents[1] / "data" / "api"


def test_independent_rounds_match_r():
    d, se, p, lo, hi = R["independent"]
    c = difference(0.30, 0.021, 40, 0.24, 0.018, 33)
    assert (c.estimate, c.se, c.df) == pytest.approx((d, se, 33.0), abs=1e-10)
    assert (c.p_value, c.ci_low, c.ci_high) == pytest.approx((p, lo, hi), abs=1e-9)
    assert c.significant


def test_group_contrast_matches_r_svycontrast():
    est_r, se_r, p_r, df_r = R["contrast"]
    df = pd.read_csv(API / "apiclus1.csv")
    d = wps.stats.SurveyDesign(df, ids="dnum", weights="pw", fpc="fpc")
    c = group_contrast(wps.stats.mean(d, "api00", by="stype"), "E", "H")
    assert (c.estimate, c.se, c.df) == pytest.approx((est_r, se_r, df_r), rel=1e-8)
    assert c.p_value == pytest.approx(p_r, rel=1e-7) and not c.significant
    with pytest.raises(EstimationError, match="compared with itself"):
        group_contrast(wps.stats.mean(d, "api00", by="stype"), "E", "E")


ROW = dict(synthetic=False, study="s1", round_date="2024-01-01", analysis_type="prop_select_one",
           indicator_id="heard=yes", wording="Have you heard of UNSCR 1325?", denominator="all adults",
           area="IQG02", group_var="", group_value="", signature="abc", estimate=0.2, se=0.02, df=30)


@pytest.mark.parametrize("change, reason", [
    (dict(wording="Have you heard of the National Action Plan?"), "worded differently"),
    (dict(denominator="women 18-49"), "different denominators"),
    (dict(synthetic=True), "SYNTHETIC and the other real"),
    (dict(area="IQG13"), "different areas"),
    (dict(group_var="sex", group_value="female"), "different groups"),
    (dict(analysis_type="mean"), "different kinds of estimate"),
])
def test_incomparable_estimates_are_refused_with_the_reason(change, reason):
    b = {**ROW, "study": "s2", "round_date": "2026-01-01", **change}
    with pytest.raises(IncomparableError, match=reason):
        round_change(ROW, b)


def test_same_round_is_not_independent():
    with pytest.raises(EstimationError, match="not independent"):
        round_change(ROW, dict(ROW))
    c = round_change(ROW, {**ROW, "study": "s2", "round_date": "2026-01-01", "estimate": 0.25})
    assert c.estimate == pytest.approx(0.05) and c.df == 30


def test_changes_between_rounds_of_the_store(two_rounds):
    policy = wps.privacy.DisclosurePolicy()
    with IndicatorStore.open("duckdb::memory:") as store:
        for r in (1, 2):
            publish_results(store, two_rounds["frames"][r], two_rounds["records"][r], policy=policy)
        rows = store.estimates()
    ch = changes_between_rounds(rows)
    both = rows.groupby(["indicator_id", "area", "group_value"]).size()
    assert len(ch) == int((both == 2).sum()) > 0
    one = ch[(ch["indicator_id"] == "trust_police_index") & (ch["group_value"] == "")].iloc[0]
    a = rows[(rows["indicator_id"] == "trust_police_index") & (rows["group_value"] == "")].sort_values("round_date")
    assert one["change"] == pytest.approx(a["estimate"].iloc[1] - a["estimate"].iloc[0])
    assert one["change_se"] == pytest.approx((a["se"] ** 2).sum() ** 0.5)
    assert one["change_df"] == a["df"].min()
