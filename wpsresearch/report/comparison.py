"""The province comparison report: ``province_comparison.ipynb`` executed once for the study.

Published, after the disclosure gate, as ``reports/<study>/comparison/<lang>/report.html``
(+ ``report.pdf``), exactly like a province report.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

from wpsresearch.io.paths import ensure_writable
from wpsresearch.report.pipeline import _finish_execution

__all__ = ["build_comparison", "start_comparison", "COMPARISON_NOTEBOOK"]

COMPARISON_NOTEBOOK = "province_comparison.ipynb"


def _template() -> Path:
    from importlib import resources

    return Path(str(resources.files("wpsresearch.report.templates").joinpath(COMPARISON_NOTEBOOK)))


def start_comparison(runner, study_dir, options, *, notebook=None):
    """Submit the comparison notebook to ``runner``; return the
    :class:`~wpsresearch.report.notebook_runner.PendingNotebooks` that exports, gates and
    publishes it once it has run (:func:`build_comparison` does both).  ``options``: a
    :class:`~wpsresearch.report.publication.PublishOptions`."""
    import nbformat

    from wpsresearch.report.notebook_runner import PendingNotebooks
    from wpsresearch.study import Study

    study = Study.load(study_dir, check_form=False)
    outputs = options.of(study)
    source = Path(notebook) if notebook else _template()
    stage = Path(tempfile.mkdtemp(prefix=".staging-comparison-", dir=outputs.reports))
    try:
        outputs.say(f"comparison: executing {source.name}")
        future = runner.submit(nbformat.read(str(source), as_version=4), cwd=stage,
                               parameters={"study_dir": str(study.root)})
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    pending = PendingNotebooks()
    pending.add(future, functools.partial(_finish, outputs, future, stage, source.name),
                functools.partial(shutil.rmtree, stage, True))
    return pending


def _finish(outputs, future, stage, name):
    from wpsresearch.errors import ReportError
    from wpsresearch.labels import Labels
    from wpsresearch.report.pipeline import EXECUTION_RECORD

    study, langs, to = outputs.study, outputs.langs, outputs.to
    try:
        try:
            executed = future.result()
        except ReportError as exc:
            raise ReportError(f"{name}: {exc.message}",
                              hint="run it in JupyterLab to see the cell") from None
        # the same rule as a province report: only the display path's outputs are published
        # (pipeline.publishable_copy); the full run is staged for the gate as EXECUTION_RECORD
        nb = _finish_execution(stage / "executed.ipynb", study.root, executed)
        labels = Labels.default()
        staged = [stage / "executed.ipynb"]
        for lang in langs:
            staged += _export(nb, study, lang, to, stage, labels)
        record = stage / EXECUTION_RECORD   # gated, never published
        outputs.gate_staged([*staged, record], stage)
        return _publish(staged, stage, outputs.reports / "comparison", langs, to)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def build_comparison(study_dir, *, out_root=Path("."), langs=("en", "ar"), to=("html", "pdf"),
                     notebook=None, gate=None, progress=None, identifiers=None,
                     runner=None) -> list[tuple[Path, str]]:
    """Execute the comparison notebook, export per language, gate, publish.

    ``runner``: a :class:`~wpsresearch.report.notebook_runner.NotebookRunner` already
    started (left running); default: a kernel of its own.

    Returns
    -------
    list of (Path, str)
    """
    from wpsresearch.report.notebook_runner import NotebookRunner
    from wpsresearch.report.publication import PublishOptions

    own = runner is None
    runner = runner or NotebookRunner(1)
    try:
        options = PublishOptions(out_root, langs, to, gate, progress, identifiers)
        pending = start_comparison(runner, study_dir, options, notebook=notebook)
        return pending.finish_all()
    finally:
        if own:
            runner.close()


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
