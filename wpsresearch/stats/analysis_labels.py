"""Labels of an analysis plan row: the plan's, else the form's, else the label table's.

A report shows what the scholar wrote (``label::English (en)`` / ``label::Arabic (ar)`` in the
plan), else what the form asks (its ``label::…`` columns, question and answers), else the
package's label table (the standard indicators, e.g. ``ipv_any_12m``), else the name itself.
Answers of a select question take the form's choice labels; grouping questions likewise.
"""

from __future__ import annotations

__all__ = ["row_labels", "table_labels", "option_columns", "form_texts", "LANGS"]

LANGS = ("en", "ar")
_OPTION_SEPARATORS = ("__", "/", ".")  # processed data, Kobo, R (make.names)
_FORMS: dict = {}  # id(codebook) -> (codebook, texts): a form's labels, read once


def _language_columns(frame) -> dict:
    from wpsresearch.io.codebook import language_code

    columns = [c for c in frame.columns if str(c).startswith("label::")]
    out = {}
    for lang in LANGS:
        found = [c for c in columns if c[len("label::"):] == lang
                 or language_code(c[len("label::"):]) == lang]
        out[lang] = found[0] if found else None
    # a form with one unnamed label language ("label", read as label::default) labels English
    # (Arabic then falls back to it, as Codebook.label does)
    if out["en"] is None and columns:
        plain = [c for c in columns if language_code(c[len("label::"):]) not in ("ar",)]
        out["en"] = plain[0] if plain else None
    return out


def _texts(row, columns) -> dict:
    texts = {}
    for lang, column in columns.items():
        value = row.get(column) if column else None
        texts[lang] = value if isinstance(value, str) and value.strip() else None
    return texts


def form_texts(codebook):
    """``(questions, answers)`` of a form: ``{name: {"en": text or None, "ar": ...}}`` and
    ``{question: {choice: {...}}}``, read once per codebook."""
    if codebook is None:
        return {}, {}
    cached = _FORMS.get(id(codebook))
    if cached is not None and cached[0] is codebook:
        return cached[1]
    variables, choices = codebook.variables, codebook.choices
    vcols, ccols = _language_columns(variables), _language_columns(choices)
    questions = {}
    for rec in variables.to_dict("records"):
        name = rec.get("name")
        if isinstance(name, str) and name and name not in questions:
            questions[name] = _texts(rec, vcols)
    by_list: dict = {}
    for rec in choices.to_dict("records"):
        by_list.setdefault(rec.get("list_name"), {})[str(rec.get("name"))] = _texts(rec, ccols)
    answers = {}
    for rec in variables.to_dict("records"):
        list_name = rec.get("list_name")
        if isinstance(list_name, str) and list_name in by_list:
            answers.setdefault(rec.get("name"), by_list[list_name])
    if len(_FORMS) > 8:
        _FORMS.clear()
    _FORMS[id(codebook)] = (codebook, (questions, answers))
    return questions, answers


def _form_label(codebook, name, lang, choice=None):
    questions, answers = form_texts(codebook)
    texts = questions.get(name) if choice is None else answers.get(name, {}).get(str(choice))
    return (texts or {}).get(lang)


def row_labels(row, labels=None, codebook=None) -> dict:
    """``{"en": ..., "ar": ...}``: the label of a plan row's indicator.

    Examples
    --------
    >>> from types import MappingProxyType
    >>> from wpsresearch.io.analysis_plan import PlanRow
    >>> row = PlanRow(2, "prop_select_one", "ipv_any_12m",
    ...               labels=MappingProxyType({"en": "Partner violence, past year"}))
    >>> row_labels(row)["en"], row_labels(row)["ar"][:6]
    ('Partner violence, past year', 'عنف جس')
    """
    from wpsresearch.labels import Labels

    labels = labels or Labels.default()
    out = {}
    for lang in LANGS:
        text = row.labels.get(lang)
        if text is None and row.analysis_type != "ratio":
            text = _form_label(codebook, row.analysis_var, lang)
        if text is None and row.name in labels:
            text = labels.get(row.name, lang)
        if text is None and row.analysis_type == "ratio":
            parts = [_form_label(codebook, v, lang) or (labels.get(v, lang) if v in labels else None)
                     for v in (row.numerator, row.denominator)]
            if all(parts):
                text = f"{parts[0]} / {parts[1]}"
        out[lang] = text
    # a language the plan and the form leave empty takes the other's text, then the name
    for lang, other in (("en", "ar"), ("ar", "en")):
        out[lang] = out[lang] or out[other] or row.name
    return out


def option_columns(columns, question) -> list:
    """``[(option, column), ...]``: the 1/0 columns of a select_multiple question.

    >>> option_columns(["q__a", "q__b", "q_other", "x"], "q")
    [('a', 'q__a'), ('b', 'q__b')]
    """
    for sep in _OPTION_SEPARATORS:
        prefix = f"{question}{sep}"
        found = [(str(c)[len(prefix):], str(c)) for c in columns if str(c).startswith(prefix)]
        if found:
            return found
    return []


def _choice_entries(codebook, question, values=None) -> dict:
    _, answers = form_texts(codebook)
    wanted = None if values is None else set(map(str, values))
    options = answers.get(question, {})
    entries = {}
    for choice, texts in options.items():
        if (wanted is None or choice in wanted) and any(texts.values()):
            entries[choice] = {lang: texts[lang] or texts["en"] or texts["ar"] for lang in LANGS}
    for lang in LANGS:  # answers the form labels alike (template forms) keep their names
        shown = [e[lang] for e in entries.values()]
        for choice, entry in entries.items():
            if shown.count(entry[lang]) > 1:
                entry[lang] = f"{entry[lang]} ({choice})"
    return entries


def _percentile(p) -> dict:
    if float(p) == 0.5:
        return {"en": "Median", "ar": "الوسيط"}
    return {"en": f"Percentile {float(p) * 100:g}", "ar": f"المئين {float(p) * 100:g}"}


def table_labels(result, labels=None, codebook=None):
    """The label table for one row's report table: the package table, the form's labels of
    the row's questions and answers, the plan's label, and a missing-answer note that names
    the indicator."""
    from wpsresearch.labels import Labels

    base = labels or Labels.default()
    row = result.row
    texts = row_labels(row, base, codebook)
    entries = {}
    if row.analysis_type != "ratio":
        entries.update(_choice_entries(codebook, row.analysis_var))
    for option in result.options:
        if option not in entries:
            found = _choice_entries(codebook, row.analysis_var, [option])
            entries.update(found)
    for g in row.group_var:
        entries.update(_choice_entries(codebook, g))
        for lang_text in ({lang: _form_label(codebook, g, lang) for lang in LANGS},):
            if any(lang_text.values()) and g not in base:
                entries[g] = {lang: lang_text[lang] or lang_text["en"] or g for lang in LANGS}
    entries[row.name] = texts
    for p in row.probs or ((0.5,) if row.analysis_type == "median" else ()):
        entries[str(float(p))] = _percentile(p)
    entries["stats_note_missing"] = {
        lang: texts[lang].replace("{", "{{").replace("}", "}}") + ": "
        + base.get("stats_note_missing", lang) for lang in LANGS}
    return base.with_entries(entries, source="plan")
