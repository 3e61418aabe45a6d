"""Labels of an analysis plan row: the plan's, else the form's, else the label table's.

A report shows what the scholar wrote (``label::English (en)`` / ``label::Arabic (ar)`` in the
plan), else what the form asks (its ``label::…`` columns, question and answers), else the
package's label table (the standard indicators, e.g. ``ipv_any_12m``), else the name itself.
Answers of a select question take the form's choice labels; grouping questions likewise.
"""

from __future__ import annotations

__all__ = ["row_labels", "table_labels", "option_columns", "LANGS"]

LANGS = ("en", "ar")
_OPTION_SEPARATORS = ("__", "/", ".")  # processed data, Kobo, R (make.names)


def _form_label(codebook, name, lang, choice=None):
    if codebook is None:
        return None
    try:
        if choice is None and name not in codebook.names:
            return None
        text = codebook.label(name, lang, choice=choice)
    except Exception:  # noqa: BLE001 - not a question of the form, or not a select question
        return None
    fallback = str(choice) if choice is not None else name
    return text if text and text != fallback else None


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
    if codebook is None or question not in getattr(codebook, "names", ()):
        return {}
    try:
        choices = codebook.choices_for(question)["name"].astype(str).tolist()
    except Exception:  # noqa: BLE001 - not a select question
        return {}
    if values is not None:
        choices = [c for c in choices if c in set(map(str, values))]
    entries = {}
    for choice in choices:
        texts = {lang: _form_label(codebook, question, lang, choice=choice) for lang in LANGS}
        if any(texts.values()):
            entries[choice] = {lang: texts[lang] or texts["en"] or texts["ar"] for lang in LANGS}
    return entries


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
    note = {lang: texts[lang].replace("{", "{{").replace("}", "}}") + ": "
            + base.get("stats_note_missing", lang) for lang in LANGS}
    entries["stats_note_missing"] = note
    return base.with_entries(entries, source="plan")
