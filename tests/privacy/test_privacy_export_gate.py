"""The export gate fails on planted leaks, passes on clean outputs, and never prints a value."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

import wpsresearch as wps

P = wps.privacy

RAW = pd.DataFrame({
    "_uuid": ["u1", "u2", "u3"],
    "respondent_name": ["زينب علي حسين", "Fatima Hassan Jasim", "حيدر كاظم"],
    "phone": ["0770 123 4567", "٠٧٨١٢٣٤٥٦٧٨", "+964 750 111 2222"],
    "gps": ["33.3152 44.3661 34.0 5.0", "30.5085 47.7804 3.0 10.0", None],
    "age": [34, 51, 29],
})
SENSITIVE = ["123 4567", "4567", "زينب", "Fatima", "33.3152", "07701234567", "Hassan"]


@pytest.fixture()
def identifiers():
    return P.collect_identifiers(RAW, ["respondent_name", "phone", "gps"])


CLEAN_HTML = """<html><body><h1>Basra</h1><p>Call the FPD hotline 139 for help.</p>
<table><tr><th>district</th><th>women</th></tr>
<tr><td>Basra</td><td data-n="42">42</td></tr>
<tr><td>Zubair</td><td data-n="">[c]</td></tr></table>
<p>Dr. Hassan's team at the FPD; survey of 2023.</p></body></html>"""


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _assert_no_values(findings):
    for f in findings:
        for s in SENSITIVE:
            assert s not in str(f), f"finding repeats a sensitive value: {f}"


def test_identifiers_are_normalised(identifiers):
    assert identifiers["phone"] == {"07701234567", "07812345678", "07501112222"}
    assert "زينب علي" in identifiers["person_name"] and "fatima hassan" in identifiers["person_name"]
    assert "33.315,44.366" in identifiers["gps"]


def test_clean_outputs_pass(tmp_path, identifiers):
    _write(tmp_path, "report.html", CLEAN_HTML)
    _write(tmp_path, "table.csv", "district,n,percent\nBasra,42,12.5\nZubair,,\n")
    _write(tmp_path, "fig1.svg", '<svg xmlns="http://www.w3.org/2000/svg"><title>IPV by district</title>'
                                 '<text>Basra 12%</text></svg>')
    _write(tmp_path, "fig1.txt", "IPV by district\nBasra 12% (n=42)\n")
    _write(tmp_path, "fig1.json", json.dumps({"title": "IPV by district", "n": 42, "values": [12.5]}))
    assert P.scan_outputs([tmp_path], identifiers=identifiers, policy=P.DisclosurePolicy()) == []


def test_phone_in_a_markdown_paragraph_is_found_in_any_format(tmp_path, identifiers):
    _write(tmp_path, "a.html", "<html><body>\n<p>Respondent asked us to call\n +964 770-123-4567 back</p></body></html>")
    _write(tmp_path, "b.md", "Notes\n\nher number: ٠٧٧٠١٢٣٤٥٦٧\n")
    found = P.scan_outputs([tmp_path], identifiers=identifiers)
    assert {(f.file.rsplit('/', 1)[-1], f.kind) for f in found} == {
        ("a.html", "a phone number from the raw data"), ("b.md", "a phone number from the raw data")}
    assert any("line 3" in f.location for f in found if f.file.endswith("a.html"))
    _assert_no_values(found)


def test_count_of_three_in_a_data_n_cell(tmp_path, identifiers):
    html = CLEAN_HTML.replace('data-n="42">42', 'data-n="3">3')
    _write(tmp_path, "r.html", html)
    found = P.scan_outputs([tmp_path / "r.html"], identifiers=identifiers)
    assert len(found) == 1 and found[0].kind == "an unsuppressed count below 10"
    assert "table 1, row 2, cell 2" in found[0].location
    zero = CLEAN_HTML.replace('data-n="42">42', 'data-n="0">0')
    _write(tmp_path, "z.html", zero)
    assert P.scan_outputs([tmp_path / "z.html"], identifiers={})[0].kind == "an unsuppressed zero count"
    assert P.scan_outputs([tmp_path / "z.html"], identifiers={},
                          policy=P.DisclosurePolicy(zeros_disclosive=False)) == []


