"""A peer's numbers through the plan: analysistools' own lists of analysis (with and without
ratios) run by ``wps.stats.analyse`` reproduce every row of the results table analysistools
printed for the MSNA template data (R srvyr; see tests/data/kobo_reference/README.md).

analysistools' conventions are the plan's options, not test code: ``missing_answers=
"include"`` ("dont_know" stays in the base) and ``proportion_ci="mean"`` (srvyr's symmetric
interval).  The data are synthetic template submissions; the disclosure policy is set to
suppress nothing so that every number can be compared.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps

DATA = Path(__file__).resolve().parents[1] / "data" / "kobo_reference"
CASES = {"no_ratio": ("msna_template_loa.csv", "expected_results_no_ratio__results_table.csv"),
         "with_ratio": ("msna_template_loa_with_ratio.csv",
                        "expected_results_with_ratio__results_table.csv")}
NUMBERS = ["stat", "stat_low", "stat_upp", "n", "n_total", "n_w", "n_w_total"]


def _expected(case):
    return pd.read_csv(DATA / CASES[case][1])


@pytest.fixture(scope="module")
def results():
    data = pd.read_csv(DATA / "msna_template_data_subset.csv")
    nothing_suppressed = wps.privacy.DisclosurePolicy(min_cell=1, min_n=1, zeros_disclosive=False)
    design = wps.stats.SurveyDesign(data, policy=nothing_suppressed)
    out = {}
    for case, (loa, _) in CASES.items():
        plan = wps.io.read_analysis_plan(DATA / loa, missing_answers="include",
                                         proportion_ci="mean")
        out[case] = wps.stats.analyse(design, plan).to_frame()
    return out


@pytest.mark.parametrize("case", CASES)
def test_same_rows_same_columns(results, case):
    ours, theirs = results[case], _expected(case)
    assert list(ours.columns[:13]) == list(theirs.columns)
    assert sorted(ours["analysis_key"]) == sorted(theirs["analysis_key"])
    assert len(ours) == len(theirs) == {"no_ratio": 143, "with_ratio": 147}[case]
    assert not ours["suppressed"].any()
    kinds = set(theirs["analysis_type"])
    assert kinds == ({"prop_select_one", "prop_select_multiple", "mean", "median"}
                     | ({"ratio"} if case == "with_ratio" else set()))


@pytest.mark.parametrize("case, i", [(c, i) for c in CASES for i in range(len(_expected(c)))],
                         ids=lambda v: v if isinstance(v, str) else str(v))
def test_every_row_equals_analysistools(results, case, i):
    expected = _expected(case).iloc[i]
    ours = results[case].set_index("analysis_key").loc[expected["analysis_key"]]
    for column in ("analysis_type", "analysis_var", "group_var", "group_var_value",
                   "analysis_var_value"):
        want, got = expected[column], ours[column]
        assert (pd.isna(want) and pd.isna(got)) or str(want) == str(got), column
    got = np.array([float(ours[c]) for c in NUMBERS])
    want = expected[NUMBERS].to_numpy(dtype=float)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


def test_default_conventions_differ_as_documented(results):
    """Without the options: "dont_know" leaves the base of wash_drinkingwatersource (8 of 100
    answered it) and intervals are logit ones."""
    data = pd.read_csv(DATA / "msna_template_data_subset.csv")
    design = wps.stats.SurveyDesign(
        data, policy=wps.privacy.DisclosurePolicy(min_cell=1, min_n=1, zeros_disclosive=False))
    plan = wps.io.read_analysis_plan(DATA / "msna_template_loa.csv")
    ours = wps.stats.analyse(design, plan, rows=[7]).to_frame()
    assert set(ours["n_total"]) == {92} and set(ours["n_missing"]) == {8}
    assert "dont_know" not in set(ours["analysis_var_value"])
    theirs = results["no_ratio"]
    reference = theirs[(theirs["plan_row"] == 7) & (theirs["analysis_var_value"] == "bottled_water")]
    mine = ours[ours["analysis_var_value"] == "bottled_water"]
    assert float(mine["stat"].iloc[0]) == pytest.approx(8 / 92)
    assert float(mine["stat_low"].iloc[0]) != pytest.approx(float(reference["stat_low"].iloc[0]))
