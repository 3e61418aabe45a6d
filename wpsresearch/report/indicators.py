"""The analysis data of a study: its processed respondents, its indicators, form and labels.

Every output — the province notebook, fact sheets, campaign images, the comparison and the
results tables — starts from :func:`analysis_frame` (the processed respondents with the
indicators the study's ``indicators:`` block defines) and labels things with
:func:`study_labels`, so they cannot disagree.  Nothing here names a study's questions.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["add_indicators", "analysis_frame", "study_form", "study_labels", "study_plan",
           "term_labels", "form_labels"]


def add_indicators(df, study):
    """``df`` with the indicators of ``study``'s ``indicators:`` block added.

    Parameters
    ----------
    df : pandas.DataFrame
        Processed respondents.
    study : Study or dict
        The study (its ``indicators`` mapping and ``study.yml`` are used), or the mapping.

    See Also
    --------
    wpsresearch.sgbv.add_indicators : the families and their keys.
    """
    from wpsresearch.sgbv.study_indicators import add_indicators as add

    mapping = getattr(study, "indicators", study)
    root = getattr(study, "root", None)
    return add(df, dict(mapping or {}), file=(root / "study.yml") if root is not None else None)


# Per process: each study's analysis frame, keyed on the processed respondents file (path,
# modification and change times, size, inode: the export gate's rule for a file that
# changed) and the study's indicators block, the two things it is made of.  A report kernel
# runs several notebooks of one study (the provinces, the comparison) and the demo's own
# process builds fact sheets, campaign images and results tables from it: each built it
# again (0.17 s of CPU, read and indicators); a copy costs 1 ms.
_FRAMES: dict = {}
_FRAMES_KEPT = 2


def _frame_key(study):
    try:
        path = (Path(study.processed_dir) / "respondents.parquet").resolve()
        st = path.stat()
    except (AttributeError, TypeError, OSError):
        return None
    return (str(path), st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns,
            repr(dict(getattr(study, "indicators", None) or {})))


def analysis_frame(study):
    """The processed respondents of ``study`` with its indicators (``wpsresearch build`` first).

    Built once per process for the same processed file and indicators; each call returns
    its own copy.
    """
    key = _frame_key(study)
    if key is not None and key in _FRAMES:
        return _FRAMES[key].copy()
    frame = add_indicators(study.read_processed(), study)
    if key is not None and key == _frame_key(study):  # not rewritten while it was read
        if len(_FRAMES) >= _FRAMES_KEPT:
            _FRAMES.pop(next(iter(_FRAMES)))
        _FRAMES[key] = frame.copy()
    return frame


def study_form(study):
    """The study's form (a :class:`~wpsresearch.io.Codebook`; the reader caches it by content)."""
    return study.read_form()


def form_labels(form) -> dict:
    """``{name: {"en": ..., "ar": ...}}`` of every question and answer of a form (its
    ``label::…`` columns; a language the form lacks takes the other)."""
    from wpsresearch.stats.analysis_labels import form_texts

    questions, answers = form_texts(form)
    out = {}
    for name, texts in [*questions.items(),
                        *((c, t) for options in answers.values() for c, t in options.items())]:
        if name not in out and any(texts.values()):
            out[name] = {lang: texts[lang] or texts["en"] or texts["ar"] for lang in ("en", "ar")}
    return out


def study_labels(study, form=None):
    """Labels for a study's outputs: the package label table, the form's question and answer
    labels where the table has none, and the study's own indicator labels (``indicators:``
    ``answers`` and ``indices``, given or built from the form) on top."""
    from wpsresearch.labels import Labels
    from wpsresearch.sgbv.study_indicators import indicator_labels

    form = form if form is not None else study_form(study)
    base = Labels.default()
    own = {k: v for k, v in form_labels(form).items() if k not in base}
    own.update(indicator_labels(dict(study.indicators or {}), form))
    return base.with_entries(own, source="form") if own else base


def term_labels(model, labels):
    """``labels`` with a reader's name for each term of a model: ``sex[T.male]`` becomes
    ``Sex: Men`` (the question's and the answer's labels), so no coded term is published.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from wpsresearch.labels import Labels
    >>> model = SimpleNamespace(to_frame=lambda: __import__("pandas").DataFrame(
    ...     {"term": ["(Intercept)", "sex[T.male]", "age"]}))
    >>> lab = term_labels(model, Labels.default())
    >>> lab.get("sex[T.male]", "en"), lab.get("sex[T.male]", "ar")
    ('Sex: Men', 'الجنس: الرجال')
    """
    import re

    entries = {}
    for term in model.to_frame()["term"]:
        match = re.fullmatch(r"(.+)\[T\.(.+)\]", str(term))
        if match and term not in labels:
            name, level = match.groups()
            entries[term] = {lang: f"{labels.get(name, lang)}: {labels.get(level, lang)}"
                             for lang in ("en", "ar")}
    return labels.with_entries(entries, source="model") if entries else labels


def study_plan(study, frame=None, form=None):
    """The study's analysis plan, its names checked against the analysis data.

    Raises
    ------
    StudyConfigError
        The study has no ``analysis_plan``.
    AnalysisPlanError
        A plan row reads a column the analysis data do not have (naming row and column).
    """
    form = form if form is not None else study_form(study)
    plan = study.read_plan()
    if frame is not None:
        plan.check_columns(frame.columns, what="the study's processed data and indicators",
                           select_multiple=form.select_multiple(), codebook=form)
    return plan
