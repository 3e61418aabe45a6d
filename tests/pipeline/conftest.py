"""A small copy of the SYNTHETIC study (its first rows) that a test may edit: add export
columns the form does not have, change study.yml.  data/raw is never written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
STUDY = ROOT / "data" / "raw" / "synthetic"
SECRET = "a-test-secret-that-is-long-enough-0123456789"


def copy_study(folder: Path, *, rows: int = 400, edit_rows=None, yml=None) -> Path:
    """``folder/data/raw/<name>``: form, sampling frame, the first ``rows`` submissions
    (``edit_rows(frame) -> frame`` may change them) and study.yml (``yml(text) -> text``)."""
    study = folder / "data" / "raw" / folder.name
    study.mkdir(parents=True)
    for name in ("form.xlsx", "sampling_frame.csv"):
        shutil.copy(STUDY / name, study / name)
    raw = pd.read_csv(STUDY / "export.csv", sep=";", dtype=str, keep_default_na=False).head(rows)
    if edit_rows is not None:
        raw = edit_rows(raw)
    raw.to_csv(study / "export.csv", sep=";", index=False, encoding="utf-8")
    text = (STUDY / "study.yml").read_text(encoding="utf-8")
    # a few hundred rows are unique on the full keys (the build would rightly warn): coarse
    # keys unless a test sets its own
    text = re.sub(r"key_variables: \[.*\]", "key_variables: [adm1_pcode, sex]", text)
    (study / "study.yml").write_text(yml(text) if yml else text, encoding="utf-8")
    return study


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("WPSRESEARCH_SECRET_SYNTHETIC", SECRET)
    return SECRET


@pytest.fixture(scope="session")
def study_copier():
    """:func:`copy_study`, for tests (conftest modules are not importable)."""
    return copy_study
