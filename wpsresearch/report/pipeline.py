"""``build_reports``: execute once per province, export per language, gate, then publish.

Layout (DESIGN.md, "Reports")::

    reports/<study>/<province>/executed.ipynb         the executed notebook, with the outputs
                                                      a reader may see (:func:`publishable_copy`)
    reports/<study>/<province>/labels_unreviewed.csv  QA: unreviewed label terms the reports use
    reports/<study>/<province>/<lang>/report.html     self-contained, offline
    reports/<study>/<province>/<lang>/report.pdf      set by Typst from the same renderings

Everything is first built in ``reports/<study>/.staging-<province>-*``; the disclosure gate
reads every staged file; only when it passes are the files moved into place.  A failing gate
removes the staging folder and publishes nothing.  The gate also reads the whole execution
record (prints and tracebacks included), which is never published: a notebook that prints an
identifier fails the build even though the print would have been dropped.  PDFs are set by
Typst (:mod:`wpsresearch.report.typst_exporter`, the ``typst`` wheel): nothing outside pip, no
browser, the same on Windows, macOS and Linux.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from pathlib import Path

from wpsresearch.errors import ReportError
from wpsresearch.io.paths import ensure_writable

__all__ = ["build_reports", "start_reports", "publishable_copy", "DEFAULT_NOTEBOOK"]

DEFAULT_NOTEBOOK = "province_study.ipynb"
_FORMATS = ("html", "pdf")
EXECUTION_RECORD = "execution_record.ipynb"  # staged for the gate only, never published
# What a published notebook keeps: the renderings of the disclosure-checked display path.
# Report tables are text/html with their counts in data-n (what the gate checks); figures are
# images (PNG/SVG) whose numbers sit in sidecars.  Dropped: stream output (print(frame) shows
# raw, unsuppressed values as prose the gate cannot tell from text), error tracebacks (they
# print local values), and every text/plain, also beside an html/image sibling: the plain
# form is the object's repr, not its checked rendering (Estimate's repr prints the whole
# unsuppressed summary), and Jupyter, nbviewer and nbconvert all show the richer sibling, so
# the notebook stays readable.  text/markdown, JSON and widget views are dropped too: nothing
# in the library's display path produces them.
PUBLISHED_MIME_TYPES = ("text/html", "image/png", "image/svg+xml")


def _say(progress, text: str) -> None:
    if progress is None:
        return
    (progress.step if hasattr(progress, "step") else progress)(text)


def _default_notebook() -> Path:
    from importlib import resources

    return Path(str(resources.files("wpsresearch.report.templates").joinpath(DEFAULT_NOTEBOOK)))


def _slug(province: str) -> str:
    """``--province Basrah`` or ``البصرة`` is the study's ``basra`` (names as study.yml takes them)."""
    from wpsresearch.errors import StudyConfigError
    from wpsresearch.geo.places import province_slug_of

    try:
        return province_slug_of(province)
    except StudyConfigError:
        return province  # refused below, naming the study's provinces


def _check_request(study, provinces, langs, to):
    unknown = [p for p in provinces if p not in study.provinces]
    if unknown:
        raise ReportError(f"province(s) not in this study: {', '.join(unknown)}",
                          hint=f"the study's provinces are {', '.join(study.provinces)}")
    bad_lang = [lang for lang in langs if lang not in ("en", "ar")]
    bad_to = [t for t in to if t not in _FORMATS]
    if bad_lang or bad_to:
        raise ReportError(f"unknown language(s) or format(s): {', '.join(bad_lang + bad_to)}",
                          hint="languages: en, ar; formats: html, pdf")


def publishable_copy(nb):
    """A copy of an executed notebook holding only the outputs a reader may see.

    Keeps ``display_data`` / ``execute_result`` outputs reduced to their ``text/html``,
    ``image/png`` and ``image/svg+xml`` parts (see ``PUBLISHED_MIME_TYPES``); drops stream
    output, tracebacks, ``text/plain`` and every other output.  Cells, sources and execution
    counts stay, so the notebook still reads as the analysis that was run.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (not changed).

    Returns
    -------
    nbformat.NotebookNode

    Examples
    --------
    >>> import nbformat
    >>> v4 = nbformat.v4
    >>> cell = v4.new_code_cell("show(table)")
    >>> cell.outputs = [v4.new_output("stream", name="stdout", text="n = 3"),
    ...                 v4.new_output("display_data", data={"text/html": "<table></table>",
    ...                                                     "text/plain": "Estimate(n=3)"})]
    >>> nb = v4.new_notebook(cells=[cell])
    >>> [dict(o.data) for o in publishable_copy(nb).cells[0].outputs]
    [{'text/html': '<table></table>'}]
    """
    import copy

    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.output_type not in ("display_data", "execute_result"):
                continue
            data = {m: v for m, v in output.get("data", {}).items() if m in PUBLISHED_MIME_TYPES}
            if not data:
                continue
            output.data = data
            output.metadata = {m: v for m, v in output.get("metadata", {}).items() if m in data}
            kept.append(output)
        cell.outputs = kept
    return out


