"""Small ``SurveyData`` for the cleaning tests, answers as text as the readers return them
(imported by the test modules that use it, as ``msna_fixtures`` is)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import wpsresearch as wps
from wpsresearch.io import SourceInfo, SurveyData

FORM = wps.io.example_form()


def survey_data(main, roster=None, form=FORM) -> SurveyData:
    """``SurveyData`` of ``main`` (dicts or a frame of answers) and an optional ``roster``
    repeat; ``source_row`` as a CSV export numbers them, ``_uuid``/``_index`` added if absent."""
    main = pd.DataFrame(main).astype("string")
    main["source_row"] = np.arange(2, len(main) + 2)
    if "_uuid" not in main:
        main["_uuid"] = [f"u{i}" for i in range(len(main))]
    if "_index" not in main:
        main["_index"] = [str(i + 1) for i in range(len(main))]
    repeats = {}
    if roster is not None:
        rep = pd.DataFrame(roster).astype("string")
        rep["source_row"] = np.arange(2, len(rep) + 2)
        repeats["roster"] = rep
    return SurveyData(main, repeats, form, SourceInfo("test.csv", "kobo_csv"))
