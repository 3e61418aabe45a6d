"""The province template renders the study's analysis plan: the first cell speaks to a scholar
(what to change, every governorate's name in both scripts); the plan becomes one code cell per
analysis and one display cell per section and language; Arabic text runs right to left; the
published tables show labels (no True, no coded terms), tests in the report's language, and
every missing-answer note names its indicator."""

from __future__ import annotations

import ast
import html
import re

import jupytext
import nbformat
import pytest

import wpsresearch as wps
from output_numbers import NOTEBOOKS, REPO

SHIPPED = ("province_study", "province_comparison")
SYNTHETIC = REPO / "data" / "raw" / "synthetic"


def _cells(name):
    return list(jupytext.read(NOTEBOOKS / f"{name}.py").cells)


def _code_cells(name):
    return [(c.source, c.metadata.get("tags", [])) for c in _cells(name) if c.cell_type == "code"]


@pytest.mark.parametrize("name", SHIPPED)
def test_no_notebook_prints_what_a_report_should_show(name):
    for source, _ in _code_cells(name):
        calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]
        assert not [c for c in calls if getattr(c.func, "id", None) == "print"], source


def test_first_cell_tells_a_scholar_what_to_change_and_every_governorate():
    first = _cells("province_study")[0].source
    assert "study_dir" in first and "province" in first and "analysis plan" in first
    pairs = re.findall(r"([A-Z][A-Za-z ]+?) / ([\u0600-\u06FF][\u0600-\u06FF ]*[\u0600-\u06FF])",
                       first.replace("\n", " "))
    study = type("S", (), {"provinces": wps.geo.places.PROVINCE_SLUGS})()
    resolved = set()
    for english, arabic in pairs:
        slug = wps.report.resolve_province(english, study)
        assert wps.report.resolve_province(arabic, study) == slug
        assert wps.report.resolve_province(english.upper(), study) == slug
        resolved.add(slug)
    assert len(pairs) == 18 and resolved == set(wps.geo.places.PROVINCE_SLUGS)  # both scripts


def test_a_wrong_province_lists_the_study_ones_in_both_scripts():
    study = wps.Study.load(SYNTHETIC, check_form=False)
    with pytest.raises(wps.errors.ReportError) as info:
        wps.report.resolve_province("Mosul", study)
    assert "Basra" in info.value.hint or "Al-Basrah" in info.value.hint
    assert "البصرة" in info.value.hint and "كركوك" in info.value.hint


