"""Reading coders' files (wide/long), per-code agreement, disagreements and mismatched units."""

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import InputError

K3 = [[1, 1, 2, 2, 4, 3, 3, 3, 5, 4, 4, 1], [2, 1, 2, 2, 2, 3, 3, 3, 5, 4, 4, 4]]  # Krippendorff ex. B


def test_wide_dict_reproduces_reference():
    units = [f"u{i}" for i in range(12)]
    a = pd.DataFrame({"theme": K3[0]}, index=units)
    b = pd.DataFrame({"theme": K3[1]}, index=units)
    rep = wps.sgbv.agreement_report(wps.sgbv.read_coding({"a": a, "b": b}))
    assert rep.table.loc["theme", "krippendorff_alpha"] == pytest.approx(0.692, abs=5e-4)
    assert rep.table.loc["theme", "percent_agreement"] == pytest.approx(9 / 12)
    assert "overall" in rep.table.index


def test_long_presence_rows_equal_wide():
    long = pd.DataFrame({"unit": ["u1", "u1", "u2", "u3", "u1", "u2", "u3"],
                         "coder": ["a", "a", "a", "a", "b", "b", "b"],
                         "code": ["stigma", "police", "stigma", None, "stigma", "police", None]})
    cs = wps.sgbv.read_coding(long, layout="long")
    wide_a = pd.DataFrame({"police": [1, 0, 0], "stigma": [1, 1, 0]}, index=["u1", "u2", "u3"])
    wide_b = pd.DataFrame({"police": [0, 1, 0], "stigma": [1, 0, 0]}, index=["u1", "u2", "u3"])
    cw = wps.sgbv.read_coding({"a": wide_a, "b": wide_b})
    for code in ("police", "stigma"):
        assert np.array_equal(cs.matrix(code).to_numpy(), cw.matrix(code).to_numpy())


def test_wide_single_frame():
    df = pd.DataFrame({"unit": [1, 1, 2, 2], "coder": ["a", "b", "a", "b"], "x": [1, 1, 0, 1]})
    rep = wps.sgbv.agreement_report(wps.sgbv.read_coding(df))
    assert rep.table.loc["x", "percent_agreement"] == 0.5


def test_mismatched_units_is_a_clear_error():
    a = pd.DataFrame({"x": [1, 0, 1]}, index=["u1", "u2", "u3"])
    b = pd.DataFrame({"x": [1, 0]}, index=["u1", "u4"])
    with pytest.raises(InputError, match="different units") as err:
        wps.sgbv.read_coding({"a": a, "b": b})
    assert "u4" in str(err.value) and "u2" in str(err.value)
    cs = wps.sgbv.read_coding({"a": a, "b": b}, allow_missing=True)
    assert cs.matrix("x").shape == (2, 4)


def test_duplicate_rows_rejected():
    long = pd.DataFrame({"unit": [1, 1], "coder": ["a", "a"], "code": ["x", "x"], "value": [1, 0]})
    with pytest.raises(InputError, match="twice"):
        wps.sgbv.read_coding(long, layout="long")


def test_disagreement_table_with_texts():
    a = pd.DataFrame({"x": [1, 0, 1], "y": [0, 0, 1]}, index=["u1", "u2", "u3"])
    b = pd.DataFrame({"x": [1, 1, 1], "y": [0, 0, 0]}, index=["u1", "u2", "u3"])
    texts = pd.Series({"u1": "one", "u2": "two", "u3": "three"})
    t = wps.sgbv.disagreement_table(wps.sgbv.read_coding({"a": a, "b": b}), texts=texts)
    assert sorted(zip(t["unit"], t["code"])) == [("u2", "x"), ("u3", "y")]
    assert set(t["text"]) == {"two", "three"}


def test_code_never_applied_gives_nan_not_error():
    a = pd.DataFrame({"x": [0, 0, 0]})
    b = pd.DataFrame({"x": [0, 0, 0]})
    rep = wps.sgbv.agreement_report(wps.sgbv.read_coding({"a": a, "b": b}))
    assert rep.table.loc["x", "percent_agreement"] == 1.0
    assert np.isnan(rep.table.loc["x", "krippendorff_alpha"])


def test_report_labelled_in_arabic():
    a = pd.DataFrame({"stigma_silence": [1, 0, 1, 0]})
    b = pd.DataFrame({"stigma_silence": [1, 0, 1, 1]})
    t = wps.sgbv.agreement_report(wps.sgbv.read_coding({"a": a, "b": b})).table_labelled("ar")
    assert "الوصمة والصمت" in t.index and "معامل ألفا لكريبندورف" in t.columns


def test_text_categories_are_not_lost():
    a = pd.DataFrame({"justice": ["tribal", "formal", "tribal", None]})
    b = pd.DataFrame({"justice": ["tribal", "formal", "formal", "formal"]})
    cs = wps.sgbv.read_coding({"a": a, "b": b})
    assert cs.matrix("justice").notna().sum().sum() == 7  # nothing silently turned into NaN
    rep = wps.sgbv.agreement_report(cs)
    assert rep.table.loc["justice", "percent_agreement"] == pytest.approx(2 / 3)
