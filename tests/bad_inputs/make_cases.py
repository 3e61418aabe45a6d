"""Write the catalogue of bad inputs (run once; the files are kept in the repository).

    python tests/bad_inputs/make_cases.py

Each file is one way a field export or a form arrives broken; ``cases.yml`` says which
reader must refuse it, with which error class, and what the message must name.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

import wpsresearch as wps

HERE = Path(__file__).parent
HEADER = ["start", "intro/consent", "respondent/age", "help/help_sought",
          "help/help_sought/police", "_uuid", "_index"]
ROWS = [["2024-05-01T09:00:00", "yes", "35", "police", "1", "u-1", "1"],
        ["2024-05-02T09:00:00", "yes", "41", "family", "0", "u-2", "2"],
        ["2024-05-03T09:00:00", "no", "", "", "", "u-3", "3"]]


def _csv(rows, sep=";"):
    return "".join(sep.join(f'"{c}"' for c in row) + "\n" for row in rows)


def _write(name, content):
    path = HERE / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def _form(name, survey, choices=None, sheets=("survey", "choices")):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    if "survey" in sheets:
        sheet = workbook.create_sheet("survey")
        for row in [["type", "name", "label::English (en)", "relevant"], *survey]:
            sheet.append(row)
    if "choices" in sheets:
        sheet = workbook.create_sheet("choices")
        for row in [["list_name", "name", "label::English (en)"],
                    *(choices or [["yn", "yes", "Yes"], ["yn", "no", "No"]])]:
            sheet.append(row)
    if "notes" in sheets:
        workbook.create_sheet("notes").append(["this workbook is not a form"])
    workbook.save(HERE / name)


def _xlsx(name, sheets: dict, merge=None):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if merge and title == merge[0]:
            sheet.merge_cells(merge[1])
    workbook.save(HERE / name)


def text_cases():
    good = _csv([HEADER, *ROWS])
    _write("empty.csv", b"")
    _write("whitespace_only.csv", "\n\n   \n")
    _write("truncated_in_quotes.csv", good[: good.rindex("u-2") + 2])
    _write("truncated_row.csv", good[: good.rindex(";\"u-3\"")] + "\n")
    _write("too_many_cells.csv", good.replace('"u-2";"2"', '"u-2";"2";"oops"'))
    _write("wrong_delimiter.csv", _csv([HEADER, *ROWS], sep=":"))
    _write("export_form_mismatch.csv", _csv([["hoh", "hh_size", "admin1", "wash_soap", "_uuid"],
                                      ["yes", "4", "admin1a", "no", "u-1"]]))
    _write("missing_uuid.csv", _csv([[h for h in HEADER if h != "_uuid"],
                                     *[r[:5] + r[6:] for r in ROWS]]))
    _write("duplicate_columns.csv", _csv([HEADER + ["respondent/age"],
                                          *[r + ["35"] for r in ROWS]]))
    _write("same_field_twice.csv", _csv([HEADER + ["age"], *[r + ["35"] for r in ROWS]]))
    _write("blank_header_cell.csv", _csv([HEADER[:2] + [""] + HEADER[3:], *ROWS]))
    _write("binary_garbage.csv", bytes(range(256)) * 8)
    _write("utf16_without_bom.csv", _csv([HEADER, *ROWS]).encode("utf-16-le"))
    lost = [HEADER, ["2024-05-01T09:00:00", "yes", "35", "police", "1", "u-1", "1"],
            ["2024-05-02T09:00:00", "yes", "?? ", "family", "0", "u-2", "2"]]
    text = _csv(lost).replace('"family"', '"family ر?ژين"')
    _write("lost_characters_cp1256.csv", text.encode("cp1256"))
    _write("csv_named_xlsx.xlsx", good)
    _write("truncated.xlsx", (HERE / "form.xlsx").read_bytes()[:900])
    _write("not_spss.sav", good)
    _write("garbage.sav", bytes(range(256)) * 4)
    _write("form_as_csv.xlsx", "type,name\ninteger,age\n")


def xlsx_cases():
    _xlsx("merged_header.xlsx", {"data": [HEADER, *ROWS]}, merge=("data", "B1:C1"))
    roster_head = ["household/roster/member_sex", "household/roster/member_age", "_index",
                   "_parent_table_name", "_parent_index"]
    _xlsx("orphan_roster.xlsx", {"Example": [HEADER, *ROWS],
                                 "roster": [roster_head, ["female", 30, 1, "Example", 1],
                                            ["male", 8, 2, "Example", 9]]})
    _xlsx("roster_without_parent_index.xlsx", {
        "Example": [HEADER, *ROWS],
        "roster": [roster_head[:3], ["female", 30, 1]]})


def form_cases():
    yes_no = ["select_one yn", "consent", "Consent?", ""]
    _form("form_missing_choice_list.xlsx", [yes_no, ["select_one sexes", "sex", "Sex", ""]])
    _form("form_no_survey_sheet.xlsx", [], sheets=("choices", "notes"))
    _form("form_duplicate_names.xlsx", [yes_no, ["integer", "age", "Age", ""],
                                        ["integer", "age", "Age again", ""]])
    _form("form_bad_relevant.xlsx", [yes_no, ["integer", "age", "Age",
                                              "${consent} = 'yes' and (${agee} > 3"]])
    _form("form_unclosed_group.xlsx", [["begin_group", "g", "G", ""], yes_no])
    _form("form_end_without_begin.xlsx", [yes_no, ["end_group", "", "", ""]])
    _form("form_unknown_type.xlsx", [yes_no, ["integr", "age", "Age", ""]])
    _form("form_select_without_list.xlsx", [yes_no, ["select_one", "sex", "Sex", ""]])
    _form("form_duplicate_choice.xlsx", [yes_no],
          choices=[["yn", "yes", "Yes"], ["yn", "no", "No"], ["yn", "yes", "Yes again"]])
    _form("form_question_without_name.xlsx", [yes_no, ["integer", "", "Age", ""]])
    _write("form_old_excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


def zip_cases():
    with zipfile.ZipFile(HERE / "odk_no_csv.zip", "w") as archive:
        archive.writestr("media/photo.jpg", b"\xff\xd8\xff")
    main = "intro-consent,respondent-age,meta-instanceID,KEY\nyes,35,uuid:a,uuid:a\n"
    roster = "member_sex,member_age,PARENT_KEY,KEY\nfemale,9,uuid:zzz,uuid:zzz/roster[1]\n"
    with zipfile.ZipFile(HERE / "odk_orphan_repeat.zip", "w") as archive:
        archive.writestr("wps.csv", main)
        archive.writestr("wps-roster.csv", roster)


if __name__ == "__main__":
    wps.io.write_example_form(HERE / "form.xlsx")
    text_cases()
    xlsx_cases()
    form_cases()
    zip_cases()
