"""What a missing answer is — one definition for every stage.

Cleaning turns a study's special codes (98, 99 ... as declared in ``study.yml``
``missing_codes``) into these category names, so "refused" stays distinct from "not asked"
(an empty cell).  Estimators, indices and report tables leave them out of a percentage's base
by default and report how many they left out (DESIGN.md); a standard that counts them
otherwise (DHS counts "don't know" as 0 in the attitude items) says so where it is applied.
Raw codes such as ``"98"`` are *not* missing here: once cleaning has run, a 98 that is still
there is a real value (an age of 98, a household of 98 people).

Examples
--------
>>> import pandas as pd
>>> is_missing_answer(pd.Series(["yes", "dont_know", None, "refused"])).tolist()
[False, True, False, True]
>>> is_missing_answer(pd.Series(pd.Categorical(["no", "no_answer"]))).tolist()
[False, True]
"""

from __future__ import annotations

__all__ = ["MISSING_CATEGORIES", "is_missing_answer"]

MISSING_CATEGORIES = ("dont_know", "refused", "not_applicable", "no_answer")


def is_missing_answer(values, missing=MISSING_CATEGORIES):
    """Boolean Series: the answer is one of the ``missing`` categories, whatever the dtype
    (categorical, Arrow or object strings, numbers).  Empty cells are *not* flagged: they are
    "not asked", which every estimator already leaves out."""
    import pandas as pd

    values = pd.Series(values)
    if not missing:
        return pd.Series(False, index=values.index)
    wanted = list(missing)
    if isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Series(values.isin(wanted), index=values.index).fillna(False).astype(bool)
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return pd.Series(False, index=values.index)
    return values.isin(wanted).fillna(False).astype(bool)