def test_name_in_a_figure_title_through_svg_and_sidecar(tmp_path, identifiers):
    _write(tmp_path, "fig.svg", '<svg xmlns="http://www.w3.org/2000/svg"><title>Case of Zainab Ali</title>'
                                '<text>x</text></svg>'.replace("Zainab Ali", "زينب علي"))
    _write(tmp_path, "fig.png", "not really a png")
    _write(tmp_path, "fig.txt", "Help-seeking of FATIMA HASSAN, Basra\n")
    found = P.scan_outputs([tmp_path], identifiers=identifiers)
    kinds = sorted((f.file.rsplit("/", 1)[-1], f.kind) for f in found)
    assert kinds == [("fig.svg", "a person's name from the raw data"),
                     ("fig.txt", "a person's name from the raw data")]
    _assert_no_values(found)


def test_csv_and_xlsx_counts_and_identifiers(tmp_path, identifiers):
    _write(tmp_path, "t.csv", "# counts: women\ndistrict;women;n_men\nBasra;4;40\nZubair;22;7\n")
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "ipv"
    ws.append(["district", "count", "note"])
    ws.append(["Basra", 12, "gps 30.5085, 47.7804"])
    ws.append(["Zubair", 2, ""])
    book.save(tmp_path / "t.xlsx")
    found = P.scan_outputs([tmp_path], identifiers=identifiers)
    where = sorted((f.file.rsplit("/", 1)[-1], f.location, f.kind) for f in found)
    assert where == [
        ("t.csv", "row 3, column 'women'", "an unsuppressed count below 10"),
        ("t.csv", "row 4, column 'n_men'", "an unsuppressed count below 10"),
        ("t.xlsx", "sheet 'ipv', row 2, column 'note'", "GPS coordinates from the raw data"),
        ("t.xlsx", "sheet 'ipv', row 3, column 'count'", "an unsuppressed count below 10"),
    ]
    _assert_no_values(found)


def test_pdf_without_text_extractor_is_a_finding_not_a_pass(tmp_path, monkeypatch, identifiers):
    import builtins
    import shutil

    _write(tmp_path, "r.pdf", "%PDF-1.4 not a real pdf")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    real_import = builtins.__import__

    def no_pypdf(name, *a, **k):
        if name == "pypdf":
            raise ImportError(name)
        return real_import(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_pypdf)
    found = P.scan_outputs([tmp_path / "r.pdf"], identifiers=identifiers)
    assert len(found) == 1 and "could not be checked" in found[0].kind


def test_image_without_sidecar_and_unreadable_files_are_findings(tmp_path, identifiers):
    _write(tmp_path, "lonely.png", "x")
    _write(tmp_path, "broken.json", "{not json")
    kinds = sorted(f.kind for f in P.scan_outputs([tmp_path], identifiers=identifiers))
    assert kinds == ["a file that could not be read (JSONDecodeError)",
                     "an image without a text sidecar (its text cannot be checked)"]


def test_suppressed_table_passes_the_gate(tmp_path, identifiers):
    counts = pd.DataFrame({"female": [3, 40, 25], "male": [30, 42, 28]}, index=["a", "b", "c"])
    t = P.suppress_small_cells(counts)
    _write(tmp_path, "t.html", t.to_html())
    _write(tmp_path, "t_ar.html", t.to_html(lang="ar"))
    assert P.scan_outputs([tmp_path], identifiers=identifiers) == []
    assert 'data-suppressed="true">[c]' in t.to_html() and "المجموع" in t.to_html("ar")
    (tmp_path / "t_ar.html").unlink()
    raw = "".join("<tr>" + "".join(f'<td data-n="{int(v)}">{int(v)}</td>' for v in row) + "</tr>"
                  for row in counts.itertuples(index=False))
    _write(tmp_path, "t.html", f"<table>{raw}</table>")
    assert len(P.scan_outputs([tmp_path], identifiers=identifiers)) == 1


