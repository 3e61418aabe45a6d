"""Round 2 of the SYNTHETIC study: stated true changes, byte-deterministic, round 1 untouched."""

from __future__ import annotations

import hashlib
import json

import pytest

import wpsresearch as wps
from wpsresearch.datasets.rounds import round_parameters, round_population, true_changes


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def round2(tmp_path_factory):
    a, b = tmp_path_factory.mktemp("r2a"), tmp_path_factory.mktemp("r2b")
    for out in (a, b):
        wps.datasets.write_synthetic_study(out, n=96, seed=3, messy=False, round=2)
    return a, b


def test_round2_is_byte_deterministic(round2):
    a, b = round2
    assert _digest(a) == _digest(b)


def test_round2_states_its_true_changes(round2):
    a, _ = round2
    truth = json.loads((a / "truth.json").read_text(encoding="utf-8"))
    assert truth["round"] == 2 and truth["synthetic"] is True
    for ind, values in truth["changes"].items():
        for area, d in values.items():
            assert d == pytest.approx(truth["values"][ind][area] - truth["round_1_values"][ind][area], abs=1e-12)
    # parameters rounds.yml leaves alone give a true change of exactly zero
    assert truth["changes"]["ipv_physical_12m"]["kirkuk"] == 0.0
    assert truth["changes"]["trust_police_index"]["baghdad"] == 0.0
    assert truth["changes"]["trust_police_index"]["basra"] > 0.05
    study = wps.Study.load(a)
    assert "round 2" in study.title_in("en") and study.synthetic
    assert "Round 2" in (a / "README.md").read_text(encoding="utf-8")


def test_round2_written_from_round1s_truth_is_the_same_bytes(round2, tmp_path, monkeypatch):
    # the demo hands round 1's folder over so round 1's population is not made again
    # (round_truth's first_round); the files must be exactly those computed from scratch
    import wpsresearch.datasets.rounds as rounds

    first = tmp_path / "r1"
    wps.datasets.write_synthetic_study(first, n=96, seed=3, messy=False)

    def not_again(*args, **kwargs):
        raise AssertionError("round 1's population made again")

    monkeypatch.setattr(rounds, "round_population", not_again)
    out = tmp_path / "r2"
    wps.datasets.write_synthetic_study(out, n=96, seed=3, messy=False, round=2, first_round=first)
    assert _digest(out) == _digest(round2[0])


def test_first_round_values_used_only_for_the_same_round1(tmp_path):
    from wpsresearch.datasets.rounds import first_round_values

    truth = {"seed": 3, "scale": 0.5, "values": {k: {"overall": 0.25} for k in
                                                  ("ipv_physical_12m", "ipv_any_12m", "reported_formal",
                                                   "trust_police_index")}}
    assert first_round_values(truth, seed=3, scale=0.5) == {"values": truth["values"]}
    assert first_round_values(truth, seed=4, scale=0.5) is None  # another population
    assert first_round_values(truth, seed=3, scale=1.0) is None
    assert first_round_values({**truth, "round": 2}, seed=3, scale=0.5) is None  # a later round's truth
    assert first_round_values({**truth, "values": {"ipv_any_12m": {"overall": 0.25}}}, seed=3, scale=0.5) is None
    assert first_round_values(None, seed=3, scale=0.5) is None
    # a folder without a readable truth.json: computed again, nothing refused
    out = tmp_path / "r2"
    (tmp_path / "empty").mkdir()
    wps.datasets.write_synthetic_study(out, n=96, seed=3, messy=False, round=2, first_round=tmp_path / "empty")
    assert json.loads((out / "truth.json").read_text(encoding="utf-8"))["round"] == 2


def test_round1_population_and_parameters_are_unchanged():
    from wpsresearch.datasets.parameters import load_parameters

    assert round_parameters(1) == load_parameters() and round_parameters(2) != load_parameters()
    p1 = round_population(1, seed=2, scale=0.25)
    base = wps.datasets.make_population(seed=2, scale=0.25)
    assert p1.eas.equals(base.eas)
    t1, t2 = (wps.datasets.population_truth(p) for p in (p1, round_population(2, seed=2, scale=0.25)))
    ch = true_changes(t1, t2)
    assert ch["ipv_any_12m"]["basra"] < 0 and ch["ipv_any_12m"]["kirkuk"] == 0.0


def test_cli_round_option():
    from wpsresearch.cli import build_parser

    args = build_parser().parse_args(["synth", "--round", "2"])
    assert args.round == 2 and args.out is None
    with pytest.raises(SystemExit):
        build_parser().parse_args(["synth", "--round", "7"])
