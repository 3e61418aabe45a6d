"""The export gate reads a study's raw export once per process (#20): the build's reading is
kept for the report and scorecard gates, keyed on the files read and the study's settings."""

from __future__ import annotations

import dataclasses
import os

import pytest

from wpsresearch.privacy import gate
from wpsresearch.study import Study


@pytest.fixture
def reads(monkeypatch):
    """Counts the times the raw export is read for the gate."""
    calls = []
    real = gate._identifier_values

    def counted(study):
        calls.append(study.submissions)
        return real(study)

    monkeypatch.setattr(gate, "_identifier_values", counted)
    gate.forget_identifiers()
    yield calls
    gate.forget_identifiers()


def test_read_once_and_each_caller_gets_its_own_sets(tmp_path, study_copier, reads):
    study = Study.load(study_copier(tmp_path / "cache", rows=120))
    first = gate.study_identifiers(study)
    first["submission_id"].add("planted-by-a-caller")
    second = gate.study_identifiers(Study.load(study.root))
    assert len(reads) == 1
    assert "planted-by-a-caller" not in second["submission_id"] and second["submission_id"]


def test_a_changed_export_or_study_setting_is_read_again(tmp_path, study_copier, reads):
    study = Study.load(study_copier(tmp_path / "cache", rows=120))
    before = gate.study_identifiers(study)
    # another pii column: the same files, another study
    gate.study_identifiers(dataclasses.replace(study, pii_columns=(*study.pii_columns, "enumerator")))
    assert len(reads) == 2
    # the export edited on disk (the mtime moves even within the clock's resolution)
    text = study.submissions.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    study.submissions.write_text("".join(lines[:60]), encoding="utf-8")
    st = study.submissions.stat()
    os.utime(study.submissions, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    after = gate.study_identifiers(study)
    assert len(reads) == 3
    assert after["submission_id"] < before["submission_id"]


def test_the_build_reading_is_the_gate_reading(tmp_path, study_copier, secret, reads):
    from wpsresearch.pipeline.build import build_study

    folder = study_copier(tmp_path / "built", rows=120)
    build_study(folder, out=tmp_path / "processed")
    kept = gate.study_identifiers(Study.load(folder))
    assert reads == []  # the build's reading was kept
    gate.forget_identifiers()
    assert kept == gate.study_identifiers(Study.load(folder)) and len(reads) == 1
