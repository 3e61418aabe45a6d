"""Study.load: study.yml read and validated with errors that name file, line and fix."""

import textwrap

import openpyxl
import pytest

import wpsresearch as wps
from wpsresearch.errors import StudyConfigError

GOOD = """\
title: {en: "Test survey (SYNTHETIC)", ar: "مسح تجريبي (مُصطنع)"}
synthetic: true
form: form.xlsx
submissions: export.csv
languages: [en, ar]
provinces: [basra, salah_ad_din]
design: {ids: psu, strata: stratum, weights: weight, fpc: null, lonely_psu: fail}
consent: {column: consent, yes: "yes"}
pii_columns: [respondent_name, phone]
missing_codes: {default: {98: dont_know, 99: refused}, age: {}}
checks: {min_duration_minutes: 10}
disclosure: {min_cell: 10, zeros_disclosive: true, min_n: 25}
secret_env: WPSRESEARCH_SECRET_TEST
"""


def _write_form(path, names=("consent", "psu", "stratum", "weight", "respondent_name", "phone", "age",
                             "governorate")):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label::English (en)", "label::Arabic (ar)", "calculation"])
    types = {"consent": "select_one yes_no", "psu": "integer", "stratum": "calculate",
             "weight": "calculate", "age": "integer"}
    for n in names:
        kind = types.get(n, "text")
        # a calculate needs its calculation (pyxform refuses the form otherwise)
        ws.append([kind, n, n.title(), "سؤال", "1" if kind == "calculate" else ""])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label::English (en)", "label::Arabic (ar)"])
    ch.append(["yes_no", "yes", "Yes", "نعم"])
    ch.append(["yes_no", "no", "No", "لا"])
    wb.save(path)


@pytest.fixture
def study_dir(tmp_path):
    _write_form(tmp_path / "form.xlsx")
    (tmp_path / "export.csv").write_text("consent\nyes\n", encoding="utf-8")
    (tmp_path / "study.yml").write_text(GOOD, encoding="utf-8")
    return tmp_path


def _edit(study_dir, old, new):
    text = (study_dir / "study.yml").read_text(encoding="utf-8")
    assert old in text
    (study_dir / "study.yml").write_text(text.replace(old, new), encoding="utf-8")


def test_loads_a_valid_study(study_dir):
    study = wps.Study.load(study_dir)
    assert study.synthetic is True
    assert study.provinces == ("basra", "salah_ad_din")
    assert study.province_pcodes() == {"basra": "IQG02", "salah_ad_din": "IQG16"}
    assert study.form == (study_dir / "form.xlsx").resolve()
    assert study.design["ids"] == "psu" and study.consent["yes"] == "yes"
    assert study.policy.min_cell == 10
    assert study.title_in("ar").startswith("مسح")
    with pytest.raises(Exception):
        study.design["ids"] = "x"  # read-only


def test_unknown_key_names_line_and_suggests(study_dir):
    _edit(study_dir, "languages:", "langauges:")
    with pytest.raises(StudyConfigError) as exc:
        wps.Study.load(study_dir)
    msg = str(exc.value)
    assert "study.yml" in msg and "row 5" in msg and "langauges" in msg and "did you mean 'languages'" in msg


def test_unknown_design_key(study_dir):
    _edit(study_dir, "strata: stratum", "stratum: stratum")
    with pytest.raises(StudyConfigError, match="unknown key 'design.stratum'.*did you mean 'strata'"):
        wps.Study.load(study_dir)


def test_missing_form_file(study_dir):
    (study_dir / "form.xlsx").unlink()
    with pytest.raises(StudyConfigError, match="'form' names 'form.xlsx', which does not exist"):
        wps.Study.load(study_dir)


def test_design_column_not_in_form(study_dir):
    _write_form(study_dir / "form.xlsx", names=("consent", "psu", "weight", "respondent_name", "phone"))
    with pytest.raises(StudyConfigError) as exc:
        wps.Study.load(study_dir)
    assert exc.value.column == "stratum" and exc.value.row == 7
    assert "design.strata names column 'stratum'" in str(exc.value)


