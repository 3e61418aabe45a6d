"""Readers: Kobo, ODK Central, SPSS and Excel exports into one shape, keyed on the XLSForm.

Every reader returns :class:`SurveyData` ``(main, repeats, codebook, source)``; answers stay
text (nothing becomes NaN silently), columns carry form names, and every problem is raised
as a :class:`wpsresearch.errors.WpsError` naming the file, row and column.
"""

from __future__ import annotations

from wpsresearch.io.analysis_plan import AnalysisPlan, PlanRow, read_analysis_plan
from wpsresearch.io.codebook import Codebook, language_code
from wpsresearch.text.digits import has_eastern_digits, normalize_digits, parse_number
from wpsresearch.io.example_form import example_form, write_example_form
from wpsresearch.io.header_map import dummy_name, make_names
from wpsresearch.io.kobo import read_kobo
from wpsresearch.io.odk_central import read_odk_central
from wpsresearch.io.spss import read_spss
from wpsresearch.io.excel import read_excel
from wpsresearch.io.survey_data import SourceInfo, SurveyData
from wpsresearch.io.xlsform import read_xlsform
from wpsresearch.io.exports import read_export
from wpsresearch.io.processed import read_processed

__all__ = [
    "AnalysisPlan", "Codebook", "PlanRow", "SourceInfo", "SurveyData", "dummy_name", "example_form", "has_eastern_digits",
    "language_code", "make_names", "normalize_digits", "parse_number", "read_analysis_plan", "read_excel",
    "read_export", "read_kobo", "read_odk_central", "read_processed", "read_spss", "read_xlsform",
    "write_example_form",
]
