"""Place names in any spelling or script → OCHA COD-AB p-codes.

Field teams type ``Basrah``, ``البصره``, ``Salahaddin`` or ``At-Ta'mim``; analysis needs
``IQG02``, ``IQG16``, ``IQG13``.  Names are matched on :func:`wpsresearch.text.place_key`
against every name and variant in the COD-AB names table (English, Arabic, ISO, geoBoundaries
and common spellings).  A name that matches no place, or more than one, is **never guessed**:
it is left as typed and logged ``no_action`` with the closest suggestions.

Examples
--------
>>> from wpsresearch.clean.places import pcode_of
>>> pcode_of("Basrah"), pcode_of("البصره"), pcode_of("Salahaddin"), pcode_of("At-Ta'mim")
('IQG02', 'IQG02', 'IQG16', 'IQG13')
>>> pcode_of("Tikrit", level="adm2")
'IQG16Q06'
>>> pcode_of("Atlantis") is None
True
"""

from __future__ import annotations

import dataclasses
import difflib

import numpy as np
import pandas as pd

from wpsresearch.errors import InputError
from wpsresearch.text.columns import factorize_text, map_distinct, texts_of

__all__ = ["pcode_of", "suggest_places", "match_place_names"]


def _index(level: str) -> tuple[dict, dict]:
    from wpsresearch.geo.places import name_index

    return name_index(level)


def pcode_of(name, level: str = "adm1"):
    """P-code of a place name in any spelling or script, or None when not exactly one matches."""
    from wpsresearch.text import place_key

    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return None
    text = str(name).strip()
    index, _ = _index(level)
    if text.upper() in set(index.values()):
        return text.upper()
    return index.get(place_key(text))


def suggest_places(name: str, level: str = "adm1", n: int = 3) -> list[str]:
    """The closest known places to an unmatched name (for the reviewer, never applied)."""
    from wpsresearch.text import place_key

    index, display = _index(level)
    close = difflib.get_close_matches(place_key(str(name)), list(index), n=n * 3, cutoff=0.6)
    out: list[str] = []
    for key in close:
        if display[key] not in out:
            out.append(display[key])
    return out[:n]


def match_place_names(sd, *, log, columns: dict):
    """Replace place names by p-codes in ``columns`` (``{column: "adm1"|"adm2"}``); log each.

    Unmatched or ambiguous names stay as typed, each logged ``no_action`` with suggestions.
    """
    main = sd.main.copy()
    uuids = main["_uuid"].astype("string").fillna("") if "_uuid" in main else pd.Series("", index=main.index)
    rows = main["source_row"] if "source_row" in main else pd.Series(pd.NA, index=main.index)
    for col, level in columns.items():
        if level not in {"adm1", "adm2"}:
            raise InputError(f"place level must be adm1 or adm2, not {level!r}", column=col)
        if col not in main.columns:
            continue
        text = main[col].astype("string")
        # decided on the column's distinct names, spread to the rows by their factor codes
        codes, distinct = factorize_text(text)
        names = texts_of(distinct)
        found = [pcode_of(t, level) for t in names]
        answered = codes >= 0
        at = np.flatnonzero(answered)
        olds = np.array(names + [""], dtype=object)[codes[answered]]
        ids, srcs = uuids.to_numpy()[answered], rows.to_numpy()[answered]
        unmatched = np.array([c is None for c in found] + [False], dtype=bool)[codes][answered]
        changed = np.array([c is not None and c != t for c, t in zip(found, names)] + [False],
                           dtype=bool)[codes][answered]
        hints = {t: "; ".join(suggest_places(t, level)) or "none" for t in set(olds[unmatched])}
        log.add_many(uuids=ids[unmatched], question=col, old_values=olds[unmatched],
                     new_values=[""] * int(unmatched.sum()), change_type="no_action",
                     issue=[f"place name not matched to a p-code; closest: {hints[t]}"
                            for t in olds[unmatched]],
                     check_id="place_pcode", source_rows=srcs[unmatched])
        log.add_many(uuids=ids[changed], question=col, old_values=olds[changed],
                     new_values=np.array(found + [None], dtype=object)[codes[at[changed]]].tolist(),
                     issue=f"place name matched to OCHA p-code ({level})",
                     change_type="change_response", check_id="place_pcode", source_rows=srcs[changed])
        new = map_distinct(text, [t if c is None else c for c, t in zip(found, names)])
        main[col] = new.astype("string")
    return dataclasses.replace(sd, main=main)