def test_notebook_outputs_are_scanned_and_stripped(tmp_path, identifiers):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"parameters": {"province": "basra"}}
    cell = nbformat.v4.new_code_cell("df.head()")
    cell.outputs = [nbformat.v4.new_output("execute_result",
                                           {"text/plain": "0  زينب علي حسين  0770 123 4567"},
                                           execution_count=1)]
    nb.cells = [nbformat.v4.new_markdown_cell("# Basra"), cell]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, str(path))
    found = P.scan_outputs([path], identifiers=identifiers)
    assert {f.kind for f in found} == {"a phone number from the raw data",
                                       "a person's name from the raw data"}
    assert P.notebook_has_outputs(path)
    assert P.strip_notebook(path) is True
    assert not P.notebook_has_outputs(path)
    assert "papermill" not in path.read_text(encoding="utf-8")
    assert P.strip_notebook(path) is False
    assert P.scan_outputs([path], identifiers=identifiers) == []


def test_project_notebooks_are_committed_without_outputs():
    from pathlib import Path

    root = Path(__file__).parents[2] / "notebooks"
    dirty = [str(p) for p in root.rglob("*.ipynb")
             if ".ipynb_checkpoints" not in p.parts and P.notebook_has_outputs(p)]
    assert not dirty, f"notebooks with outputs (run wps.privacy.strip_notebook): {dirty}"


def test_pdf_text_layer_is_scanned(tmp_path, identifiers):
    pytest.importorskip("pypdf")  # or poppler's pdftotext on PATH
    import matplotlib
    import matplotlib.pyplot as plt  # conftest sets MPLBACKEND=Agg

    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig = plt.figure()
        fig.text(0.1, 0.5, "Case notes: Fatima Hassan, call 0781 234 5678")
        fig.savefig(tmp_path / "leak.pdf")
        fig2 = plt.figure()
        fig2.text(0.1, 0.5, "Share of women reporting to the police: 12%")
        fig2.savefig(tmp_path / "clean.pdf")
        plt.close("all")
    found = P.scan_outputs([tmp_path / "leak.pdf"], identifiers=identifiers)
    assert {f.kind for f in found} == {"a phone number from the raw data",
                                       "a person's name from the raw data"}
    assert all(f.location.startswith("page 1") for f in found)
    assert P.scan_outputs([tmp_path / "clean.pdf"], identifiers=identifiers) == []


def test_csv_count_columns_declared_in_a_sidecar(tmp_path):
    _write(tmp_path, "ipv.csv", "district,women,men\nBasra,4,40\n")
    assert P.scan_outputs([tmp_path / "ipv.csv"], identifiers={}) == []
    _write(tmp_path, "ipv.json", json.dumps({"count_columns": ["women", "men"]}))
    found = P.scan_outputs([tmp_path / "ipv.csv"], identifiers={})
    assert [(f.location, f.kind) for f in found] == [("row 2, column 'women'", "an unsuppressed count below 10")]


def test_numbers_run_together_in_a_layout_line_are_still_found(tmp_path, identifiers):
    _write(tmp_path, "layout.txt", "Basra  12  15  0770 123 4567  3  9\nKirkuk 199012345678 7\n")
    ids = dict(identifiers, national_id={"199012345678"})
    kinds = sorted(f.kind for f in P.scan_outputs([tmp_path], identifiers=ids))
    assert kinds == ["a phone number from the raw data", "an ID number from the raw data"]


def test_raw_pandas_tables_are_refused(tmp_path):
    import json

    import pandas as pd

    from wpsresearch.privacy import scan_outputs

    (tmp_path / "page.html").write_text(pd.DataFrame({"age": [34, 51]}).to_html(), encoding="utf-8")
    nb = {"cells": [{"cell_type": "code", "source": "df.head()", "outputs": [
        {"output_type": "execute_result", "data": {"text/html": pd.DataFrame({"x": [1]}).to_html()}}]}]}
    (tmp_path / "run.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    kinds = {(f.file.rsplit("/", 1)[-1], f.kind.split(" (")[0]) for f in scan_outputs([tmp_path], identifiers={})}
    assert ("page.html", "a raw data table") in kinds and ("run.ipynb", "a raw data table") in kinds
