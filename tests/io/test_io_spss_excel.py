"""SPSS .sav (labels, user-missing codes) and plain Excel sheets."""

from __future__ import annotations

import sys

import openpyxl
import pandas as pd
import pyreadstat
import pytest

import wpsresearch as wps


@pytest.fixture()
def sav(tmp_path):
    frame = pd.DataFrame({"ipv_slap": [1.0, 2.0, 98.0, 99.0, None, 5.0],
                          "district": ["IQG02Q01", "", "IQG13Q03", "x", "y", "z"],
                          "age": [25.0, 98.0, 41.0, 30.0, 33.0, 60.0]})
    path = tmp_path / "partner.sav"
    pyreadstat.write_sav(
        frame, str(path), column_labels=["Slapped by partner", "District", "Age"],
        variable_value_labels={"ipv_slap": {1.0: "Often", 2.0: "Sometimes", 98.0: "Don't know",
                                            99.0: "Refused"}},
        missing_ranges={"ipv_slap": [98.0, 99.0]})
    return path


def test_spss_keeps_user_missing_codes_and_labels(sav):
    # haven::read_sav(user_na = TRUE) keeps 98/99 as values; pyreadstat's default drops them
    default = pyreadstat.read_sav(str(sav))[0]["ipv_slap"]
    assert default.isna().sum() == 3  # the trap the reader avoids
    sd = wps.io.read_spss(sav)
    assert sd.main["ipv_slap"].tolist() == ["1", "2", "98", "99", pd.NA, "5"]
    assert sd.main["age"].tolist()[1] == "98"  # a real age of 98 stays 98
    assert sd.main["source_row"].tolist() == [1, 2, 3, 4, 5, 6]
    assert sd.codebook.label("ipv_slap") == "Slapped by partner"
    assert sd.codebook.label("ipv_slap", choice="99") == "Refused"
    assert sd.codebook.question("ipv_slap")["base_type"] == "select_one"
    assert sd.source.format == "spss"
    assert sd.source.warnings == ["column 'ipv_slap': code(s) ['5'] have no value label "
                                  "(kept as they are)"]


def test_excel_without_and_with_form(tmp_path, form):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(["intro/consent", "respondent/age", "help/help_sought", "note from partner"])
    ws.append(["yes", 35, "police other", "ok"])
    ws.append(["no", None, None, None])
    ws.append([None, None, None, None])
    ws.append(["yes", "٤٥", "family", "call back"])
    wb.save(tmp_path / "sheet.xlsx")
    plain = wps.io.read_excel(tmp_path / "sheet.xlsx")
    assert list(plain.main.columns)[:3] == ["source_row", "intro/consent", "respondent/age"]
    assert plain.main["source_row"].tolist() == [2, 3, 5]
    keyed = wps.io.read_excel(tmp_path / "sheet.xlsx", form=form)
    assert keyed.main["age"].tolist() == ["35", pd.NA, "٤٥"]
    assert keyed.main["help_sought__other"].tolist() == ["1", pd.NA, "0"]
    assert keyed.source.unknown_columns == ["note from partner"]


def test_xlsx_reads_the_same_without_calamine(tmp_path, form, render, monkeypatch):
    path = render.kobo_xlsx(tmp_path / "export.xlsx")
    fast = wps.io.read_kobo(path, form=form)
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # import fails: openpyxl path
    slow = wps.io.read_kobo(path, form=form)
    pd.testing.assert_frame_equal(fast.main, slow.main)
    pd.testing.assert_frame_equal(fast.repeats["roster"], slow.repeats["roster"])


