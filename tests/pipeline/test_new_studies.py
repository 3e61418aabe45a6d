"""Studies nobody here wrote, set up as a first-time user would: a real form, an export, a
minimal study.yml and an IMPACT list of analysis — built and reported with no code edits.

1. IMPACT's MSNA template (real Kobo form, its R-touched template export, analysistools' own
   list of analysis with ratios) through ``build`` and the results tables: every number
   equals what analysistools printed for the same data (tests/data/kobo_reference).
2. The MSNA 2024 tool (real form, 286 fields, four repeat groups, a choice named twice) with
   an export the generator filled (tests/data/studies/export_generator.py) as a Kobo XLSX
   with repeat sheets, sampling weights merged into the export, strata and clusters, the
   province written in Arabic script, and a plan grouping by two columns at a 90% level:
   its processed answers are the generated ones and its results equal ``wps.stats`` called
   directly; ``report --all`` (slow) writes every output, saying 90% where the plan asks it.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import wpsresearch as wps

DATA = Path(__file__).resolve().parents[1] / "data"
NUMBERS = ["stat", "stat_low", "stat_upp", "n", "n_total", "n_w", "n_w_total"]
SECRET = "test-only-secret-new-studies-0123456789abcdef"


def _form_xlsx(prefix: str, path: Path) -> Path:
    """An XLSForm from the survey and choices sheets IMPACT publishes as CSV."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in ("survey", "choices"):
        ws = wb.create_sheet(sheet)
        with open(DATA / "kobo" / f"{prefix}_{sheet}.csv", encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                ws.append(row)
    wb.save(path)
    return path


def _build(raw: Path, project: Path):
    from wpsresearch.pipeline.build import build_study

    notes = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WPSRESEARCH_SECRET_NEW", SECRET)
        mp.setenv("HOME", str(project))
        build_study(raw, progress=notes.append)
    return notes


# ------------------------------------------------------------------ 1. the MSNA template
@pytest.fixture(scope="module")
def msna_template(msna_study):
    """The MSNA template study of tests/pipeline/conftest.py (built once per session), with
    its results tables."""
    project, raw = msna_study
    wps.report.build_results_tables(raw, out_root=project)
    return project, raw


def test_the_msna_template_through_build_equals_analysistools(msna_template):
    """Build (consent, types, the q.option columns, cleaning) and the results tables change
    no number: every row analysistools printed for the same data, to 1e-9."""
    project, raw = msna_template
    ours = pd.read_csv(project / "reports" / "msna" / "analysis_results.csv")
    expected = pd.read_csv(DATA / "kobo_reference" /
                           "expected_results_with_ratio__results_table.csv")
    assert sorted(ours["analysis_key"]) == sorted(expected["analysis_key"])
    ours = ours.set_index("analysis_key").loc[expected["analysis_key"]]
    np.testing.assert_allclose(ours[NUMBERS].to_numpy(dtype=float),
                               expected[NUMBERS].to_numpy(dtype=float), rtol=1e-9, atol=1e-12)
    province = pd.read_csv(project / "reports" / "msna" / "ninewa" / "analysis_results.csv")
    assert len(province) == len(expected)  # the one province is the whole sample


# ---------------------------------------------------------- 2. the MSNA 2024 tool, generated
PLAN_2024 = """\
analysis_type,analysis_var,group_var,level,analysis_var_numerator,analysis_var_denominator,numerator_NA_to_0,filter_denominator_0,headline,chart,where
prop_select_one,resp_gender,,0.95,,,,,yes,bar,
prop_select_one,setting,"resp_gender, resp_hoh_yn",0.90,,,,,,,
mean,resp_age,resp_gender,0.90,,,,,yes,,
median,hh_size,setting,0.95,,,,,,,
prop_select_multiple,fsl_source_food,,0.95,,,,,yes,bar,
prop_select_multiple,cm_income_source,setting,0.99,,,,,,,
ratio,,,0.95,fsl_fcs_cereal,hh_size,TRUE,TRUE,,,
mean,fsl_fcs_cereal,setting,0.95,,,,,,,resp_gender == 'female'
"""


@pytest.fixture(scope="module")
def msna2024(tmp_path_factory, export_generator):
    g = export_generator
    project = tmp_path_factory.mktemp("msna2024")
    raw = project / "data" / "raw" / "msna2024"
    raw.mkdir(parents=True)
    form_path = _form_xlsx("msna2024_kobotool_template__kobo", raw / "form.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wps.errors.WpsWarning)
        form = wps.io.read_xlsform(form_path, strict=False)
    answers = g.generate(form, 240, seed=11, fixed={
        "consent": lambda rng, k: "no" if k % 12 == 5 else "yes",
        # clusters numbered within each stratum, as field teams do (nest: true)
        "cluster_id": lambda rng, k: f"cluster_{k % 4 + 1}"})
    rng = np.random.default_rng(2)
    answers.add_column("weight", np.round(rng.uniform(0.4, 2.5, 240), 4))
    g.write_export(answers, raw / "export.xlsx", "kobo_xlsx")
    (raw / "plan.csv").write_text(PLAN_2024, encoding="utf-8")
    (raw / "study.yml").write_text(
        'title: {en: "MSNA 2024 tool, generated answers", ar: "أداة 2024، إجابات مولَّدة"}\n'
        "form: form.xlsx\nsubmissions: export.xlsx\nprovinces: [البصرة]\n"
        "design: {ids: cluster_id, strata: admin1, weights: weight, nest: true}\n"
        "keep_columns: [weight]\n"
        'consent: {column: consent, "yes": "yes"}\n'
        "secret_env: WPSRESEARCH_SECRET_NEW\nform_repairs: true\nanalysis_plan: plan.csv\n",
        encoding="utf-8")
    notes = _build(raw, project)
    written = wps.report.build_results_tables(raw, out_root=project)
    return project, raw, answers, notes


def test_the_build_says_what_was_done_to_the_data(msna2024):
    _, raw, _, notes = msna2024
    assert any("the form:" in n and "check-study lists them" in n for n in notes)
    assert any("not in the form kept under their own name: weight" in n for n in notes)
    # the form names its enumerator question enum_id: the per-enumerator checks run on it
    log = pd.read_csv(wps.Study.load(raw, check_form=False).processed_dir / "cleaning_log.csv")
    assert not log["issue"].str.contains("soft duplicates not checked", na=False).any()
    summary = pd.read_excel(wps.Study.load(raw, check_form=False).processed_dir /
                            "cleaning_log.xlsx", sheet_name="enumerator_summary",
                            engine="openpyxl")
    assert summary.columns[0] == "enum_id" and summary["interviews"].sum() == 240


def test_processed_answers_are_the_exported_ones(msna2024):
    """Kobo XLSX with four repeat sheets: every consented interview, its answers typed from
    the form, each repeat row linked to its interview."""
    _, raw, answers, _ = msna2024
    study = wps.Study.load(raw)
    assert study.provinces == ("basra",)
    main = study.read_processed()
    generated = answers.main.frame
    consented = generated[generated["consent"] == "yes"]
    assert len(main) == len(consented) == 220
    for name in ("resp_gender", "setting", "enum_gender"):
        assert sorted(main[name].dropna().astype(str)) == sorted(consented[name].dropna()), name
    for name in ("resp_age", "hh_size"):
        assert sorted(main[name].dropna().astype(int)) == \
            sorted(consented[name].dropna().astype(int)), name
    # the weights merged into the export are numbers in the processed data, not text
    assert str(main["weight"].dtype) == "Float64"
    assert main["weight"].sum() == pytest.approx(consented["weight"].astype(float).sum())
    roster = study.read_processed("roster")
    kept = set(consented["_uuid"])
    expected_rows = sum(uuid in kept for uuid in
                        generated["_uuid"].to_numpy()[answers.repeats["roster"].parent_row])
    assert len(roster) == expected_rows and set(roster["respondent_id"]) <= set(main["respondent_id"])


def test_results_equal_wps_stats_called_directly(msna2024):
    project, raw, _, _ = msna2024
    study = wps.Study.load(raw, check_form=False)
    df = study.read_processed()
    design = wps.stats.SurveyDesign(df, ids="cluster_id", strata="admin1", weights="weight",
                                    nest=True, policy=study.policy)
    results = pd.read_csv(project / "reports" / "msna2024" / "analysis_results.csv")
    # mean age by gender at 90%: the plan's level reaches the interval
    rows = results[results["plan_row"] == 4].set_index("group_var_value")
    direct = wps.stats.mean(design, "resp_age", by="resp_gender", level=0.9).to_frame()
    for _, r in direct.iterrows():
        got = rows.loc[r["resp_gender"]]
        if got["suppressed"]:
            continue
        assert got["level"] == 0.9
        assert (got["stat"], got["stat_low"], got["stat_upp"]) == pytest.approx(
            (r["estimate"], r["ci_low"], r["ci_high"]), rel=1e-12)
    # grouped by two columns, 90%
    two = results[results["plan_row"] == 3]
    assert set(two["group_var"]) == {"resp_gender %/% resp_hoh_yn"} and set(two["level"]) == {0.9}
    direct = wps.stats.proportion(design, "setting", by=["resp_gender", "resp_hoh_yn"],
                                  level=0.9).to_frame()
    shown = two[~two["suppressed"]]
    assert len(shown) > 0
    for _, got in shown.iterrows():
        gender, hoh = got["group_var_value"].split(" %/% ")
        r = direct[(direct["resp_gender"] == gender) & (direct["resp_hoh_yn"] == hoh)
                   & (direct["level"] == got["analysis_var_value"])].iloc[0]
        assert got["stat"] == pytest.approx(r["estimate"], rel=1e-12)
        assert got["stat_low"] == pytest.approx(r["ci_low"], rel=1e-12)
    # a where filter on a choice: the women's domain
    women = design.subset((df["resp_gender"] == "female").to_numpy())
    direct = wps.stats.mean(women, "fsl_fcs_cereal", by="setting").to_frame()
    filtered = results[results["plan_row"] == 9].set_index("group_var_value")
    for _, r in direct.iterrows():
        if not filtered.loc[r["setting"], "suppressed"]:
            assert filtered.loc[r["setting"], "stat"] == pytest.approx(r["estimate"], rel=1e-12)


@pytest.mark.slow
def test_every_output_of_the_generated_study(msna2024, tmp_path_factory):
    """``wpsresearch report <study> --all``: reports (en, ar), fact sheets, comparison,
    campaign images and results tables; a 90% row says 90%, never 95%."""
    import re

    from wpsresearch.cli import main

    project, raw, _, _ = msna2024
    out = tmp_path_factory.mktemp("msna2024_all")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WPSRESEARCH_SECRET_NEW", SECRET)
        assert main(["-q", "report", str(raw), "--all", "--to", "html", "--out", str(out),
                     "--workers", "1"]) == 0
    reports = out / "reports" / "msna2024"
    for lang in ("en", "ar"):
        for name in ("report.html", "factsheet.html"):
            assert (reports / "basra" / lang / name).is_file()
    page = (reports / "basra" / "en" / "report.html").read_text(encoding="utf-8")
    assert "90% confidence interval" in page and "99% confidence interval" in page
    assert "How old are you?" in page and "Prefer not to answer" in page
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", page, re.S)
    assert not [c for c in cells if re.fullmatch(r"(resp_gender|setting|True|TRUE|pnta)", c)]
    assert list((out / "figures" / "msna2024" / "basra").glob("resp_gender*_square_en.png"))
