"""A peer's numbers: IMPACT analysistools (R srvyr) on the MSNA template data.

Design: ``srvyr::as_survey_design(data)`` -- no weights, no clusters -- and t intervals on
the design's 99 degrees of freedom (the same df for the admin1 groups, as srvyr does), so
proportions use ``ci="mean"`` (srvyr's ``survey_prop`` symmetric interval).
The CSV is read with plain pandas; R's column-name mangling is handled here.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps

DATA = Path(__file__).resolve().parents[1] / "data" / "kobo_reference"
TYPES = ("prop_select_one", "prop_select_multiple", "mean")


def _r_name(name: str) -> str:
    """R's make.names(): what read.csv makes of a column name (`q/opt` -> `q.opt`)."""
    name = re.sub(r"[^0-9A-Za-z._]", ".", name)
    return "X" + name if re.match(r"^([0-9_]|\.[0-9])", name) else name


def _column(frame: pd.DataFrame, name: str) -> str:
    for candidate in (name, _r_name(name), name.replace(".", "/")):
        if candidate in frame.columns:
            return candidate
    raise KeyError(name)


@pytest.fixture(scope="module")
def data():
    frame = pd.read_csv(DATA / "msna_template_data_subset.csv")
    return frame


@pytest.fixture(scope="module")
def design(data):
    return wps.stats.SurveyDesign(data)


def _expected():
    table = pd.read_csv(DATA / "expected_results_no_ratio__results_table.csv")
    return table[table["analysis_type"].isin(TYPES)].reset_index(drop=True)


def _ours(design, data, row):
    by = None if pd.isna(row["group_var"]) else row["group_var"]
    var = row["analysis_var"]
    value = None if pd.isna(row["analysis_var_value"]) else row["analysis_var_value"]
    if row["analysis_type"] == "mean":
        est = wps.stats.mean(design, var, by=by)
    elif row["analysis_type"] == "prop_select_one":
        # analysistools counts "dont_know" etc. as answers (in the base): its convention,
        # which proportion() follows only when told (missing=()), whatever the dtype
        est = wps.stats.proportion(design, var, by=by, ci="mean", missing=())
    else:
        est = wps.stats.proportion(design, _column(data, f"{var}/{value}"), by=by, ci="mean")
        value = None
    f = est.to_frame()
    if by is not None:
        f = f[f[by] == row["group_var_value"]]
    if value is not None:
        f = f[f["level"] == value]
    assert len(f) == 1
    return f.iloc[0]


def test_reference_covers_all_three_types():
    assert set(_expected()["analysis_type"]) == set(TYPES)
    assert len(_expected()) == 135


@pytest.mark.parametrize("i", range(135), ids=lambda i: _expected().loc[i, "analysis_key"])
def test_matches_analysistools(i, design, data):
    row = _expected().loc[i]
    ours = _ours(design, data, row)
    assert ours["estimate"] == pytest.approx(row["stat"], rel=1e-9, abs=1e-12)
    assert ours["ci_low"] == pytest.approx(row["stat_low"], rel=1e-9, abs=1e-12)
    assert ours["ci_high"] == pytest.approx(row["stat_upp"], rel=1e-9, abs=1e-12)
    assert ours["n"] == row["n_total"]
    expected_n = row["n"]
    got_n = ours["n_level"] if "n_level" in ours.index else ours["n"]
    assert got_n == expected_n
    assert np.isclose(ours["estimate"] * ours["n"], row["stat"] * row["n_w_total"])
