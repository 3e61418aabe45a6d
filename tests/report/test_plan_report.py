"""The report side of an analysis plan, without executing notebooks: the template expanded
for a study (sections, one cell per row, the study's own cells), what a section shows, the
key findings of headline rows, and the results table as it may be published."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.io.plan_where import parse_where
from wpsresearch.report.plan_notebook import expand_notebook, read_cells

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "notebooks" / "province_study.ipynb"
SECOND = REPO / "tests" / "data" / "studies" / "mics_test"


@pytest.fixture(scope="module")
def analysis():
    return wps.datasets.synthetic_analysis(n=600, seed=2, province="basra")


def test_second_study_notebook_sections_from_plan_and_form(tmp_path):
    study = wps.Study.load(SECOND, check_form=False)
    nb = expand_notebook(TEMPLATE, study)
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"
                and c.metadata.get("tags") == ["lang-en"] and c.source.startswith("## ")]
    # rows without a section go under their form group (Respondent, Household), in plan order
    assert headings == ["## 1. Respondent", "## 2. Household", "## 3. Police training",
                        "## Key findings"]
    arabic = [c.source for c in nb.cells if c.metadata.get("tags") == ["lang-ar"]
              and "## 3." in c.source]
    assert arabic and "تدريب الشرطة" in arabic[0]
    assert not [c for c in nb.cells if "study-cells" in c.metadata.get("tags", [])]
    plan = study.read_plan()
    cells = "\n".join(c.source for c in nb.cells)
    for row in plan:  # every row but the ones the plan keeps out of sections (`none`)
        shown = f"results[{row.row}] = wps.stats.analyse(here, plan.row({row.row})" in cells
        assert shown == (row.section != "none" or row.headline), row.row


def test_study_cells_are_read_from_a_py_percent_file(tmp_path):
    path = tmp_path / "cells.py"
    path.write_text('# intro\n\n# %% [markdown] tags=["lang-ar"]\n# <div dir="rtl" lang="ar">\n'
                    "#\n# مرحبا\n#\n# </div>\n\n# %%\nx = 1\n\n# %% tags=[\"lang-en\"]\nx\n",
                    encoding="utf-8")
    cells = read_cells(path)
    assert [(c.cell_type, c.metadata.get("tags")) for c in cells] == [
        ("markdown", ["lang-ar"]), ("code", None), ("code", ["lang-en"])]
    assert cells[0].source.startswith('<div dir="rtl" lang="ar">') and "مرحبا" in cells[0].source
    assert cells[1].source == "x = 1"


@pytest.mark.parametrize("name", ["basra", "BASRA", "Basrah", "البصرة", "IQG02", " basra "])
def test_province_names_in_both_scripts_and_any_case(name):
    study = wps.Study.load(REPO / "data" / "raw" / "synthetic", check_form=False)
    assert wps.report.resolve_province(name, study) == "basra"


def test_a_section_shows_tables_charts_and_tests(analysis):
    plan = analysis.plan
    rows = [r for r in plan if r.analysis_var in ("trusts_police", "sex") and r.section != "none"]
    results = {r.row: wps.stats.analyse(analysis.here, r, labels=analysis.labels,
                                        codebook=analysis.form) for r in rows}
    for lang, words in (("en", ["Trusts the police (a lot or somewhat)", "Rao-Scott F test"]),
                        ("ar", ["يثق بالشرطة (كثيراً أو إلى حد ما)", "اختبار F لراو وسكوت"])):
        view = wps.report.show_section(results, [r.row for r in rows], lang=lang,
                                       study=analysis.study)
        page = view._repr_html_()
        assert all(w in page for w in words)
        # its plain text (a console, an execution record) names the results, without the
        # HTML: a chart's base64 image read as words once made the gate see a first name
        assert words[0] in repr(view) and "<" not in repr(view) and "base64" not in repr(view)
        assert "base64" not in repr(view.charts[0]) and "cells" not in repr(view.charts[0])
        # the title names what the bars are: the answer's share in each sex
        assert view.charts[0].sidecar["title"] == {
            "en": "Trusts the police (a lot or somewhat), by sex",
            "ar": "يثق بالشرطة (كثيراً أو إلى حد ما) حسب الجنس"}[lang]
        assert page.count("<img") == 1 and 'data-n="' in page          # the trust chart
        assert (' dir="rtl"' in page) == (lang == "ar")
    with pytest.raises(wps.errors.ReportError, match="no results yet"):
        wps.report.show_section(results, [99], lang="en", study=analysis.study)


def test_an_empty_domain_is_said_not_estimated(analysis):
    row = dataclasses.replace(analysis.plan.rows[0], where=parse_where("sex == 'nobody'"))
    results = {row.row: wps.stats.analyse(analysis.here, row)}
    page = wps.report.show_section(results, lang="en", study=analysis.study)._repr_html_()
    assert "Nothing to estimate here: no respondent in the domain." in page and "<table" not in page


def test_findings_of_a_categorical_headline_name_each_answer(analysis):
    row = dataclasses.replace(analysis.plan.rows[1], headline=True, group_var=("sex",),
                              labels=MappingProxyType({"en": "Lives in a city"}))
    results = wps.stats.analyse(analysis.here, row, labels=analysis.labels, codebook=analysis.form)
    found = wps.report.plan_findings(results, lang="en")
    assert len(found) == 4                             # urban/rural x women/men
    est = results.results[0].estimate.to_frame()
    assert [f.estimate for f in found if not f.suppressed] == pytest.approx(
        [v for v, sup in zip(est["estimate"], [f.suppressed for f in found]) if not sup])
    assert found[0].sentence.startswith("Lives in a city — Urban · Female: ")   # form labels
    shown = wps.report.show_findings(results, lang="en")
    assert repr(shown).splitlines() == [f.sentence for f in found]   # sentences, not a repr


def test_published_results_leave_no_disclosive_count():
    from wpsresearch.report.results_tables import publishable_results

    frame = pd.DataFrame({"n": pd.array([3, 40, None], dtype="Int64"), "n_total": [40, 40, 0],
                          "n_w": [3.2, 400.0, math.nan], "n_w_total": [400.0, 400.0, 0.0],
                          "n_missing": [0, 12, 5], "stat": [0.1, 0.9, math.nan]})
    out = publishable_results(frame, wps.privacy.DisclosurePolicy())
    def shown(column):
        return [None if pd.isna(v) else v for v in out[column]]

    assert shown("n") == [None, 40, None] and shown("n_total") == [40, 40, None]
    assert shown("n_w") == [None, 400.0, None] and shown("n_missing") == [None, 12, None]
    assert wps.privacy.DisclosurePolicy(zeros_disclosive=False).cell_is_disclosive(0) is False
