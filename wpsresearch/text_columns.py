"""Text-column operations that pandas does slowly on Arrow-backed strings.

* :func:`on_distinct` runs a per-value step on a column's distinct values only.  A survey column of 10^5 answers holds a handful to a few hundred distinct texts (choice
names, small counts, place names).  String methods — regexes, digit translation,
``to_numeric`` — cost per value, so working on the distinct values and spreading the result
back is many times faster; with Arrow-backed strings the factorising itself is a C hash.
pandas has no such "map over categories" for plain string columns, hence this helper.
* :func:`fill_missing_text` is ``Series.fillna`` for text: pandas 3 rebuilds an Arrow
  string column through a masked replace (milliseconds per column, seconds over a
  300-column export), where pyarrow's ``fill_null`` is a single pass.
"""

from __future__ import annotations

__all__ = ["on_distinct", "fill_missing_text"]


def on_distinct(series, step):
    """``step(series)`` computed on the distinct values of ``series`` only.

    Parameters
    ----------
    series : pandas.Series
    step : callable
        Series → Series of the same length, value by value (no dependence on neighbours).

    Returns
    -------
    pandas.Series
        What ``step(series)`` returns, with ``series``' index and name; a missing value
        stays missing (``step`` never sees it).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(["a b", "a", None, "a b"], dtype="string")
    >>> on_distinct(s, lambda t: t.str.len()).tolist()
    [3, 1, <NA>, 3]
    """
    import pandas as pd

    codes, uniques = pd.factorize(series)
    if 2 * len(uniques) > len(series):  # mostly distinct: nothing to gain
        return step(series)
    done = step(pd.Series(uniques, dtype=series.dtype))
    spread = pd.api.extensions.take(done.array, codes, allow_fill=True)
    return pd.Series(spread, index=series.index, name=series.name)


def fill_missing_text(series, value: str = ""):
    """``series.astype("string").fillna(value)``, fast for Arrow-backed strings.

    Examples
    --------
    >>> import pandas as pd
    >>> fill_missing_text(pd.Series(["a", None], dtype="string[pyarrow]")).tolist()
    ['a', '']
    """
    import pandas as pd

    text = series.astype("string")
    arrow = getattr(text.array, "_pa_array", None)
    if arrow is None:
        return text.fillna(value)
    import pyarrow.compute as pc

    return pd.Series(pd.array(pc.fill_null(arrow, value), dtype=text.dtype), index=series.index,
                     name=series.name)
