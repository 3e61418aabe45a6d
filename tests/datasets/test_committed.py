"""The committed studies in data/raw/synthetic (round 1) and data/raw/synthetic_round2 are what
`wpsresearch synth` (and `wpsresearch synth --round 2`) regenerate."""

from __future__ import annotations

from pathlib import Path

import pytest

import wpsresearch as wps
from wpsresearch.datasets.study_writer import DEFAULT_N, DEFAULT_SEED, FILES, _frame_csv, _scale, _study_yml
from wpsresearch.datasets.xlsform import form_bytes

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
COMMITTED = RAW / "synthetic"
ROUNDS = {1: COMMITTED, 2: RAW / "synthetic_round2"}
both_rounds = pytest.mark.parametrize("round_, folder", list(ROUNDS.items()), ids=["round1", "round2"])


@both_rounds
def test_committed_study_is_complete_and_within_budget(round_, folder):
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(FILES)
    assert sum(p.stat().st_size for p in folder.iterdir()) <= 10_000_000


@both_rounds
def test_committed_form_and_config_match_a_fresh_build(round_, folder):
    assert (folder / "form.xlsx").read_bytes() == form_bytes()
    assert (folder / "study.yml").read_text(encoding="utf-8") == _study_yml(round_)


@both_rounds
def test_committed_sampling_frame_matches_a_fresh_draw(round_, folder):
    from wpsresearch.datasets.rounds import round_parameters, round_sample_seed
    from wpsresearch.datasets.sampling import field_sample

    pop = wps.datasets.make_population(DEFAULT_SEED, _scale(DEFAULT_N), params=round_parameters(round_))
    fs = field_sample(pop, DEFAULT_N, round_sample_seed(DEFAULT_SEED, round_))
    assert (folder / "sampling_frame.csv").read_bytes() == _frame_csv(pop, fs)


@both_rounds
def test_study_loads(round_, folder):
    study = wps.Study.load(folder)
    assert study.synthetic is True
    assert ("round 2" in study.title_in("en")) == (round_ == 2)


def test_the_second_round_states_its_true_changes():
    import json

    truth = json.loads((ROUNDS[2] / "truth.json").read_text(encoding="utf-8"))
    first = json.loads((ROUNDS[1] / "truth.json").read_text(encoding="utf-8"))
    assert truth["round"] == 2 and truth["round_1_values"] == first["values"]
    for indicator, change in truth["changes"].items():
        for area, d in change.items():
            assert d == pytest.approx(truth["values"][indicator][area] - first["values"][indicator][area], abs=1e-12)


@pytest.mark.slow
@both_rounds
def test_committed_study_is_a_byte_identical_regeneration(tmp_path, round_, folder):
    written = wps.datasets.write_synthetic_study(tmp_path, round=round_)
    for path, _ in written:
        assert path.read_bytes() == (folder / path.name).read_bytes(), path.name
