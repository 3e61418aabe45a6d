"""Outliers as REACH checks them (``cleaningtools::check_outliers``): the normal rule on the
raw scale and on ``log(x + 1)``, and the IQR option — against values R computed for the data
of cleaningtools' own test (``tests/data/cleaningtools/make_outliers.R``)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.clean import CleaningLog
from wpsresearch.clean.checks import outlier_mask
from wpsresearch.io import SourceInfo, SurveyData

DATA = Path(__file__).resolve().parents[1] / "data" / "cleaningtools"


def _survey():
    raw = pd.read_csv(DATA / "outliers_input.csv", dtype=str)
    main = raw.rename(columns={"uuid": "_uuid"}).astype("string")
    main["source_row"] = np.arange(2, len(main) + 2)
    return SurveyData(main, {}, None, SourceInfo("outliers_input.csv", "kobo_csv"))


def _flags(method, k):
    log = CleaningLog()
    kw = {"sd_limit": k} if method == "sd" else {"method": "iqr", "iqr_k": k}
    wps.clean.flag_outliers(_survey(), log=log, columns=["one_value", "expense", "income", "yy"], **kw)
    got = log.to_frame()
    assert set(got["change_type"]) <= {"no_action"} and set(got["check_id"]) <= {"outlier"}
    return {(u, q, float(v), i.split(":")[0]) for u, q, v, i in
            zip(got["uuid"], got["question"], got["old_value"], got["issue"])}


@pytest.mark.parametrize("method, k", [("sd", 3), ("sd", 1.5), ("iqr", 1.5), ("iqr", 3)])
def test_outliers_equal_r(method, k):
    """cleaningtools::check_outliers, test "outlier_check returns correct results": one_value
    91-100 (normal), expense 99-100 (normal) and 97-98 (log), income 1-3 (log), yy 100; the
    IQR option with Tukey's fences on both scales (quantile type 7)."""
    ref = pd.read_csv(DATA / "outliers_expected.csv")
    ref = ref[(ref["method"] == method) & (ref["k"] == k)]
    expected = {(u, q, float(v), i) for u, q, v, i in
                zip(ref["uuid"], ref["question"], ref["old_value"], ref["issue"])}
    assert _flags(method, k) == expected


def test_cleaningtools_published_case_by_hand():
    """The expected table written in cleaningtools' test file itself (strongness_factor 3)."""
    got = {(u, q, i) for u, q, _, i in _flags("sd", 3)}
    expected = ({(f"uuid_{i}", "one_value", "outlier (normal distribution)") for i in range(91, 101)}
                | {("uuid_99", "expense", "outlier (normal distribution)"),
                   ("uuid_100", "expense", "outlier (normal distribution)"),
                   ("uuid_97", "expense", "outlier (log distribution)"),
                   ("uuid_98", "expense", "outlier (log distribution)")}
                | {(f"uuid_{i}", "income", "outlier (log distribution)") for i in (1, 2, 3)}
                | {("uuid_100", "yy", "outlier (normal distribution)")})
    assert got == expected


def test_outlier_rule_by_hand():
    """check_outliers' rule on five numbers: mean 22, sd 43.6 (n - 1) → 1.5 SD = 65.4, so
    only 100 is flagged; Tukey (Q1 = 2, Q3 = 4, IQR 2): fences -1 and 7 → 100 too; missing
    and infinite values are never flagged."""
    x = np.array([1, 2, 3, 4, 100, np.nan, np.inf])
    assert outlier_mask(x, method="sd", k=1.5).tolist() == [False] * 4 + [True, False, False]
    assert outlier_mask(x, method="iqr", k=1.5).tolist() == [False] * 4 + [True, False, False]
    assert not outlier_mask(np.array([5.0, 5.0, 5.0]), k=0.1).any()  # no spread, no outlier


def test_minimum_unique_values_skips_a_question():
    """cleaningtools' minimum_unique_value_of_variable: yy has 2 distinct values."""
    log = CleaningLog()
    wps.clean.flag_outliers(_survey(), log=log, columns=["yy"], min_unique=2)
    assert len(log) == 0
