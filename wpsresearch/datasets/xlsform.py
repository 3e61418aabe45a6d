"""Write the study's XLSForm (``form.xlsx``): sheets ``survey``, ``choices``, ``settings``.

Examples
--------
>>> from wpsresearch.datasets.xlsform import form_bytes
>>> data = form_bytes()
>>> data[:2] == b"PK" and form_bytes() == data
True
"""

from __future__ import annotations

from wpsresearch.datasets.questionnaire import (
    CHOICES, FORM_ID, FORM_TITLE_AR, FORM_TITLE_EN, FORM_VERSION, survey_rows,
)

SURVEY_COLUMNS = ["type", "name", "label::English (en)", "label::Arabic (ar)", "relevant", "constraint",
                  "constraint_message::English (en)", "constraint_message::Arabic (ar)", "required", "choice_filter", "calculation", "appearance"]
CHOICE_COLUMNS = ["list_name", "name", "label::English (en)", "label::Arabic (ar)", "governorate"]
CONSTRAINT_MESSAGES_AR = {
    "Use the EA code from the sampling frame": "استخدم رمز منطقة العد من إطار المعاينة",
    "Between 1 and 30": "بين 1 و 30",
    "Between 1 and 40, and at least the number of adults": "بين 1 و 40، وليس أقل من عدد البالغين",
    "Between 0 and 120": "بين 0 و 120",
    "Adults 18 to 99 only": "البالغون من 18 إلى 99 فقط",
    "10 to current age, or 98/99": "من 10 إلى العمر الحالي، أو 98/99",
    "'No one' cannot be combined with other answers": "لا يمكن الجمع بين «لا أحد» وإجابات أخرى",
}
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language", "style"]


def choice_rows(enumerators: int = 40) -> list[list[str]]:
    """Rows of the ``choices`` sheet (districts carry a ``governorate`` column for the filter)."""
    from wpsresearch.datasets.geography import districts

    rows = []
    for list_name, choices in CHOICES.items():
        rows += [[list_name, n, en, ar, ""] for n, en, ar in choices]
    for i in range(1, enumerators + 1):
        rows.append(["enumerator", f"enum_{i:02d}", f"Enumerator {i:02d}", f"الباحث/ة {i:02d}", ""])
    d = districts().sort_values("adm2_pcode")
    for rec in d.itertuples(index=False):
        rows.append(["district", rec.adm2_pcode, rec.name_en, rec.name_ar, rec.province])
    return rows


def form_workbook():
    """The XLSForm as an openpyxl workbook."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(SURVEY_COLUMNS)
    for row in survey_rows():
        row = dict(row)
        en = row.get("constraint_message::English (en)")
        if en:
            row["constraint_message::Arabic (ar)"] = CONSTRAINT_MESSAGES_AR[en]
        ws.append([row.get(c, "") or None for c in SURVEY_COLUMNS])
    ch = wb.create_sheet("choices")
    ch.append(CHOICE_COLUMNS)
    for row in choice_rows():
        ch.append([v or None for v in row])
    st = wb.create_sheet("settings")
    st.append(SETTINGS_COLUMNS)
    st.append([f"{FORM_TITLE_EN} | {FORM_TITLE_AR}", FORM_ID, FORM_VERSION, "English (en)", "pages"])
    return wb


def form_bytes() -> bytes:
    """Deterministic XLSX bytes of the form."""
    from wpsresearch.datasets.xlsx_bytes import workbook_bytes

    return workbook_bytes(form_workbook())
