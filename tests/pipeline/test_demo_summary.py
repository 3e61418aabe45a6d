"""The demo ends with a summary a person reads; the full list goes to manifest.json."""

from __future__ import annotations

import json
from pathlib import Path

from wpsresearch.pipeline.demo import demo_summary, write_demo_manifest


def _written(root: Path):
    rows = []
    for province in ("basra", "kirkuk", "baghdad", "salah_ad_din", "comparison"):
        for lang in ("en", "ar"):
            for page in ("report", "factsheet") if province != "comparison" else ("report",):
                for ext in ("html", "pdf"):
                    rows.append((root / "reports/synthetic" / province / lang / f"{page}.{ext}", "x"))
        rows.append((root / "reports/synthetic" / province / "executed.ipynb", "notebook"))
    rows += [(root / f"data/processed/synthetic/t{i}.csv", "data") for i in range(6)]
    rows += [(root / f"figures/synthetic/campaign/c{i}.png", "image") for i in range(300)]
    return rows


def test_summary_is_short_and_lists_reports_first_one_line_per_province(tmp_path):
    written = _written(tmp_path)
    manifest = write_demo_manifest(written, tmp_path, "synthetic")
    lines = demo_summary([*written, (manifest, "list")], tmp_path)
    assert len(lines) <= 10 < len(written)
    assert lines[0].startswith("Reports and fact sheets")
    provinces = [line.split()[0] for line in lines[1:6]]
    assert provinces == ["baghdad", "basra", "kirkuk", "salah_ad_din", "comparison"]
    assert "reports/synthetic/basra/  en/report  ar/report  en/factsheet  ar/factsheet" in lines[2]
    assert lines[-1] == f"Every file written ({len(written) + 1}): reports/synthetic/manifest.json"


def test_manifest_lists_every_file_relative_to_the_project(tmp_path):
    written = _written(tmp_path)
    path = write_demo_manifest(written, tmp_path, "synthetic")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["files"]) == len(written)
    assert {"path": "reports/synthetic/basra/ar/report.pdf", "what": "x"} in data["files"]
    assert all(not row["path"].startswith("/") for row in data["files"])


# ---------------------------------------------------------------- demo --out: one project
def test_demo_refuses_a_study_outside_the_out_project_before_building(tmp_path):
    """The build would write <out>/data/processed while the reports read the study's own
    data/processed: the demo stops with a clear error instead of showing an older build."""
    import shutil

    import pytest

    from wpsresearch.errors import InputError
    from wpsresearch.pipeline.demo import run_demo

    study = tmp_path / "elsewhere" / "data" / "raw" / "synthetic"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data" / "raw" / "synthetic", study)
    out = tmp_path / "project"

    class _Progress:
        def step(self, message):
            pass

        bar = None

    before = {p: p.read_bytes() for p in study.iterdir()}
    with pytest.raises(InputError) as caught:
        run_demo(study, out_root=out, progress=_Progress(), regenerate=True)
    message = str(caught.value)
    assert "not in the project" in message and "study.yml" in message
    assert f"--out {tmp_path / 'elsewhere'}" in message
    assert not out.exists()  # nothing was built
    assert {p: p.read_bytes() for p in study.iterdir()} == before  # nor regenerated


def test_demo_without_study_uses_the_synthetic_study_under_out(tmp_path, monkeypatch):
    import wpsresearch.pipeline.demo as demo
    from wpsresearch.cli import main

    seen = {}

    def fake_run_demo(study_dir, *, out_root, progress, regenerate=False):
        seen.update(study=Path(study_dir), out=Path(out_root))
        return []

    monkeypatch.setattr(demo, "run_demo", fake_run_demo)
    assert main(["-q", "demo", "--out", str(tmp_path)]) == 0
    assert seen == {"study": tmp_path / "data" / "raw" / "synthetic", "out": tmp_path}
