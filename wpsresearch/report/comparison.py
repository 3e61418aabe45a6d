"""The province comparison report: ``province_comparison.ipynb`` executed once for the study.

Published, after the disclosure gate, as ``reports/<study>/comparison/<lang>/report.html``
(+ ``report.pdf``), exactly like a province report.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from wpsresearch.io.paths import ensure_writable
from wpsresearch.report.pipeline import _finish_execution, kernel_options

__all__ = ["build_comparison", "COMPARISON_NOTEBOOK"]

COMPARISON_NOTEBOOK = "province_comparison.ipynb"


def _template() -> Path:
    from importlib import resources

    return Path(str(resources.files("wpsresearch.report.templates").joinpath(COMPARISON_NOTEBOOK)))


def _execute(notebook: Path, out: Path, study_dir: Path):
    import papermill

    from wpsresearch.errors import ReportError

    try:
        with tempfile.TemporaryDirectory(prefix="wps-k-", ignore_cleanup_errors=True) as sockets:
            papermill.execute_notebook(str(notebook), str(out),
                                       parameters={"study_dir": str(study_dir)},
                                       kernel_name="python3", progress_bar=False,
                                       cwd=str(out.parent), **kernel_options(sockets))
    except papermill.PapermillExecutionError as exc:
        raise ReportError(f"{notebook.name} failed in cell {exc.exec_count} ({exc.ename}: "
                          f"{str(exc.evalue)[:300]})", hint="run it in JupyterLab to see the cell") from None
    # the same rule as a province report: only the display path's outputs are published
    # (pipeline.publishable_copy); the full run is staged for the gate as EXECUTION_RECORD
    return _finish_execution(out, study_dir)


def build_comparison(study_dir, *, out_root=Path("."), langs=("en", "ar"), to=("html", "pdf"),
                     notebook=None, gate=None, progress=None,
                     identifiers=None) -> list[tuple[Path, str]]:
    """Execute the comparison notebook, export per language, gate, publish.

    Returns
    -------
    list of (Path, str)
    """
    from wpsresearch.labels import Labels
    from wpsresearch.privacy.gate import run_gate
    from wpsresearch.report.pipeline import EXECUTION_RECORD, _say
    from wpsresearch.privacy.gate import study_identifiers
    from wpsresearch.study import Study

    study = Study.load(study_dir, check_form=False)
    identifiers = study_identifiers(study) if identifiers is None else identifiers
    labels = Labels.default()
    reports = ensure_writable(Path(out_root).resolve() / "reports" / study.name)
    reports.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".staging-comparison-", dir=reports))
    try:
        _say(progress, "comparison: executing province_comparison.ipynb")
        nb = _execute(Path(notebook) if notebook else _template(), stage / "executed.ipynb", study.root)
        staged = [stage / "executed.ipynb"]
        for lang in langs:
            staged += _export(nb, study, lang, to, stage, labels)
        record = stage / EXECUTION_RECORD   # gated, never published
        run_gate([*staged, record], identifiers=identifiers, policy=study.policy, root=stage,
                 gate=gate)
        return _publish(staged, stage, reports / "comparison", langs, to)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _export(nb, study, lang, to, stage, labels) -> list[Path]:
    from wpsresearch.report.offline_html import export_html
    from wpsresearch.report.typst_exporter import export_pdf

    title = f"{study.title_in(lang)} — {labels.get('cmp_title', lang)}"
    meta = labels.get("report_meta_generated", lang)
    page = export_html(nb, lang=lang, title=title, synthetic=study.synthetic, labels=labels,
                       meta=meta)
    (stage / lang).mkdir()
    html_path = stage / lang / "report.html"
    html_path.write_text(page, encoding="utf-8")
    if "pdf" not in to:
        return [html_path]
    pdf = export_pdf(nb, lang=lang, title=title, synthetic=study.synthetic, labels=labels,
                     meta=meta)
    (stage / lang / "report.pdf").write_bytes(pdf)
    return [html_path, stage / lang / "report.pdf"]


def _publish(staged, stage, target, langs, to) -> list[tuple[Path, str]]:
    written = []
    for path in staged:
        if path.suffix == ".html" and "html" not in to:
            continue
        dest = ensure_writable(target / path.relative_to(stage))
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), str(dest))
        where = f"{dest.parent.name} " if dest.parent.name in langs else ""
        written.append((dest, f"province comparison {where}{dest.suffix[1:].upper()}"))
    return written
