"""The committed study in data/raw/synthetic is what `wpsresearch synth` regenerates."""

from __future__ import annotations

from pathlib import Path

import pytest

import wpsresearch as wps
from wpsresearch.datasets.study_writer import DEFAULT_N, DEFAULT_SEED, FILES, _frame_csv, _scale, _study_yml
from wpsresearch.datasets.xlsform import form_bytes

COMMITTED = Path(__file__).resolve().parents[2] / "data" / "raw" / "synthetic"


def test_committed_study_is_complete_and_within_budget():
    names = sorted(p.name for p in COMMITTED.iterdir())
    assert names == sorted(FILES)
    assert sum(p.stat().st_size for p in COMMITTED.iterdir()) <= 10_000_000


def test_committed_form_and_config_match_a_fresh_build():
    assert (COMMITTED / "form.xlsx").read_bytes() == form_bytes()
    assert (COMMITTED / "study.yml").read_text(encoding="utf-8") == _study_yml()


def test_committed_sampling_frame_matches_a_fresh_draw():
    from wpsresearch.datasets.sampling import field_sample

    pop = wps.datasets.make_population(DEFAULT_SEED, _scale(DEFAULT_N))
    fs = field_sample(pop, DEFAULT_N, DEFAULT_SEED + 1)
    assert (COMMITTED / "sampling_frame.csv").read_bytes() == _frame_csv(pop, fs)


def test_study_loads():
    study = wps.Study.load(COMMITTED)
    assert study.synthetic is True


@pytest.mark.slow
def test_committed_study_is_a_byte_identical_regeneration(tmp_path):
    written = wps.datasets.write_synthetic_study(tmp_path)
    for path, _ in written:
        assert path.read_bytes() == (COMMITTED / path.name).read_bytes(), path.name
