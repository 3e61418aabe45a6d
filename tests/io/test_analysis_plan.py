"""read_analysis_plan: IMPACT list-of-analysis files (real ones from analysistools) and the
report columns, with errors that name the plan's row and column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import wpsresearch as wps
from wpsresearch.errors import AnalysisPlanError

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "kobo_reference"
HEADER = "analysis_type,analysis_var,group_var,level"


def _plan(tmp_path, text, name="plan.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name, n, ratios", [("msna_template_loa.csv", 13, 0),
                                             ("msna_template_loa_with_ratio.csv", 15, 2)])
def test_reads_analysistools_own_lists_of_analysis(name, n, ratios):
    plan = wps.io.read_analysis_plan(REFERENCE / name)
    assert len(plan) == n
    assert sum(r.analysis_type == "ratio" for r in plan) == ratios
    first = plan.rows[0]
    assert (first.row, first.analysis_type, first.analysis_var, first.group_var, first.level) == \
        (2, "prop_select_one", "admin1", (), 0.95)
    grouped = [r for r in plan if r.group_var]
    assert grouped and all(r.group_var == ("admin1",) for r in grouped)
    for r in plan:
        if r.analysis_type == "ratio":
            assert (r.numerator, r.denominator) == ("income_v1_salaried_work", "expenditure_debt")
            assert r.numerator_na_to_0 and r.filter_denominator_0


def test_report_columns_and_labels(tmp_path):
    path = _plan(tmp_path, (
        "analysis_type,analysis_var,group_var,section,section::Arabic (ar),label::English (en),"
        "label::Arabic (ar),where,chart,headline,test,nap_pillar,sdg,my_notes\n"
        "prop_select_one,q1,sex,Safety,الأمان,Feels unsafe,تشعر بعدم الأمان,age >= 18,bar,yes,"
        "chisq,protection,5.2.1,a note\n"
        "mean,score,adm1_pcode,none,,,,,map,no,,,,\n"
        "quantile,age,,,,,,,,,,,,\n"))
    plan = wps.io.read_analysis_plan(path)
    a, b, c = plan.rows
    assert dict(a.labels) == {"en": "Feels unsafe", "ar": "تشعر بعدم الأمان"}
    assert (a.section, dict(a.section_labels)) == ("Safety", {"ar": "الأمان"})
    assert (a.chart, a.headline, a.test, a.nap_pillar, a.sdg) == ("bar", True, "chisq", "protection", "5.2.1")
    assert a.where.text == "age >= 18" and a.variables == ("q1", "sex", "age")
    assert (b.chart, b.headline, b.section) == ("map", False, "none")
    assert c.probs == (0.25, 0.5, 0.75)
    assert list(plan.sections()) == ["Safety", None]       # 'none' rows are not a section
    assert plan.headlines() == (a,)
    assert "my_notes" in plan.to_frame().columns and plan.to_frame()["plan_row"].tolist() == [2, 3, 4]
    assert plan.row(3) is b


def test_reads_xlsx_plans_from_their_loa_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "notes"
    ws = wb.create_sheet("loa")
    ws.append(["analysis_type", "analysis_var", "group_var", "level", "headline"])
    ws.append(["mean", "age", None, 0.9, True])
    wb.save(tmp_path / "plan.xlsx")
    plan = wps.io.read_analysis_plan(tmp_path / "plan.xlsx")
    assert [(r.row, r.analysis_var, r.level, r.headline) for r in plan] == [(2, "age", 0.9, True)]


@pytest.mark.parametrize("text, row, column, words", [
    ("analysis_type,analysis_var,level\nmean,age,0.95\n", 1, "group_var", "no column 'group_var'"),
    (f"{HEADER}\nmean,age,,0.95\nproportion,q1,,0.95\n", 3, "analysis_type", "unknown analysis type"),
    (f"{HEADER}\nmean,age,,95\n", 2, "level", "between 0 and 1"),
    (f"{HEADER}\nmean,,,0.95\n", 2, "analysis_var", "no analysis_var"),
    (f"{HEADER}\nmean,age,\"sex,,district\",0.95\n", 2, "group_var", "empty name"),
    (f"{HEADER},chart\nmean,age,sex,0.95,pie\n", 2, "chart", "unknown chart"),
    (f"{HEADER},chart\nmean,age,sex,0.95,map\n", 2, "chart", "adm1_pcode"),
    (f"{HEADER},test\nmean,age,sex,0.95,chisq\n", 2, "test", "prop_select_one"),
    (f"{HEADER},headline\nmean,age,,0.95,maybe\n", 2, "headline", "not yes/no"),
    (f"{HEADER},where\nmean,age,,0.95,__import__('os').system('x')\n", 2, "where", "not a comparison"),
    (f"{HEADER}\nratio,,,0.95\n", 2, "analysis_var_numerator", "needs the column"),
    (f"{HEADER},analysis_var_numerator,analysis_var_denominator\nratio,,,0.95,a,\n", 2,
     "analysis_var_denominator", "no denominator"),
    (f"{HEADER},secton\nmean,age,,0.95,x\n", 1, "secton", "did you mean 'section'"),
    (f"{HEADER}\n", None, None, "no analysis"),
])
def test_bad_plans_name_row_and_column(tmp_path, text, row, column, words):
    with pytest.raises(AnalysisPlanError) as info:
        wps.io.read_analysis_plan(_plan(tmp_path, text))
    err = info.value
    assert err.file.endswith("plan.csv") and (err.row, err.column) == (row, column)
    assert words in str(err), str(err)


def test_names_are_checked_against_the_form(tmp_path):
    form = wps.io.example_form()
    good = _plan(tmp_path, f"{HEADER}\nprop_select_one,governorate,adm1_pcode,0.95\n"
                           "prop_select_multiple,help_sought,,0.95\nmean,my_index,governorate,0.95\n")
    with pytest.raises(AnalysisPlanError) as info:
        wps.io.read_analysis_plan(good, codebook=form)
    assert (info.value.row, info.value.column) == (4, "analysis_var") and "my_index" in str(info.value)
    plan = wps.io.read_analysis_plan(good, codebook=form, known=["my_index"])
    assert len(plan) == 3
    typo = _plan(tmp_path, f"{HEADER}\nprop_select_one,governorate,agee,0.95\n", "typo.csv")
    with pytest.raises(AnalysisPlanError, match="did you mean age") as info:
        wps.io.read_analysis_plan(typo, codebook=form)
    assert (info.value.row, info.value.column) == (2, "group_var")


@pytest.mark.parametrize("line, column, words", [
    ("mean,governorate,,0.95,", "analysis_var", "a mean needs a number; 'governorate' is select_one"),
    ("ratio_row", "analysis_var_numerator", "a ratio needs a number; 'respondent_name' is text"),
    ("prop_select_multiple,consent,,0.95,", "analysis_var", "needs a select_multiple question"),
    ("prop_select_one,help_sought,,0.95,", "analysis_var", "'help_sought' is a select_multiple"),
    ("prop_select_one,consent,help_sought,0.95,", "group_var", "is a select_multiple"),
    ("mean,age,,0.95,governorate == 'basrah'", "where", "did you mean basra"),
    ("mean,age,,0.95,help_sought == 'polise'", "where", "did you mean police"),
])
def test_what_the_form_says_must_fit_the_analysis(tmp_path, line, column, words):
    """A first-time user's plan mistakes are check-study errors naming row and column, not a
    table of nothing after the report has run (prop_select_multiple of a select_one gave one
    empty row; a where value that is no choice gave an empty domain, silently)."""
    if line == "ratio_row":
        text = (f"{HEADER},where,analysis_var_numerator,analysis_var_denominator\n"
                "ratio,,,0.95,,respondent_name,age\n")
    else:
        text = f"{HEADER},where\n{line}\n"
    with pytest.raises(AnalysisPlanError) as info:
        wps.io.read_analysis_plan(_plan(tmp_path, text), codebook=wps.io.example_form())
    assert (info.value.row, info.value.column) == (2, column)
    assert words in str(info.value), str(info.value)


def test_fitting_rows_pass_the_form_check(tmp_path):
    text = (f"{HEADER},where\n"
            "mean,age,governorate,0.9,\"governorate in ['basra', 'kirkuk']\"\n"
            "prop_select_multiple,help_sought,consent,0.95,consent == 'yes'\n"
            "median,hh_size,,0.95,governorate != 'dont_know'\n"
            "prop_select_one,governorate,,0.95,\n")
    assert len(wps.io.read_analysis_plan(_plan(tmp_path, text), codebook=wps.io.example_form())) == 4


def test_a_repeat_question_missing_from_the_data_is_named_as_such(tmp_path):
    plan = wps.io.read_analysis_plan(_plan(tmp_path, f"{HEADER}\nmean,member_age,,0.95\n"),
                                     codebook=wps.io.example_form())
    with pytest.raises(AnalysisPlanError, match="repeat group 'roster'") as info:
        plan.check_columns(["age", "consent"], what="the analysis data",
                           codebook=wps.io.example_form())
    assert (info.value.row, info.value.column) == (2, "analysis_var")


def test_check_columns_against_data_accepts_option_columns(tmp_path):
    plan = wps.io.read_analysis_plan(_plan(tmp_path, (
        "analysis_type,analysis_var,group_var,where\n"
        "prop_select_multiple,help,sex,\nmean,age,,sex == 'female'\n")))
    plan.check_columns(["help__police", "help__family", "sex", "age"])
    with pytest.raises(AnalysisPlanError) as info:
        plan.check_columns(["help__police", "age"], what="the processed data")
    assert (info.value.row, info.value.column) == (2, "group_var")
    assert "not in the processed data" in str(info.value)


def test_plan_options(tmp_path):
    path = _plan(tmp_path, f"{HEADER}\nmean,age,,0.95\n")
    plan = wps.io.read_analysis_plan(path, missing_answers="include", proportion_ci="mean")
    assert (plan.missing_answers, plan.proportion_ci) == ("include", "mean")
    assert plan.with_options(missing_answers="exclude").missing_answers == "exclude"
    with pytest.raises(AnalysisPlanError, match="missing_answers must be one of"):
        wps.io.read_analysis_plan(path, missing_answers="keep")
    with pytest.raises(AnalysisPlanError, match="csv or .xlsx"):
        wps.io.read_analysis_plan(_plan(tmp_path, "x", "plan.json"))


def test_a_level_written_as_a_percentage_says_how_to_write_it(tmp_path):
    with pytest.raises(AnalysisPlanError, match="'95%' is not a number. What to do: write the "
                                                "level as a share: 0.95 for 95%") as info:
        wps.io.read_analysis_plan(_plan(tmp_path, f"{HEADER}\nmean,age,,95%\n"))
    assert (info.value.row, info.value.column) == (2, "level")


def test_a_pcode_column_the_build_could_not_add_says_which_question_gives_it(tmp_path):
    plan = wps.io.read_analysis_plan(_plan(tmp_path, f"{HEADER}\nmean,age,adm2_pcode,0.95\n"))
    with pytest.raises(AnalysisPlanError, match=r"adds adm2_pcode from the study's district "
                                                r"question.*admin_columns: \{adm2: <question>\}"):
        plan.check_columns(["age", "adm1_pcode"], what="the processed data")
