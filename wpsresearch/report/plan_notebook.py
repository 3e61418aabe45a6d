"""The province notebook of a study: the template with its analysis plan written out as cells.

The template (``notebooks/province_study.ipynb``) is the same for every study.  Before it is
executed for a study, the cell tagged ``plan-analyses`` is replaced by the study's plan: per
section a heading in each language (``lang-en`` / ``lang-ar`` cells), one short code cell per
plan row — ``results[7] = wps.stats.analyse(here, plan.row(7), ...)``, which a scholar can read,
change and re-run — and one display cell per language; then the key findings of the headline
rows.  The cell tagged ``study-cells`` is replaced by the study's own cells (``report_cells:``
in ``study.yml``, a py:percent script or a notebook), so study-specific analyses sit below the
generated part.  The executed notebook published beside the reports is this expanded one.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["expand_notebook", "read_cells", "section_titles", "PLAN_TAG", "STUDY_TAG"]

PLAN_TAG = "plan-analyses"
STUDY_TAG = "study-cells"
_AR_OPEN, _AR_CLOSE = '<div dir="rtl" lang="ar">\n\n', "\n\n</div>"


def _markdown(text, lang):
    import nbformat

    source = f"{_AR_OPEN}{text}{_AR_CLOSE}" if lang == "ar" else text
    return nbformat.v4.new_markdown_cell(source, metadata={"tags": [f"lang-{lang}"]})


def _code(source, tags=()):
    import nbformat

    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})


def section_titles(section, rows, form, labels, sources=None) -> dict:
    """``{"en": ..., "ar": ...}`` of a plan section: the plan's ``section::`` texts, else the
    form group of the section's first variable (a section left empty), else the label table,
    else the section text itself."""
    from wpsresearch.stats.analysis_labels import LANGS

    titles = dict(rows[0].section_labels)
    if section is None:
        group = _form_group(form, (sources or {}).get(rows[0].analysis_var, rows[0].analysis_var))
        if group is not None:
            return {lang: form.label(group, lang) for lang in LANGS}
        return {lang: labels.get("nb_results", lang) for lang in LANGS}
    for lang in LANGS:
        if not titles.get(lang):
            titles[lang] = labels.get(section, lang) if section in labels else section
    return titles


def _form_group(form, name):
    if form is None or not name or name not in form.names:
        return None
    path = form.question(name)["group"]
    if not isinstance(path, str) or not path:
        return None
    return path.split("/")[-1]


def _row_comment(row, label) -> str:
    text = f"# Plan row {row.row}: {label} — {row.describe()}"
    return text.replace("\n", " ")


def _analysis_cell(row, label):
    return _code(f"{_row_comment(row, label)}\n"
                 f"results[{row.row}] = wps.stats.analyse(here, plan.row({row.row}), "
                 "labels=labels, codebook=form)")


def _display_cells(numbers, call):
    return [_code(f"wps.report.{call}(results{numbers}, lang=\"{lang}\"{', study=study' if call == 'show_section' else ''})",
                  tags=[f"lang-{lang}"]) for lang in ("en", "ar")]


def plan_cells(plan, form, labels, sources=None) -> list:
    """The generated part of the notebook for ``plan`` (see the module docstring).

    ``sources``: ``{indicator: question}`` (:func:`wpsresearch.sgbv.indicator_sources`), so a
    constructed indicator without a section goes under the form group of its questions.
    """
    from wpsresearch.stats.analysis_labels import row_labels

    cells = []
    done = set()
    for number, (section, rows) in enumerate(_sections(plan, form, sources), start=1):
        titles = section_titles(section, rows, form, labels, sources)
        for lang in ("en", "ar"):
            cells.append(_markdown(f"## {number}. {titles[lang]}", lang))
        for row in rows:
            cells.append(_analysis_cell(row, row_labels(row, labels, form)["en"]))
            done.add(row.row)
        cells += _display_cells(f", {[r.row for r in rows]}", "show_section")
    headlines = plan.headlines()
    if headlines:
        for lang in ("en", "ar"):
            note = labels.get("nb_findings_note", lang, default="")
            cells.append(_markdown(f"## {labels.get('nb_key_findings', lang)}\n{note}".strip(), lang))
        for row in headlines:
            if row.row not in done:
                cells.append(_analysis_cell(row, row_labels(row, labels, form)["en"]))
        cells += _display_cells("", "show_findings")
    return cells


def _sections(plan, form, sources=None):
    """``[(section, rows)]``: the plan's sections; rows without a section grouped by the form
    group of their variable (of its first question, for a constructed indicator), in plan
    order."""
    sources = sources or {}
    out: dict = {}
    for section, rows in plan.sections().items():
        if section is not None:
            out[("plan", section)] = rows
            continue
        for row in rows:
            question = sources.get(row.analysis_var, row.analysis_var)
            out.setdefault(("form", _form_group(form, question)), []).append(row)
    return [(key[1] if key[0] == "plan" else None, rows) for key, rows in out.items()]


def read_cells(path) -> list:
    """The cells of a study's ``report_cells`` file: a notebook (``.ipynb``) or a py:percent
    script (``# %%`` cell markers, ``[markdown]``, ``tags=[...]``; jupytext's format)."""
    import ast

    import nbformat

    path = Path(path)
    if path.suffix == ".ipynb":
        return list(nbformat.read(str(path), as_version=4).cells)
    cells, kind, tags, lines = [], None, [], []

    def flush():
        if kind is None:
            return
        body = "\n".join(lines).strip("\n")
        if kind == "markdown":
            body = "\n".join(re.sub(r"^# ?", "", line) for line in body.splitlines())
            cell = nbformat.v4.new_markdown_cell(body)
        else:
            cell = nbformat.v4.new_code_cell(body)
        if tags:
            cell.metadata["tags"] = tags
        cells.append(cell)

    for line in path.read_text(encoding="utf-8").splitlines():
        marker = re.match(r"^# %%(.*)$", line)
        if marker:
            flush()
            rest = marker.group(1)
            kind = "markdown" if "[markdown]" in rest else "code"
            found = re.search(r"tags=(\[[^\]]*\])", rest)
            tags = list(ast.literal_eval(found.group(1))) if found else []
            lines = []
        elif kind is not None:
            lines.append(line)
    flush()
    return cells


def expand_notebook(template, study, *, plan=None, form=None, labels=None):
    """The template with the study's plan and own cells written in (a new notebook).

    Parameters
    ----------
    template : path or NotebookNode
    study : Study
    plan, form, labels : optional
        Default: the study's (``study.read_plan()``, its form, :func:`study_labels`).

    Returns
    -------
    nbformat.NotebookNode
        Unchanged (a copy) when the template has neither marker cell.
    """
    import copy

    import nbformat

    from wpsresearch.report.indicators import study_form, study_labels
    from wpsresearch.sgbv.study_indicators import indicator_sources

    nb = nbformat.read(str(template), as_version=4) if not hasattr(template, "cells") \
        else copy.deepcopy(template)
    tags = [set(c.metadata.get("tags", [])) for c in nb.cells]
    if not any(PLAN_TAG in t or STUDY_TAG in t for t in tags):
        return nb
    form = form if form is not None else study_form(study)
    labels = labels if labels is not None else study_labels(study, form)
    cells = []
    for cell, tag in zip(nb.cells, tags):
        if PLAN_TAG in tag:
            cells += plan_cells(plan if plan is not None else study.read_plan(), form, labels,
                                indicator_sources(dict(study.indicators or {})))
        elif STUDY_TAG in tag:
            cells += read_cells(study.report_cells) if study.report_cells else []
        else:
            cells.append(cell)
    for i, cell in enumerate(cells):  # nbformat 4.5 cell ids: unique and the same every run
        if nb.nbformat_minor >= 5:
            cell["id"] = f"cell-{i:03d}"
        else:
            cell.pop("id", None)
    nb.cells = cells
    return nb
