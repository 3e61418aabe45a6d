"""Headline numbers come from the study's own ``headline_indicators`` (study.yml) when it
declares them; a headline whose column the data lack is a ReportError naming the column and
how to declare the headlines (not a KeyError deep in pandas)."""

from types import SimpleNamespace

import pytest

import wpsresearch as wps
from wpsresearch.report.headlines import HEADLINES, Headline, headline_findings, headline_specs

STUDY_YML = """\
title: {en: "Headline test study (SYNTHETIC)", ar: "دراسة اختبار (مُصطنعة)"}
synthetic: true
form: form.xlsx
submissions: export.csv
provinces: [basra, kirkuk]
design: {ids: psu, strata: stratum, weights: weight}
consent: {column: consent, yes: "yes"}
headline_indicators:
  - ipv_physical_12m
  - trust_police_index
  - {indicator: unsafe_night, by: sex, where: male}
"""


@pytest.fixture(scope="module")
def data():
    from wpsresearch.report.indicators import add_indicators

    df = add_indicators(wps.datasets.load_synthetic(n=600, seed=3))
    design = wps.stats.SurveyDesign(df, ids="psu", strata="stratum", weights="weight")
    return df, design


@pytest.fixture()
def declared_study(tmp_path):
    (tmp_path / "study.yml").write_text(STUDY_YML, encoding="utf-8")
    wps.io.write_example_form(tmp_path / "form.xlsx")
    (tmp_path / "export.csv").write_text('"consent";"_uuid"\n"yes";"u1"\n', encoding="utf-8")
    return wps.Study.load(tmp_path, check_form=False)


def test_declared_headlines_are_read_from_study_yml(declared_study):
    specs = headline_specs(declared_study)
    assert [s.indicator for s in specs] == ["ipv_physical_12m", "trust_police_index", "unsafe_night"]
    # a plain name listed in the package's defaults keeps their presentation (women, mean)
    assert specs[1] == Headline("trust_police_index", "mean", "sex", {"sex": "female"})
    assert specs[0] == Headline("ipv_physical_12m")
    assert specs[2] == Headline("unsafe_night", None, "sex", {"sex": "male"})


def test_without_a_declaration_the_default_headlines():
    assert [s.indicator for s in headline_specs(SimpleNamespace(name="x"))] == [h[0] for h in HEADLINES]


def test_findings_follow_the_declaration_and_equal_wps_stats(declared_study, data):
    df, design = data
    domain = df["adm1_pcode"].notna()  # all four provinces: enough women for every number
    specs = headline_specs(declared_study, columns=df.columns)
    found = headline_findings(design, domain, lang="en", headlines=specs)
    assert [f.indicator for f in found] == ["ipv_physical_12m", "trust_police_index", "unsafe_night"]
    here = design.subset(domain)
    # ipv_physical_12m is 0/1: a proportion (the True row)
    frame = wps.stats.proportion(here, "ipv_physical_12m").to_frame()
    frame = frame[frame["level"].astype(str) == "True"] if "level" in frame else frame
    assert not any(f.suppressed for f in found)
    assert found[0].percent and found[0].estimate == pytest.approx(frame["estimate"].iloc[0])
    # unsafe_night by sex, the men's row
    frame = wps.stats.proportion(here, "unsafe_night", by="sex").to_frame()
    frame = frame[(frame["sex"].astype(str) == "male") & (frame["level"].astype(str) == "True")]
    assert found[2].group == "male" and found[2].estimate == pytest.approx(frame["estimate"].iloc[0])
    # the index is a mean, as in the defaults
    assert not found[1].percent


def test_missing_headline_column_names_the_column_and_how_to_declare(data):
    df, design = data
    thin = df.drop(columns=["harass_public_yes"])
    with pytest.raises(wps.errors.ReportError, match="harass_public_yes") as info:
        headline_specs(SimpleNamespace(name="partner_study"), columns=thin.columns)
    assert info.value.column == "harass_public_yes"
    assert "headline_indicators" in info.value.hint and "partner_study" in str(info.value)
    small = wps.stats.SurveyDesign(thin, ids="psu", strata="stratum", weights="weight")
    with pytest.raises(wps.errors.ReportError, match="harass_public_yes"):
        headline_findings(small, thin["adm1_pcode"] == "IQG02", lang="en")


def test_declared_headline_with_a_missing_column(declared_study, data):
    df, _ = data
    with pytest.raises(wps.errors.ReportError, match="declared in study.yml") as info:
        headline_specs(declared_study, columns=df.drop(columns=["unsafe_night"]).columns)
    assert info.value.column == "unsafe_night"


def test_headline_without_a_sentence_is_a_report_error(data):
    df, _ = data
    study = SimpleNamespace(name="x", headline_indicators=("trusts_police",))
    with pytest.raises(wps.errors.ReportError, match="finding_trusts_police"):
        headline_specs(study, columns=df.columns)


def test_unreadable_declaration_is_a_report_error():
    with pytest.raises(wps.errors.ReportError, match="cannot read the headline"):
        headline_specs(SimpleNamespace(name="x", headline_indicators=({"indicater": "a"},)))
    with pytest.raises(wps.errors.ReportError, match="without 'by'"):
        headline_specs(SimpleNamespace(name="x", headline_indicators=(
            {"indicator": "a", "where": "female"},)))


def test_campaign_images_follow_the_declared_headlines(declared_study, data, tmp_path, monkeypatch):
    from wpsresearch.report import campaign

    df, design = data
    study = SimpleNamespace(name=declared_study.name, synthetic=True, provinces=("basra",),
                            policy=declared_study.policy, title_in=declared_study.title_in,
                            headline_indicators=declared_study.headline_indicators)
    monkeypatch.setattr("wpsresearch.study.Study.load", classmethod(lambda cls, *a, **k: study))
    written = campaign.build_campaign_figures(tmp_path, out_root=tmp_path, langs=("ar",),
                                              prepared=(df, design), identifiers={},
                                              gate=lambda paths, **kw: [])
    shown = {p.name.split("_square_")[0] for p, _ in written if "_square_" in p.name}
    found = headline_findings(design, df["adm1_pcode"] == "IQG02", lang="ar",
                              headlines=headline_specs(study))
    assert shown == {f.indicator for f in found if not f.suppressed}
    assert shown <= {"ipv_physical_12m", "trust_police_index", "unsafe_night"} and shown
