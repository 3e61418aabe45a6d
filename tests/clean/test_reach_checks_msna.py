"""The REACH checks on material nobody here wrote — the MSNA Kobo form and its template
submissions (REACH/IMPACT, MIT): every "other" text is listed, each check runs, and no
automatic change other than the deterministic list happens (also on the synthetic study)."""

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.clean import AUTOMATIC_CHECKS, CleaningLog
from msna_fixtures import msna, msna_form  # noqa: F401 (fixtures)

KOBO = Path(__file__).resolve().parents[1] / "data" / "kobo"
MSNA_CONSENT = {"column": "respondent_able_to_answer", "yes": "yes"}

ROOT = Path(__file__).resolve().parents[2]


def _other_text_columns():
    """Text questions of the MSNA survey sheet named ``…_other`` / ``…_other_vN``, read from the
    sheet itself (not through the package)."""
    with open(KOBO / "msna_template_kobo_survey.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["name"] for r in rows if r["type"].strip() == "text"
            and re.search(r"_other(_v\d+)?$", r["name"])}


def test_other_text_list_equals_the_non_empty_other_answers(msna):
    """cleaningtools::check_others with var_list = the ``_other`` texts: one "recode other"
    entry per non-empty answer, nothing else."""
    raw = pd.read_csv(KOBO / "msna_template_data.csv", dtype=str, keep_default_na=False)
    expected = set()
    for col in _other_text_columns() & set(raw.columns):
        for uuid, text in zip(raw["uuid"], raw[col]):
            if text.strip() and text != "NA":
                expected.add((uuid, col, text))
    assert len(expected) > 20
    log = CleaningLog()
    wps.clean.recode_other(msna, log=log)
    e = log.to_frame()
    listed = e[e["check_id"] == "other_text"]
    assert set(zip(listed["uuid"], listed["question"], listed["old_value"])) == expected
    assert len(listed) == len(expected) and set(listed["change_type"]) == {"no_action"}


def _assert_only_deterministic_changes(sd, frame):
    """Every entry that changed data is one of the deterministic repairs or policy removals,
    and each of those changed only what its rule allows."""
    changes = frame[frame["change_type"] != "no_action"]
    assert set(changes["check_id"]) <= set(AUTOMATIC_CHECKS) | {"pseudonymise"}
    cb = sd.codebook
    for row in changes.itertuples():
        if row.check_id == "other_recode" and row.change_type == "change_response" and "__" not in row.question:
            # only a text that is exactly one choice's label or name
            texts = frame[(frame["check_id"] == "other_text") & (frame["uuid"] == row.uuid)
                          & (frame["source_row"] == row.source_row)]
            assert any(row.new_value.split()[-1] in t for t in texts["new_value"]), row
        elif row.check_id == "type_conversion" and row.change_type == "blank_response":
            base = cb.question(row.question)["base_type"]
            assert base in {"integer", "decimal", "range", "date"}, row
            parsed = wps.io.parse_number(pd.Series([row.old_value], dtype="string")).iloc[0]
            assert pd.isna(parsed) or base == "integer" or base == "date", row
        elif row.check_id == "type_conversion":
            assert "__" in row.question, row  # a select_multiple dummy set from its answer
        elif row.check_id == "choice_label":
            assert row.new_value in set(cb.choices_for(row.question)["name"].astype(str)), row


def test_msna_no_change_outside_the_deterministic_list(msna):
    log = CleaningLog()
    wps.clean.clean_survey(msna, log=log, consent=MSNA_CONSENT, pii_columns=[])
    frame = log.to_frame()
    _assert_only_deterministic_changes(msna, frame)
    assert (frame["change_type"] == "no_action").sum() > 1000  # the checks flag; they change nothing


def test_synthetic_study_no_change_outside_the_deterministic_list():
    study = wps.Study.load(ROOT / "data" / "raw" / "synthetic")
    sd = study.read_submissions()
    log = CleaningLog(pii_columns=study.pii_columns)
    wps.clean.clean_survey(sd, study=study, log=log)
    _assert_only_deterministic_changes(sd, log.to_frame())


def test_each_reach_check_runs_on_the_msna_data(msna):
    """check_outliers, check_duplicate (chosen columns), check_soft_duplicates per group,
    check_duration (no audit, no start/end: said), enumerator summary — on real data."""
    log = CleaningLog()
    wps.clean.clean_survey(msna, log=log, consent=MSNA_CONSENT, pii_columns=[], checks_config={
        "duplicate_columns": ["admin1", "admin2", "admin3"], "enumerator_column": "admin1",
        "outlier_method": "iqr"})
    frame = log.to_frame()
    counts = frame["check_id"].value_counts()
    assert counts.get("outlier", 0) > 0 and counts.get("duplicate_columns", 0) > 0
    assert counts.get("other_text", 0) > 0
    assert "not checked" in frame.loc[frame["check_id"] == "duration", "issue"].iloc[0]
    summary = wps.clean.enumerator_summary(msna.main, frame, by="admin1")
    assert summary["interviews"].sum() == len(msna.main)
    assert summary["flagged_any"].sum() > 0
