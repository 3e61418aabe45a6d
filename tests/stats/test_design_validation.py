"""SurveyDesign validates at construction with errors that say what, where and what to do."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import DesignError, EstimationError


def _frame():
    return pd.DataFrame({
        "psu": [1, 1, 2, 2, 3, 3, 4, 4],
        "stratum": ["a", "a", "a", "a", "b", "b", "b", "b"],
        "w": [10.0, 10, 12, 12, 8, 8, 9, 9],
        "y": [1.0, 0, 1, 1, 0, 0, 1, np.nan],
        "fpc": [40, 40, 40, 40, 30, 30, 30, 30],
    })


def test_missing_columns_are_named():
    with pytest.raises(DesignError, match="not found") as info:
        wps.stats.SurveyDesign(_frame(), ids="cluster", weights="weight")
    assert info.value.column == ["cluster", "weight"]


@pytest.mark.parametrize("bad", [0.0, -3.0, np.nan])
def test_bad_weights_name_rows(bad):
    df = _frame()
    df.loc[5, "w"] = bad
    with pytest.raises(DesignError, match="weight") as info:
        wps.stats.SurveyDesign(df, ids="psu", strata="stratum", weights="w")
    assert info.value.row == [7]  # spreadsheet row: header is row 1
    assert info.value.column == "w"


def test_missing_cluster_id_names_rows():
    df = _frame()
    df["psu"] = df["psu"].astype(float)
    df.loc[2, "psu"] = np.nan
    with pytest.raises(DesignError, match="missing cluster id") as info:
        wps.stats.SurveyDesign(df, ids="psu", weights="w")
    assert info.value.row == [4]


def test_single_psu_stratum_fails_naming_it():
    df = _frame()
    df.loc[df["psu"] == 4, "psu"] = 3
    with pytest.raises(DesignError, match=r"only one sampled unit.*\bb\b") as info:
        wps.stats.SurveyDesign(df, ids="psu", strata="stratum", weights="w")
    assert "lonely_psu" in str(info.value)


def test_single_psu_stratum_allowed_under_other_rules():
    df = _frame()
    df.loc[df["psu"] == 4, "psu"] = 3
    d = wps.stats.SurveyDesign(df, ids="psu", strata="stratum", weights="w", lonely_psu="remove")
    assert d.df == 1


def test_psus_not_nested_in_strata():
    df = _frame()
    df["psu"] = [1, 1, 2, 2, 1, 1, 2, 2]  # numbering restarts within each stratum
    with pytest.raises(DesignError, match="not nested") as info:
        wps.stats.SurveyDesign(df, ids="psu", strata="stratum", weights="w")
    assert "nest=True" in str(info.value)
    d = wps.stats.SurveyDesign(df, ids="psu", strata="stratum", weights="w", nest=True)
    assert d.df == 2


def test_fpc_mixing_sizes_and_fractions_is_refused():
    df = _frame()
    df["fpc"] = [40, 40, 40, 40, 0.5, 0.5, 0.5, 0.5]
    with pytest.raises(DesignError, match="population sizes"):
        wps.stats.SurveyDesign(df, ids="psu", strata="stratum", fpc="fpc")


def test_fpc_below_sample_size_is_refused():
    df = _frame()
    df["fpc"] = 1.5  # 1.5 PSUs in a stratum where 2 were sampled
    with pytest.raises(DesignError, match="100%"):
        wps.stats.SurveyDesign(df, ids="psu", strata="stratum", fpc="fpc")


def test_fpc_as_fraction_equals_fpc_as_population_size():
    df = _frame()
    df["frac"] = 2 / df["fpc"]
    a = wps.stats.mean(wps.stats.SurveyDesign(df, ids="psu", strata="stratum", fpc="fpc"), "y")
    b = wps.stats.mean(wps.stats.SurveyDesign(df, ids="psu", strata="stratum", fpc="frac"), "y")
    assert a.estimate == pytest.approx(b.estimate)
    assert a.se == pytest.approx(b.se)


def test_weights_from_fpc_as_r():
    """R: without weights, the weight is N/n at each stage (apiclus2: fpc1/15 * fpc2/n_j)."""
    df = _frame()
    d = wps.stats.SurveyDesign(df, ids="psu", strata="stratum", fpc="fpc")
    assert np.allclose(d.row_weights, np.where(df["stratum"] == "a", 20.0, 15.0))


def test_bad_lonely_rule_and_strata_list():
    with pytest.raises(DesignError, match="lonely_psu"):
        wps.stats.SurveyDesign(_frame(), lonely_psu="drop")
    with pytest.raises(DesignError, match="one column"):
        wps.stats.SurveyDesign(_frame(), strata=["stratum", "psu"])
    with pytest.raises(DesignError, match="DataFrame"):
        wps.stats.SurveyDesign({"a": [1]})


def test_estimation_errors_are_wps_errors():
    d = wps.stats.SurveyDesign(_frame(), ids="psu", strata="stratum", weights="w")
    with pytest.raises(EstimationError, match="not found"):
        wps.stats.mean(d, "nope")
    with pytest.raises(EstimationError, match="na_rm"):
        wps.stats.mean(d, "y", na_rm=False)
    with pytest.raises(EstimationError, match="ci must be"):
        wps.stats.proportion(d, "y", ci="exact")
    with pytest.raises(EstimationError, match="empty"):
        d.subset(np.zeros(8, dtype=bool))
    with pytest.raises(DesignError, match="aligned"):
        d.subset(pd.Series([True] * 8, index=range(10, 18)))
    df = _frame().assign(txt=["a", "b", "c", "d", "e", "f", "g", "h"])
    with pytest.raises(EstimationError, match="not numeric"):
        wps.stats.mean(wps.stats.SurveyDesign(df), "txt")


def test_missing_answers_are_counted_not_used():
    d = wps.stats.SurveyDesign(_frame(), ids="psu", strata="stratum", weights="w")
    est = wps.stats.mean(d, "y")
    assert est.n == 7 and est.n_missing == 1
    by = wps.stats.proportion(d, "y", by="stratum").to_frame()
    assert by["n_missing"].tolist() == [0, 1]
    assert by["n"].tolist() == [4, 3]


def test_policy_forms():
    from wpsresearch.privacy import DisclosurePolicy

    assert wps.stats.SurveyDesign(_frame()).policy == DisclosurePolicy()
    assert wps.stats.SurveyDesign(_frame(), policy=5).policy.min_cell == 5
    with pytest.raises(DesignError, match="policy"):
        wps.stats.SurveyDesign(_frame(), policy="strict")


def test_multistage_fpc_as_fractions_equals_population_sizes():
    """R as.fpc: fractions n/N at each stage give the same design as the sizes N."""
    from pathlib import Path

    api = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "api" / "apiclus2.csv")
    n1 = api["dnum"].nunique()
    n2 = api.groupby("dnum")["snum"].transform("nunique")
    api = api.assign(f1=n1 / api["fpc1"], f2=n2 / api["fpc2"])
    a = wps.stats.SurveyDesign(api, ids=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    b = wps.stats.SurveyDesign(api, ids=["dnum", "snum"], fpc=["f1", "f2"])
    ea, eb = wps.stats.mean(a, "api00"), wps.stats.mean(b, "api00")
    assert ea.estimate == pytest.approx(eb.estimate) and ea.se == pytest.approx(eb.se)
    # the second stage adds variance: dropping its fpc (ultimate cluster) changes the se
    c = wps.stats.SurveyDesign(api, ids=["dnum", "snum"], fpc=["fpc1"], weights="pw")
    assert wps.stats.mean(c, "api00").se != pytest.approx(ea.se)


def test_group_without_answers_gets_no_estimate_but_others_do():
    from wpsresearch.privacy import DisclosurePolicy

    df = _frame().assign(z=[1.0, 2, 3, 4, np.nan, np.nan, np.nan, np.nan])
    d = wps.stats.SurveyDesign(df, ids="psu", strata="stratum", weights="w",
                               policy=DisclosurePolicy(min_n=2))
    for est in (wps.stats.mean(d, "z", by="stratum"), wps.stats.quantile(d, "z", 0.5, by="stratum")):
        f = est.to_frame().set_index("stratum")
        assert np.isfinite(f.loc["a", "estimate"]) and np.isnan(f.loc["b", "estimate"])
        assert f.loc["b", "n"] == 0 and f.loc["b", "n_missing"] == 4
        assert est.table().suppressed.tolist() == [False, True]
    with pytest.raises(EstimationError, match="no non-missing answer"):
        wps.stats.mean(d.subset(df["stratum"] == "b"), "z")


def test_no_rows_is_a_clear_error_not_a_numpy_one(tmp_path):
    """A study whose every interview was removed (consent) crashed the report with numpy's
    'zero-size array to reduction operation maximum which has no identity'."""
    from types import SimpleNamespace

    empty = pd.DataFrame({"psu": pd.Series([], dtype=int), "w": pd.Series([], dtype=float)})
    with pytest.raises(DesignError, match="no rows"):
        wps.stats.SurveyDesign(empty, ids="psu", weights="w")
    study = SimpleNamespace(root=tmp_path, design={"ids": "psu", "weights": "w"},
                            policy=wps.privacy.DisclosurePolicy(),
                            processed_dir=tmp_path / "processed")
    with pytest.raises(wps.errors.InputError, match="deletion_log.csv: the processed data hold "
                                                    "no interview"):
        wps.stats.study_design(empty, study)
