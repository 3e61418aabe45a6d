"""study.yml ``checks:``: the keys clean_survey reads are the keys study.py accepts, each is
documented in docs/cleaning.md, and a misspelt key is refused with a suggestion."""

import re
from pathlib import Path

import pytest

import wpsresearch as wps
from wpsresearch.clean import AUTOMATIC_CHECKS
from wpsresearch.study import CHECK_KEYS

ROOT = Path(__file__).resolve().parents[2]


def test_every_check_key_and_automatic_check_is_documented():
    doc = (ROOT / "docs" / "cleaning.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_0-9]+)`", doc))
    assert set(CHECK_KEYS) <= named
    assert set(AUTOMATIC_CHECKS) <= named


def test_clean_survey_reads_only_declared_keys():
    source = (ROOT / "wpsresearch" / "clean" / "pipeline.py").read_text(encoding="utf-8")
    read = set(re.findall(r"cfg(?:\.get\(|\[)\"([a-z_0-9]+)\"", source))
    assert read and read <= set(CHECK_KEYS)


def test_misspelt_check_key_is_refused(tmp_path):
    study = ROOT / "data" / "raw" / "synthetic"
    text = (study / "study.yml").read_text(encoding="utf-8").replace(
        "checks: {", "checks: {colection_start: 2026-03-01, ")
    for name in ("form.xlsx", "export.csv", "sampling_frame.csv"):
        (tmp_path / name).write_bytes((study / name).read_bytes())
    (tmp_path / "study.yml").write_text(text, encoding="utf-8")
    with pytest.raises(wps.errors.StudyConfigError, match="did you mean 'collection_start'"):
        wps.Study.load(tmp_path, check_form=False)
