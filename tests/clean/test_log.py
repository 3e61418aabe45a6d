"""CleaningLog: the REACH/IMPACT contract, redaction of identifiers, reviewable workbook."""

import hashlib

import openpyxl
import pytest

import wpsresearch as wps
from wpsresearch.clean import LOG_COLUMNS, CleaningLog
from wpsresearch.errors import InputError


def _entry(**kw):
    base = dict(uuid="u1", question="age", old_value="٣٥", new_value="35", issue="digits",
                change_type="change_response", check_id="arabic_digits", source_row=7)
    base.update(kw)
    return base


def test_columns_are_the_reach_contract_plus_table_and_source_row():
    assert LOG_COLUMNS[:7] == ("uuid", "question", "old_value", "new_value", "issue",
                               "change_type", "check_id")
    assert LOG_COLUMNS[7:] == ("table", "source_row")
    frame = CleaningLog().to_frame()
    assert list(frame.columns) == list(LOG_COLUMNS) and len(frame) == 0


def test_unknown_change_type_is_refused():
    with pytest.raises(InputError, match="unknown change_type 'delete'"):
        CleaningLog().add(**_entry(change_type="delete"))


def test_identifier_values_are_never_logged():
    log = CleaningLog(pii_columns={"phone"})
    log.add(**_entry(question="phone", old_value="0770 123 4567", new_value="07701234567"))
    log.add(**_entry(question="respondent_name", old_value="Zainab Ali", new_value="",
                     change_type="blank_response", check_id="pii", uuid="all_data"))
    log.protect(["gps"])
    log.add(**_entry(question="gps", old_value="30.5 47.8 0 5", new_value=""))
    text = log.to_frame().to_csv()
    for secret in ("0770", "4567", "Zainab", "30.5"):
        assert secret not in text
    assert (log.to_frame()["old_value"] == "[redacted]").all()


def test_missing_values_become_empty_text_and_floats_stay_readable():
    log = CleaningLog()
    log.add(**_entry(old_value=None, new_value=35.0))
    row = log.to_frame().iloc[0]
    assert row["old_value"] == "" and row["new_value"] == "35"


def test_removed_rows_and_counts():
    log = CleaningLog()
    log.add(**_entry(change_type="remove_survey", check_id="consent", source_row=4))
    log.add(**_entry(change_type="remove_survey", check_id="duplicate_uuid", source_row=9))
    log.add(**_entry(change_type="remove_survey", check_id="x", table="roster", source_row=2))
    assert log.removed_rows() == {4, 9}
    assert log.removed_rows("roster") == {2}
    assert log.counts().to_dict() == {"consent": 1, "duplicate_uuid": 1, "x": 1}


def test_workbook_has_change_type_dropdown_and_is_deterministic(tmp_path):
    log = CleaningLog()
    log.add(**_entry())
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    log.to_excel(a)
    log.to_excel(b)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    ws = openpyxl.load_workbook(a)["cleaning_log"]
    assert [c.value for c in ws[1]] == list(LOG_COLUMNS)
    (dv,) = ws.data_validations.dataValidation
    assert dv.formula1 == '"change_response,blank_response,remove_survey,no_action"'
    assert "F2" in dv.sqref
    assert ws["C2"].value == "٣٥"


def test_csv_has_bom_for_excel(tmp_path):
    log = CleaningLog()
    log.add(**_entry())
    path = log.to_csv(tmp_path / "log.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_log_refuses_to_write_into_raw(tmp_path):
    with pytest.raises(wps.WpsError, match="raw-data folder"):
        CleaningLog().to_csv(tmp_path / "data" / "raw" / "s" / "log.csv")


@pytest.mark.parametrize("planted", ["call 0770/839/7129", "write x.y@example.org",
                                     "Ask Ahmed Barzani", "077\u200b01234567"])
def test_log_never_holds_a_planted_identifier(planted):
    from wpsresearch.clean.log import CleaningLog

    log = CleaningLog()
    log.add(uuid="a", question="q", old_value=planted, new_value=planted, issue="x",
            change_type="change_response", check_id="c")
    log.add_many(uuids=["b"], question="q", old_values=[planted], new_values=["35"], issue="x",
                 change_type="change_response", check_id="c")
    text = log.to_frame()[["old_value", "new_value"]].to_string()
    for frag in ("0770", "7129", "example.org", "Barzani", "Ahmed", "01234567"):
        assert frag not in text