def test_consent_column_not_in_form(study_dir):
    _edit(study_dir, "column: consent", "column: agreed")
    with pytest.raises(StudyConfigError, match="consent names column 'agreed'"):
        wps.Study.load(study_dir)


def test_missing_consent_block_is_refused(study_dir):
    _edit(study_dir, 'consent: {column: consent, yes: "yes"}\n', "")
    with pytest.raises(StudyConfigError, match="missing required key 'consent'"):
        wps.Study.load(study_dir)


def test_bad_yaml_names_the_line(study_dir):
    (study_dir / "study.yml").write_text(GOOD + "design: [unclosed\n", encoding="utf-8")
    with pytest.raises(StudyConfigError, match="not valid YAML") as exc:
        wps.Study.load(study_dir)
    assert exc.value.row is not None


def test_synthetic_title_must_say_so(study_dir):
    _edit(study_dir, "Test survey (SYNTHETIC)", "Test survey")
    with pytest.raises(StudyConfigError, match="must say SYNTHETIC"):
        wps.Study.load(study_dir)


def test_unknown_province_suggests(study_dir):
    _edit(study_dir, "[basra, salah_ad_din]", "[basara]")
    with pytest.raises(StudyConfigError, match="unknown province 'basara'.*did you mean basra"):
        wps.Study.load(study_dir)


def test_several_provinces_need_a_governorate_question(tmp_path):
    """Without one, every report failed after executing its notebook ("no 'adm1_pcode'")."""
    _write_form(tmp_path / "form.xlsx", names=("consent", "psu", "stratum", "weight",
                                               "respondent_name", "phone", "age", "gov_q"))
    (tmp_path / "export.csv").write_text("consent\nyes\n", encoding="utf-8")
    (tmp_path / "study.yml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(StudyConfigError, match="2 provinces, but the form has no question "
                                               "'governorate'.*admin_columns") as info:
        wps.Study.load(tmp_path)
    assert info.value.row == 6
    _edit(tmp_path, "secret_env:", "admin_columns: {adm1: gov_q}\nsecret_env:")
    assert wps.Study.load(tmp_path).admin_columns["adm1"] == "gov_q"


def test_provinces_as_people_write_them(study_dir):
    """A scholar writes the governorates as she knows them, in either script and any case:
    each becomes the package's slug (report folders, notebook parameters)."""
    _edit(study_dir, "[basra, salah_ad_din]", "[Basrah, 'SALAH AL-DIN', نينوى, IQG13]")
    study = wps.Study.load(study_dir)
    assert study.provinces == ("basra", "salah_ad_din", "ninewa", "kirkuk")


def test_secret_itself_is_refused(study_dir):
    _edit(study_dir, "WPSRESEARCH_SECRET_TEST", "'s3cr3t-value!'")
    with pytest.raises(StudyConfigError, match="not the secret itself"):
        wps.Study.load(study_dir)


def test_not_utf8(study_dir):
    (study_dir / "study.yml").write_bytes(GOOD.replace("مسح", "x").encode("utf-8") + "# é".encode("cp1252"))
    with pytest.raises(StudyConfigError, match="not UTF-8"):
        wps.Study.load(study_dir)


def test_admin_columns_are_checked_against_the_form(study_dir):
    text = (study_dir / "study.yml").read_text(encoding="utf-8")
    (study_dir / "study.yml").write_text(text + "admin_columns: {adm1: province}\n", encoding="utf-8")
    with pytest.raises(StudyConfigError, match="admin_columns.adm1 names column 'province'"):
        wps.Study.load(study_dir)
    (study_dir / "study.yml").write_text(text + "admin_columns: {adm3: x}\n", encoding="utf-8")
    with pytest.raises(StudyConfigError, match="unknown key 'admin_columns.adm3'"):
        wps.Study.load(study_dir)


