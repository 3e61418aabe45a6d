""""Don't know" and "refused" are answers, but not in a percentage's base by default."""

import pandas as pd
import pytest

import wpsresearch as wps


@pytest.fixture
def design():
    answers = ["yes"] * 3 + ["no"] * 5 + ["dont_know"] * 2 + [None]
    df = pd.DataFrame({"trust": pd.Categorical(answers, categories=["yes", "no", "dont_know", "refused"]),
                       "w": [1.0] * len(answers)})
    return wps.stats.SurveyDesign(df, weights="w")


def test_missing_categories_leave_the_base(design):
    frame = wps.stats.proportion(design, "trust").to_frame().set_index("level")
    assert list(frame.index) == ["yes", "no"]  # form order kept
    assert frame.loc["yes", "estimate"] == pytest.approx(3 / 8)
    assert int(frame.loc["yes", "n"]) == 8 and int(frame.loc["yes", "n_missing"]) == 3


def test_a_standard_can_keep_them(design):
    frame = wps.stats.proportion(design, "trust", missing=()).to_frame().set_index("level")
    assert frame.loc["dont_know", "estimate"] == pytest.approx(2 / 10)
    assert int(frame.loc["yes", "n_missing"]) == 1


def test_crosstab_leaves_them_out(design):
    design.data["sex"] = ["f", "m"] * 5 + ["f"]
    ct = wps.stats.crosstab(design, "trust", "sex")
    assert list(ct.counts.index) == ["yes", "no"]


@pytest.mark.parametrize("kind", ["object", "string", "category"])
def test_the_rule_is_the_same_whatever_the_dtype(rref, rdata, kind):
    """R: the same answers with "don't know" as NA, svymean(~factor(answer), na.rm=TRUE)."""
    c1 = rdata("apiclus1")
    answer = pd.Series(pd.NA, index=c1.index, dtype=object)
    answer[c1["api00"] > 550] = "no"
    answer[c1["api00"] > 700] = "yes"
    answer[c1["snum"] % 7 == 0] = "dont_know"
    answer = answer.astype("category" if kind == "category" else kind)
    d = wps.stats.SurveyDesign(c1.assign(answer=answer), ids="dnum", weights="pw", fpc="fpc")
    est = wps.stats.proportion(d, "answer")
    r = rref("missing_answer")
    assert est.estimate.tolist() == pytest.approx([r["estimate1"], r["estimate2"]], rel=1e-8)
    assert est.se.tolist() == pytest.approx([r["se1"], r["se2"]], rel=1e-8)
    n_dk = int((c1["snum"] % 7 == 0).sum())
    assert set(est.n_missing) == {int(answer.isna().sum()) + n_dk}
    assert wps.stats.crosstab(d, "answer", "stype").n_missing >= n_dk
