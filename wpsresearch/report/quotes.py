"""Example quotes from open answers, only when they pass the disclosure gate.

Free text is not published verbatim by default.  A quote may be shown when
(:mod:`wpsresearch.privacy.free_text`, the one rule for printing a typed answer)

1. the identifier scrubber (:func:`wpsresearch.privacy.identifier_spans`) finds no name,
   phone, e-mail, ID number or coordinates in it, and it holds no redaction mark (the build
   already replaced the names of the data's own name columns, lexicon or not: a quote with
   ``[name]`` in it had a name);
2. the strict name rule (:func:`wpsresearch.privacy.name_shapes.quote_name_spans`), which does
   not rely on a lexicon, finds nothing that may be a name: no capitalised Latin word that is
   not an ordinary word, a place or an institution, no kinship or title pattern
   (أبو، أم، بن، بنت، الشيخ … followed by a word);
3. it is short, and
4. at least ``min_people`` respondents gave the same answer (after normalising spaces, case
   and digits), so it cannot be traced to one person.  A rarer answer is never printed,
   however harmless it looks.
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

    A name no lexicon knows is still a name:

    >>> s = pd.Series(["Ask Rezan at the women centre"] * 12 + ["ام ريزان تساعد النساء"] * 11)
    >>> quotable_answers(s, min_people=10).attrs["dropped"]["may name a person"]
    23
    """
    import pandas as pd

    from wpsresearch.privacy.free_text import quote_problem
    from wpsresearch.text.digits import DIGITS_TO_ASCII

    clean = pd.Series(texts, dtype="string").dropna().str.strip()
    too_long = int((clean.str.len() > max_chars).sum())
    clean = clean[clean.str.len().between(1, max_chars)]
    key = (clean.str.translate(DIGITS_TO_ASCII).str.lower()
           .str.replace(r"\s+", " ", regex=True))
    counts = key.value_counts()
    dropped = {"too long": too_long, "identifier or redaction mark": 0, "may name a person": 0,
               f"fewer than {min_people} respondents": 0}
    rows = []
    for k, n in counts.items():
        if n < min_people:
            dropped[f"fewer than {min_people} respondents"] += int(n)
            continue
        text = str(clean[key == k].iloc[0])
        # never a partly-redacted quote: a redaction mark means an identifier was there
        problem = quote_problem(text)
        if problem:
            dropped[problem] += int(n)
            continue
        if len(rows) < top:
            rows.append({"quote": text, "n": int(n)})
    out = pd.DataFrame(rows, columns=["quote", "n"])
    out.attrs["dropped"] = dropped  # answers not quoted, by reason (for the report's note)
    return out
