"""The notebooks: stored clean, paired with their py:percent scripts, shipped in the package,
and executed top to bottom on the SYNTHETIC study with numbers that match the library."""

from __future__ import annotations

import ast
import functools
import json
import re

import nbformat
import pytest
import yaml

import wpsresearch as wps
from output_numbers import (NOTEBOOKS, PROVINCES, anchors_read_aloud, library_numbers,
                            read_numbers, tables_without_caption)

ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
SHIPPED = ("province_study.ipynb", "province_comparison.ipynb")


def test_the_four_notebooks_exist():
    assert {p.stem for p in ALL} == {"province_study", "training_evaluation",
                                     "province_comparison", "getting_started"}


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_stored_without_outputs_counts_or_papermill_metadata(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "papermill" not in nb["metadata"]
    for cell in nb["cells"]:
        assert "papermill" not in cell["metadata"] and "execution" not in cell["metadata"]
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert not wps.privacy.notebook_has_outputs(path)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_ipynb_and_py_percent_pair_in_sync(path):
    jupytext = pytest.importorskip("jupytext")
    script = path.with_suffix(".py")
    assert script.is_file(), f"{script.name} missing: run jupytext --sync {path.name}"

    def cells(nb):
        return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in nb.cells]

    assert cells(jupytext.read(path)) == cells(jupytext.read(script))


@pytest.mark.parametrize("name", SHIPPED)
def test_package_templates_are_the_user_facing_notebooks(name):
    from importlib import resources

    shipped = resources.files("wpsresearch.report.templates").joinpath(name).read_bytes()
    assert shipped == (NOTEBOOKS / name).read_bytes(), \
        f"copy notebooks/{name} to wpsresearch/report/templates/ (the package runs that copy)"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_parameters_cell_holds_literals_only(path):
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    for node in ast.parse(cells[0].source).body:
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant), \
            ast.unparse(node)


@pytest.mark.parametrize("province", PROVINCES)
def test_province_parameter_files(province):
    params = yaml.safe_load((NOTEBOOKS / "params" / f"{province}.yml").read_text(encoding="utf-8"))
    assert params == {"study_dir": "../data/raw/synthetic", "province": province}


def _check_province_report(root, study_dir, province):
    expected = library_numbers(study_dir, province)
    for lang in ("en", "ar"):
        page = (root / province / lang / "report.html").read_text(encoding="utf-8")
        assert wps.labels.Labels.default().get("synthetic_stamp", lang) in page
        shown = read_numbers(page)
        assert len(shown) >= 6, shown
        assert set(shown) == set(expected)     # every headline row of the plan, nothing else
        for key, (value, lo, hi, n) in shown.items():
            e_value, e_lo, e_hi, e_n = expected[key]
            assert (value, lo, hi, n) == pytest.approx((e_value, e_lo, e_hi, e_n), rel=1e-12)
            # the sentence prints the same number, rounded as the findings module says
            assert f"{value * 100:.1f}%" in page or f"{value:.2f} " in page
        # never a respondent row: no pseudonymised respondent id anywhere on the page
        assert not set(re.findall(r"[A-Za-z0-9_-]{8,}", page)) & _processed_ids(study_dir)
        _check_accessible(page)


def _check_accessible(page):
    """Every table captioned; every heading anchor hidden from screen readers and Tab."""
    assert page.count("<table") >= 1 and tables_without_caption(page) == []
    anchors, exposed = anchors_read_aloud(page)
    assert anchors >= 1 and exposed == [], exposed[:3]


@functools.lru_cache(maxsize=2)
def _processed_ids(study_dir):
    from wpsresearch.study import Study

    return set(Study.load(study_dir, check_form=False).read_processed()["respondent_id"].astype(str))


def test_province_template_runs_for_basra(built_study):
    project, study_dir = built_study
    written = wps.report.build_reports(study_dir, provinces=["basra"], to=("html",),
                                       out_root=project, workers=1)
    root = project / "reports" / "synthetic"
    assert (root / "basra" / "en" / "report.html") in [p for p, _ in written]
    _check_province_report(root, study_dir, "basra")
    page = (root / "basra" / "en" / "report.html").read_text(encoding="utf-8")
    # the plan's sections and key findings, then the study's own cells (report_cells.py)
    for needle in ("1. Sample and response", "6. Seeking help, and reasons for silence",
                   "Key findings", "data-n=", "Odds ratio", "What would make women safer"):
        assert needle in page
    assert page.index("Key findings") < page.index("Odds ratio")


@pytest.mark.slow
def test_province_template_runs_for_all_four_provinces(built_study):
    project, study_dir = built_study
    wps.report.build_reports(study_dir, to=("html",), out_root=project, workers=2)
    for province in PROVINCES:
        _check_province_report(project / "reports" / "synthetic", study_dir, province)


def test_comparison_notebook_runs_and_passes_the_gate(built_study):
    project, study_dir = built_study
    written = wps.report.build_comparison(study_dir, out_root=project, to=("html",))
    pages = [p for p, _ in written if p.suffix == ".html"]
    assert len(pages) == 2
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "SYNTHETIC" in text or "مُصطنعة" in text
        # the headline chart by governorate and the plan's governorate map
        assert "Rao-Scott" in text and text.count("<img") >= 2
        _check_accessible(text)


def _run(name, tmp_path, **parameters):
    papermill = pytest.importorskip("papermill")
    out = tmp_path / name
    papermill.execute_notebook(str(NOTEBOOKS / name), str(out), parameters=parameters,
                               kernel_name="python3", progress_bar=False, cwd=str(NOTEBOOKS))
    return nbformat.read(out, as_version=4)


def test_training_evaluation_notebook_matches_the_library(tmp_path):
    nb = _run("training_evaluation.ipynb", tmp_path)
    text = "\n".join(json.dumps(o) for c in nb.cells for o in c.get("outputs", []))
    scores = wps.report.synthetic_training_scores(30, seed=1325)
    pre = scores[scores["test"] == "pre"].set_index("officer")
    post = scores[scores["test"] == "post"].set_index("officer")
    res = wps.stats.paired_test(pre["knowledge"], post["knowledge"], kind="t")
    assert repr(res.statistic)[:10] in text and "SYNTHETIC" in nb.cells[0].source


@pytest.mark.slow
def test_getting_started_notebook_runs(built_study, tmp_path):
    project, study_dir = built_study
    nb = _run("getting_started.ipynb", tmp_path, example_dir=str(study_dir),
              work_dir=str(tmp_path / "work"))
    assert (tmp_path / "work" / "reports" / "my_study" / "basra" / "ar" / "report.html").is_file()
    assert any("SPSS" in c.source for c in nb.cells)
