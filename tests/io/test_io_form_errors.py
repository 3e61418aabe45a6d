"""Every way pyxform refuses a form ends as one line naming the sheet, the row and the column.

Each form is broken in one place, written here; pyxform itself (the reference) must refuse
it, and the FormError must point at the broken cell, worked out by hand from the rows below
(the header is row 1).  Many of pyxform's messages carry ``[row : N]``; the others (an
unknown type, a duplicate header, a parameter, a missing sheet) are located by what they name.
"""

from __future__ import annotations

import pytest

import wpsresearch as wps

H = ["type", "name", "label"]
CH = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]

CASES = {  # name: (survey, choices, settings, (sheet, row, column), words of the message)
    "duplicate_header": ([["type", "name", "label", "label"], ["text", "a", "A", "B"]], CH,
                         None, ("survey", 1, "label"), "Duplicate column header"),
    "no_type_column": ([["name", "label"], ["a", "A"]], CH, None, ("survey", 1, None),
                       "required column headers were not found: 'type'"),
    "no_choices_sheet": ([H, ["text", "a", "A"], ["select_one yn", "q", "Q"]], None, None,
                         ("survey", 3, "type"), "There should be a choices sheet"),
    "repeat_name_twice": ([H, ["begin repeat", "r", "R"], ["text", "a", "A"],
                           ["end repeat", "", ""], ["begin group", "g", "G"],
                           ["begin repeat", "r", "R2"], ["text", "b", "B"],
                           ["end repeat", "", ""], ["end group", "", ""]], CH, None,
                          ("survey", 6, "name"), "Repeat names must unique"),
    "space_in_choice": ([H, ["select_multiple sp", "q", "Q"]],
                        [["list_name", "name", "label"], ["sp", "ok", "OK"], ["sp", "a b", "AB"]],
                        None, ("choices", 3, "name"), "Choice names with spaces"),
    "bad_randomize": ([[*H, "parameters"], ["text", "a", "A", ""],
                       ["select_one yn", "q", "Q", "randomize=maybe"]], CH, None,
                      ("survey", 3, "parameters"), "randomize must be set to true or false"),
    "seed_alone": ([[*H, "parameters"], ["text", "a", "A", ""],
                    ["select_one yn", "q", "Q", "seed=3"]], CH, None,
                   ("survey", 3, "parameters"), "Parameters must include randomize=true"),
    "max_pixels": ([[*H, "parameters"], ["text", "a", "A", ""],
                    ["image", "i", "I", "max-pixels=abc"]], CH, None,
                   ("survey", 3, "parameters"), "max-pixels must have an integer value"),
    "calculation_missing": ([H, ["text", "a", "A"], ["calculate", "c", ""]], CH, None,
                            ("survey", 3, "calculation"), "Missing calculation"),
    "external_without_sheet": ([[*H, "choice_filter"], ["text", "a", "A", ""],
                                ["select_one_external cities", "c", "C", "a=${a}"]], CH, None,
                               ("survey", 3, "type"), "external_choices sheet"),
    "unknown_reference": ([H, ["text", "a", "A"], ["note", "n", "Hello ${zz}"]], CH, None,
                          ("survey", 3, "label"), "Could not find the name 'zz'"),
    "choice_label_reference": ([H, ["select_one yn", "q", "Q"]],
                               [["list_name", "name", "label"], ["yn", "yes", "Yes ${zz}"]],
                               None, ("choices", 2, "label"), "Could not find the name 'zz'"),
    "choice_without_name": ([H, ["select_one yn", "q", "Q"]],
                            [["list_name", "name", "label"], ["yn", "yes", "Yes"],
                             ["yn", "", "No"]], None, ("choices", 3, "name"),
                            "Choices must have a name"),
    "bad_name": ([H, ["text", "a", "A"], ["text", "1abc", "B"]], CH, None,
                 ("survey", 3, "name"), "Names must begin with a letter"),
    "loop_over_no_list": ([H, ["text", "a", "A"], ["begin loop over nolist", "l", "L"],
                           ["text", "x", "X"], ["end loop", "", ""]], CH, None,
                          ("survey", 3, "type"), "nolist"),
    "or_other_with_filter": ([[*H, "choice_filter"], ["text", "a", "A", ""],
                              ["select_one yn or_other", "q", "Q", "name=${a}"]], CH, None,
                             ("survey", 3, "type"), "Choice filter not supported with or_other"),
    "settings_reference": ([H, ["text", "a", "A"]], CH,
                           [["form_id", "instance_name"], ["x", "concat(${zz})"]],
                           ("settings", 2, "instance_name"), "Could not find the name 'zz'"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_refused_form_names_sheet_row_and_column(tmp_path, write_form, pyxform_reference,
                                                   name):
    survey, choices, settings, where, words = CASES[name]
    path = write_form(tmp_path / f"{name}.xlsx", survey, choices, settings)
    assert isinstance(pyxform_reference(path), Exception), "pyxform converts this form"
    with pytest.raises(wps.errors.FormError) as info:
        wps.io.read_xlsform(path)
    error = info.value
    assert (error.sheet, error.row, error.column) == where, str(error)
    assert words in error.message and "\n" not in str(error)
    assert path.name in str(error) and "What to do:" in str(error)


def test_a_file_that_is_no_workbook_is_refused_before_pyxform(tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_text("type,name,label\ntext,a,A\n", encoding="utf-8")
    with pytest.raises(wps.errors.InputError, match="not an XLSX file"):
        wps.io.read_xlsform(path)
    ods = tmp_path / "form.ods"
    ods.write_bytes(b"PK\x03\x04")
    with pytest.raises(wps.errors.FormError, match="save the form as .xlsx"):
        wps.io.read_xlsform(ods)
