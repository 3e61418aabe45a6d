"""`wpsresearch demo` generates the synthetic study's round 2 in a second process while round 1
is built (pipeline.monitoring.LaterRounds); a round that process could not write is generated
in-process, as before (#20)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from wpsresearch.pipeline.monitoring import LaterRounds

STUDY = Path(__file__).resolve().parents[2] / "data" / "raw" / "synthetic"


def _first_round(tmp_path) -> Path:
    study = tmp_path / "data" / "raw" / "synthetic"
    shutil.copytree(STUDY, study)
    return study


def test_round_2_is_written_by_a_second_process_and_listed(tmp_path):
    study = _first_round(tmp_path)
    folder = study.with_name("synthetic_round2")
    with LaterRounds(study) as later:
        written, failed = later.collect(2)
    assert failed is None and written
    assert sorted(p.name for p, _ in written) == sorted(p.name for p in folder.iterdir())
    assert all(p.parent == folder and what for p, what in written)
    assert "changes" in json.loads((folder / "truth.json").read_text(encoding="utf-8"))  # round 2's truth
    # the round exists now: nothing is started again
    with LaterRounds(study) as later:
        assert later.collect(2) == (None, None)


def test_a_round_the_process_could_not_write_is_left_to_the_caller(tmp_path):
    study = _first_round(tmp_path)
    study.with_name("synthetic_round2").write_text("not a folder", encoding="utf-8")
    with LaterRounds(study) as later:
        written, failed = later.collect(2)
    assert written is None and failed  # the reason, for the demo's progress line


def test_closing_ends_a_round_nobody_collected(tmp_path):
    study = _first_round(tmp_path)
    later = LaterRounds(study)
    process, = later._running.values()
    later.close()
    assert process.poll() is not None and later._running == {}
    assert not (study.with_name("synthetic_round2") / "study.yml").exists()