def _shown_path(study_dir: Path, out: Path) -> str:
    """The study folder as an executed notebook shows it: relative to the project root that
    receives ``reports/`` (an absolute path names the machine, the user and their folders)."""
    study_dir = Path(study_dir)
    if study_dir.parent.name == "raw" and study_dir.parent.parent.name == "data":
        return f"data/raw/{study_dir.name}"  # the layout of every project
    project = out.parent.parent.parent.parent  # reports/<study>/<staging>/executed.ipynb
    try:
        shown = Path(os.path.relpath(study_dir, project)).as_posix()
    except ValueError:  # another drive on Windows
        return study_dir.name
    # a path that climbs out of the project spells the absolute one: the folder name only
    return study_dir.name if shown.startswith("..") else shown


def _finish_execution(out: Path, study_dir: Path | None = None, nb=None):
    """Strip papermill's metadata and the absolute study path; keep the whole run as the
    gate's record; publish a copy (``out``).  ``nb``: the executed notebook (default: read
    from ``out``)."""
    import nbformat

    nb = nbformat.read(str(out), as_version=4) if nb is None else nb
    nb.metadata.pop("papermill", None)  # holds paths and the environment (DESIGN.md)
    absolute = {str(study_dir), Path(study_dir).as_posix()} if study_dir is not None else set()
    shown = _shown_path(Path(study_dir), out) if study_dir is not None else ""
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        for path in sorted(absolute, key=len, reverse=True):
            if path and path in cell.source:  # papermill's injected `study_dir = "/home/..."`
                cell.source = cell.source.replace(path, shown)
    nbformat.write(nb, str(out.with_name(EXECUTION_RECORD)))
    published = publishable_copy(nb)
    nbformat.write(published, str(out))
    return published


def _province_failed(exc: ReportError, notebook: Path, study_dir, province) -> ReportError:
    # the half-executed notebook stays unpublished (it was never gated): name the cell instead
    return ReportError(f"{notebook.name} failed for {province}: {exc.message}",
                       hint=f"run it in JupyterLab with study_dir={str(study_dir)!r}, "
                       f"province={province!r} to see the cell")


def _study_notebook(notebook: Path, study):
    """The notebook with the study's analysis plan and own cells written in (the same for
    every province: its parameters cell names the province)."""
    from wpsresearch.report.plan_notebook import expand_notebook

    return expand_notebook(notebook, study)


def lazy_identifiers(study):
    """A function giving the gate's identifiers of ``study``, read from the raw export on its
    first call (while the notebooks run) and kept."""
    import functools

    from wpsresearch.privacy.gate import study_identifiers

    return functools.cache(lambda: study_identifiers(study))


def _check_plan(study_dir, notebook: Path) -> None:
    """A notebook that renders the analysis plan: refuse a bad plan or indicators block before
    anything is executed (the error names study.yml or the plan's row and column)."""
    import nbformat

    from wpsresearch.report.plan_notebook import PLAN_TAG

    nb = nbformat.read(str(notebook), as_version=4)
    if any(PLAN_TAG in c.metadata.get("tags", []) for c in nb.cells):
        from wpsresearch.report.plan_report import prepare

        prepare(study_dir, check_form=True)


def _start_province(runner, outputs, province, nb):
    """Stage a province and submit its notebook ``nb`` (the template with the study's plan
    written in, report.plan_notebook) to ``runner``; return ``(stage, future)``.  The HTML
    and PDF are rendered from the executed notebook's publishable copy, so they show what it
    shows."""
    stage = Path(tempfile.mkdtemp(prefix=f".staging-{province}-", dir=outputs.reports))
    try:
        outputs.say(f"{province}: executing the province notebook")
        future = runner.submit(nb, cwd=stage, parameters={"study_dir": str(outputs.study.root),
                                                          "province": province})
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return stage, future


