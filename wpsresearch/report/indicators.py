"""The analysis data of a study: its processed respondents, its indicators, form and labels.

Every output — the province notebook, fact sheets, campaign images, the comparison and the
results tables — starts from :func:`analysis_frame` (the processed respondents with the
indicators the study's ``indicators:`` block defines) and labels things with
:func:`study_labels`, so they cannot disagree.  Nothing here names a study's questions.
"""

from __future__ import annotations


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


def analysis_frame(study):
    """The processed respondents of ``study`` with its indicators (``wpsresearch build`` first)."""
    return add_indicators(study.read_processed(), study)


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