@pytest.fixture()
def partner_sav(tmp_path):
    """A partner's .sav of the example form, as R's haven or SPSS writes one: coded answers
    with value labels (Arabic for governorate), 98/99 declared user-missing, R-style option
    columns, no submission id."""
    frame = pd.DataFrame({
        "consent": [1.0, 1.0, 2.0, 1.0],
        "governorate": [2.0, 1.0, None, 3.0],
        "age": [34.0, 98.0, None, 99.0],
        "help_sought": ["police family", "other", "", "no_one"],
        "help_sought.police": [1.0, 0.0, None, 0.0],
        "help_sought.other": [0.0, 1.0, None, 0.0],
        "partner_note": ["a", "b", "c", "d"],
    })
    path = tmp_path / "partner.sav"
    pyreadstat.write_sav(
        frame, str(path),
        variable_value_labels={"consent": {1.0: "Yes", 2.0: "No"},
                               "governorate": {1.0: "كركوك", 2.0: "البصرة", 3.0: "Baghdad "},
                               "age": {98.0: "Don't know", 99.0: "Refused"}},
        missing_ranges={"age": [98.0, 99.0]})
    return path


def test_spss_with_the_form_is_read_like_any_export(partner_sav, form):
    sd = wps.io.read_spss(partner_sav, form=form)
    main = sd.main
    assert main["consent"].tolist() == ["yes", "yes", "no", "yes"]
    assert main["governorate"].tolist() == ["basra", "kirkuk", pd.NA, "baghdad"]
    assert main["help_sought__police"].tolist() == ["1", "0", pd.NA, "0"]
    assert main["age"].tolist() == ["34", "98", pd.NA, "99"]  # codes kept; cleaning names them
    assert sd.source.missing_codes == {"age": {"98": "dont_know", "99": "refused"}}
    assert main["_uuid"].tolist() == ["case-1", "case-2", "case-3", "case-4"]
    assert any("case number" in w for w in sd.source.warnings)
    assert sd.codebook is form and sd.source.unknown_columns == ["partner_note"]
    # what the file declares missing is recoded and logged, never an age of 98
    log = wps.clean.CleaningLog()
    clean = wps.clean.clean_survey(sd, log=log, consent={"column": "consent", "yes": "yes"})
    assert clean.main["age"].tolist() == [34, pd.NA, pd.NA]
    assert clean.main["age__missing"].tolist() == [pd.NA, "dont_know", "refused"]
    logged = log.to_frame()
    assert set(logged.loc[logged["check_id"] == "missing_code", "old_value"]) == {"98", "99"}


def test_a_study_can_say_a_declared_code_is_a_real_value(partner_sav, form):
    sd = wps.io.read_spss(partner_sav, form=form)
    clean = wps.clean.clean_survey(sd, log=wps.clean.CleaningLog(), missing_codes={"age": {}},
                                   consent={"column": "consent", "yes": "yes"})
    assert clean.main["age"].tolist() == [34, 98, 99]


def test_names_spss_cut_at_64_bytes_find_their_field(tmp_path, write_form):
    long_q = "reasons_for_not_reporting_the_incident_to_the_police"
    long_opt = "did_not_trust_the_police_to_keep_it_confidential"
    form = wps.io.read_xlsform(write_form(
        tmp_path / "form.xlsx",
        [["type", "name", "label"], ["select_one yn", "consent", "Consent?"],
         [f"select_multiple why", long_q, "Why not?"], ["integer", "age", "Age"]],
        [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"],
         ["why", long_opt, "Did not trust"], ["why", "shame", "Shame"]]))
    cut = f"{long_q}.{long_opt}"[:64]
    frame = pd.DataFrame({"consent": [1.0, 1.0], long_q: [long_opt, "shame"],
                          cut: [1.0, 0.0], f"{long_q}.shame": [0.0, 1.0],
                          "age": [30.0, 41.0]})
    path = tmp_path / "cut.sav"
    pyreadstat.write_sav(frame, str(path), variable_value_labels={"consent": {1.0: "Yes",
                                                                              2.0: "No"}})
    sd = wps.io.read_spss(path, form=form)
    assert sd.main[f"{long_q}__{long_opt}"].tolist() == ["1", "0"]
    assert sd.source.unknown_columns == []
    assert sd.source.column_map[cut] == f"{long_q}__{long_opt}"
    assert not any("have no value label" in w for w in sd.source.warnings)
