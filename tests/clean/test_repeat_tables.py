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
    from wpsresearch.pipeline.build import _redact_free_text

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
    from wpsresearch.io.paths import project_root
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


def _removals(main_rows, roster_rows, steps):
    from wpsresearch.clean.submissions import Removals

    sd = survey(main_rows, roster_rows)
    log = CleaningLog()
    r = Removals(sd, log=log)
    for check_id, mask in steps:
        r.remove(mask, check_id=check_id, issue=check_id)
    out = r.apply(sd)
    frame = log.to_frame()
    return out, frame[frame["table"] == "roster"]


def test_roster_rows_go_with_the_step_that_removed_their_households_last_copy():
    # two copies of household u: consent removes the second, then the test check the first;
    # the roster row went when the first copy did, so it is logged under test_submission
    out, roster = _removals([household("u"), household("u")],
                            [{"_parent_uuid": "u", "member_age": "30"}],
                            [("consent", [False, True]), ("test_submission", [True, False])])
    assert out.repeats["roster"].empty and roster["check_id"].tolist() == ["test_submission"]


def test_orphan_roster_rows_go_with_a_step_that_removed_something():
    out, roster = _removals([household("a"), household("b")],
                            [{"_parent_uuid": "b", "member_age": "30"},
                             {"_parent_uuid": "nobody", "member_age": "40"}],
                            [("consent", [False, False]), ("test_submission", [False, True])])
    assert set(roster["check_id"]) == {"test_submission"} and out.repeats["roster"].empty


def test_a_roster_row_without_a_parent_index_is_not_taken_by_a_removed_row_without_one():
    from wpsresearch.clean.submissions import Removals

    main = pd.DataFrame({"_uuid": ["a", "b"], "_index": [None, "2"], "consent": ["yes", "yes"]},
                        dtype="string")
    main["source_row"] = [2, 3]
    rep = pd.DataFrame({"_parent_index": [None, "2"], "member_age": ["30", "40"]}, dtype="string")
    rep["source_row"] = [2, 3]
    sd = SurveyData(main, {"roster": rep}, FORM, SourceInfo("t.csv", "kobo_csv"))
    r = Removals(sd, log=CleaningLog())
    r.remove([True, False], check_id="consent", issue="consent refused")
    assert len(r.apply(sd).repeats["roster"]) == 2


def test_a_roster_row_without_a_household_link_borrows_no_household_answers():
    from wpsresearch.clean.checks import _repeat_context

    sd = survey([{"_uuid": None, "consent": "no", "hh_size": "3"}, household("b")],
                [{"_parent_uuid": None, "member_sex": "female", "member_age": "30"},
                 {"_parent_uuid": "b", "member_sex": "male", "member_age": "40"}])
    context = _repeat_context(sd, "roster", sd.repeats["roster"], ["${consent} = 'yes'"])
    assert pd.isna(context["consent"].iloc[0]) and context["consent"].iloc[1] == "yes"


def test_flags_with_a_reason_per_row_work_when_every_row_is_flagged():
    from wpsresearch.clean.checks import _flag

    main = pd.DataFrame({"_uuid": ["a", "b"], "source_row": [2, 3]})
    log = CleaningLog()
    _flag(log, main, [True, True], question="", check_id="missingness", issue=lambda i: f"row {i}")
    assert log.to_frame()["issue"].tolist() == ["row 0", "row 1"]