def _finish_province(outputs, province, notebook, stage: Path, future):
    """Once its notebook ran: export, write the label QA, gate, publish (stage removed)."""
    from wpsresearch.labels import Labels

    study, langs = outputs.study, outputs.langs
    try:
        try:
            executed = future.result()
        except ReportError as exc:
            raise _province_failed(exc, notebook, study.root, province) from None
        nb = _finish_execution(stage / "executed.ipynb", study.root, executed)
        labels = Labels.default()
        staged = [stage / "executed.ipynb", stage / EXECUTION_RECORD]
        pages = []
        staged += _export_languages(nb, outputs, province, stage, pages, labels)
        staged.append(_write_label_qa(stage, pages, labels, study.synthetic))
        outputs.say(f"{province}: disclosure gate over {len(staged)} staged file(s)")
        outputs.gate_staged(staged, stage)
        published = _publish(stage, outputs.reports / province, langs)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    what = {"executed.ipynb": "executed notebook (tables and figures only, no printed output)",
            "labels_unreviewed.csv": "QA: unreviewed Arabic label terms these reports use",
            "report.html": "self-contained offline HTML report", "report.pdf": "PDF report"}
    return [(p, f"{province} {p.parent.name if p.parent.name in langs else ''} "
                f"{what.get(p.name, 'report file')}".replace("  ", " ")) for p in published]


def _export_languages(nb, outputs, province, stage, pages, labels):
    from wpsresearch.geo.places import governorates, province_pcode
    from wpsresearch.report.offline_html import export_html, external_resources

    study, to = outputs.study, outputs.to
    gov = governorates().loc[province_pcode(province)]
    staged = []
    for lang in outputs.langs:
        name = gov["name_ar" if lang == "ar" else "name_en"]
        title = f"{study.title_in(lang)} — {name}"
        meta = (f"{labels.get('report_meta_governorate', lang)}: {name} · "
                f"{labels.get('report_meta_generated', lang)}")
        page = export_html(nb, lang=lang, title=title, synthetic=study.synthetic, labels=labels, meta=meta)
        leaks = external_resources(page)
        if leaks:
            raise ReportError(f"the {lang} report would load {len(leaks)} resource(s) from elsewhere: "
                              f"{'; '.join(leaks[:3])}",
                              hint="embed images in the notebook; reports must work offline")
        pages.append(page)
        folder = stage / lang
        folder.mkdir()
        html_path = folder / "report.html"
        html_path.write_text(page, encoding="utf-8")
        staged.append(html_path)
        if "pdf" in to:
            from wpsresearch.report.typst_exporter import export_pdf

            outputs.say(f"{province}/{lang}: setting the PDF")
            pdf = export_pdf(nb, lang=lang, title=title, synthetic=study.synthetic, labels=labels,
                             meta=meta)
            (folder / "report.pdf").write_bytes(pdf)
            staged.append(folder / "report.pdf")
        if "html" not in to:
            html_path.unlink()
            staged.remove(html_path)
    return staged


def _write_label_qa(stage: Path, pages: list[str], labels, synthetic: bool) -> Path:
    """``labels_unreviewed.csv``: the unreviewed label-table terms these reports show."""
    import csv
    import re

    keys = {"report_meta_governorate", "report_meta_generated"}
    keys |= {"synthetic_stamp", "synthetic_note"} if synthetic else set()
    for page in pages:
        for found in re.findall(r'data-label-keys="([^"]*)"', page):
            keys.update(found.split())
    path = stage / "labels_unreviewed.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["key", "en", "ar", "source"])
        for key in labels.unreviewed(keys):
            out.writerow([key, labels.get(key, "en"), labels.get(key, "ar"), labels.source.get(key, "")])
    return path


def _publish(stage: Path, target: Path, langs) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    published = []
    for lang in langs:
        dest = ensure_writable(target / lang)
        dest.mkdir(parents=True, exist_ok=True)
        for old in ("report.html", "report.pdf"):  # fact sheets beside them stay
            (dest / old).unlink(missing_ok=True)
        for path in sorted((stage / lang).iterdir()):
            os.replace(path, ensure_writable(dest / path.name))
            published.append(dest / path.name)
    top = []
    for name in ("executed.ipynb", "labels_unreviewed.csv"):
        dest = ensure_writable(target / name)
        os.replace(stage / name, dest)
        top.append(dest)
    return [*top, *published]


