"""Help-seeking pathways and grouped reasons for not reporting, from select_multiple answers.

Groups are data (``codebooks/help_seeking.yaml``): standard help sources and reasons, which a
study maps to its own choice names.  A select_multiple may arrive as one
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
    """``{option: column}`` for dummy columns, also under a group path (``grp/question/option``)."""
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
    >>> df = pd.DataFrame({"Q7": ["police family", None, "no_one"]})
    >>> selected_options(df, "Q7", ["police", "family", "no_one"])["police"].tolist()
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


def _offered(df, question, mapped):
    """Codes the question offers: its option columns when it has them, else the codes seen in
    its text column; plus the codes a study mapped explicitly."""
    dummies = _option_columns(df, question)
    if dummies:
        return set(dummies) | mapped
    text_col = _text_column(df, question)
    if text_col is None:
        raise InputError(f"no column for the select_multiple {question!r}", column=question,
                         hint=f"give '{question}' (space-separated) or '{question}/<option>' columns")
    seen = df[text_col].astype("string").dropna().str.split().explode().dropna()
    return set(seen) | mapped


def _concept_codes(concepts, options, spec_name):
    """``{concept: [codes]}``: a study's mapping, else the concept's own name."""
    options = dict(options or {})
    unknown = sorted(set(options) - set(concepts))
    if unknown:
        raise InputError(f"unknown {spec_name} {unknown[:5]}",
                         hint=f"map these to your choice names: {', '.join(concepts)}")
    out = {}
    for concept in concepts:
        value = options.get(concept, concept)
        out[concept] = [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
    return out


def _grouped(df, question, spec, options, spec_name):
    import pandas as pd

    concepts = sorted({c for members in spec["groups"].values() for c in members})
    codes = _concept_codes(concepts, options, spec_name)
    mapped = {c for concept, cs in codes.items() if concept in (options or {}) for c in cs}
    offered = _offered(df, question, mapped)
    chosen = selected_options(df, question, sorted(offered))
    asked = chosen.notna().all(axis=1)
    out = pd.DataFrame(index=df.index)
    for name, members in spec["groups"].items():
        member_codes = [c for m in members for c in codes[m] if c in offered]
        if not member_codes:  # the form does not offer this pathway: no indicator, not 0 %
            continue
        out[name] = chosen[member_codes].any(axis=1).astype("boolean").where(asked, pd.NA)
    return out, chosen, asked, codes, offered


def help_seeking_pathways(df, question, *, options=None):
    """Where respondents sought help: formal, tribal/religious, informal, NGO, none.

    Parameters
    ----------
    df : pandas.DataFrame
        With the select_multiple ``question`` (space-separated text or option columns).
    question : str
        Your form's "where did you seek help?" question.
    options : dict, optional
        Your choice name(s) for each standard help source: ``police``, ``fpd`` (Family
        Protection Directorate), ``court``, ``health``, ``tribal_leader``,
        ``religious_leader``, ``family``, ``friends_neighbours``, ``ngo``, ``no_one``,
        ``other``.  A source not mapped is the choice of the same name; a source the form
        does not offer leaves its pathway out (not 0 %).

    Returns
    -------
    pandas.DataFrame
        ``help_asked`` (bool) and ``help_formal`` (police, Family Protection Directorate,
        courts, health), ``help_tribal_religious``, ``help_informal``, ``help_ngo``,
        ``help_none``, ``help_other`` and ``reported_formal`` (police, FPD or court only)
        as ``boolean``; <NA> where the question was not asked.  A respondent may be in
        several pathways.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Q7": ["sihha ahl", "shaykh", "la_ahad", ""]})
    >>> out = help_seeking_pathways(df, "Q7", options={"health": "sihha", "family": "ahl",
    ...     "tribal_leader": "shaykh", "no_one": "la_ahad"})
    >>> out[["help_formal", "help_tribal_religious", "help_informal"]].iloc[0].tolist()
    [True, False, True]
    >>> out["help_none"].tolist(), "reported_formal" in out   # no police/court option offered
    ([False, False, True, <NA>], False)
    """
    import pandas as pd

    spec = load_yaml("help_seeking.yaml")["help_sources"]
    out, chosen, asked, codes, offered = _grouped(df, question, spec, options, "help source(s)")
    formal = [c for m in spec["reported_formal"] for c in codes[m] if c in offered]
    if formal:
        out["reported_formal"] = chosen[formal].any(axis=1).astype("boolean").where(asked, pd.NA)
    out.insert(0, "help_asked", asked.astype(bool))
    return out


def no_report_reasons(df, question, *, options=None):
    """Reasons for not reporting, grouped: stigma, distrust of institutions, tribal/family
    pressure, fear of retaliation, lack of knowledge (and other).

    ``options`` maps the standard reasons (``stigma``, ``distrust_police``,
    ``tribal_family_pressure``, ``fear_retaliation``, ``didnt_know_where``, ``other``) to your
    choice names, as :func:`help_seeking_pathways` does.

    Examples
    --------
    >>> import pandas as pd
    >>> out = no_report_reasons(pd.DataFrame({"Q9": ["ayb la_thiqa", None]}), "Q9",
    ...                         options={"stigma": "ayb", "distrust_police": "la_thiqa"})
    >>> out.loc[0, ["reason_stigma", "reason_distrust_institutions"]].tolist()
    [True, True]
    """
    spec = load_yaml("help_seeking.yaml")["no_report_reasons"]
    out, _, asked, _, _ = _grouped(df, question, spec, options, "reason(s)")
    out.insert(0, "reason_asked", asked.astype(bool))
    return out
