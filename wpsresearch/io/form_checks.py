"""Checks of an XLSForm, each problem reported by sheet, row and column.

These are the checks that make a form unusable as the key to its data (names the readers
rely on, choice lists the selects point to, expressions that reference real questions).
The full ODK validator (XPath semantics) is not reimplemented: it needs Java.
"""

from __future__ import annotations

import re

from wpsresearch.errors import FormError

__all__ = ["check_form"]

_NAME = re.compile(r"^[A-Za-z_\u00c0-\uffff][\w.\-\u00c0-\uffff]*$")
_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_EXPRESSIONS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _expression_problems(text: str, names: set) -> list:
    problems, depth, quote = [], 0, None
    for char in text:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                break
    if quote:
        problems.append(f"unclosed quote {quote}")
    if depth != 0:
        problems.append("unbalanced parentheses")
    if "${" in text and text.count("${") != len(_REFERENCE.findall(text)):
        problems.append("a '${' is never closed with '}'")
    unknown = [ref for ref in _REFERENCE.findall(text) if ref not in names]
    if unknown:
        problems.append("refers to unknown question(s) " + ", ".join(f"${{{u}}}" for u in unknown))
    return problems


def _survey_problems(variables, choices) -> list:
    from wpsresearch.io.codebook import is_known_type

    out = []
    lists = set(choices["list_name"]) if len(choices) else set()
    names = set(variables["name"]) - {""}
    seen: dict = {}
    for row in variables.itertuples(index=False):
        where = int(row.sheet_row)
        base, name = row.base_type, row.name
        if not base:
            out.append((where, "type", f"'{name}' has no type"))
            continue
        if not is_known_type(base):
            out.append((where, "type", f"unknown question type '{row.type}'"))
        if base.startswith("end_"):
            continue
        if not name:
            out.append((where, "name", f"a '{row.type}' row has no name"))
            continue
        if not _NAME.match(name):
            out.append((where, "name", f"'{name}' is not a valid name (letters, digits, _ . -; "
                        "no spaces; must not start with a digit)"))
        if name in seen:
            out.append((where, "name", f"'{name}' is defined twice (also row {seen[name]})"))
        else:
            seen[name] = where
        if base in ("select_one", "select_multiple"):
            if not _text(row.list_name):
                out.append((where, "type", f"'{row.type}' names no choice list"))
            elif row.list_name not in lists:
                out.append((where, "type", f"choice list '{row.list_name}' does not exist in "
                            "the choices sheet"))
        for column in _EXPRESSIONS:
            text = _text(getattr(row, column, None))
            if text:
                out += [(where, column, f"{column} of '{name}': {p}")
                        for p in _expression_problems(text, names)]
    return out


def _choice_problems(choices) -> list:
    out, seen = [], {}
    for row in choices.itertuples(index=False):
        where = int(row.sheet_row)
        if not row.list_name or not row.name:
            missing = "list_name" if not row.list_name else "name"
            out.append((where, missing, f"a choice has no {missing}"))
            continue
        key = (row.list_name, row.name)
        if key in seen:
            out.append((where, "name", f"choice '{row.name}' appears twice in list "
                        f"'{row.list_name}' (also row {seen[key]})"))
        else:
            seen[key] = where
    return out


def check_form(variables, choices, *, file, strict: bool = True) -> None:
    """Raise one :class:`FormError` listing every problem found (sheet, row, column)."""
    survey = _survey_problems(variables, choices)
    sheet, problems = ("survey", survey) if survey else ("choices", _choice_problems(choices))
    if not problems:
        return
    listed = "; ".join(f"row {r} ({c}): {m}" for r, c, m in problems[:15])
    more = f"; and {len(problems) - 15} more" if len(problems) > 15 else ""
    error = FormError(
        f"the form has {len(problems)} problem(s): {listed}{more}", file=file, sheet=sheet,
        row=sorted({r for r, _, _ in problems}), column=sorted({c for _, c, _ in problems}),
        hint="correct the form in Excel or KoboToolbox's form builder and read it again")
    fatal = any("defined twice" in m or "has no name" in m for _, _, m in problems)
    if strict or fatal:
        raise error
    import warnings

    from wpsresearch.errors import WpsWarning

    warnings.warn(str(error), WpsWarning, stacklevel=4)
