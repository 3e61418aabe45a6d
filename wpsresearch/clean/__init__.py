"""Cleaning steps, each ``(data, *, log, ...) -> data``, and the CleaningLog that accounts for every change.

:func:`clean_survey` runs them in a documented order (see :mod:`wpsresearch.clean.pipeline`).
A check flags, a person decides: only the steps in :data:`AUTOMATIC_CHECKS` change data by
themselves; every other check is a ``no_action`` entry with a suggested value, and
:func:`apply_log` applies the reviewed decisions (:mod:`wpsresearch.clean.review`; the REACH
checks and their ``cleaningtools`` equivalents are listed in ``docs/cleaning.md``).
"""

from __future__ import annotations

from wpsresearch.clean.checks import flag_constraints, flag_missingness, flag_outliers, flag_skip_logic
from wpsresearch.clean.identifiers import drop_identifiers
from wpsresearch.clean.log import ALL_DATA, CHANGE_TYPES, LOG_COLUMNS, REDACTED, CleaningLog
from wpsresearch.clean.fieldwork import enumerator_summary, flag_dates_outside, flag_duplicates, flag_gps_distance
from wpsresearch.clean.pipeline import AUTOMATIC_CHECKS, clean_survey
from wpsresearch.clean.review import apply_log, deletion_log, review_sheets
from wpsresearch.clean.places import match_place_names, pcode_of
from wpsresearch.clean.submissions import (
    drop_duplicate_uuids,
    drop_no_consent,
    drop_test_submissions,
    flag_short_interviews,
    flag_soft_duplicates,
)
from wpsresearch.clean.types import apply_form_types
from wpsresearch.clean.others import other_text_questions, recode_other
from wpsresearch.clean.values import MISSING_CATEGORIES, convert_digits, recode_missing

__all__ = [
    "ALL_DATA", "AUTOMATIC_CHECKS", "CHANGE_TYPES", "LOG_COLUMNS", "MISSING_CATEGORIES", "REDACTED", "CleaningLog",
    "apply_form_types", "apply_log", "clean_survey", "convert_digits", "deletion_log", "drop_duplicate_uuids",
    "drop_identifiers", "drop_no_consent", "drop_test_submissions", "enumerator_summary",
    "flag_constraints", "flag_dates_outside", "flag_duplicates", "flag_gps_distance",
    "flag_missingness", "flag_outliers", "flag_short_interviews", "flag_skip_logic",
    "flag_soft_duplicates", "match_place_names", "other_text_questions", "pcode_of", "recode_missing", "recode_other",
    "review_sheets",
]
