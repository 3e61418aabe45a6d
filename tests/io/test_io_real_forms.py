"""Real MSNA XLSForms (REACH/IMPACT, MIT) and their template submissions."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest

import wpsresearch as wps

DATA = Path(__file__).resolve().parents[1] / "data" / "kobo"


def _assemble(prefix, out):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet in ("survey", "choices"):
        ws = workbook.create_sheet(sheet)
        with open(DATA / f"{prefix}_{sheet}.csv", encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                ws.append(row)
    workbook.save(out)
    return out


# Rows 66, 69, 79, 91 and 102 of the MSNA template's survey sheet hold only a label, a note
# to the form's designers ("Include these two questions, AS WELL AS the relevant case in
# your context"): pyxform refuses them ("Question with no type"), strict=False skips them.
DESIGNER_NOTES = [66, 69, 79, 91, 102]


@pytest.fixture(scope="module")
def msna_path(tmp_path_factory):
    return _assemble("msna_template_kobo", tmp_path_factory.mktemp("msna") / "msna.xlsx")


@pytest.fixture(scope="module")
def msna_form(msna_path):
    with pytest.warns(wps.errors.WpsWarning, match="note to the form's designers"):
        return wps.io.read_xlsform(msna_path, strict=False)


def test_msna_form_designer_notes_are_refused_by_row_then_skipped(msna_path, msna_form):
    with pytest.raises(wps.errors.FormError) as info:
        wps.io.read_xlsform(msna_path)
    assert (info.value.sheet, info.value.row) == ("survey", DESIGNER_NOTES[0])
    assert "Question with no type" in str(info.value) and "\n" not in str(info.value)
    skipped = next(w for w in msna_form.warnings if "designers" in w)
    assert [int(r) for r in re.findall(r"row (\d+):", skipped)] == DESIGNER_NOTES


def _survey_rows(prefix):
    with open(DATA / f"{prefix}_survey.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_msna_form_structure_matches_the_survey_sheet(msna_form):
    rows = _survey_rows("msna_template_kobo")
    selects = [r["name"] for r in rows if r["type"].startswith("select_multiple")]
    assert msna_form.select_multiple() == selects and len(selects) == 16
    assert msna_form.repeats() == ["hh_roster"]
    assert msna_form.languages == ["english"]
    assert msna_form.repeat_of("ind_gender") == "hh_roster"
    assert msna_form.other_of("hoh_civil_status") == "hoh_civil_status_other"
    first = next(r for r in rows if r["name"] == "hoh_age")
    assert msna_form.question("hoh_age")["relevant"] == first["relevant"]


def test_template_data_maps_every_question_the_form_defines(msna_form):
    sd = wps.io.read_kobo(DATA / "msna_template_data.csv", form=msna_form)
    with open(DATA / "msna_template_data.csv", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert len(sd.main) == 100
    assert sd.source.unknown_columns == []
    # every answer-holding field of the form is a column, except the audit log
    # (an attachment, never a column in Kobo exports)
    fields = [n for n in msna_form.data_names() if msna_form.question(n)["base_type"] != "audit"]
    assert [f for f in fields if f not in sd.main.columns] == []
    # every select_multiple option column of the file became <question>__<choice>
    options = [h for h in header if "/" in h]
    assert all(sd.source.column_map[h] == h.replace("/", "__") for h in options)
    assert sd.main["_uuid"].is_unique


def test_template_data_after_r_reads_the_same(msna_form, tmp_path):
    with open(DATA / "msna_template_data.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    # read.csv + write.csv: make.names headers; missing numbers/choices written as NA,
    # empty character cells stay "" (na.strings = "NA" only)
    text = {n for n in msna_form.names if msna_form.question(n)["base_type"] in
            ("text", "calculate")}
    mangled = [[wps.io.make_names(h) for h in rows[0]]]
    mangled += [[v if v != "" or h in text else "NA" for h, v in zip(rows[0], row)]
                for row in rows[1:]]
    path = tmp_path / "after_r.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(mangled)
    original = wps.io.read_kobo(DATA / "msna_template_data.csv", form=msna_form)
    after_r = wps.io.read_kobo(path, form=msna_form)
    assert any("NA" in w for w in after_r.source.warnings)
    assert list(after_r.main.columns) == list(original.main.columns)
    assert after_r.main.equals(original.main)


def test_msna_2024_form_problems_are_reported_by_row(tmp_path):
    path = _assemble("msna2024_kobotool_template__kobo", tmp_path / "msna2024.xlsx")
    with pytest.raises(wps.errors.FormError) as info:
        wps.io.read_xlsform(path)
    # pyxform stops at its first refusal: choice 'none' of list 'l_snfi_shelter_type' is on
    # choices rows 243 and 501 (checked by hand in the choices sheet)
    assert (info.value.sheet, info.value.row, info.value.column) == ("choices", 501, "name")
    with pytest.warns(wps.errors.WpsWarning) as caught:
        form = wps.io.read_xlsform(path, strict=False)
    repaired = str(caught[0].message)
    # checked by hand in the survey sheet: a select_one without a list (row 323), lists
    # 'l_snfi_fds_cannot_n' and 'l_binary_1_0' missing from the choices sheet
    rows = sorted(int(r) for r in re.findall(r"row (\d+):", repaired))
    assert rows == [323, 327, 338, 339, 341, 342, 343]
    assert "l_binary_1_0" in repaired and "choices sheet rows 501" in repaired
    assert form.question(form.variables.set_index("sheet_row").loc[338, "name"])[
        "base_type"] == "text"
    assert form.languages == ["english", "french"]
    assert form.question("household_geopoint")["base_type"] == "geopoint"  # 'gps' alias
    # labels in both languages, as the survey sheet writes them (checked by hand)
    assert form.label("enum_age", "fr") == "Quel est l'âge de l'enquêteur.rice ?"
    assert form.label("survey_modality", "fr") == "Modalités de l'entretien"
    assert form.question("enum_age")["sheet_row"] == 12