def test_template_names_no_study_variable():
    code = "\n".join(source for source, _ in _code_cells("province_study"))
    names = {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name)}
    assert {"analysis", "study", "plan", "form", "labels", "here", "results"} <= names
    tree = ast.parse(code)
    words = names | {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} | \
        {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    for word in ("sex", "governorate", "ipv_", "trust", "harass", "heard_1325", "safer"):
        assert not [w for w in words if word in w], word


@pytest.fixture(scope="module")
def expanded():
    study = wps.Study.load(SYNTHETIC, check_form=False)
    return study, wps.report.expand_notebook(NOTEBOOKS / "province_study.ipynb", study)


def test_one_code_cell_per_plan_row_and_display_cells_per_language(expanded):
    study, nb = expanded
    plan = study.read_plan()
    analyses = [c for c in nb.cells if c.cell_type == "code" and "wps.stats.analyse(here, plan.row(" in c.source]
    assert sorted(int(re.search(r"results\[(\d+)\]", c.source).group(1)) for c in analyses) == \
        sorted(r.row for r in plan if r.section != "none" or r.headline)
    for cell in analyses:
        assert cell.metadata.get("tags", []) == []          # computed once, for both languages
        assert cell.source.startswith("# Plan row ") and cell.source.count("\n") == 1
    shows = [c for c in nb.cells if "wps.report.show_" in c.source]
    for cell in shows:
        tags = cell.metadata.get("tags", [])
        assert len(tags) == 1 and tags[0].startswith("lang-")
        assert f'lang="{tags[0][5:]}"' in cell.source
    assert sum("show_section" in c.source for c in shows) == 2 * len(study.read_plan().sections())
    assert sum("show_findings" in c.source for c in shows) == 2
    # the study's own cells come after the plan's part
    sources = [c.source for c in nb.cells]
    findings_at = max(i for i, s in enumerate(sources) if "show_findings" in s)
    assert any("wps.stats.glm" in s for s in sources[findings_at:])
    assert not any(t in c.metadata.get("tags", []) for c in nb.cells
                   for t in ("plan-analyses", "study-cells"))
    nbformat.validate(nb)


def test_arabic_markdown_runs_right_to_left(expanded):
    _, nb = expanded
    arabic = [c for c in nb.cells if c.cell_type == "markdown" and "lang-ar" in c.metadata.get("tags", [])]
    assert len(arabic) >= 8
    for cell in arabic:
        text = cell.source.strip()
        assert text.startswith('<div dir="rtl" lang="ar">') and text.endswith("</div>"), text[:60]


@pytest.fixture(scope="module")
def published(built_study, tmp_path_factory):
    project, study_dir = built_study
    out = tmp_path_factory.mktemp("plan_reports")
    written = wps.report.build_reports(study_dir, provinces=["basra"], to=("html",),
                                       out_root=out, workers=1)
    written += wps.report.build_comparison(study_dir, out_root=out, to=("html",))
    pages = {}
    for path, _ in written:
        if path.name == "report.html":   # reports/synthetic/<basra|comparison>/<lang>/
            pages[(path.parent.parent.name, path.parent.name)] = path.read_text(encoding="utf-8")
    return study_dir, pages


def _test_rows(page, lang):
    """Rows of the test tables on a page (the tables headed by the test label)."""
    labels = wps.labels.Labels.default()
    rows = []
    for table in re.findall(r'<div class="wps-table".*?</div>', page, re.S):
        if f"<th>{html.escape(labels.get('stats_test', lang))}</th>" in table:
            body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
                rows.append([html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)])
            assert "data-n" not in table
    return rows


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_province_report_shows_the_plans_test_in_its_language(published, lang):
    study_dir, pages = published
    analysis = wps.report.prepare(study_dir, "basra")
    tested = [r for r in analysis.plan if r.test == "chisq"]
    rows = _test_rows(pages[("basra", lang)], lang)
    assert len(rows) == len(tested) >= 1
    for row, shown in zip(tested, rows):
        expected = wps.stats.crosstab(analysis.here, row.analysis_var, row.group_var[0]).test()
        name, method, statistic, ndf, ddf, p = shown
        assert name == analysis.labels.get(row.analysis_var, lang)     # the study's label
        assert method == wps.labels.Labels.default().get("stats_test_rao_scott_f", lang)
        assert (statistic, ndf, ddf) == tuple(f"{v:,.2f}" for v in
                                             (expected.statistic, expected.ndf, expected.ddf))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_comparison_tests_every_headline_proportion_by_governorate(published, lang):
    study_dir, pages = published
    analysis = wps.report.prepare(study_dir)
    rows = _test_rows(pages[("comparison", lang)], lang)
    compared = [r for r in analysis.plan.headlines() if r.analysis_type == "prop_select_one"]
    assert len(rows) == len(compared) == 5
    for row, shown in zip(compared, rows):
        here = analysis.design.subset(row.where.mask(analysis.frame)) if row.where else analysis.design
        expected = wps.stats.crosstab(here, row.analysis_var, "adm1_pcode").test()
        assert shown[2] == f"{expected.statistic:,.2f}"
        assert shown[0] == row.labels.get(lang, analysis.labels.get(row.analysis_var, lang))
        assert row.analysis_var not in shown[0]        # labels, never column names


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_tables_show_labels_and_notes_name_their_indicator(published, lang):
    _, pages = published
    page = pages[("basra", lang)]
    cells = [html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", page, re.S)]
    assert cells and not [c for c in cells if c in ("True", "False", "TRUE") or "[T." in c]
    note = wps.labels.Labels.default().get("stats_note_missing", lang).split("{n_missing}")[1][:25]
    notes = [html.unescape(n) for n in re.findall(r"<li>(.*?)</li>", page, re.S) if note in html.unescape(n)]
    assert notes
    for text in notes:
        label = text.split(": ")[0]
        assert label and not label[0].isdigit() and "{" not in label, text