def start_reports(runner, study_dir, options, *, provinces=None, notebook=None,
                  plan_checked=False):
    """Submit every province's notebook to ``runner``; return the
    :class:`~wpsresearch.report.notebook_runner.PendingNotebooks` whose ``finish_*`` methods
    export, gate and publish each province once its notebook has run.

    :func:`build_reports` does both; :func:`~wpsresearch.report.build_all_outputs` builds the
    fact sheets and the rest while the notebooks run.  ``options``: a
    :class:`~wpsresearch.report.publication.PublishOptions` (its ``identifiers``, when the
    caller has them; default: read from the raw export while the notebooks run);
    ``provinces``, ``notebook`` as :func:`build_reports`; ``plan_checked``: the caller checks
    the analysis plan and indicators itself (:func:`~wpsresearch.report.plan_report.prepare`
    with ``check_form``).
    """
    import dataclasses

    from wpsresearch.report.notebook_runner import PendingNotebooks
    from wpsresearch.study import Study

    study = Study.load(study_dir, check_form=False)
    provinces = [_slug(p) for p in provinces or study.provinces]
    options = dataclasses.replace(options, langs=tuple(options.langs), to=tuple(options.to))
    _check_request(study, provinces, options.langs, options.to)
    notebook = Path(notebook) if notebook is not None else _default_notebook()
    if not notebook.is_file():
        raise ReportError("no such notebook", file=notebook)
    outputs = options.of(study)
    nb = _study_notebook(notebook, study)
    pending = PendingNotebooks()
    try:
        for province in provinces:
            stage, future = _start_province(runner, outputs, province, nb)
            finish = functools.partial(_finish_province, outputs, province, notebook, stage,
                                       future)
            pending.add(future, finish, functools.partial(shutil.rmtree, stage, True))
        if not plan_checked:
            # a bad plan or indicators block is named (study.yml, the plan's row and column)
            # rather than left to fail in a notebook cell
            outputs.say("checking the study's analysis plan and indicators")
            _check_plan(study_dir, notebook)
    except BaseException:
        pending.abort()
        raise
    return pending


def build_reports(study_dir, provinces=None, langs=("en", "ar"), to=("html", "pdf"),
                  out_root=Path("."), notebook=None, gate=None, workers=None,
                  progress=None, runner=None) -> list[tuple[Path, str]]:
    """Build the study's reports per province and language, gate them, publish them.

    Parameters
    ----------
    study_dir : path-like
        The study folder (``study.yml``).
    provinces : list of str, optional
        Province slugs (default: all of the study's).
    langs : tuple of {"en", "ar"}
    to : tuple of {"html", "pdf"}
    out_root : path-like
        Project root receiving ``reports/<study>/<province>/<lang>/``.
    notebook : path-like, optional
        The study notebook with a ``parameters`` cell (``study_dir``, ``province``); default:
        the package's province study template (``templates/province_study.ipynb``, the same
        file as ``notebooks/province_study.ipynb``).  ``templates/minimal_study.ipynb``
        checks the pipeline alone (fixed numbers, no processed data needed).
    gate : callable, optional
        ``gate(paths, *, identifiers, policy) -> list of findings``; default
        :func:`wpsresearch.privacy.scan_outputs`.
    workers : int, optional
        Notebooks executed at the same time, each in its own kernel (default: the number of
        cores).  A kernel runs one province after another, reset in between
        (:class:`~wpsresearch.report.notebook_runner.NotebookRunner`); each province is
        exported, gated and published as soon as its notebook has run.
    progress : callable or object with ``.step(text)``, optional
    runner : NotebookRunner, optional
        Kernels already started (the demo starts them while the study is built); left running.

    Returns
    -------
    list of (Path, str)
        Every file published, with one line on what it is.

    Raises
    ------
    ReportError
        Unknown province/language/format, a failing notebook, a page that would
        load something from elsewhere, or a disclosure-gate finding (nothing of that province
        is published).
    """
    from wpsresearch.report.notebook_runner import NotebookRunner
    from wpsresearch.report.publication import PublishOptions

    own = runner is None
    if own:
        wanted = len(provinces) if provinces else (os.cpu_count() or 1)
        runner = NotebookRunner(max(1, min(workers or os.cpu_count() or 1, wanted)))
    try:
        options = PublishOptions(out_root, langs, to, gate, progress)
        pending = start_reports(runner, study_dir, options, provinces=provinces,
                                notebook=notebook)
        written = pending.finish_all()
    finally:
        if own:
            runner.close()
    return sorted(written, key=lambda row: str(row[0]))
