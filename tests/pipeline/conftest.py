"""Studies for the build tests: a small copy of the SYNTHETIC study (its first rows) that a test
may edit (add export columns the form does not have, change study.yml; data/raw is never
written); the second test study (tests/data/studies/mics_test) and IMPACT's MSNA template as
studies, built once per session."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
STUDY = ROOT / "data" / "raw" / "synthetic"
SECOND = Path(__file__).resolve().parents[1] / "data" / "studies" / "mics_test"
SECRET = "a-test-secret-that-is-long-enough-0123456789"


def copy_study(folder: Path, *, rows: int = 400, edit_rows=None, yml=None) -> Path:
    """``folder/data/raw/<name>``: form, sampling frame, the first ``rows`` submissions
    (``edit_rows(frame) -> frame`` may change them) and study.yml (``yml(text) -> text``)."""
    study = folder / "data" / "raw" / folder.name
    study.mkdir(parents=True)
    for name in ("form.xlsx", "sampling_frame.csv", "analysis_plan.csv", "report_cells.py"):
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



@pytest.fixture(scope="session")
def second_study(tmp_path_factory):
    """``(project, study_dir)``: the MICS-style study copied to ``data/raw`` and built."""
    from wpsresearch.pipeline.build import build_study

    project = tmp_path_factory.mktemp("second_study")
    raw = project / "data" / "raw" / "mics_test"
    shutil.copytree(SECOND, raw)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WPSRESEARCH_SECRET_MICS_TEST", "test-only-secret-mics-0123456789abcdef")
        mp.setenv("HOME", str(project))
        build_study(raw)
    return project, raw


@pytest.fixture(scope="session")
def msna_study(tmp_path_factory):
    """``(project, study_dir)``: IMPACT's real MSNA Kobo form, its R-touched template export
    and analysistools' own list of analysis, as a study folder with a study.yml (the province
    written as people write it), built."""
    import csv

    import openpyxl

    from wpsresearch.pipeline.build import build_study

    data = Path(__file__).resolve().parents[1] / "data"
    project = tmp_path_factory.mktemp("msna_study")
    raw = project / "data" / "raw" / "msna"
    raw.mkdir(parents=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in ("survey", "choices"):
        ws = wb.create_sheet(sheet)
        with open(data / "kobo" / f"msna_template_kobo_{sheet}.csv", encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                ws.append(row)
    wb.save(raw / "form.xlsx")
    export = pd.read_csv(data / "kobo" / "msna_template_data.csv", dtype=str,
                         keep_default_na=False)
    # analysistools analysed every row (tests/data/kobo_reference): here the consent question
    # says yes for all of them, so that the built study's results can be compared with its
    export["respondent_able_to_answer"] = "yes"
    export.to_csv(raw / "export.csv", index=False)
    shutil.copy(data / "kobo_reference" / "msna_template_loa_with_ratio.csv", raw / "loa.csv")
    (raw / "study.yml").write_text(
        'title: {en: "MSNA template (SYNTHETIC template data)", ar: "مسح تجريبي (بيانات مُصطنعة)"}\n'
        "synthetic: true\nform: form.xlsx\nsubmissions: export.csv\nprovinces: [Ninewa]\n"
        "design: {}\nconsent: {column: respondent_able_to_answer, \"yes\": \"yes\"}\n"
        "secret_env: WPSRESEARCH_SECRET_MSNA\nform_repairs: true\n"
        "analysis_plan: {file: loa.csv, missing_answers: include, proportion_ci: mean}\n"
        # analysistools suppresses nothing: every number can be compared with its results
        "disclosure: {min_cell: 1, min_n: 1, zeros_disclosive: false}\n",
        encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WPSRESEARCH_SECRET_MSNA", "test-only-secret-msna-0123456789abcdef")
        mp.setenv("HOME", str(project))
        build_study(raw)
    return project, raw
