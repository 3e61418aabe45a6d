"""A study the package was not written for is built and reported from its files alone.

tests/data/studies/mics_test (written by make_mics_test_study.py) differs from the synthetic
study in every name: MICS-style questions (HL4, WB2, DV1A-DV1E, PT1 ...), choice names in
Arabic transliteration, no partner-violence module but a police-training module, one province
(Ninewa) and no district question; its plan is an XLSX workbook.  Nothing in the package names
it (tests/test_no_study_names.py); its numbers are checked against wps.stats called directly.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.report.browser import find_browser

PROVINCE = "ninewa"


def _read_numbers(page):
    found = {}
    for tag in re.findall(r"<(?:li|div)[^>]*data-indicator=[^>]*>", page):
        attrs = dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', tag))
        if attrs.get("data-suppressed") != "true":
            found[(attrs["data-indicator"], attrs.get("data-group"))] = (
                float(attrs["data-value"]), int(attrs["data-n"]))
    return found


def _expected(study_dir):
    """Every headline number of the plan, with wps.stats and wps.sgbv called directly."""
    study = wps.Study.load(study_dir, check_form=False)
    df = wps.sgbv.add_indicators(study.read_processed(), dict(study.indicators))
    design = wps.stats.SurveyDesign(df, **study.design, policy=study.policy)
    out = {}
    for row in study.read_plan().headlines():
        here = design.subset(row.where.mask(df)) if row.where else design
        fn = wps.stats.proportion if row.analysis_type == "prop_select_one" else wps.stats.mean
        frame = fn(here, row.analysis_var, by=list(row.group_var) or None).to_frame()
        if "level" in frame.columns:
            frame = frame[frame["level"].astype(str) == "True"]
        for _, r in frame.iterrows():
            group = " / ".join(str(r[g]) for g in row.group_var) or None
            # the published base: one rule (DisclosurePolicy.published_bases), so a small
            # missing-answer count cannot be had by subtraction
            shown, _ = study.policy.published_bases([r["n"]], [r.get("n_missing", 0)])
            out[(row.analysis_var, group)] = (r["estimate"], int(shown[0]))
    return out


@pytest.fixture(scope="module")
def reports(second_study):
    project, study_dir = second_study
    written = wps.report.build_reports(study_dir, provinces=[PROVINCE], to=("html",),
                                       out_root=project, workers=1)
    root = project / "reports" / "mics_test" / PROVINCE
    return study_dir, written, {lang: (root / lang / "report.html").read_text(encoding="utf-8")
                                for lang in ("en", "ar")}


def test_it_builds_from_its_files(second_study):
    _, study_dir = second_study
    study = wps.Study.load(study_dir)
    df = study.read_processed()
    assert {"HL4", "WB2", "DV1A", "PT1", "HS1__shurta", "adm1_pcode"} <= set(df.columns)
    assert "WMNAME" not in df.columns                         # the declared identifier
    assert set(df["adm1_pcode"]) == {"IQG15"} and "adm2_pcode" not in df.columns
    assert study.read_plan().path.suffix == ".xlsx"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_province_report_in_both_languages(reports, lang):
    study_dir, written, pages = reports
    page = pages[lang]
    assert wps.labels.Labels.default().get("synthetic_stamp", lang) in page
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"' in page
    # the plan's own section, its form's labels, no column name, no True
    assert ("Police training" if lang == "en" else "تدريب الشرطة") in page
    assert ("How much do you trust the police?" if lang == "en" else "ما مدى ثقتك بالشرطة؟") in page
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", page, re.S)
    assert not [c for c in cells if re.fullmatch(r"(HL4|TP1|PT4|WB2|HS1|True|TRUE|untha|dhakar)", c)]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_headline_numbers_equal_wps_stats(reports, lang):
    study_dir, _, pages = reports
    shown, expected = _read_numbers(pages[lang]), _expected(study_dir)
    assert set(shown) == set(expected) and len(shown) >= 5
    for key, (value, n) in shown.items():
        assert value == pytest.approx(expected[key][0], rel=1e-12) and n == expected[key][1]


def test_every_analysis_of_the_plan_ran(reports):
    study_dir, _, pages = reports
    plan = wps.Study.load(study_dir, check_form=False).read_plan()
    # the ratio, the quantiles, the select_multiple options and the chisq test are all there
    for text in ("Complaints filed per visit to a police station", "Median", "Percentile 25",
                 "Family Protection Directorate", "Rao-Scott"):
        assert text in pages["en"], text
    assert sum(r.test == "chisq" for r in plan) == pages["en"].count("Rao-Scott F test")


@pytest.mark.slow
def test_every_output_of_the_study(second_study, tmp_path_factory):
    """``wpsresearch report <study> --all``: reports, fact sheets, comparison, campaign
    images and results tables, each through the disclosure gate."""
    from wpsresearch.cli import main

    project, study_dir = second_study
    out = tmp_path_factory.mktemp("second_all")
    to = "html,pdf" if find_browser() is not None else "html"
    assert main(["-q", "report", str(study_dir), "--all", "--to", to, "--out", str(out),
                 "--workers", "1"]) == 0
    reports, figures = out / "reports" / "mics_test", out / "figures" / "mics_test" / PROVINCE
    for lang in ("en", "ar"):
        for name in ("report.html", "factsheet.html"):
            assert (reports / PROVINCE / lang / name).is_file()
        assert (reports / "comparison" / lang / "report.html").is_file()
    expected = _expected(study_dir)
    sheet = (reports / PROVINCE / "en" / "factsheet.html").read_text(encoding="utf-8")
    shown = _read_numbers(sheet)
    assert set(shown) == set(expected)
    for key, (value, n) in shown.items():
        assert value == pytest.approx(expected[key][0], rel=1e-12) and n == expected[key][1]
    cards = sorted(p.name for p in figures.glob("*_square_en.png"))
    assert len(cards) == len(expected)           # one image per headline number
    assert {name.split("_square_")[0] for name in cards} == {
        f"{var}_{group}" if group else var for var, group in expected}
    results = pd.read_csv(reports / PROVINCE / "analysis_results.csv")
    study = wps.Study.load(study_dir, check_form=False)
    assert set(results["plan_row"]) == {r.row for r in study.read_plan()}
    assert (reports / "analysis_results.xlsx").is_file()
    assert wps.privacy.scan_outputs([reports, figures], identifiers={}) == []


def test_a_real_form_and_analysistools_own_plan(msna_study):
    """IMPACT's real MSNA Kobo form, its R-touched export (X_uuid, q.option columns) and the
    list of analysis analysistools ships, with no report column at all: the province report
    and the results tables, numbers equal wps.stats."""
    project, study_dir = msna_study
    written = wps.report.build_reports(study_dir, langs=("en",), to=("html",), out_root=project,
                                       workers=1)
    written += wps.report.build_results_tables(study_dir, out_root=project)
    names = {str(p.relative_to(project / "reports" / "msna")) for p, _ in written}
    assert {"ninewa/en/report.html", "analysis_results.csv", "ninewa/analysis_results.xlsx"} <= names
    study = wps.Study.load(study_dir, check_form=False)
    df = study.read_processed()
    results = pd.read_csv(project / "reports" / "msna" / "analysis_results.csv")
    assert set(results["plan_row"]) == {r.row for r in study.read_plan()}
    mean = results[(results["analysis_type"] == "mean") & results["group_var"].isna()
                   & (results["analysis_var"] == "expenditure_debt")]
    est = wps.stats.mean(wps.stats.SurveyDesign(df), "expenditure_debt")
    assert float(mean["stat"].iloc[0]) == pytest.approx(est.estimate, rel=1e-12)
    page = (project / "reports" / "msna" / "ninewa" / "en" / "report.html").read_text(encoding="utf-8")
    # the form's labels (a ratio of two questions named by both), never a column name
    assert "Salaried work / 5. Debt repayment" in page
    assert "income_v1_salaried_work" not in re.sub(r"<[^>]+>", " ", page.split("</style>")[-1])
