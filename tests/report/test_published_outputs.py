"""Published notebooks keep only the outputs of the disclosure-checked display path.

A report table or chart reaches the reader as ``text/html`` (with ``data-n`` counts the gate
checks) or as an image with a sidecar; ``print(frame)``, the ``text/plain`` repr of a bare
expression, stderr and tracebacks print raw values the gate cannot tell from prose.  The
published ``executed.ipynb`` and the HTML built from it must carry only the former.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import nbformat
import pytest

import wpsresearch as wps
from .conftest import count_gate

RAW = "RAWPRINT"    # marker of every unchecked output planted below
PNG = "iVBORw0KGgo="


def _outputs_text(path):
    """What a reader sees of a published file: a notebook's outputs (all kinds), a page."""
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8")
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    return "".join([*(str(v) for o in outputs for v in o.get("data", {}).values()),
                    *(o.get("text", "") for o in outputs), *(str(o.get("traceback", "")) for o in outputs)])


def _nb_with_every_output_kind():
    v4 = nbformat.v4
    nb = v4.new_notebook()
    cell = v4.new_code_cell("x")
    cell.outputs = [
        v4.new_output("stream", name="stdout", text=f"{RAW} sex  n\nfemale 3\n"),
        v4.new_output("stream", name="stderr", text=f"{RAW} warning with a value 3\n"),
        v4.new_output("execute_result", data={"text/plain": f"{RAW} n    3"}, execution_count=1),
        v4.new_output("display_data", data={"text/html": '<table><td data-n="412">412</td></table>',
                                            "text/plain": f"{RAW} Estimate(frame with n=3)"}),
        v4.new_output("display_data", data={"image/png": PNG, "text/plain": f"<{RAW} Figure>"},
                      metadata={"image/png": {"width": 400}, "text/plain": {"x": 1}}),
        v4.new_output("execute_result", data={"image/svg+xml": "<svg/>",
                                              "application/json": {RAW: 3}}, execution_count=2),
        v4.new_output("display_data", data={"text/markdown": f"{RAW} 3 women"}),
        v4.new_output("error", ename="KeyError", evalue=f"{RAW} 3", traceback=[f"{RAW} frame n=3"]),
    ]
    nb.cells = [v4.new_markdown_cell("# title"), cell]
    return nb


def test_only_html_and_images_survive_and_nothing_raw():
    from wpsresearch.report.pipeline import publishable_copy

    nb = _nb_with_every_output_kind()
    out = publishable_copy(nb)
    nbformat.validate(out)
    outputs = out.cells[1].outputs
    assert [sorted(o.data) for o in outputs] == [["text/html"], ["image/png"], ["image/svg+xml"]]
    assert [o.output_type for o in outputs] == ["display_data", "display_data", "execute_result"]
    assert outputs[1].metadata == {"image/png": {"width": 400}}
    assert RAW not in nbformat.writes(out)
    assert RAW in nbformat.writes(nb)          # the input is not changed
    assert out.cells[1].source == "x" and out.cells[0].source == "# title"


def _notebook_with_print_and_gated_table(tmp_path):
    src = resources.files("wpsresearch.report.templates").joinpath("minimal_study.ipynb")
    nb = nbformat.reads(src.read_text("utf-8"), as_version=4)
    nb.cells += [nbformat.v4.new_code_cell(code) for code in (
        f'print(pd.DataFrame({{"who": ["{RAW}_a", "{RAW}_b"], "n": [3, 4]}}))',
        f'pd.Series({{"{RAW}_total": 7}})',
        f'import sys; print("{RAW}_err", file=sys.stderr)',
    )]
    path = tmp_path / "printing.ipynb"
    nbformat.write(nb, path)
    return path


def test_published_notebook_has_the_gated_table_not_the_print(tiny_study, tmp_path):
    out = tmp_path / "project"
    seen = []

    def gate(paths, *, identifiers, policy):
        seen.extend(Path(p) for p in paths)
        return count_gate(paths, identifiers=identifiers, policy=policy)

    written = wps.report.build_reports(tiny_study, provinces=["basra"], langs=("en",),
                                       to=("html",), out_root=out, gate=gate,
                                       notebook=_notebook_with_print_and_gated_table(tmp_path))
    root = out / "reports" / tiny_study.name / "basra"
    nb = nbformat.read(root / "executed.ipynb", as_version=4)
    text = _outputs_text(root / "executed.ipynb")
    kinds = {o.output_type for c in nb.cells if c.cell_type == "code" for o in c.outputs}
    mimes = {m for c in nb.cells if c.cell_type == "code" for o in c.outputs for m in o.get("data", {})}
    assert kinds <= {"display_data", "execute_result"} and "text/plain" not in mimes
    assert 'data-n="412"' in text and RAW not in text
    page = (root / "en" / "report.html").read_text(encoding="utf-8")
    assert 'data-n="412"' in page and "<img" in page and RAW not in page
    # the gate still read the whole execution (a printed identifier fails the build) ...
    assert any(p.name == "execution_record.ipynb" for p in seen)
    # ... but the unfiltered record is never published
    assert not [p for p, _ in written if "record" in p.name]
    assert not list((out / "reports").rglob("execution_record.ipynb"))


def test_comparison_publishes_the_filtered_notebook(tiny_study, tmp_path, monkeypatch):
    import wpsresearch.report.comparison as comparison

    # the comparison template needs processed data: run the printing notebook through it
    # instead (its parameters cell takes province too; papermill injects study_dir only)
    out = tmp_path / "project"
    written = comparison.build_comparison(tiny_study, out_root=out, langs=("en",), to=("html",),
                                          gate=count_gate, identifiers={},
                                          notebook=_notebook_with_print_and_gated_table(tmp_path))
    names = sorted(p.name for p, _ in written)
    assert names == ["executed.ipynb", "report.html"]
    for path, _ in written:
        text = _outputs_text(path)
        assert RAW not in text and 'data-n="412"' in text


@pytest.mark.parametrize("kind", ["stream", "error"])
def test_a_cell_with_only_unchecked_output_is_left_empty_not_removed(kind):
    v4 = nbformat.v4
    nb = v4.new_notebook()
    cell = v4.new_code_cell("print(df)")
    cell.outputs = [v4.new_output("stream", name="stdout", text=RAW) if kind == "stream"
                    else v4.new_output("error", ename="E", evalue=RAW, traceback=[RAW])]
    nb.cells = [cell]
    from wpsresearch.report.pipeline import publishable_copy

    out = publishable_copy(nb)
    assert len(out.cells) == 1 and out.cells[0].outputs == []
