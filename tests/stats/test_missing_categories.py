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
