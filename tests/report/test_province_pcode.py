"""Fact sheets and campaign figures select a province by its OCHA p-code (``adm1_pcode``, the
data contract), not by comparing the ``governorate`` name column: names vary in spelling and
script between studies (here they are in Arabic)."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.report.headlines import province_domain


def _frame():
    rng = np.random.default_rng(4)
    n = 120
    pcode = np.array(["IQG02"] * 70 + ["IQG13"] * 50)  # basra, kirkuk
    names = np.where(pcode == "IQG02", "البصرة", "كركوك")
    return pd.DataFrame({"adm1_pcode": pcode, "governorate": names,
                         "x": rng.integers(0, 2, n).astype(bool), "w": 1.0})


def test_province_rows_are_found_by_pcode_when_names_are_arabic():
    df = _frame()
    study = SimpleNamespace(name="arabic_names")
    mask = province_domain(df, "basra", study=study)
    assert mask.sum() == 70 and (df.loc[mask, "adm1_pcode"] == "IQG02").all()
    assert province_domain(df, "kirkuk", study=study).sum() == 50
    # a p-code passes through as well
    assert province_domain(df, "IQG13", study=study).sum() == 50


def test_missing_pcode_column_is_a_clear_report_error():
    df = _frame().drop(columns="adm1_pcode")
    with pytest.raises(wps.errors.ReportError, match="adm1_pcode") as info:
        province_domain(df, "basra", study=SimpleNamespace(name="arabic_names"))
    assert info.value.column == "adm1_pcode"
    assert "arabic_names" in str(info.value)


def test_a_province_without_respondents_is_an_empty_domain_and_a_typo_an_error():
    assert province_domain(_frame(), "baghdad").sum() == 0
    with pytest.raises(wps.errors.StudyConfigError, match="basra"):
        province_domain(_frame(), "basara")


def test_headline_numbers_of_a_province_with_arabic_names():
    from wpsresearch.report.findings import key_finding

    df = _frame()
    study = SimpleNamespace(name="arabic_names")
    design = wps.stats.SurveyDesign(df, weights="w")
    here = design.subset(province_domain(df, "basra", study=study))
    f = key_finding(wps.stats.proportion(here, "x"), "heard_1325_yes", lang="ar")
    assert f.n == 70
    expected = df.loc[df["adm1_pcode"] == "IQG02", "x"].mean()
    assert f.estimate == pytest.approx(expected)


def test_a_one_province_study_without_governorate_column_is_all_that_province():
    df = _frame().drop(columns="adm1_pcode")
    study = SimpleNamespace(name="one", provinces=("ninewa",))
    assert province_domain(df, "ninewa", study=study).all()
    with pytest.raises(wps.errors.ReportError, match="adm1_pcode"):
        province_domain(df, "basra", study=study)


@pytest.fixture(scope="module")
def synthetic_with_arabic_names():
    import dataclasses

    analysis = wps.datasets.synthetic_analysis(n=600, seed=1)
    df = analysis.frame.copy()
    arabic = wps.geo.places.governorates().set_index("slug")["name_ar"]
    df["governorate"] = df["governorate"].astype(str).map(arabic)  # "البصرة"; p-codes unchanged
    assert not df["governorate"].isin(["basra", "kirkuk"]).any()
    design = wps.stats.SurveyDesign(df, **analysis.study.design, policy=analysis.study.policy)
    return dataclasses.replace(analysis, frame=df, design=design, here=design)


def test_factsheet_page_of_a_province_with_arabic_names(synthetic_with_arabic_names, tmp_path):
    from wpsresearch.report.factsheet import _stage_one
    from wpsresearch.report.headlines import headline_findings
    from wpsresearch.report.publication import Publication

    analysis = synthetic_with_arabic_names
    pub = Publication(analysis, tmp_path, {}, langs=("en",), to=("html",))
    paths = _stage_one(pub, "basra", tmp_path)
    page = paths[0].read_text(encoding="utf-8")
    expected = headline_findings(analysis.design, analysis.frame["adm1_pcode"] == "IQG02",
                                 analysis.plan.headlines(), lang="en", labels=analysis.labels,
                                 codebook=analysis.form, plan=analysis.plan)
    shown = [f for f in expected if not f.suppressed]
    assert shown, "the synthetic province has publishable headline numbers"
    for f in shown:
        assert f'data-value="{f.estimate!r}"' in page and f'data-n="{f.n}"' in page


def test_campaign_cards_of_a_province_with_arabic_names(synthetic_with_arabic_names, tmp_path):
    from wpsresearch.report import campaign

    written = campaign.build_campaign_figures(
        tmp_path, out_root=tmp_path, provinces=["kirkuk"], langs=("en",),
        prepared=synthetic_with_arabic_names, identifiers={}, gate=lambda paths, **kw: [])
    assert any(p.suffix == ".png" for p, _ in written)
