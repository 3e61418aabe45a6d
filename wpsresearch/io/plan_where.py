"""The ``where`` column of an analysis plan: a small, safe filter language.

A plan row may restrict its analysis to a domain (``sex == 'female'``) or a denominator
(``ipv_denominator``).  The text is parsed with Python's own parser (:mod:`ast`) and only
these forms are accepted, so a plan file shared between partners can never run code:

- ``column == 'text'``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` against a text, number or
  ``True``/``False``;
- ``column in ['a', 'b']`` and ``column not in [...]``;
- ``column`` alone (a yes/no column: its true rows), ``not ...``, ``and``, ``or`` and brackets;
- a column whose name is not a plain word is written in backticks: ```help/police` == True``.

pandas' ``DataFrame.query`` would read the same text but evaluates attribute access and
function calls, so it is not used.  A respondent whose answer is missing is outside every
comparison (Kleene logic, then missing = not in the domain), so a filter never widens a
domain by accident.

Examples
--------
>>> import pandas as pd
>>> f = parse_where("sex == 'female' and age >= 18")
>>> sorted(f.columns)
['age', 'sex']
>>> df = pd.DataFrame({"sex": ["female", "male", None, "female"], "age": [30, 40, 25, 15]})
>>> f.mask(df).tolist()
[True, False, False, False]
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

__all__ = ["PlanFilter", "parse_where", "WhereSyntaxError"]

_BACKTICK = re.compile(r"`([^`]+)`")
_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
        ast.In: "in", ast.NotIn: "not in"}
_HELP = ("write comparisons such as sex == 'female', age >= 18, marital in ['married', "
         "'divorced'], joined with and / or / not; a yes/no column alone keeps its true rows")


class WhereSyntaxError(ValueError):
    """The text is not a filter of the accepted forms (the message says which part)."""


@dataclass(frozen=True)
class PlanFilter:
    """A parsed ``where`` filter: ``text`` as written, the ``columns`` it reads."""

    text: str
    columns: tuple
    _tree: object = field(repr=False, compare=False, default=None)
    _names: dict = field(repr=False, compare=False, default_factory=dict)

    def mask(self, frame):
        """Rows of ``frame`` inside the filter: a boolean Series (missing answers: False).

        Raises
        ------
        KeyError
            A column the filter reads is not in ``frame`` (callers turn it into an error
            naming the plan row).
        """
        missing = [c for c in self.columns if c not in frame.columns]
        if missing:
            raise KeyError(missing[0])
        return _evaluate(self._tree, frame, self._names).fillna(False).astype(bool)

    def compared_texts(self) -> list:
        """``[(column, text), ...]``: every quoted text a column is compared with (``==``,
        ``!=``, ``in``), for checking them against the form's choices.

        >>> parse_where("sex == 'female' and marital in ['married', 'widowed']").compared_texts()
        [('sex', 'female'), ('marital', 'married'), ('marital', 'widowed')]
        """
        out = []
        for node in ast.walk(self._tree) if self._tree is not None else ():
            if not isinstance(node, ast.Compare) or not isinstance(node.left, ast.Name):
                continue
            right = node.comparators[0]
            values = right.elts if isinstance(right, (ast.List, ast.Tuple, ast.Set)) else [right]
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    out.append((_name(node.left, self._names), value.value))
        return out


def parse_where(text: str) -> PlanFilter:
    """Parse a ``where`` filter (see the module docstring for the accepted forms).

    Raises
    ------
    WhereSyntaxError
        Anything else: function calls, attributes, arithmetic, two comparisons chained.
    """
    names: dict = {}

    def hide(match):  # backticked names become plain identifiers for the parser
        key = f"__col{len(names)}__"
        names[key] = match.group(1)
        return key

    source = _BACKTICK.sub(hide, str(text).strip())
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        raise WhereSyntaxError(f"cannot read {text!r} ({exc.msg}); {_HELP}") from None
    columns: list = []
    _check(tree, columns, names, text)
    return PlanFilter(str(text).strip(), tuple(dict.fromkeys(columns)), tree, names)


def _name(node, names):
    return names.get(node.id, node.id)


def _literal(node, text):
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool)):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and \
            isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float)):
        return -node.operand.value
    raise WhereSyntaxError(f"in {text!r}: compare a column with a text in quotes, a number or "
                           f"True/False, not {ast.unparse(node)!r}; {_HELP}")


def _check(node, columns, names, text):
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value, columns, names, text)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand, columns, names, text)
    elif isinstance(node, ast.Name):
        columns.append(_name(node, names))
    elif isinstance(node, ast.Compare):
        if len(node.ops) != 1 or not isinstance(node.left, ast.Name):
            raise WhereSyntaxError(f"in {text!r}: each comparison needs a column on the left and "
                                   f"one value on the right ({ast.unparse(node)!r}); {_HELP}")
        op = type(node.ops[0])
        if op not in _OPS:
            raise WhereSyntaxError(f"in {text!r}: unknown comparison {ast.unparse(node)!r}; {_HELP}")
        right = node.comparators[0]
        if op in (ast.In, ast.NotIn):
            if not isinstance(right, (ast.List, ast.Tuple, ast.Set)):
                raise WhereSyntaxError(f"in {text!r}: 'in' needs a list, e.g. ['a', 'b']; {_HELP}")
            for element in right.elts:
                _literal(element, text)
        else:
            _literal(right, text)
        columns.append(_name(node.left, names))
    else:
        raise WhereSyntaxError(f"in {text!r}: {ast.unparse(node)!r} is not a comparison; {_HELP}")


def _evaluate(node, frame, names):

    if isinstance(node, ast.BoolOp):
        parts = [_evaluate(v, frame, names) for v in node.values]
        out = parts[0]
        for part in parts[1:]:
            out = (out & part) if isinstance(node.op, ast.And) else (out | part)
        return out
    if isinstance(node, ast.UnaryOp):
        return ~_evaluate(node.operand, frame, names)
    if isinstance(node, ast.Name):
        return _truth(frame[_name(node, names)])
    column = frame[_name(node.left, names)]
    op = _OPS[type(node.ops[0])]
    right = node.comparators[0]
    if op in ("in", "not in"):
        values = [_literal(e, "") for e in right.elts]
        inside = _compare(column, "==", values[0]) if len(values) == 1 else None
        for value in values[1 if len(values) == 1 else 0:]:
            hit = _compare(column, "==", value)
            inside = hit if inside is None else (inside | hit)
        return ~inside if op == "not in" else inside
    return _compare(column, op, _literal(right, ""))


def _truth(column):
    """A yes/no column as nullable booleans (True/1/'yes'/'true' are true)."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(column):
        return column.astype("boolean")
    if pd.api.types.is_numeric_dtype(column):
        return (column != 0).astype("boolean").mask(column.isna())
    text = column.astype("string").str.strip().str.lower()
    return text.isin(["true", "yes", "1"]).astype("boolean").mask(text.isna())


def _compare(column, op, value):
    """``column <op> value`` as nullable booleans (missing stays missing)."""
    import operator

    import pandas as pd

    fn = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
          ">": operator.gt, ">=": operator.ge}[op]
    if isinstance(value, bool):
        left = _truth(column)
    elif isinstance(value, (int, float)):
        left = pd.to_numeric(column.astype("string") if not pd.api.types.is_numeric_dtype(column)
                             else column, errors="coerce").astype("Float64")
    else:
        left = column.astype("string")
        value = str(value)
    return fn(left, value).astype("boolean")
