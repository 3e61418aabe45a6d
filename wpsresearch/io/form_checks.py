"""Checks of an XLSForm that pyxform does not make, each finding with sheet, row and column.

pyxform (run by :func:`wpsresearch.io.read_xlsform`) already refuses what makes a form
unusable: duplicate or invalid names, missing choice lists, unknown types, unbalanced
groups, ``${}`` references to unknown or ambiguous names.  It does not parse expressions:
that is ODK Validate's job (Java, run when a form is deployed), so a form with a broken
``relevant`` converts.  The cleaning stage evaluates ``relevant`` and ``constraint`` to
flag skip-logic violations; a broken one cannot be evaluated.  These findings therefore
*warn* (the question is then reported as "not checked" by the cleaning), and never refuse a
form pyxform converts: the form still keys its data.
"""

from __future__ import annotations

import re

__all__ = ["check_form", "expression_problems"]

_REFERENCE = re.compile(r"\$\{[^}]*\}")
_EXPRESSIONS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")


def expression_problems(text: str) -> list:
    """What is syntactically broken in an XPath expression (brackets, quotes, ``${``).

    Examples
    --------
    >>> expression_problems("${age} > 18 and (${sex} = 'f'")
    ['unbalanced parentheses']
    >>> expression_problems("selected(${q}, 'a')")
    []
    """
    problems, depth, quote, closed_early = [], 0, None, False
    for char in text:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
            if depth < 0:
                closed_early = True
                break
    if quote:
        problems.append(f"unclosed quote {quote}")
    if depth != 0 or closed_early:
        problems.append("unbalanced parentheses")
    if text.count("${") != len(_REFERENCE.findall(text)):
        problems.append("a '${' is never closed with '}'")
    return problems


def check_form(variables, choices=None) -> list:
    """``[(sheet, row, column, message), ...]`` for every expression that cannot be parsed.

    Parameters
    ----------
    variables : pandas.DataFrame
        :attr:`Codebook.variables` (``sheet_row`` and the expression columns).
    choices : pandas.DataFrame, optional
        Not checked today (pyxform checks the choices sheet); kept for symmetry.
    """
    import pandas as pd

    out, seen = [], set()
    columns = [c for c in _EXPRESSIONS if c in variables.columns]
    for row in variables[["name", "sheet_row", *columns]].itertuples(index=False):
        for column in columns:
            text = getattr(row, column)
            if not isinstance(text, str) or not text.strip():
                continue
            where = None if pd.isna(row.sheet_row) else int(row.sheet_row)
            key = (where, column, text)
            if key in seen:  # a loop repeats its questions: one finding per sheet row
                continue
            seen.add(key)
            for problem in expression_problems(text):
                out.append(("survey", where, column, f"{column} of '{row.name}': {problem}"))
    return out
