"""pipeline.later_rounds: the demo's second process builds the synthetic study's later rounds
as this process would, hands back its steps, warnings and identifiers, raises its errors here,
and never leaves the demo waiting for a process that is gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import wpsresearch as wps
from wpsresearch.pipeline.later_rounds import LaterRounds
from wpsresearch.pipeline.monitoring import build_later_rounds, generated_first_round, monitor_rounds

SECOND = Path(__file__).resolve().parents[1] / "data" / "studies" / "mics_test"


def _copy_rounds(project, to):
    for part in ("data/raw/synthetic", "data/raw/synthetic_round2"):
        shutil.copytree(project / part, to / part)
    return to / "data/raw/synthetic"


def test_later_rounds_are_built_in_a_second_process_as_in_this_one(recorded_progress, built_rounds, tmp_path,
                                                                   monkeypatch):
    """Round 2 built in the second process writes what the same build writes here, and its
    steps and warnings reach this process."""
    project, _ = built_rounds
    monkeypatch.setenv("WPSRESEARCH_SECRET_SYNTHETIC", "test-only-secret-0123456789abcdefghij")
    _copy_rounds(project, tmp_path / "a")
    _copy_rounds(project, tmp_path / "b")
    here = recorded_progress()
    with pytest.warns(wps.errors.WpsWarning, match="unique on the key variables"):
        expected = build_later_rounds(tmp_path / "a/data/raw/synthetic", out_root=tmp_path / "a", progress=here)
    there = recorded_progress()
    with LaterRounds(tmp_path / "b/data/raw/synthetic", tmp_path / "b") as later:
        with pytest.warns(wps.errors.WpsWarning, match="unique on the key variables"):
            written = later.finish(there)
    built_there = [s for s in there.steps if not s.startswith("indicator store:")]
    assert [s.replace(str(tmp_path / "b"), "") for s in built_there] == \
           [s.replace(str(tmp_path / "a"), "") for s in here.steps]
    assert any("building round 2" in s for s in there.steps)
    # round 2 is published to the project's store there; the demo publishes round 1 after
    assert [s.split(" (")[0] for s in there.steps if s.startswith("indicator store:")] == \
           ["indicator store: synthetic_round2 published"]
    assert later.published == (tmp_path / "b/data/raw/synthetic_round2",)
    with wps.monitor.IndicatorStore.open(tmp_path / "b/data/indicators.duckdb", read_only=True) as store:
        assert list(store.studies()["study"]) == ["synthetic_round2 (SYNTHETIC)"]
    assert [(p.relative_to(tmp_path / "b"), what) for p, what in written] == \
           [(p.relative_to(tmp_path / "a"), what) for p, what in expected]
    # the identifiers the second process read are known here: the scorecard's gate reads no export
    from wpsresearch.privacy import gate

    monkeypatch.setattr(gate, "_identifier_values", lambda study: pytest.fail("read again"))
    round2 = wps.Study.load(tmp_path / "b/data/raw/synthetic_round2")
    assert gate.study_identifiers(round2)["submission_id"]
    for p, _ in expected:
        if p.suffix == ".parquet":
            assert (tmp_path / "b" / p.relative_to(tmp_path / "a")).read_bytes() == p.read_bytes()


def test_an_error_in_the_second_process_is_raised_here_with_its_file(recorded_progress, built_rounds, tmp_path):
    project, _ = built_rounds
    _copy_rounds(project, tmp_path)
    broken = tmp_path / "data/raw/synthetic_round2/study.yml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    with LaterRounds(tmp_path / "data/raw/synthetic", tmp_path) as later:
        with pytest.raises(wps.errors.WpsError) as caught:
            later.finish(recorded_progress())
    assert caught.value.file is not None and "study.yml" in str(caught.value.file)
    assert later._proc is None  # stopped


def test_only_the_generated_study_has_later_rounds(recorded_progress, built_rounds, tmp_path):
    """Another synthetic study (the MICS-style test study says `synthetic: true`) gets no
    second process and no round 2 of the package's study written beside it."""
    project, _ = built_rounds
    assert generated_first_round(project / "data/raw/synthetic")
    assert not generated_first_round(project / "data/raw/synthetic_round2")  # a later round itself
    second = tmp_path / "data" / "raw" / "mics_test"
    shutil.copytree(SECOND, second)
    assert wps.Study.load(second).synthetic and not generated_first_round(second)
    with LaterRounds(second, tmp_path) as later:
        assert later._proc is None and later.finish(recorded_progress()) == []
    assert monitor_rounds(second, out_root=tmp_path, progress=recorded_progress()) == []
    assert sorted(p.name for p in (tmp_path / "data" / "raw").iterdir()) == ["mics_test"]


