"""The REACH round trip (``cleaningtools::create_xlsx_cleaning_log`` → a reviewer →
``create_clean_data``): ``wpsresearch build`` writes the review workbook with suggested
values; ``build --reviewed-log`` applies the decisions; the result equals applying the
reviewed log by hand to the first build's data — on the MSNA export, a study the package
never saw, set up with a minimal study.yml."""

import numpy as np
import openpyxl
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.clean import CleaningLog
from wpsresearch.io import SourceInfo, SurveyData
from wpsresearch.pipeline.build import build_study
from msna_fixtures import msna, msna_form, msna_study  # noqa: F401 (fixtures)

SECRET = "msna-test-secret-long-enough-0123456789abcdef"


@pytest.fixture(scope="module")
def first_build(msna_study, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WPSRESEARCH_SECRET_MSNA", SECRET)
        out = tmp_path_factory.mktemp("processed") / "msna"
        build_study(msna_study, out=out)
    return out


def test_review_workbook_has_the_reach_sheets_and_suggestions(first_build):
    wb = openpyxl.load_workbook(first_build / "cleaning_log.xlsx")
    assert wb.sheetnames[0] == "cleaning_log"
    assert {"deletion_log", "enumerator_summary", "readme"} <= set(wb.sheetnames)
    log = pd.read_excel(first_build / "cleaning_log.xlsx", sheet_name=0, dtype=str, engine="openpyxl").fillna("")
    deletions = pd.read_csv(first_build / "deletion_log.csv", dtype=str, keep_default_na=False)
    assert len(deletions) == (log["change_type"] == "remove_survey").sum() > 0
    # flags carry their reason; outliers and other texts wait for a person
    flags = log[log["change_type"] == "no_action"]
    assert {"outlier", "other_text", "duplicate_columns"} <= set(flags["check_id"])


def _decisions(log, data):
    """A reviewer's decisions on the first build's workbook: one outlier corrected, one
    other text blanked, a select_multiple answer changed, one interview removed, one flag
    left as it was, and one entry naming an interview that does not exist."""
    flags = log[log["change_type"] == "no_action"]
    kept = set(data["respondent_id"])
    outlier = flags[(flags["check_id"] == "outlier") & flags["uuid"].isin(kept)].iloc[0]
    other = flags[(flags["check_id"] == "other_text") & flags["uuid"].isin(kept)
                  & (flags["uuid"] != outlier["uuid"])].iloc[0]
    multiple = "snfi_shelter_issues"
    who = data.loc[data[multiple].notna() & ~data["respondent_id"].isin([outlier["uuid"], other["uuid"]]),
                   "respondent_id"].iloc[0]
    gone = data.loc[~data["respondent_id"].isin([outlier["uuid"], other["uuid"], who]),
                    "respondent_id"].iloc[-1]
    rows = log.copy()
    rows.loc[outlier.name, ["change_type", "new_value"]] = ["change_response", "3"]
    rows.loc[other.name, "change_type"] = "blank_response"
    extra = pd.DataFrame([
        {"uuid": who, "question": multiple, "old_value": "", "new_value": "none",
         "issue": "reviewer", "change_type": "change_response", "check_id": "review", "table": "main"},
        {"uuid": gone, "question": "", "old_value": "", "new_value": "", "issue": "reviewer: fake",
         "change_type": "remove_survey", "check_id": "review", "table": "main"},
        {"uuid": "not-an-interview", "question": "hh_size", "old_value": "", "new_value": "2",
         "issue": "reviewer", "change_type": "change_response", "check_id": "review", "table": "main"},
    ])
    return pd.concat([rows, extra], ignore_index=True), outlier, other, (who, multiple), gone


def _by_hand(data, outlier, other, multiple_change, gone):
    """The same decisions applied with plain pandas to the first build's respondents."""
    out = data.copy()
    at = out["respondent_id"] == outlier["uuid"]
    out.loc[at, outlier["question"]] = 3
    out.loc[out["respondent_id"] == other["uuid"], other["question"]] = pd.NA
    who, q = multiple_change
    at = out["respondent_id"] == who
    out.loc[at, q] = "none"
    for col in [c for c in out.columns if c.startswith(f"{q}__")]:
        out.loc[at, col] = col == f"{q}__none"
    return out[out["respondent_id"] != gone].reset_index(drop=True)


def test_reviewed_log_applied_by_the_build_equals_applying_it_by_hand(first_build, msna_study, tmp_path, monkeypatch):
    log = pd.read_excel(first_build / "cleaning_log.xlsx", sheet_name=0, dtype=str, engine="openpyxl").fillna("")
    data = pd.read_parquet(first_build / "respondents.parquet")
    reviewed, outlier, other, multiple_change, gone = _decisions(log, data)
    path = tmp_path / "cleaning_log_reviewed.xlsx"
    reviewed.to_excel(path, index=False, sheet_name="cleaning_log")
    monkeypatch.setenv("WPSRESEARCH_SECRET_MSNA", SECRET)
    again = tmp_path / "again"
    build_study(msna_study, out=again, reviewed_log=path)
    got = pd.read_parquet(again / "respondents.parquet")
    expected = _by_hand(data, outlier, other, multiple_change, gone)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    after = pd.read_csv(again / "cleaning_log.csv", dtype=str, keep_default_na=False)
    applied = after[after["check_id"] == "apply_log"]
    assert (applied["issue"] == "reviewed entry not applied: unknown uuid").sum() == 1
    assert (applied["change_type"] == "remove_survey").sum() == 1
    # nothing this build did automatically was applied a second time
    assert not applied["issue"].str.contains(r"\(arabic_digits|\(missing_code|\(consent").any()
    deletions = pd.read_csv(again / "deletion_log.csv", dtype=str, keep_default_na=False)
    assert gone in set(deletions["uuid"])


FORM = wps.io.example_form()


def _typed(rows):
    main = pd.DataFrame(rows).astype("string")
    main["source_row"] = np.arange(2, len(main) + 2)
    sd = SurveyData(main, {}, FORM, SourceInfo("x.csv", "kobo_csv"))
    return wps.clean.apply_form_types(sd, log=CleaningLog())


def test_changed_dummies_rebuild_their_answer():
    """cleaningtools::recreate_parent_column: a reviewer who edits dummies (REACH's way of
    recoding a select_multiple) gets the answer rebuilt from them."""
    sd = _typed([{"_uuid": "a", "help_sought": "other", "help_sought_other": "my aunt"}])
    reviewed = pd.DataFrame([
        {"uuid": "a", "question": "help_sought__other", "new_value": "0", "change_type": "change_response"},
        {"uuid": "a", "question": "help_sought__family", "new_value": "1", "change_type": "change_response"},
        {"uuid": "a", "question": "help_sought_other", "new_value": "", "change_type": "blank_response"},
    ])
    log = CleaningLog()
    out = wps.clean.apply_log(sd, reviewed, log=log).main
    assert out.loc[0, "help_sought"] == "family"
    assert bool(out.loc[0, "help_sought__family"]) and not bool(out.loc[0, "help_sought__other"])
    assert pd.isna(out.loc[0, "help_sought_other"])
    assert "answer rebuilt from its reviewed dummies" in set(log.to_frame()["issue"])


def test_a_choice_the_form_does_not_have_is_not_applied():
    """review_cleaning_log's "value not in the choices" problem: reported, not applied."""
    sd = _typed([{"_uuid": "a", "help_sought": "police", "governorate": "basra"}])
    reviewed = pd.DataFrame([
        {"uuid": "a", "question": "help_sought", "new_value": "police imam", "change_type": "change_response"},
        {"uuid": "a", "question": "governorate", "new_value": "atlantis", "change_type": "change_response"},
    ])
    log = CleaningLog()
    out = wps.clean.apply_log(sd, reviewed, log=log).main
    assert out.loc[0, "help_sought"] == "police" and out.loc[0, "governorate"] == "basra"
    issues = log.to_frame()["issue"].tolist()
    assert issues == ["reviewed entry not applied: 'imam' is not one of the choices",
                      "reviewed entry not applied: 'atlantis' is not one of the choices"]
