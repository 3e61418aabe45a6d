"""A small XLSForm in memory, shaped like the synthetic study's form, for examples and tests."""

from __future__ import annotations

__all__ = ["example_form", "write_example_form"]

_EN, _AR = "label::English (en)", "label::Arabic (ar)"
_SURVEY = [
    # type, name, English, Arabic, relevant
    ("start", "start", "", "", ""),
    ("end", "end", "", "", ""),
    ("today", "today", "", "", ""),
    ("begin_group", "intro", "Introduction", "مقدمة", ""),
    ("select_one yes_no", "consent", "Do you agree to take part?", "هل توافقين على المشاركة؟", ""),
    ("end_group", "intro", "", "", ""),
    ("begin_group", "location", "Location", "الموقع", "${consent} = 'yes'"),
    ("select_one governorate", "governorate", "Governorate", "المحافظة", ""),
    ("integer", "psu", "Enumeration area", "منطقة العد", ""),
    ("calculate", "weight", "", "", ""),
    ("end_group", "location", "", "", ""),
    ("begin_group", "household", "Household", "الأسرة", "${consent} = 'yes'"),
    ("integer", "hh_size", "Household size", "حجم الأسرة", ""),
    ("begin_repeat", "roster", "Household members", "أفراد الأسرة", ""),
    ("select_one sex", "member_sex", "Sex", "الجنس", ""),
    ("integer", "member_age", "Age", "العمر", ""),
    ("end_repeat", "roster", "", "", ""),
    ("end_group", "household", "", "", ""),
    ("begin_group", "respondent", "Respondent", "المستجيبة", "${consent} = 'yes'"),
    ("text", "respondent_name", "Name", "الاسم", ""),
    ("geopoint", "gps", "Location", "الموقع الجغرافي", ""),
    ("integer", "age", "How old are you?", "كم عمرك؟", ""),
    ("date", "interview_date", "Interview date", "تاريخ المقابلة", ""),
    ("end_group", "respondent", "", "", ""),
    ("begin_group", "help", "Help", "المساعدة", "${consent} = 'yes'"),
    ("select_multiple help_source", "help_sought", "Where did you seek help?",
     "أين طلبتِ المساعدة؟", ""),
    ("text", "help_sought_other", "Other: specify", "أخرى: حددي", "selected(${help_sought}, 'other')"),
    ("end_group", "help", "", "", ""),
]
_CHOICES = [
    ("yes_no", "yes", "Yes", "نعم"), ("yes_no", "no", "No", "لا"),
    ("governorate", "basra", "Basra", "البصرة"), ("governorate", "kirkuk", "Kirkuk", "كركوك"),
    ("governorate", "baghdad", "Baghdad", "بغداد"),
    ("governorate", "salah_ad_din", "Salah al-Din", "صلاح الدين"),
    ("sex", "female", "Female", "أنثى"), ("sex", "male", "Male", "ذكر"),
    ("help_source", "police", "Police", "الشرطة"),
    ("help_source", "fpd", "Family Protection Directorate", "مديرية حماية الأسرة"),
    ("help_source", "family", "Family", "العائلة"),
    ("help_source", "no_one", "No one", "لا أحد"),
    ("help_source", "other", "Other", "أخرى"),
]


def _sheets():
    survey = [["type", "name", _EN, _AR, "relevant", "calculation"]]
    for type_, name, en, ar, relevant in _SURVEY:
        calc = "1" if type_ == "calculate" else ""
        survey.append([type_, name, en, ar, relevant, calc])
    choices = [["list_name", "name", _EN, _AR], *[list(c) for c in _CHOICES]]
    settings = [["form_title", "form_id", "default_language"],
                ["Example WPS form", "wps_example", "English (en)"]]
    return {"survey": survey, "choices": choices, "settings": settings}


def write_example_form(path):
    """Write the example form as an XLSX XLSForm (for tests and tutorials)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in _sheets().items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def example_form():
    """The example form as a :class:`~wpsresearch.io.Codebook` (read through read_xlsform).

    Examples
    --------
    >>> form = example_form()
    >>> form.select_multiple(), form.repeats(), form.other_of("help_sought")
    (['help_sought'], ['roster'], 'help_sought_other')
    >>> form.path("member_age"), form.label("age", "ar")
    ('household/roster/member_age', 'كم عمرك؟')
    """
    import dataclasses
    import tempfile
    from pathlib import Path

    from wpsresearch.io.xlsform import read_xlsform

    with tempfile.TemporaryDirectory() as folder:
        form = read_xlsform(write_example_form(Path(folder) / "example_form.xlsx"))
    return dataclasses.replace(form, source="example_form (wpsresearch.io)")
