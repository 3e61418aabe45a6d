"""Report pipeline: offline HTML per language, SYNTHETIC banner, RTL, the gate, publishing."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

import wpsresearch as wps
from wpsresearch.errors import ReportError
from wpsresearch.labels import Labels

from .conftest import MINIMAL, count_gate, make_study

LAB = Labels.default()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.html_attrs, self.scripts = [], {}, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        if tag == "script":
            self.scripts += 1
        for name in ("src", "href", "srcset", "data", "poster"):
            if attrs.get(name):
                self.urls.append(attrs[name])


def _parse(path):
    p = _Links()
    p.feed(Path(path).read_text(encoding="utf-8"))
    return p


def test_reports_are_published_where_design_says(built):
    root = built["root"]
    assert (root / "executed.ipynb").is_file()
    for lang in ("en", "ar"):
        assert (root / lang / "report.html").is_file()
    assert {p for p, _ in built["written"]} >= {root / "en" / "report.html", root / "ar" / "report.html"}
    assert not list(root.parent.glob(".staging-*"))
    assert any("executing" in s for s in built["steps"])


def test_html_is_self_contained(built):
    root = built["root"]
    for lang in ("en", "ar"):
        page = _parse(root / lang / "report.html")
        assert page.scripts == 0
        assert page.urls, "the report should embed at least one image"
        for url in page.urls:
            assert url.startswith("data:") or url.startswith("#"), url


def test_synthetic_banner_and_direction(built):
    root = built["root"]
    en = (root / "en" / "report.html").read_text(encoding="utf-8")
    ar = (root / "ar" / "report.html").read_text(encoding="utf-8")
    assert LAB.get("synthetic_stamp", "en") in en and LAB.get("synthetic_stamp", "ar") in ar
    assert en.index("synthetic-banner") < en.index("<h1>")
    assert _parse(root / "ar" / "report.html").html_attrs == {"lang": "ar", "dir": "rtl"}
    assert _parse(root / "en" / "report.html").html_attrs == {"lang": "en", "dir": "ltr"}
    # each language keeps only its own cells
    assert "فحص مسار إعداد التقرير" in ar and "فحص مسار إعداد التقرير" not in en
    assert "Report pipeline check" in en and "Report pipeline check" not in ar
    assert "data:font/woff;base64," in ar and 'data-n="412"' in ar and 'data-n="412"' in en
    assert "import pandas" not in en  # code hidden


def test_gate_ran_over_every_staged_file_and_passed(built):
    ((paths, identifier_counts),) = built["gate_calls"]
    # the gate was told the raw data's phone numbers and names (values never leave memory)
    assert identifier_counts["phone"] > 0 and identifier_counts["person_name"] > 0
    names = sorted(f"{p.parent.name}/{p.name}" for p in paths)
    expected = {"en/report.html", "ar/report.html"}
    if "pdf" in built["to"]:
        expected |= {"en/report.pdf", "ar/report.pdf"}
    assert expected <= set(names)
    assert all(".staging-" in str(p) for p in paths)


def test_pdf_set_in_both_languages(built):
    root = built["root"]
    for lang in ("en", "ar"):
        pdf = (root / lang / "report.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_arabic_pdf_reads_title_banner_and_numbers_in_order(built, tmp_path):
    from .test_typst_pdf import pdf_text, reading

    root = built["root"]
    text = reading(pdf_text((root / "ar" / "report.pdf").read_bytes(), tmp_path))
    assert reading(LAB.get("synthetic_stamp", "ar")) in text
    title = re.search(r"<h1>(.*?)</h1>", (root / "ar" / "report.html").read_text("utf-8")).group(1)
    assert reading(html.unescape(title)) in text
    assert "فحص مسار إعداد التقرير" in text and "412" in text and "388" in text
    assert "Report pipeline check" not in text       # the other language's cells are dropped
    en = pdf_text((root / "en" / "report.pdf").read_bytes(), tmp_path)
    assert "Report pipeline check" in en and LAB.get("synthetic_stamp", "en") in en


def test_executed_notebook_kept_without_papermill_metadata(built):
    nb = nbformat.read(built["root"] / "executed.ipynb", as_version=4)
    assert "papermill" not in nb.metadata
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def _leaky_notebook(tmp_path, *extra_cells):
    from importlib import resources

    src = resources.files("wpsresearch.report.templates").joinpath("minimal_study.ipynb")
    nb = nbformat.reads(src.read_text("utf-8"), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        'html_table(pd.DataFrame({"sex": ["female"], "n": [3]}), count_columns=["n"], lang="en")'))
    nb.cells += [nbformat.v4.new_code_cell(src) for src in extra_cells]
    path = tmp_path / "leaky.ipynb"
    nbformat.write(nb, path)
    return path


def test_planted_leak_publishes_nothing(tiny_study, tmp_path):
    out = tmp_path / "project"
    with pytest.raises(ReportError, match="nothing was published") as err:
        wps.report.build_reports(tiny_study, provinces=["basra"], langs=("en",), to=("html",),
                                 out_root=out, notebook=_leaky_notebook(tmp_path), gate=count_gate)
    assert "count below min_cell" in str(err.value) and 'data-n="3"' not in str(err.value)
    published = [p for p in (out / "reports").rglob("*") if p.is_file()]
    assert published == []


# a respondent's name copied from the raw export into the report: what the real gate exists for
_NAME_LEAK = """\
raw = pd.read_csv(study.submissions, sep=";", dtype=str)
named = raw.filter(like="respondent_name").iloc[:, 0].dropna()
print("interviewed:", named[named.str.split().str.len() >= 2].iloc[0])
"""


def test_planted_leak_caught_by_the_real_gate(synthetic_study, tmp_path):
    import pandas as pd

    out = tmp_path / "project"
    with pytest.raises(ReportError, match="nothing was published") as err:
        wps.report.build_reports(synthetic_study, provinces=["basra"], langs=("en",), to=("html",),
                                 out_root=out, notebook=_leaky_notebook(tmp_path, _NAME_LEAK))
    message = str(err.value)
    assert "count below 10" in message and "name from the raw data" in message
    raw = pd.read_csv(synthetic_study / "export.csv", sep=";", dtype=str)
    named = raw.filter(like="respondent_name").iloc[:, 0].dropna()
    first_name = named[named.str.split().str.len() >= 2].iloc[0]   # a full name, not one word
    assert first_name not in message
    assert [p for p in (out / "reports").rglob("*") if p.is_file()] == []


def test_a_gate_that_cannot_run_fails_closed(tiny_study, tmp_path):
    def broken_gate(paths, *, identifiers, policy):
        raise RuntimeError("scanner crashed")

    out = tmp_path / "project"
    with pytest.raises(ReportError, match="gate failed to run"):
        wps.report.build_reports(tiny_study, provinces=["basra"], langs=("en",), to=("html",),
                                 out_root=out, notebook=MINIMAL, gate=broken_gate)
    assert [p for p in (out / "reports").rglob("*") if p.is_file()] == []


def test_unknown_province_and_format_refused(tiny_study, tmp_path):
    with pytest.raises(ReportError, match="not in this study"):
        wps.report.build_reports(tiny_study, provinces=["nineveh"], out_root=tmp_path, gate=count_gate)
    with pytest.raises(ReportError, match="docx"):
        wps.report.build_reports(tiny_study, provinces=["basra"], to=("docx",), out_root=tmp_path)


def test_offline_checker_flags_cdn_and_external_links():
    from wpsresearch.report.offline_html import external_resources

    page = ('<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js"></script>'
            '<link rel="stylesheet" href="https://fonts.googleapis.com/css">'
            '<style>@font-face{src:url(https://x.org/f.woff)}</style><img src="logo.png">')
    found = " ".join(external_resources(page))
    for bit in ("cdnjs", "googleapis", "x.org", "logo.png"):
        assert bit in found


def test_html_table_marks_counts_and_suppression():
    import pandas as pd

    t = wps.report.html_table(pd.DataFrame({"sex": ["female", "male"], "n": [120, None]}),
                              count_columns=["n"], lang="ar")
    assert 'data-n="120"' in t.html and 'data-suppressed="true"' in t.html
    assert LAB.get("female", "ar") in t.html and 'dir="rtl"' in t.html


@pytest.mark.slow
def test_all_provinces_build_in_parallel(tiny_study, tmp_path):
    written = wps.report.build_reports(tiny_study, to=("html",), out_root=tmp_path, gate=count_gate,
                                       workers=2, notebook=MINIMAL)
    for province in ("basra", "kirkuk"):
        for lang in ("en", "ar"):
            assert (tmp_path / "reports" / "tinystudy" / province / lang / "report.html").is_file()
    assert len(written) == 2 * 4   # executed notebook, label QA file, en and ar HTML


def test_unreviewed_label_terms_listed_beside_the_report(built):
    import csv

    rows = list(csv.DictReader((built["root"] / "labels_unreviewed.csv").open(encoding="utf-8")))
    keys = {r["key"] for r in rows}
    # used by the page and the chart, and marked reviewed=false in the label table
    assert {"synthetic_stamp", "report_check_chart_title", "viz_ci_legend"} <= keys
    assert "female" not in keys          # used, but reviewed
    assert all(not LAB.reviewed[k] for k in keys)


def test_kernel_runs_quietly_over_ipc(tiny_study, tmp_path, capfd):
    # ipykernel warns "running over TCP without encryption" on stderr for every TCP kernel;
    # the report kernels use IPC (POSIX), so a build prints no such warning
    import os

    from wpsresearch.report.notebook_runner import NotebookRunner, kernel_manager

    if os.name == "posix":
        assert kernel_manager(tmp_path).transport == "ipc"
    nb = nbformat.read(str(MINIMAL), as_version=4)
    with NotebookRunner(1) as runner:
        done = runner.submit(nb, cwd=tmp_path, parameters={"study_dir": str(tiny_study),
                                                             "province": "basra"})
        executed = done.result()
        workdir = runner._workdir
    assert any(c.get("outputs") for c in executed.cells if c.cell_type == "code")
    err = capfd.readouterr().err
    assert "without encryption" not in err and "Parent appears to have exited" not in err
    assert not os.path.exists(workdir)              # its sockets' folder is gone with it


def test_a_kernel_runs_one_notebook_after_another_as_if_restarted(tmp_path):
    """One kernel for several notebooks: each starts with an empty namespace, counts from 1
    and runs in its own folder; a failing cell is named; the next notebook runs normally."""
    v4 = nbformat.v4
    first = v4.new_notebook(cells=[v4.new_code_cell("secret = 41\nsecret + 1")])
    second = v4.new_notebook(cells=[v4.new_code_cell("import os\nos.getcwd()"),
                                    v4.new_code_cell("'secret' in dir()")])
    broken = v4.new_notebook(cells=[v4.new_code_cell("x = 1"), v4.new_code_cell("1 / 0")])
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    from wpsresearch.report.notebook_runner import NotebookRunner

    with NotebookRunner(1) as runner:
        one = runner.submit(first, cwd=tmp_path / "a").result()
        with pytest.raises(ReportError, match=r"cell 2 \(ZeroDivisionError"):
            runner.submit(broken, cwd=tmp_path / "a").result()
        two = runner.submit(second, cwd=tmp_path / "b").result()
    assert one.cells[0].outputs[0]["data"]["text/plain"] == "42"
    assert [c.execution_count for c in two.cells] == [1, 2]
    assert two.cells[0].outputs[0]["data"]["text/plain"] == repr(str((tmp_path / "b").resolve()))
    assert two.cells[1].outputs[0]["data"]["text/plain"] == "False"
    assert not first.cells[0].get("outputs")        # the submitted notebook is not changed
