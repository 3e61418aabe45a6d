"""The second test study (tests/data/studies/mics_test), built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SECOND = Path(__file__).resolve().parents[1] / "data" / "studies" / "mics_test"


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
    and analysistools' own list of analysis, as a study folder with a study.yml, built."""
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
    shutil.copy(data / "kobo" / "msna_template_data.csv", raw / "export.csv")
    shutil.copy(data / "kobo_reference" / "msna_template_loa_with_ratio.csv", raw / "loa.csv")
    (raw / "study.yml").write_text(
        'title: {en: "MSNA template (SYNTHETIC template data)", ar: "مسح تجريبي (بيانات مُصطنعة)"}\n'
        "synthetic: true\nform: form.xlsx\nsubmissions: export.csv\nprovinces: [ninewa]\n"
        "design: {}\nconsent: {column: respondent_able_to_answer, \"yes\": \"yes\"}\n"
        "secret_env: WPSRESEARCH_SECRET_MSNA\n"
        "analysis_plan: {file: loa.csv, missing_answers: include, proportion_ci: mean}\n",
        encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WPSRESEARCH_SECRET_MSNA", "test-only-secret-msna-0123456789abcdef")
        mp.setenv("HOME", str(project))
        build_study(raw)
    return project, raw