def test_a_second_process_that_dies_is_an_error_here_not_a_wait(recorded_progress, built_rounds, tmp_path,
                                                                 monkeypatch):
    project, _ = built_rounds
    monkeypatch.setenv("WPSRESEARCH_SECRET_SYNTHETIC", "test-only-secret-0123456789abcdefghij")
    study = _copy_rounds(project, tmp_path)
    with LaterRounds(study, tmp_path) as later:
        later._proc.kill()
        with pytest.raises(wps.errors.ReportError, match="stopped without a result"):
            later.finish(recorded_progress())
    assert later._proc is None


def test_leaving_the_block_stops_the_second_process(built_rounds, tmp_path, monkeypatch):
    """An error in the demo (or Ctrl-C) while round 2 is being built leaves no process behind."""
    project, _ = built_rounds
    monkeypatch.setenv("WPSRESEARCH_SECRET_SYNTHETIC", "test-only-secret-0123456789abcdefghij")
    study = _copy_rounds(project, tmp_path)
    with pytest.raises(KeyboardInterrupt):
        with LaterRounds(study, tmp_path, regenerate=True) as later:
            proc = later._proc
            raise KeyboardInterrupt
    assert proc.poll() is not None and later._proc is None


def test_told_round_1_is_built_it_writes_the_scorecard_the_demo_would(recorded_progress, built_rounds, tmp_path,
                                                                     monkeypatch):
    """Told that round 1 is built, the second process publishes every round and writes the
    scorecard: the same files, steps and store as the demo's own monitoring step."""
    project, _ = built_rounds
    monkeypatch.setenv("WPSRESEARCH_SECRET_SYNTHETIC", "test-only-secret-0123456789abcdefghij")
    studies = {}
    for side in ("here", "there"):
        studies[side] = _copy_rounds(project, tmp_path / side)
        shutil.copytree(project / "data/processed/synthetic", tmp_path / side / "data/processed/synthetic")
    here = recorded_progress()
    with pytest.warns(wps.errors.WpsWarning, match="unique on the key variables"):
        expected = monitor_rounds(studies["here"], out_root=tmp_path / "here", progress=here)
    there = recorded_progress()
    with LaterRounds(studies["there"], tmp_path / "there") as later:
        later.first_round_built(wps.Study.load(studies["there"]))
        with pytest.warns(wps.errors.WpsWarning, match="unique on the key variables"):
            written = monitor_rounds(studies["there"], out_root=tmp_path / "there", progress=there, later=later)
    assert later.reported
    assert [(p.relative_to(tmp_path / "there"), what) for p, what in written] == \
           [(p.relative_to(tmp_path / "here"), what) for p, what in expected]
    assert any(p.parts[-2:] == ("monitor", "scorecard_en.html") for p, _ in written)
    # the same steps; there round 2 is published before round 1 (while round 1 was being built)
    assert sorted(s.replace(str(tmp_path / "there"), "") for s in there.steps) == \
           sorted(s.replace(str(tmp_path / "here"), "") for s in here.steps)
    for p, _ in expected:
        if p.suffix in (".csv", ".html"):
            assert (tmp_path / "there" / p.relative_to(tmp_path / "here")).read_bytes() == p.read_bytes(), p.name
    with wps.monitor.IndicatorStore.open(tmp_path / "there/data/indicators.duckdb", read_only=True) as store:
        assert sorted(store.studies()["study"]) == ["synthetic (SYNTHETIC)", "synthetic_round2 (SYNTHETIC)"]


def test_not_told_it_ends_after_its_rounds_and_the_demo_reports(recorded_progress, built_rounds, tmp_path,
                                                                monkeypatch):
    """Without the word (an error before round 1 was built, or a caller that reports itself)
    the second process does not wait for it: finish() ends its input, and nothing is reported."""
    project, _ = built_rounds
    monkeypatch.setenv("WPSRESEARCH_SECRET_SYNTHETIC", "test-only-secret-0123456789abcdefghij")
    study = _copy_rounds(project, tmp_path)
    with LaterRounds(study, tmp_path) as later:
        with pytest.warns(wps.errors.WpsWarning, match="unique on the key variables"):
            later.finish(recorded_progress())
    assert not later.reported and not (tmp_path / "reports" / "monitor").exists()
