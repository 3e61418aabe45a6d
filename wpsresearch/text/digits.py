"""Arabic-Indic and Extended Arabic-Indic digits, read where numbers are expected.

``pandas.to_numeric("٥٠")`` is silently NaN, so a reader that converted numbers itself would
lose every answer typed on an Arabic keyboard.  The readers therefore keep answers as text;
the cleaning stage calls :func:`normalize_digits` / :func:`parse_number` and logs what changed.
"""

from __future__ import annotations

import re

from wpsresearch.text.columns import on_distinct

__all__ = ["normalize_digits", "parse_number", "has_eastern_digits", "DIGITS_TO_ASCII",
           "ASCII_TO_ARABIC_INDIC", "ASCII_TO_EXTENDED"]

# The one digit table of the package (a str.translate table).  U+0660–0669 Arabic-Indic,
# U+06F0–06F9 Extended Arabic-Indic (Persian/Kurdish keyboards).
DIGITS_TO_ASCII = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
ASCII_TO_ARABIC_INDIC = {ord(str(i)): chr(0x0660 + i) for i in range(10)}
ASCII_TO_EXTENDED = {ord(str(i)): chr(0x06F0 + i) for i in range(10)}
# Numbers also carry U+066B Arabic decimal separator, U+066C thousands separator, U+066A percent.
_TRANSLATION = DIGITS_TO_ASCII | {0x066B: ".", 0x066C: ",", 0x066A: "%"}
_EASTERN = re.compile("[\u0660-\u0669\u06f0-\u06f9\u066a-\u066c]")


def has_eastern_digits(text) -> bool:
    """True when ``text`` holds an Arabic-Indic or Extended Arabic-Indic digit or separator.

    Examples
    --------
    >>> has_eastern_digits("العمر ٣٥"), has_eastern_digits("35")
    (True, False)
    """
    return isinstance(text, str) and _EASTERN.search(text) is not None


def normalize_digits(values):
    """Translate Arabic-Indic digits and ``٫ ٬ ٪`` into ASCII, leaving everything else alone.

    Parameters
    ----------
    values : str, pandas.Series or None
        Text to translate.  Missing values stay missing.

    Returns
    -------
    str or pandas.Series
        Same type as given; only the characters U+0660–0669, U+06F0–06F9, ``٫`` (decimal
        separator → ``.``), ``٬`` (thousands separator → ``,``) and ``٪`` (→ ``%``) change.

    Notes
    -----
    The caller logs what changed (compare input and output); this function does not.
    R/SPSS equivalent: ``chartr("٠١٢٣٤٥٦٧٨٩", "0123456789", x)`` in R.

    Examples
    --------
    >>> normalize_digits("٣٥")
    '35'
    >>> import pandas as pd
    >>> normalize_digits(pd.Series(["۱۲", "٢٫٥", None, "abc"], dtype="string")).tolist()
    ['12', '2.5', <NA>, 'abc']
    """
    if values is None or isinstance(values, str):
        return None if values is None else values.translate(_TRANSLATION)
    import pandas as pd

    series = pd.Series(values) if not isinstance(values, pd.Series) else values
    if series.dtype == object:
        return series.map(lambda v: v.translate(_TRANSLATION) if isinstance(v, str) else v)
    return on_distinct(series, lambda s: s.str.translate(_TRANSLATION))


def parse_number(values):
    """Parse numbers written with Western or Arabic-Indic digits; unparseable text stays NA.

    Thousands separators (``,`` and ``٬``) are removed, ``٫`` is read as the decimal point,
    a leading or trailing ``%`` or ``٪`` is dropped (the number is *not* divided by 100).

    Parameters
    ----------
    values : pandas.Series
        Text answers (as the readers return them).

    Returns
    -------
    pandas.Series
        ``Float64`` (nullable) numbers, same index.  A value that is present in the input but
        missing in the output could not be read as a number: the caller must log it.

    Notes
    -----
    R/SPSS equivalent: ``readr::parse_number`` after translating the digits.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_number(pd.Series(["٥٠", "1,200", "٢٫٥", "۱۷٪", "", "n/a"])).tolist()
    [50.0, 1200.0, 2.5, 17.0, <NA>, <NA>]
    """
    import pandas as pd

    series = pd.Series(values) if not isinstance(values, pd.Series) else values
    return on_distinct(series.astype("string"), _parse_distinct)


def _parse_distinct(text):
    import pandas as pd

    text = text.str.translate(_TRANSLATION)
    text = text.str.strip().str.replace(",", "", regex=False).str.strip("%").str.strip()
    return pd.to_numeric(text.where(text != ""), errors="coerce").astype("Float64")
