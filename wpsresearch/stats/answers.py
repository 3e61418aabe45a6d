"""Answers as indicator columns: 0/1 and boolean items, categorical items in R factor order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wpsresearch.io.missing import MISSING_CATEGORIES

__all__ = ["is_binary", "levels_of", "indicators", "drop_missing_categories", "MISSING"]

# "don't know", "refused" ... are answers, but not in the base of a percentage by default;
# the one definition lives in wpsresearch.io.missing.
MISSING = MISSING_CATEGORIES


def drop_missing_categories(values: pd.Series, missing=MISSING) -> pd.Series:
    """The answers with the ``missing`` categories turned into missing values.

    One rule whatever the column's type: a categorical loses those categories (and they
    leave its levels, keeping the form's order); a text (object or string) column has those
    values set to missing.  Numeric and boolean columns are unchanged (their special codes
    are recoded in cleaning).  ``missing=()`` keeps them as answers.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(pd.Categorical(["yes", "dont_know", "no"],
    ...                              categories=["yes", "no", "dont_know"]))
    >>> drop_missing_categories(s).tolist(), list(drop_missing_categories(s).cat.categories)
    (['yes', nan, 'no'], ['yes', 'no'])
    >>> drop_missing_categories(pd.Series(["yes", "dont_know", "no"])).tolist()
    ['yes', nan, 'no']
    """
    if not missing:
        return values
    codes = set(missing)
    if isinstance(values.dtype, pd.CategoricalDtype):
        present = [c for c in values.cat.categories if c in codes]
        if not present:
            return values
        # set_categories, not remove_categories: pandas 3's remove_categories re-sorts the
        # remaining levels, and the form's order is the factor order
        keep = [c for c in values.cat.categories if c not in set(present)]
        return values.cat.set_categories(keep)
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values
    hit = values.isin(list(codes)).to_numpy()
    if not hit.any():
        return values
    return values.mask(hit)


def is_binary(values: pd.Series) -> bool:
    """A 0/1 or True/False item (missing values aside)."""
    if pd.api.types.is_bool_dtype(values):
        return True
    if isinstance(values.dtype, pd.CategoricalDtype):
        return False
    if pd.api.types.is_numeric_dtype(values):
        if pd.api.types.is_integer_dtype(values.dtype) and isinstance(values.dtype, np.dtype):
            v = values.to_numpy()  # integers: no missing value, and 0/1 is min >= 0, max <= 1
            return bool(v.size == 0 or (v.min() >= 0 and v.max() <= 1))
        v = values.to_numpy(dtype=float, na_value=np.nan)
        return bool(np.all((v == 0) | (v == 1) | np.isnan(v)))
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
        if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iub":
            y = values.to_numpy(dtype=float)[:, None]  # no missing value to fill
        elif pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
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
