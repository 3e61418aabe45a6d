"""Load the SGBV rules shipped as package data (``wpsresearch/sgbv/codebooks/``).

The rules are data so that a partner can read and check them without reading Python; this
module only reads them (with ``importlib.resources``, so a non-editable install works) and
turns yes/no answers into booleans the same way everywhere.

Examples
--------
>>> rules = load_yaml("gbvims_classification.yaml")
>>> [q["type"] for q in rules["questions"]][:2]
['rape', 'sexual_assault']
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

from wpsresearch.errors import CodebookError, InputError
from wpsresearch.text import normalize_key

__all__ = ["load_yaml", "load_csv", "parse_yes_no", "coded_values"]

_PACKAGE = "wpsresearch.sgbv.codebooks"


@functools.lru_cache(maxsize=None)
def _read_text(name: str) -> str:
    try:
        return resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CodebookError(f"package codebook {name!r} is missing", file=name,
                            hint="reinstall wpsresearch") from exc


@functools.lru_cache(maxsize=None)
def _parsed(name: str) -> dict:
    import yaml

    try:
        data = yaml.safe_load(_read_text(name))
    except yaml.YAMLError as exc:
        raise CodebookError(f"invalid YAML: {exc}", file=name) from exc
    if not isinstance(data, dict):
        raise CodebookError("the codebook must be a mapping at the top level", file=name)
    return data


def load_yaml(name: str) -> dict:
    """A package YAML codebook as a fresh dict (callers may change it).

    Parsed once per process and deep-copied on every call: the study's indicators read
    ``dhs_ipv.yaml`` and ``help_seeking.yaml`` nine times per analysis frame, and PyYAML's
    parse was 15% of building it (0.08 of 0.56 s profiled); a copy costs a hundredth of that.
    """
    import copy

    return copy.deepcopy(_parsed(name))


def load_csv(name: str) -> list[dict]:
    """A package CSV codebook as a list of row dicts (header = keys)."""
    return list(csv.DictReader(_read_text(name).splitlines()))


@functools.lru_cache(maxsize=1)
def _answer_keys() -> tuple[frozenset, frozenset, frozenset]:
    rules = load_yaml("answers.yaml")
    # YAML 1.1 reads bare yes/no as booleans: keys are quoted in the file, but be safe.
    yes = rules.get("yes", rules.get(True))
    no = rules.get("no", rules.get(False))
    return tuple(frozenset(normalize_key(str(v)).strip() for v in vals)
                 for vals in (yes, no, rules["missing"]))


def _key(value) -> str | None:
    """Normalised text key of one cell, or None when the cell is missing."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_key(str(value)).strip()


def parse_yes_no(series, *, column: str | None = None):
    """yes/no answers → pandas ``boolean`` (missing, don't know and refused → ``<NA>``).

    Accepts booleans, 1/0 and yes/no text in English or Arabic (نعم / لا); anything else
    raises :class:`~wpsresearch.errors.InputError` naming the column and the rows.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_yes_no(pd.Series(["yes", "نعم", 0, None, "لا"])).tolist()
    [True, True, False, <NA>, False]
    """
    import pandas as pd

    yes, no, missing = _answer_keys()
    out = pd.Series(pd.NA, index=series.index, dtype="boolean", name=series.name)
    keys = series.map(_key)
    out[keys.isin(yes)] = True
    out[keys.isin(no)] = False
    bad = keys.notna() & ~keys.isin(yes | no | missing)
    if bad.any():
        shown = sorted({str(v) for v in series[bad]})[:5]
        raise InputError(
            f"unknown yes/no answer(s) {shown} at index {list(series.index[bad])[:10]}",
            column=column or series.name, row=list(series.index[bad]),
            hint="use yes/no, نعم/لا, 1/0 or True/False; leave unanswered cells empty",
        )
    return out


def coded_values(series, allowed, *, column: str, missing=("",)):
    """Check a coded column against its code list; return it as stripped strings (NA kept)."""
    import pandas as pd

    text = series.map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v))
                      else str(v).strip())
    text = text.where(~text.isin(list(missing)), None)
    bad = text.notna() & ~text.isin(list(allowed))
    if bad.any():
        shown = sorted(set(text[bad]))[:5]
        raise InputError(
            f"unknown code(s) {shown} at index {list(series.index[bad])[:10]}",
            column=column, row=list(series.index[bad]),
            hint=f"use one of: {', '.join(sorted(allowed))}",
        )
    return text.astype("string")
