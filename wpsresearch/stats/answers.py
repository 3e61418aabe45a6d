"""Answers as indicator columns: 0/1 and boolean items, categorical items in R factor order."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["is_binary", "levels_of", "indicators"]


def is_binary(values: pd.Series) -> bool:
    """A 0/1 or True/False item (missing values aside)."""
    if pd.api.types.is_bool_dtype(values):
        return True
    if isinstance(values.dtype, pd.CategoricalDtype):
        return False
    if pd.api.types.is_numeric_dtype(values):
        return bool(values.dropna().isin([0, 1]).all())
    present = values.dropna()
    return len(present) > 0 and all(isinstance(v, (bool, np.bool_)) for v in present)


def levels_of(values: pd.Series):
    """Answer levels in R factor order (categories as declared, otherwise sorted)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return list(values.cat.categories)
    return sorted(values.dropna().unique().tolist(), key=lambda v: (str(type(v)), v))


def indicators(values: pd.Series, binary: bool):
    """(n x levels) 0/1 matrix and the levels; a binary item gives one column (1 / True)."""
    if binary:
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            y = values.astype(float).fillna(0.0).to_numpy(dtype=float)[:, None]
        else:  # object column of True/False with missing answers
            y = values.map(lambda v: 1.0 if v is True or v == 1 else 0.0).to_numpy(dtype=float)[:, None]
        levels = [1 if pd.api.types.is_numeric_dtype(values) and not
                  pd.api.types.is_bool_dtype(values) else True]
        return y, levels
    levels = levels_of(values)
    codes = pd.Categorical(values, categories=levels).codes
    y = np.zeros((len(values), len(levels)))
    ok = codes >= 0
    y[np.flatnonzero(ok), codes[ok]] = 1.0
    return y, levels
