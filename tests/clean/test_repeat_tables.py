"""Repeat tables (household rosters) get the same value steps and checks as the main table:
an age typed in Arabic digits or a 98 code in a roster is the same defect as in the main
table, and a name typed into a roster's free text is the same danger."""

import numpy as np
import pandas as pd

import wpsresearch as wps
from wpsresearch.clean import CleaningLog
from wpsresearch.io import SourceInfo, SurveyData

FORM = wps.io.example_form()


def survey(main_rows, roster_rows, form=FORM):
    main = pd.DataFrame(main_rows).astype("string")
    main["source_row"] = np.arange(2, len(main) + 2)
    rep = pd.DataFrame(roster_rows).astype("string")
    rep["source_row"] = np.arange(2, len(rep) + 2)
    return SurveyData(main, {"roster": rep}, form, SourceInfo("test.csv", "kobo_csv"))


def entries(log, check_id):
    frame = log.to_frame()
    return frame[frame["check_id"] == check_id]


def household(uuid, consent="yes"):
    return {"_uuid": uuid, "consent": consent, "hh_size": "3", "age": "35"}


def test_arabic_digits_and_missing_codes_in_a_roster_are_converted_and_logged():
    sd = survey([household("u1")],
                [{"_parent_uuid": "u1", "member_sex": "female", "member_age": "٣٥"},
                 {"_parent_uuid": "u1", "member_sex": "male", "member_age": "98"}])
    log = CleaningLog()
    sd = wps.clean.convert_digits(sd, log=log)
    sd = wps.clean.recode_missing(sd, log=log, missing_codes={"default": {98: "dont_know"}})
    out = wps.clean.apply_form_types(sd, log=log).repeats["roster"]
    assert out["member_age"].iloc[0] == 35 and pd.isna(out["member_age"].iloc[1])
    assert out["member_age__missing"].tolist()[1] == "dont_know"
    digits, codes = entries(log, "arabic_digits"), entries(log, "missing_code")
    assert digits[["uuid", "table", "old_value", "new_value", "source_row"]].values.tolist() == [
        ["u1", "roster", "٣٥", "35", 2]]
    assert codes[["uuid", "table", "old_value", "source_row"]].values.tolist() == [["u1", "roster", "98", 3]]
    assert entries(log, "type_conversion").empty  # nothing blanked for want of conversion


def test_roster_skip_logic_reads_the_households_answers():
    # the household group is relevant only with consent: a roster row of a household whose
    # consent is "no" breaks skip logic; one of a consenting household does not
    sd = survey([household("u1"), household("u2", consent="no")],
                [{"_parent_uuid": "u1", "member_sex": "female", "member_age": "30"},
                 {"_parent_uuid": "u2", "member_sex": "male", "member_age": "40"}])
    log = CleaningLog()
    wps.clean.flag_skip_logic(sd, log=log)
    roster = entries(log, "skip_logic").query("table == 'roster'")
    assert set(roster["uuid"]) == {"u2"} and set(roster["source_row"]) == {3}
    assert {"member_sex", "member_age"} <= set(roster["question"])


def test_roster_outliers_are_flagged_in_the_roster():
    ages = [str(a) for a in np.random.default_rng(1).integers(20, 40, 60)] + ["400"]
    sd = survey([household("u1")],
                [{"_parent_uuid": "u1", "member_sex": "female", "member_age": a} for a in ages])
    log = CleaningLog()
    wps.clean.flag_outliers(sd, log=log, columns=[], sd_limit=3)
    e = entries(log, "outlier")
    assert e[["table", "question", "old_value", "source_row"]].values.tolist() == [
        ["roster", "member_age", "400", 62]]


def test_roster_without_parent_links_is_reported_not_silently_skipped():
    sd = survey([household("u1")], [{"member_sex": "female", "member_age": "30"}])
    log = CleaningLog()
    wps.clean.flag_skip_logic(sd, log=log)
    roster = entries(log, "skip_logic").query("table == 'roster'")
    assert not roster.empty and roster["issue"].str.contains("not checked").all()


def _form_with_roster_text(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in (["type", "name", "label"], ["select_one yn", "consent", "Consent"],
                ["begin_repeat", "members", "Members"], ["text", "member_note", "Note"],
                ["end_repeat", "members", ""]):
        sheet.append(row)
    choices = book.create_sheet("choices")
    for row in (["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]):
        choices.append(row)
    path = tmp_path / "form.xlsx"
    book.save(path)
    return wps.io.read_xlsform(path)


def test_identifiers_in_roster_free_text_are_redacted(tmp_path):
    from wpsresearch.build import _redact_free_text

    form = _form_with_roster_text(tmp_path)
    main = pd.DataFrame({"_uuid": ["u1"], "consent": ["yes"], "source_row": [2]})
    rep = pd.DataFrame({"_parent_uuid": ["u1", "u1"], "source_row": [2, 3],
                        "member_note": ["her brother, call 07701234567", "works in the market"]})
    sd = SurveyData(main, {"members": rep.astype({"member_note": "string"})}, form,
                    SourceInfo("test.csv", "kobo_csv"))
    log = CleaningLog()
    out = _redact_free_text(sd, log).repeats["members"]["member_note"].tolist()
    assert "07701234567" not in " ".join(out) and out[1] == "works in the market"
    e = log.to_frame()
    assert e[["uuid", "table", "question", "old_value", "source_row"]].values.tolist() == [
        ["u1", "members", "member_note", "[redacted]", 2]]


def test_bundled_roster_cleans_with_its_own_rules_and_real_ages_of_98_stay():
    # the synthetic generator gives some households a member really aged 98 (injected
    # "real_age_98") and never writes a code into member_age; its study.yml says so
    # (member_age: {}), and the roster — read from the XLSX export — is cleaned by it
    from wpsresearch.paths import project_root
    from wpsresearch.study import Study

    study = Study.load(project_root() / "data" / "raw" / "synthetic")
    sd = wps.io.read_kobo(study.root / "export.xlsx", form=study.form)
    ages_98 = int((sd.repeats["roster"]["member_age"] == "98").sum())
    log = CleaningLog(pii_columns=study.pii_columns)
    out = wps.clean.clean_survey(sd, study=study, log=log).repeats["roster"]
    frame = log.to_frame()
    roster = frame[frame["table"] == "roster"]
    assert ages_98 > 0 and roster[roster["check_id"] == "missing_code"].empty
    kept = sd.repeats["roster"].set_index("source_row").loc[out["source_row"].astype(int), "member_age"]
    assert int((out["member_age"] == 98).sum()) == int((kept == "98").sum()) > 0
    # every roster row removed is accounted for, under the check that removed its household
    assert len(out) + int((roster["change_type"] == "remove_survey").sum()) == len(sd.repeats["roster"])
