"""No absolute path of this machine in any output (#14, point 7): the gate knows them, and the
executed notebook shows the study folder relative to the project."""

from __future__ import annotations

import nbformat

import wpsresearch as wps
from wpsresearch.privacy.gate import local_paths


def test_the_gate_finds_an_absolute_study_path(tmp_path):
    study_root = tmp_path / "project" / "data" / "raw" / "mystudy"
    study_root.mkdir(parents=True)
    ids = {"local_path": local_paths(study_root)}
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.json").write_text(f'{{"source": "{study_root}/export.csv"}}', encoding="utf-8")
    (tmp_path / "out" / "b.json").write_text('{"source": "data/raw/mystudy/export.csv"}', encoding="utf-8")
    found = wps.privacy.scan_outputs([tmp_path / "out"], identifiers=ids)
    assert [(f.file.rsplit("/", 1)[-1], f.kind.split(" (")[0]) for f in found] == [
        ("a.json", "an absolute path of this machine")]
    assert str(study_root) not in " ".join(map(str, found)).replace(str(tmp_path / "out"), "")
    assert str(tmp_path / "project") in ids["local_path"]  # the project above data/raw too


def test_short_paths_are_never_identifiers():
    assert local_paths(None) == set()
    assert not any(p in ("/", "/tmp", "/home") for p in local_paths("/tmp"))


def test_executed_notebook_shows_the_study_folder_relative(tmp_path):
    from wpsresearch.report.pipeline import EXECUTION_RECORD, _finish_execution

    study = tmp_path / "data" / "raw" / "mystudy"
    out = tmp_path / "reports" / "mystudy" / ".staging-basra-x" / "executed.ipynb"
    out.parent.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f'# Parameters\nstudy_dir = "{study}"\nprovince = "basra"\n')]
    nb.metadata["papermill"] = {"input_path": str(study / "x.ipynb")}
    nbformat.write(nb, str(out))
    published = _finish_execution(out, study)
    assert 'study_dir = "data/raw/mystudy"' in published.cells[0].source
    for path in (out, out.with_name(EXECUTION_RECORD)):
        assert str(tmp_path) not in path.read_text(encoding="utf-8")
    ids = {"local_path": local_paths(study)}
    assert wps.privacy.scan_outputs([out.parent], identifiers=ids) == []
