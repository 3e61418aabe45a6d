"""Campaign images: every headline number at 1080x1080 and 1200x675 (PNG) and as SVG, in both
languages, with CI, n, source and the SYNTHETIC stamp inside the image, through the gate."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import wpsresearch as wps

_HELPERS = Path(__file__).resolve().parents[1] / "notebooks" / "output_numbers.py"
_spec = importlib.util.spec_from_file_location("wps_output_numbers", _HELPERS)
numbers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(numbers)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    project, study_dir = numbers.make_built_study(tmp_path_factory)
    written = wps.report.build_campaign_figures(study_dir, out_root=project, provinces=["baghdad"])
    return {"written": [p for p, _ in written], "study_dir": study_dir,
            "root": project / "figures" / "synthetic" / "baghdad"}


def test_file_names_by_indicator_size_and_language(campaign):
    # the headline rows of the study's own analysis plan, not a list fixed in the package
    names = {p.name for p in campaign["written"]}
    study = wps.Study.load(campaign["study_dir"], check_form=False)
    for indicator in (r.analysis_var for r in study.read_plan().headlines()):
        for size in ("square", "landscape"):
            for lang in ("en", "ar"):
                for ext in ("png", "svg", "json"):
                    assert f"{indicator}_{size}_{lang}.{ext}" in names
    assert all(p.parent == campaign["root"] for p in campaign["written"])


def test_png_pixel_sizes(campaign):
    from PIL import Image

    for path in campaign["written"]:
        if path.suffix == ".png":
            expected = (1080, 1080) if "_square_" in path.name else (1200, 675)
            with Image.open(path) as im:
                assert im.size == expected, path.name


def test_numbers_ci_n_source_and_stamp_are_inside_the_image(campaign):
    labels = wps.labels.Labels.default()
    expected = numbers.headline_numbers(campaign["study_dir"], "baghdad")
    plan = wps.Study.load(campaign["study_dir"], check_form=False).read_plan()
    percent = {r.analysis_var: r.analysis_type.startswith("prop") for r in plan.headlines()}
    for path in campaign["written"]:
        if path.suffix != ".svg":
            continue
        indicator, lang = path.stem.rsplit("_", 2)[0], path.stem.rsplit("_", 1)[1]
        svg = path.read_text(encoding="utf-8")        # text kept as text (svg.fonttype none)
        value, lo, hi, n = expected[(indicator, None)]
        scale, digits = (100, 1) if percent[indicator] else (1, 2)
        for number in (value, lo, hi):
            assert f"{number * scale:.{digits}f}" in svg, (path.name, number)
        assert f"{n:,}" in svg
        assert labels.get("synthetic_stamp", lang) in svg
        side = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert side["synthetic"] is True
        assert side["synthetic_stamp"] == labels.get("synthetic_stamp", lang)
        assert side["synthetic_stamp"] in side["texts"]


def test_outputs_pass_the_disclosure_gate(campaign):
    assert wps.privacy.scan_outputs(campaign["written"], identifiers={}) == []