def test_analysis_plan_key_as_file_or_mapping(study_dir):
    from wpsresearch.errors import AnalysisPlanError

    (study_dir / "plan.csv").write_text("analysis_type,analysis_var,group_var\nmean,age,\n",
                                        encoding="utf-8")
    text = (study_dir / "study.yml").read_text(encoding="utf-8")
    (study_dir / "study.yml").write_text(text + "analysis_plan: plan.csv\n", encoding="utf-8")
    study = wps.Study.load(study_dir)
    assert study.analysis_plan == (study_dir / "plan.csv").resolve()
    assert [r.analysis_var for r in study.read_plan()] == ["age"]
    assert study.read_plan().missing_answers == "exclude"
    (study_dir / "study.yml").write_text(
        text + "analysis_plan: {file: plan.csv, missing_answers: include, proportion_ci: mean}\n",
        encoding="utf-8")
    plan = wps.Study.load(study_dir).read_plan()
    assert (plan.missing_answers, plan.proportion_ci) == ("include", "mean")
    for bad, words in [("{file: plan.csv, missing: include}", "unknown key 'analysis_plan.missing'"),
                       ("{file: plan.csv, missing_answers: keep}", "must be one of exclude, include"),
                       ("loa.csv", "'analysis_plan' names 'loa.csv', which does not exist"),
                       ("{missing_answers: include}", "needs its file")]:
        (study_dir / "study.yml").write_text(text + f"analysis_plan: {bad}\n", encoding="utf-8")
        with pytest.raises(StudyConfigError, match=words) as info:
            wps.Study.load(study_dir)
        assert info.value.row == text.count("\n") + 1
    # a bad plan is refused when the study is loaded, naming the plan's row and column
    (study_dir / "plan.csv").write_text("analysis_type,analysis_var,group_var\nmeen,age,\n",
                                        encoding="utf-8")
    (study_dir / "study.yml").write_text(text + "analysis_plan: plan.csv\n", encoding="utf-8")
    with pytest.raises(AnalysisPlanError, match="did you mean 'mean'") as info:
        wps.Study.load(study_dir)
    assert (info.value.row, info.value.column) == (2, "analysis_type")


def test_study_without_plan_says_how_to_add_one(study_dir):
    with pytest.raises(StudyConfigError, match="no analysis plan.*analysis_plan: analysis_plan.csv"):
        wps.Study.load(study_dir).read_plan()


def test_indicators_block_must_map_families(study_dir):
    text = (study_dir / "study.yml").read_text(encoding="utf-8")
    (study_dir / "study.yml").write_text(text + "indicators: {dhs_ipv: q1}\n", encoding="utf-8")
    with pytest.raises(StudyConfigError, match="indicators.dhs_ipv must be a mapping"):
        wps.Study.load(study_dir)
    (study_dir / "study.yml").write_text(text + "indicators:\n  answers:\n    x_yes: {question: age, "
                                         "'yes': ['1']}\n", encoding="utf-8")
    assert dict(wps.Study.load(study_dir).indicators)["answers"]["x_yes"]["question"] == "age"


@pytest.mark.parametrize("yes, hint", [("Yes", "write yes: 'yes'"), ("1", "the choice that means")])
def test_consent_answer_must_be_a_choice_of_the_consent_question(study_dir, yes, hint):
    """A consent 'Yes' where the form's choice is named 'yes' removed every interview."""
    _edit(study_dir, 'consent: {column: consent, yes: "yes"}',
          f'consent: {{column: consent, yes: "{yes}"}}')
    with pytest.raises(StudyConfigError, match="not a choice of the consent question 'consent' "
                                               r"\(its choices: yes \(Yes\), no \(No\)\)") as info:
        wps.Study.load(study_dir)
    assert hint in str(info.value) and info.value.row == 8
