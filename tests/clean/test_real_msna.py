"""The real MSNA Kobo form (REACH/IMPACT, MIT) and its template submissions clean without
errors through the form; the reviewed-log round trip re-applies and reports unknown entries."""

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.clean import CleaningLog
from msna_fixtures import msna, msna_form  # noqa: F401 (fixtures)


def test_msna_template_cleans_through_its_form(msna):
    log = CleaningLog()
    # "Are you willing and able to respond to the questions?" is the MSNA's consent question
    out = wps.clean.clean_survey(msna, log=log, consent={"column": "respondent_able_to_answer", "yes": "yes"},
                                 pii_columns=[])
    frame = log.to_frame()
    removed = frame[frame["change_type"] == "remove_survey"]
    assert len(msna.main) == len(out.main) + len(removed[removed["table"] == "main"])
    refused = (msna.main["respondent_able_to_answer"] != "yes").sum()
    assert (removed["check_id"] == "consent").sum() >= refused > 0
    # typed from the form
    v = msna.codebook.variables
    one = [n for n in v.loc[v["base_type"] == "select_one", "name"] if n in out.main]
    assert one and all(isinstance(out.main[n].dtype, pd.CategoricalDtype) for n in one)
    multi = [n for n in v.loc[v["base_type"] == "select_multiple", "name"] if n in out.main]
    assert multi and any(c.startswith(f"{multi[0]}__") and out.main[c].dtype == "boolean"
                         for c in out.main.columns)
    # every entry follows the contract
    assert set(frame["change_type"]) <= set(wps.clean.CHANGE_TYPES)


def test_reviewed_log_reapplies_and_reports_unknown_entries(msna):
    log = CleaningLog()
    consent = {"column": "respondent_able_to_answer", "yes": "yes"}
    clean = wps.clean.clean_survey(msna, log=log, consent=consent, pii_columns=[])
    uuid = clean.main["_uuid"].iloc[0]
    reviewed = pd.DataFrame([
        {"uuid": uuid, "question": "respondent_age", "old_value": "", "new_value": "40",
         "change_type": "change_response"},
        {"uuid": clean.main["_uuid"].iloc[1], "question": "", "old_value": "", "new_value": "",
         "change_type": "remove_survey"},
        {"uuid": "no-such-uuid", "question": "respondent_age", "old_value": "", "new_value": "1",
         "change_type": "change_response"},
        {"uuid": uuid, "question": "no_such_question", "old_value": "", "new_value": "1",
         "change_type": "change_response"},
        {"uuid": uuid, "question": "respondent_age", "old_value": "", "new_value": "forty",
         "change_type": "change_response"},
    ])
    review_log = CleaningLog()
    out = wps.clean.apply_log(clean, reviewed, log=review_log)
    assert len(out.main) == len(clean.main) - 1
    assert str(out.main.loc[out.main["_uuid"] == uuid, "respondent_age"].iloc[0]) == "40"
    notes = review_log.to_frame()
    not_applied = notes[notes["issue"].str.startswith("reviewed entry not applied")]
    assert sorted(not_applied["issue"]) == ["reviewed entry not applied: 'forty' is not a number",
                                            "reviewed entry not applied: unknown question",
                                            "reviewed entry not applied: unknown uuid"]
    assert (notes["change_type"] == "remove_survey").sum() == 1


def test_reviewed_log_without_required_columns_is_refused(msna):
    with pytest.raises(wps.WpsError, match="lacks required columns"):
        wps.clean.apply_log(msna, pd.DataFrame({"uuid": ["x"]}), log=CleaningLog())
