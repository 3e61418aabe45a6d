"""Help-seeking pathways and grouped reasons for not reporting, from select_multiple answers.

Groups are data (``codebooks/help_seeking.yaml``).  A select_multiple may arrive as one
space-separated column (Kobo/ODK) or as one 1/0 (or True/False) column per option, named
``<question>/<option>``, ``<question>__<option>`` or ``<question>.<option>`` (Kobo, our own
exports, R).  A respondent who was not asked (empty string column, or all option columns
empty) gets <NA> everywhere.
"""

from __future__ import annotations

from wpsresearch.errors import InputError
from wpsresearch.sgbv.rulebook import load_yaml, parse_yes_no

__all__ = ["help_seeking_pathways", "no_report_reasons", "selected_options"]

_SEPARATORS = ("/", "__", ".")


def _option_columns(df, question):
    """``{option: column}`` for dummy columns, also under a group path (``help/help_sought/police``)."""
    for sep in _SEPARATORS:
        cols = {}
        for c in df.columns:
            if not isinstance(c, str):
                continue
            pos = c.find(question + sep)
            if pos == 0 or (pos > 0 and c[pos - 1] in "/-."):
                cols[c[pos + len(question) + len(sep):]] = c
        if cols:
            return cols
    return {}


def _text_column(df, question):
    """The space-separated column: ``question`` itself or ``group/question`` (Kobo group path)."""
    if question in df.columns:
        return question
    found = [c for c in df.columns if isinstance(c, str) and c.rsplit("/", 1)[-1] == question
             and c != question]
    return found[0] if len(found) == 1 else None


def selected_options(df, question, options):
    """Boolean frame (one column per option) of a select_multiple; <NA> rows = not asked.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"help_sought": ["police family", None, "no_one"]})
    >>> selected_options(df, "help_sought", ["police", "family", "no_one"])["police"].tolist()
    [True, <NA>, False]
    """
    import pandas as pd

    dummies = _option_columns(df, question)
    text_col = _text_column(df, question)
    if text_col is not None:
        text = df[text_col].astype("string").str.strip()
        asked = text.notna() & text.ne("")
        chosen = text.fillna("").str.split()
        unknown = sorted({o for opts in chosen for o in opts} - set(options))
        if unknown:
            bad = chosen.map(lambda opts: bool(set(opts) - set(options)))
            raise InputError(f"unknown option(s) {unknown[:5]}", column=text_col,
                             row=list(df.index[bad])[:50], hint=f"options: {', '.join(options)}")
        out = pd.DataFrame({o: chosen.map(lambda opts, o=o: o in opts) for o in options}, index=df.index)
        return out.astype("boolean").where(asked, pd.NA)
    if not dummies:
        raise InputError(f"no column for the select_multiple {question!r}", column=question,
                         hint=f"give '{question}' (space-separated) or '{question}/<option>' columns")
    unknown = sorted(set(dummies) - set(options))
    if unknown:
        raise InputError(f"unknown option column(s) {unknown[:5]}",
                         column=[dummies[u] for u in unknown], hint=f"options: {', '.join(options)}")
    out = pd.DataFrame({o: parse_yes_no(df[dummies[o]], column=dummies[o]) if o in dummies
                        else pd.Series(False, index=df.index, dtype="boolean") for o in options},
                       index=df.index)
    asked = pd.DataFrame({o: df[dummies[o]] for o in dummies}).notna().any(axis=1)
    if not (dummies.keys() - {"other"}):
        asked[:] = False
    return out.fillna(False).astype("boolean").where(asked, pd.NA)


def _grouped(df, spec):
    import pandas as pd

    options = sorted({o for opts in spec["groups"].values() for o in opts})
    chosen = selected_options(df, spec["question"], options)
    out = pd.DataFrame(index=df.index)
    for name, opts in spec["groups"].items():
        out[name] = chosen[opts].any(axis=1).astype("boolean").where(chosen.notna().all(axis=1), pd.NA)
    return out, chosen


def help_seeking_pathways(df):
    """Where respondents sought help: formal, tribal/religious, informal, NGO, none.

    Parameters
    ----------
    df : pandas.DataFrame
        With the ``help_sought`` select_multiple (space-separated text or option columns) and
        options ``police fpd court health tribal_leader religious_leader family
        friends_neighbours ngo no_one other``.

    Returns
    -------
    pandas.DataFrame
        ``help_asked`` (bool) and ``help_formal`` (police, Family Protection Directorate,
        courts, health), ``help_tribal_religious``, ``help_informal``, ``help_ngo``,
        ``help_none``, ``help_other`` and ``reported_formal`` (police, FPD or court only, the
        study's headline indicator) as ``boolean``; <NA> where the question was not asked.
        A respondent may be in several pathways.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"help_sought": ["health family", "tribal_leader", "no_one", ""]})
    >>> out = help_seeking_pathways(df)
    >>> out[["help_formal", "reported_formal", "help_tribal_religious"]].iloc[0].tolist()
    [True, False, False]
    >>> out["help_none"].tolist()
    [False, False, True, <NA>]
    """
    import pandas as pd

    spec = load_yaml("help_seeking.yaml")["help_sought"]
    out, chosen = _grouped(df, spec)
    asked = chosen.notna().all(axis=1)
    out["reported_formal"] = chosen[spec["reported_formal"]].any(axis=1).astype("boolean").where(asked, pd.NA)
    out.insert(0, "help_asked", asked.astype(bool))
    return out


def no_report_reasons(df):
    """Reasons for not reporting, grouped: stigma, distrust of institutions, tribal/family
    pressure, fear of retaliation, lack of knowledge (and other).

    Examples
    --------
    >>> import pandas as pd
    >>> out = no_report_reasons(pd.DataFrame({"no_report_reason": ["stigma distrust_police", None]}))
    >>> out.loc[0, ["reason_stigma", "reason_distrust_institutions", "reason_fear_retaliation"]].tolist()
    [True, True, False]
    """
    spec = load_yaml("help_seeking.yaml")["no_report_reason"]
    out, chosen = _grouped(df, spec)
    out.insert(0, "reason_asked", chosen.notna().all(axis=1).astype(bool))
    return out
