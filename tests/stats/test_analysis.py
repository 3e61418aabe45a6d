"""wps.stats.analyse: each plan row is one call to an existing estimator (checked by calling
it), every row goes through the disclosure policy, tables carry the form's labels."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import openpyxl
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import AnalysisPlanError
from wpsresearch.io.analysis_plan import AnalysisPlan, PlanRow
from wpsresearch.io.plan_where import parse_where


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(17)
    n = 600
    frame = pd.DataFrame({
        "cluster": np.repeat(np.arange(60), 10),
        "layer": np.repeat(["a", "b"], 300),
        "w": rng.uniform(0.5, 3.0, n),
        "gender": rng.choice(["f", "m"], n),
        "region": rng.choice(["north", "south"], n),
        "trust": pd.Categorical(rng.choice(["high", "low", "dont_know"], n, p=[0.5, 0.4, 0.1]),
                                categories=["high", "low", "dont_know"]),
        "aware": pd.array(rng.choice([True, False], n), dtype="boolean"),
        "score": rng.normal(10, 2, n),
        "spent": rng.integers(0, 5, n).astype(float),
        "earned": np.where(rng.random(n) < 0.1, np.nan, rng.integers(0, 9, n)),
        "rare": pd.array(np.r_[[True] * 4, [False] * (n - 4)], dtype="boolean"),
    })
    for opt in ("family", "police", "none"):
        frame[f"source__{opt}"] = pd.array(rng.random(n) < 0.3, dtype="boolean")
    return frame


@pytest.fixture(scope="module")
def design(data):
    return wps.stats.SurveyDesign(data, ids="cluster", strata="layer", weights="w")


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    path = tmp_path_factory.mktemp("form") / "form.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label::English (en)", "label::Arabic (ar)"])
    for row in [("select_one g", "gender", "Gender", "الجنس"),
                ("select_one t", "trust", "Do you trust them?", "هل تثق بهم؟"),
                ("select_multiple s", "source", "Where did you go?", "إلى أين ذهبت؟"),
                ("decimal", "score", "Score", "الدرجة")]:
        ws.append(list(row))
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label::English (en)", "label::Arabic (ar)"])
    for row in [("g", "f", "Women", "النساء"), ("g", "m", "Men", "الرجال"),
                ("t", "high", "A lot", "كثيراً"), ("t", "low", "Not much", "قليلاً"),
                ("t", "dont_know", "Don't know", "لا أعرف"),
                ("s", "family", "Family", "الأسرة"), ("s", "police", "Police", "الشرطة"),
                ("s", "none", "No one", "لا أحد")]:
        ch.append(list(row))
    wb.save(path)
    return wps.io.read_xlsform(path)


def _row(number, kind, var, group=(), **kw):
    return PlanRow(number, kind, var, tuple(group), **kw)


def _plan(*rows, **options):
    return AnalysisPlan(tuple(rows), **options)


def test_each_row_is_the_estimator_it_names(design):
    plan = _plan(_row(2, "mean", "score", ["gender"]), _row(3, "median", "score"),
                 _row(4, "total", "spent", ["region"]), _row(5, "prop_select_one", "trust", ["gender"]),
                 _row(6, "quantile", "score", probs=(0.25, 0.75)),
                 _row(7, "ratio", None, numerator="earned", denominator="spent"))
    res = wps.stats.analyse(design, plan)
    calls = {2: wps.stats.mean(design, "score", by=["gender"]),
             3: wps.stats.quantile(design, "score", [0.5]),
             4: wps.stats.total(design, "spent", by=["region"]),
             5: wps.stats.proportion(design, "trust", by=["gender"]),
             6: wps.stats.quantile(design, "score", [0.25, 0.75])}
    for number, est in calls.items():
        got = res[number].frame
        np.testing.assert_allclose(got["stat"].to_numpy(float), est.to_frame()["estimate"], rtol=1e-12)
        np.testing.assert_allclose(got["stat_low"].to_numpy(float), est.to_frame()["ci_low"], rtol=1e-12)
        assert got["df"].tolist() == [float(design.df)] * len(got)
    assert res[6].frame["analysis_var_value"].tolist() == ["0.25", "0.75"]
    # the ratio: missing numerators count 0 and zero denominators leave (analysistools)
    filled = design.data.assign(earned=design.data["earned"].fillna(0))
    manual = wps.stats.SurveyDesign(filled, ids="cluster", strata="layer", weights="w")
    manual = manual.subset(filled["spent"] != 0)
    est = wps.stats.ratio(manual, "earned", "spent")
    assert float(res[7].frame["stat"].iloc[0]) == pytest.approx(est.estimate, rel=1e-12)
    assert res[7].frame["analysis_var"].iloc[0] == "earned %/% spent"
    assert res[7].frame["analysis_key"].iloc[0] == \
        "ratio @/@ earned %/% NA -/- spent %/% NA @/@ NA %/% NA"


def test_ratio_options_as_analysistools_documents_them():
    """analysistools' create_analysis_ratio examples: 1 child of 5 attends (0.2, n = 2
    households with children); numerator_NA_to_0 = FALSE gives 1/3 on 1 household;
    filter_denominator_0 = FALSE keeps the household without children (n = 3)."""
    school = pd.DataFrame({"num_children": [3, 0, 2, np.nan], "num_enrolled": [3, np.nan, 0, np.nan],
                           "num_attending": [1, np.nan, np.nan, np.nan]})
    design = wps.stats.SurveyDesign(school, policy=wps.privacy.DisclosurePolicy(
        min_cell=1, min_n=1, zeros_disclosive=False))

    def ratio(**kw):
        row = _row(2, "ratio", None, numerator="num_attending", denominator="num_children", **kw)
        f = wps.stats.analyse(design, _plan(row)).to_frame()
        return float(f["stat"].iloc[0]), int(f["n"].iloc[0])

    assert ratio() == (pytest.approx(0.2), 2)
    assert ratio(numerator_na_to_0=False) == (pytest.approx(1 / 3), 1)
    assert ratio(filter_denominator_0=False) == (pytest.approx(0.2), 3)


def test_where_is_a_domain_of_the_whole_design(design, data):
    row = _row(2, "prop_select_one", "aware", ["region"], where=parse_where("gender == 'f'"))
    got = wps.stats.analyse(design, _plan(row)).to_frame()
    est = wps.stats.proportion(design.subset(data["gender"] == "f"), "aware", by=["region"])
    np.testing.assert_allclose(got["stat"].to_numpy(float), est.to_frame()["estimate"], rtol=1e-12)
    np.testing.assert_allclose(got["stat_upp"].to_numpy(float), est.to_frame()["ci_high"], rtol=1e-12)
    assert got["analysis_var_value"].tolist() == ["TRUE", "TRUE"]      # a yes/no indicator
    w = data["w"].where(data["gender"] == "f", 0.0)
    assert got["n_w_total"].tolist() == pytest.approx(
        [w[data["region"] == r].sum() for r in ("north", "south")])


def test_missing_answers_option(design, data):
    row = _row(2, "prop_select_one", "trust")
    excluded = wps.stats.analyse(design, _plan(row)).to_frame()
    included = wps.stats.analyse(design, _plan(row, missing_answers="include")).to_frame()
    answered = int((data["trust"] != "dont_know").sum())
    assert set(excluded["n_total"]) == {answered}
    assert set(excluded["n_missing"]) == {len(data) - answered}
    assert set(included["n_total"]) == {len(data)}
    assert "dont_know" in set(included["analysis_var_value"])
    assert "dont_know" not in set(excluded["analysis_var_value"])


def test_every_row_goes_through_the_disclosure_policy(design):
    res = wps.stats.analyse(design, _plan(_row(2, "prop_select_one", "rare"),
                                          _row(3, "mean", "score", ["gender", "region"])))
    rare = res[2].frame.iloc[0]
    assert bool(rare["suppressed"]) and rare["suppression_reason"] == "cell below min_cell"
    assert np.isnan(rare["stat"]) and np.isnan(rare["se"]) and pd.isna(rare["n"])
    assert rare["n_total"] == 600                         # the base itself may be shown
    grouped = res[3].frame
    assert grouped["group_var"].tolist() == ["gender %/% region"] * 4
    assert grouped["group_var_value"].tolist()[0] == "f %/% north"
    assert grouped["analysis_key"].iloc[0] == \
        "mean @/@ score %/% NA @/@ gender %/% f -/- region %/% north"
    assert not grouped["suppressed"].any()
    # the same rule as the report table
    table = res[2].estimate.table()
    assert bool(table.suppressed[0])


def test_small_base_is_suppressed_with_its_reason(design):
    row = _row(2, "mean", "score", where=parse_where("score > 15.2"))
    f = wps.stats.analyse(design, _plan(row)).to_frame().iloc[0]
    assert f["suppressed"] and f["suppression_reason"].startswith("base below min_n")
    assert np.isnan(f["stat"]) and pd.isna(f["n_total"]) and np.isnan(f["n_w_total"])


def test_an_empty_domain_gives_one_suppressed_row(design):
    row = _row(2, "mean", "score", where=parse_where("region == 'east'"))
    res = wps.stats.analyse(design, _plan(row))
    f = res.to_frame()
    assert len(f) == 1 and f["suppressed"].iloc[0]
    assert f["suppression_reason"].iloc[0] == "no respondent in the domain"
    assert res.table(2) is None


def test_errors_name_the_plan_row(design):
    with pytest.raises(AnalysisPlanError) as info:
        wps.stats.analyse(design, _plan(_row(2, "mean", "score"), _row(3, "mean", "scroe")))
    assert (info.value.row, info.value.column) == (3, "analysis_var")
    assert "did you mean score" in str(info.value)
    with pytest.raises(AnalysisPlanError) as info:
        wps.stats.analyse(design, _plan(_row(4, "mean", "region")))
    assert info.value.row == 4 and "mean of region" in str(info.value)


def test_chisq_test_is_crosstabs(design):
    res = wps.stats.analyse(design, _plan(_row(2, "prop_select_one", "trust", ["gender"], test="chisq")))
    expected = wps.stats.crosstab(design, "trust", "gender").test()
    assert res[2].test.statistic == pytest.approx(expected.statistic, rel=1e-12)
    assert res[2].test.pvalue == pytest.approx(expected.pvalue, rel=1e-12)


def test_select_multiple_rows_and_stacked_table(design, data, form):
    res = wps.stats.analyse(design, _plan(_row(2, "prop_select_multiple", "source")), codebook=form)
    f = res.to_frame()
    assert f["analysis_var_value"].tolist() == ["family", "police", "none"]
    for option, stat in zip(f["analysis_var_value"], f["stat"]):
        est = wps.stats.proportion(design, f"source__{option}")
        assert stat == pytest.approx(est.estimate, rel=1e-12)
    for lang, words in (("en", ["Family", "Police", "No one"]), ("ar", ["الأسرة", "الشرطة", "لا أحد"])):
        table = res.table(2, lang=lang)
        assert table.frame.iloc[:, 0].tolist() == words
        assert "True" not in table.frame.to_string()


def test_tables_show_form_and_plan_labels(design, form):
    labelled = MappingProxyType({"en": "Knows the law", "ar": "يعرف القانون"})
    plan = _plan(_row(2, "prop_select_one", "trust", ["gender"]),
                 _row(3, "prop_select_one", "aware", ["gender"], labels=labelled))
    res = wps.stats.analyse(design, plan, codebook=form)
    trust = res.table(2, lang="en")
    text = trust.frame.to_string()
    assert "A lot" in text and "Not much" in text and "Women" in text and "high" not in text
    assert "Do you trust them?:" in " ".join(trust.footnotes)       # the note names its indicator
    arabic = res.table(2, lang="ar").frame.to_string()
    assert "كثيراً" in arabic and "النساء" in arabic
    aware = res.table(3, lang="en")
    assert "True" not in aware.frame.to_string() and len(aware.frame) == 2
    assert aware.frame.columns[0] == "Gender"
    f = res.to_frame()
    assert set(f.loc[f["plan_row"] == 3, "label_ar"]) == {"يعرف القانون"}
    assert set(f.loc[f["plan_row"] == 2, "label_en"]) == {"Do you trust them?"}


def test_results_columns_are_the_contract(design):
    f = wps.stats.analyse(design, _plan(_row(2, "mean", "score"))).to_frame()
    assert list(f.columns) == [
        "analysis_type", "analysis_var", "analysis_var_value", "group_var", "group_var_value",
        "stat", "stat_low", "stat_upp", "n", "n_total", "n_w", "n_w_total", "analysis_key",
        "se", "df", "level", "n_missing", "suppressed", "suppression_reason", "plan_row",
        "section", "label_en", "label_ar", "nap_pillar", "sdg", "headline"]
    assert f["suppressed"].dtype == bool and f["headline"].dtype == bool
