"""Codebook built from an XLSForm: names, groups, repeats, labels in every language."""

from __future__ import annotations

import pytest

import wpsresearch as wps


def test_codebook_api(form):
    assert {"consent", "governorate", "psu", "weight", "help_sought", "roster",
            "member_age"} <= form.names
    assert form.languages == ["English (en)", "Arabic (ar)"]
    assert form.language_codes() == {"English (en)": "en", "Arabic (ar)": "ar"}
    assert form.label("governorate", "ar", choice="basra") == "البصرة"
    assert form.label("governorate", "Arabic (ar)") == "المحافظة"
    assert form.select_multiple() == ["help_sought"]
    assert form.other_of("help_sought") == "help_sought_other"
    assert form.other_of("governorate") is None
    assert form.repeats() == ["roster"]
    assert form.path("consent") == "intro/consent"
    assert form.repeat_of("member_sex") == "roster" and form.repeat_of("age") is None
    assert form.choices_for("help_sought")["name"].tolist() == [
        "police", "fpd", "family", "no_one", "other"]
    row = form.question("help_sought_other")
    assert row["relevant"] == "selected(${help_sought}, 'other')"
    assert row["group"] == "help" and row["sheet_row"] == 28
    assert form.settings["form_id"] == "wps_example"
    v = form.variables
    assert v.loc[v["name"] == "weight", "base_type"].item() == "calculate"
    assert {"name", "type", "base_type", "list_name", "group", "repeat", "relevant",
            "constraint", "required", "choice_filter", "calculation", "sheet_row",
            "label::English (en)", "label::Arabic (ar)"} <= set(v.columns)
    with pytest.raises(wps.errors.CodebookError, match="no question named 'agee'"):
        form.question("agee")
    assert "roster" in form.summary() or "repeat" in form.summary()


def test_form_label_spellings(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Survey"
    ws.append(["Type", "Name", "Label", "label :: Kurdish (ckb)", "required"])
    ws.append(["begin group", "g", "G", "گ", ""])
    ws.append(["select one yn or_other", "q", "Q?", "پ؟", "true"])
    ws.append(["end group", "", "", "", ""])
    ch = wb.create_sheet("choices")
    ch.append(["list name", "name", "label"])
    ch.append(["yn", "yes", "Yes"])
    wb.save(tmp_path / "f.xlsx")
    form = wps.io.read_xlsform(tmp_path / "f.xlsx")
    assert form.languages == ["default", "Kurdish (ckb)"]
    assert form.language_codes()["Kurdish (ckb)"] == "ckb"
    q = form.question("q")
    assert (q["base_type"], q["list_name"], q["or_other"], q["group"]) == (
        "select_one", "yn", True, "g")
    assert form.label("q", "ckb") == "پ؟"


def test_digits_follow_the_unicode_tables():
    import pandas as pd

    arabic = "".join(chr(0x0660 + i) for i in range(10))
    extended = "".join(chr(0x06F0 + i) for i in range(10))
    assert wps.io.normalize_digits(arabic) == "0123456789"
    assert wps.io.normalize_digits(extended) == "0123456789"
    got = wps.io.parse_number(pd.Series(["١٬٢٠٠٫٥", "٪١٥", "abc", None, "۹۸"]))
    assert got.tolist() == [1200.5, 15.0, pd.NA, pd.NA, 98.0]
    assert wps.io.normalize_digits("أربيل ٢") == "أربيل 2"  # letters untouched
