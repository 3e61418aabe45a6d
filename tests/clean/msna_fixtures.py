"""Fixtures shared by the cleaning tests (imported by the modules that use them: a
``conftest.py`` here would sort before ``tests/conftest.py`` and clash with it under
``--doctest-modules``): the real MSNA Kobo form (REACH/IMPACT, MIT) and its
template submissions, built once per session — as a form, as read data, and as a study folder
with a minimal study.yml (the way a new user would set up an export the package never saw)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

import wpsresearch as wps

KOBO = Path(__file__).resolve().parents[1] / "data" / "kobo"
MSNA_CONSENT = {"column": "respondent_able_to_answer", "yes": "yes"}
MSNA_SECRET = "msna-test-secret-long-enough-0123456789abcdef"


def _write_form(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in ("survey", "choices"):
        ws = wb.create_sheet(sheet)
        with open(KOBO / f"msna_template_kobo_{sheet}.csv", encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                ws.append(row)
    wb.save(path)
    return path


@pytest.fixture(scope="session")
def msna_form(tmp_path_factory):
    return _write_form(tmp_path_factory.mktemp("msna_form") / "msna.xlsx")


@pytest.fixture(scope="session")
def msna(msna_form):
    # the template's survey sheet has rows holding only a note to the form's designers, which
    # pyxform refuses: strict=False skips them (and says so)
    with pytest.warns(wps.errors.WpsWarning, match="note to the form's designers"):
        codebook = wps.io.read_xlsform(msna_form, strict=False)
    return wps.io.read_kobo(KOBO / "msna_template_data.csv", form=codebook)


MSNA_STUDY_YML = """\
title: {en: "MSNA template data (REACH/IMPACT analysistools test data)"}
form: form.xlsx
submissions: export.csv
provinces: [baghdad]
design: {ids: cluster_id}
consent: {column: respondent_able_to_answer, "yes": "yes"}
checks: {outlier_sd: 3, duplicate_columns: [admin1, admin2, admin3, cluster_id],
         enumerator_column: admin1, soft_duplicate_max_differences: 7}
secret_env: WPSRESEARCH_SECRET_MSNA
form_repairs: true
"""


@pytest.fixture(scope="session")
def msna_study(tmp_path_factory, msna_form):
    """data/raw/msna: the MSNA form and export with a minimal study.yml."""
    root = tmp_path_factory.mktemp("msna_study") / "data" / "raw" / "msna"
    root.mkdir(parents=True)
    shutil.copy(msna_form, root / "form.xlsx")
    shutil.copy(KOBO / "msna_template_data.csv", root / "export.csv")
    (root / "study.yml").write_text(MSNA_STUDY_YML, encoding="utf-8")
    return root
