"""Group contrasts from the indicator store: the covariances stored with a round give R's
svycontrast (api data, tests/monitor/r/change_reference.R) without the study; suppressed
estimates keep no covariance; a frame without covariances, or a wrong pair, is refused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import EstimationError
from wpsresearch.io.analysis_plan import AnalysisPlan, PlanRow
from wpsresearch.monitor import IndicatorStore, StudyRecord, publish_results
from wpsresearch.monitor.change import IncomparableError, group_contrast, stored_contrast

HERE = Path(__file__).parent
R = {line.split()[0]: [float(x) for x in line.split()[1:]]
     for line in (HERE / "r" / "change_reference.txt").read_text().splitlines()}
API = Path(__file__).parents[1] / "data" / "api"
RECORD = StudyRecord(study="api_schools", title_en="California schools (R survey's api data)",
                     round_date="2000-01-01", synthetic=False, province_pcodes=("IQG02",))


@pytest.fixture(scope="module")
def api():
    policy = wps.privacy.DisclosurePolicy(min_cell=5, min_n=10)  # the H group has 14 schools
    design = wps.stats.SurveyDesign(pd.read_csv(API / "apiclus1.csv"), ids="dnum", weights="pw", fpc="fpc",
                                    policy=policy)
    plan = AnalysisPlan((PlanRow(2, "mean", "api00", ("stype",)), PlanRow(3, "mean", "api99", ("stype",)),
                         PlanRow(4, "mean", "api00")))
    results = wps.stats.analyse(design, plan)
    store = IndicatorStore.open("duckdb::memory:")
    out = publish_results(store, results, RECORD, policy=policy)
    yield {"design": design, "results": results, "store": store, "out": out, "policy": policy}
    store.close()


def _row(store, var, group):
    rows = store.estimates()
    return rows[(rows["analysis_var"] == var) & (rows["group_value"] == group)].iloc[0]


def test_a_stored_contrast_matches_r_svycontrast(api):
    est_r, se_r, p_r, df_r = R["contrast"]
    store = api["store"]
    c = stored_contrast(store, _row(store, "api00", "E"), _row(store, "api00", "H"))
    assert (c.estimate, c.se, c.df) == pytest.approx((est_r, se_r, df_r), rel=1e-8)
    assert c.p_value == pytest.approx(p_r, rel=1e-7) and not c.significant
    # ... the same as from the study's design
    direct = group_contrast(wps.stats.mean(api["design"], "api00", by="stype"), "E", "H")
    assert (c.estimate, c.se, c.p_value) == pytest.approx((direct.estimate, direct.se, direct.p_value), rel=1e-10)


def test_the_group_contrasts_view_gives_every_pair(api):
    est_r, se_r, _, df_r = R["contrast"]
    view = api["store"].query("SELECT * FROM group_contrasts WHERE indicator_id = 'api00' ORDER BY first_value, second_value")
    assert list(zip(view["first_value"], view["second_value"])) == [("E", "H"), ("E", "M"), ("H", "M")]
    eh = view.iloc[0]
    assert (eh["difference"], eh["se"], eh["df"]) == pytest.approx((est_r, se_r, df_r), rel=1e-8)
    # three groups, two indicators: 6 variances and 6 covariances, nothing for the ungrouped row
    assert api["out"]["covariances"] == 12


def test_covariances_are_those_of_the_published_rows_only(tmp_path):
    """A suppressed group keeps no covariance (its variance would give its value away)."""
    policy = wps.privacy.DisclosurePolicy(min_cell=5, min_n=20)  # H (14 schools) is suppressed
    design = wps.stats.SurveyDesign(pd.read_csv(API / "apiclus1.csv"), ids="dnum", weights="pw", fpc="fpc",
                                    policy=policy)
    results = wps.stats.analyse(design, AnalysisPlan((PlanRow(2, "mean", "api00", ("stype",)),)))
    frame = results.to_frame()
    assert frame.loc[frame["group_var_value"] == "H", "suppressed"].all()
    with IndicatorStore.open(tmp_path / "s.duckdb") as store:
        publish_results(store, results, RECORD, policy=policy)
        cov = store.query("SELECT * FROM covariances")
        assert len(cov) == 3  # E and M: two variances, one covariance
        assert not cov["key_a"].str.contains("%/% H").any() and not cov["key_b"].str.contains("%/% H").any()
        expected = results[2].covariance()
        keys = [k for k in frame.loc[~frame["suppressed"], "analysis_key"]]
        for r in cov.itertuples():
            assert r.covariance == pytest.approx(expected.loc[r.key_a, r.key_b], rel=1e-12)
        assert set(cov["key_a"]) | set(cov["key_b"]) == set(keys)


def test_refusals(api):
    store = api["store"]
    e, h = _row(store, "api00", "E"), _row(store, "api00", "H")
    with pytest.raises(EstimationError, match="compared with itself"):
        stored_contrast(store, e, e)
    with pytest.raises(IncomparableError, match="different indicators"):
        stored_contrast(store, e, _row(store, "api99", "H"))
    other = {**h.to_dict(), "study": "another", "round_date": "2002-01-01"}
    with pytest.raises(EstimationError, match="different survey rounds"):
        stored_contrast(store, e, other)
    overall = store.estimates().query("group_var == ''").iloc[0]
    with pytest.raises(IncomparableError, match="different groups"):
        stored_contrast(store, overall, e)
    # a round published from a results frame carries no covariance: said, not guessed
    with IndicatorStore.open("duckdb::memory:") as bare:
        publish_results(bare, api["results"].to_frame(), RECORD, policy=api["policy"])
        with pytest.raises(EstimationError, match="no covariance"):
            stored_contrast(bare, _row(bare, "api00", "E"), _row(bare, "api00", "H"))
