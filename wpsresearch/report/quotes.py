"""Example quotes from open answers, only when they pass the disclosure gate.

A quote may be shown when (1) :func:`wpsresearch.privacy.identifier_spans` finds no name,
phone, id or place-of-person in it, (2) it is short, and (3) at least ``min_people``
respondents gave the same answer (after normalising spaces and case), so it cannot be traced
to one person.  A rarer answer is never printed, however harmless it looks.
"""

from __future__ import annotations

__all__ = ["quotable_answers"]


def quotable_answers(texts, *, min_people: int, max_chars: int = 120, top: int = 5):
    """The most frequent answers that are safe to quote.

    Parameters
    ----------
    texts : pandas.Series of str
        Open answers of the domain being reported (already redacted by the build).
    min_people : int
        Fewest respondents who must have given the answer (use the study's ``min_cell``).
    max_chars : int
        Longer answers are not quoted (long answers tell stories that identify).
    top : int
        How many quotes at most.

    Returns
    -------
    DataFrame
        ``quote`` and ``n`` (respondents giving it, never below ``min_people``).

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.report.quotes import quotable_answers
    >>> s = pd.Series(["More street lights"] * 12 + ["Call Ahmed Hassan on 07701234567"] * 12
    ...               + ["A rare story"] * 2)
    >>> quotable_answers(s, min_people=10).to_dict("list")
    {'quote': ['More street lights'], 'n': [12]}
    """
    import pandas as pd

    from wpsresearch.privacy import identifier_spans
    from wpsresearch.privacy.text_redaction import REDACTION_TOKENS
    from wpsresearch.text.digits import DIGITS_TO_ASCII

    clean = pd.Series(texts, dtype="string").dropna().str.strip()
    too_long = int((clean.str.len() > max_chars).sum())
    clean = clean[clean.str.len().between(1, max_chars)]
    key = (clean.str.translate(DIGITS_TO_ASCII).str.lower()
           .str.replace(r"\s+", " ", regex=True))
    counts = key.value_counts()
    dropped = {"too long": too_long, "identifier or redaction mark": 0,
               f"fewer than {min_people} respondents": 0}
    rows = []
    for k, n in counts.items():
        if n < min_people:
            dropped[f"fewer than {min_people} respondents"] += int(n)
            continue
        text = str(clean[key == k].iloc[0])
        # never a partly-redacted quote: a redaction mark means an identifier was there
        if identifier_spans(text) or any(t in text for t in REDACTION_TOKENS.values()):
            dropped["identifier or redaction mark"] += int(n)
            continue
        if len(rows) < top:
            rows.append({"quote": text, "n": int(n)})
    out = pd.DataFrame(rows, columns=["quote", "n"])
    out.attrs["dropped"] = dropped  # answers not quoted, by reason (for the report's note)
    return out
