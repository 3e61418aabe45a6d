"""Follow-ups of the notebooks: the province is selected by p-code; design-based tests are
shown through the display path (published notebooks keep only HTML and images, so a printed
test vanished from the reports), labelled in the report's language; and the study's
declared headlines are the spread of themes the province notebook's key findings cover."""

from __future__ import annotations

import ast
import html
import re

import jupytext
import pytest

import wpsresearch as wps
from output_numbers import NOTEBOOKS, REPO

LABELS = wps.labels.Labels.default()
SHIPPED = ("province_study", "province_comparison")
COMPARED = ["ipv_any_12m", "reported_formal", "harass_public_yes", "heard_1325_yes"]


def _code_cells(name):
    nb = jupytext.read(NOTEBOOKS / f"{name}.py")
    return [(c.source, c.metadata.get("tags", [])) for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("name", SHIPPED)
def test_no_notebook_prints_what_a_report_should_show(name):
    for source, _ in _code_cells(name):
        calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]
        assert not [c for c in calls if getattr(c.func, "id", None) == "print"], source


def test_province_is_selected_by_pcode_not_by_name():
    code = "\n".join(source for source, _ in _code_cells("province_study"))
    assert 'df["governorate"] == province' not in code
    assert "province_domain(df, province, study=study)" in code
    assert "design.subset(in_province)" in code and 'df.loc[in_province, "safer_suggestion"]' in code


@pytest.mark.parametrize("name, call", [
    ("province_study", 'trust_test.table(lang="{lang}", name="trusts_police")'),
    ("province_comparison", 'wps.stats.TestResult.stacked_table(tests, lang="{lang}")'),
])
def test_each_language_has_its_own_test_cell(name, call):
    cells = _code_cells(name)
    for lang in ("en", "ar"):
        tagged = [s for s, tags in cells if call.format(lang=lang) in s]
        assert len(tagged) == 1
        assert [tags for s, tags in cells if s == tagged[0]] == [[f"lang-{lang}"]]


@pytest.fixture(scope="module")
def published(built_study, tmp_path_factory):
    project, study_dir = built_study
    out = tmp_path_factory.mktemp("followup_reports")
    written = wps.report.build_reports(study_dir, provinces=["basra"], to=("html",),
                                       out_root=out, workers=1)
    written += wps.report.build_comparison(study_dir, out_root=out, to=("html",))
    pages = {}
    for path, _ in written:
        if path.name == "report.html":   # reports/synthetic/<basra|comparison>/<lang>/
            pages[(path.parent.parent.name, path.parent.name)] = path.read_text(encoding="utf-8")
    return study_dir, pages


def _analysis_frame(study_dir):

    study = wps.Study.load(study_dir, check_form=False)
    df = wps.report.add_indicators(study.read_processed())
    return study, df, wps.stats.SurveyDesign(df, **study.design, policy=study.policy)


def _test_rows(page, lang):
    """Rows of the test tables on a page (the tables headed by the p-value label)."""
    rows = []
    for table in re.findall(r'<div class="wps-table".*?</div>', page, re.S):
        if f"<th>{html.escape(LABELS.get('stats_test', lang))}</th>" in table:
            body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
                rows.append([html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)])
            assert "data-n" not in table
    return rows


def _page(pages, where, lang):
    assert (where, lang) in pages, sorted(pages)
    return pages[(where, lang)]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_province_report_shows_the_trust_test_in_its_language(published, lang):
    from wpsresearch.report.headlines import province_domain

    study_dir, pages = published
    study, df, design = _analysis_frame(study_dir)
    here = design.subset(province_domain(df, "basra", study=study))
    expected = wps.stats.crosstab(here, "trusts_police", "sex").test()
    rows = _test_rows(_page(pages, "basra", lang), lang)
    assert len(rows) == 1
    name, method, statistic, ndf, ddf, p = rows[0]
    assert name == LABELS.get("trusts_police", lang)
    assert method == LABELS.get("stats_test_rao_scott_f", lang)
    assert (statistic, ndf, ddf) == tuple(f"{v:,.2f}" for v in
                                         (expected.statistic, expected.ndf, expected.ddf))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_comparison_shows_each_test_under_its_indicator_label(published, lang):
    study_dir, pages = published
    _, _, design = _analysis_frame(study_dir)
    page = _page(pages, "comparison", lang)
    rows = _test_rows(page, lang)
    assert [r[0] for r in rows] == [LABELS.get(v, lang) for v in COMPARED]
    for row, variable in zip(rows, COMPARED):
        expected = wps.stats.crosstab(design, variable, "governorate").test()
        assert row[2] == f"{expected.statistic:,.2f}"
    # raw column names appear nowhere in the published tables
    for variable in COMPARED:
        assert not any(variable in cell for row in rows for cell in row)


def test_declared_headlines_are_the_notebook_key_findings_spread():
    """study.yml's headline_indicators: the six themes the province notebook's key findings
    cover (partner violence, harassment of women in public, formal reporting, women feeling
    unsafe at night, women's trust in the police, awareness of UNSCR 1325)."""
    from wpsresearch.report.headlines import headline_specs

    study = wps.Study.load(REPO / "data" / "raw" / "synthetic", check_form=False)
    shown = {(h.indicator, tuple(sorted((h.where or {}).items()))) for h in headline_specs(study)}
    findings = [s for s, _ in _code_cells("province_study") if "key_findings(" in s][0]
    in_notebook = set()
    for call in ast.walk(ast.parse(findings)):
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "key_finding":
            where = next((ast.literal_eval(k.value) for k in call.keywords if k.arg == "where"), {})
            in_notebook.add((call.args[1].value, tuple(sorted(where.items()))))
    assert shown <= in_notebook
    assert {h for h, _ in shown} == {"ipv_any_12m", "harass_public_yes", "reported_formal",
                                     "unsafe_night", "trust_police_index", "heard_1325_yes"}
    assert ("harass_public_yes", (("sex", "female"),)) in shown
    assert ("unsafe_night", (("sex", "female"),)) in shown
