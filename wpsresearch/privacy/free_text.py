"""When an answer typed by a respondent may be printed in a report: the one rule.

Free text is not published verbatim by default.  A typed answer — an open answer, an "other,
specify" text, an answer of a select question that is not among the form's choices — may be
printed (as a quote, or as the answer a results row is about) only when

* the identifier scrubber finds nothing in it and it holds no redaction mark (the build
  already replaced what it found, names of the data's own name columns included);
* the strict name rule (:func:`~wpsresearch.privacy.name_shapes.quote_name_spans`) finds
  nothing that may be a name, lexicon or not;
* at least ``min_cell`` respondents gave it (a rarer answer can be traced to one person,
  however harmless it reads).

A choice of the form is a code, not free text: it is always shown (its row may still be
suppressed).  Where the form is not known, a value written like a code (``dont_know``,
``2``) counts as one.

Examples
--------
>>> from wpsresearch.privacy import DisclosurePolicy
>>> p = DisclosurePolicy()
>>> answer_shown("More street lights", 12, p), answer_shown("More street lights", 3, p)
(True, False)
>>> answer_shown("Ask Rezan at the centre", 40, p), answer_shown("dont_know", 2, p)
(False, True)
"""

from __future__ import annotations

import re

__all__ = ["quote_problem", "answer_shown", "looks_like_code", "HIDDEN_ANSWER", "HIDDEN_ANSWER_LABEL"]

# what a results table prints instead of an answer it may not show; its label in reports
HIDDEN_ANSWER = "[answer not shown]"
HIDDEN_ANSWER_LABEL = "privacy_answer_not_shown"
_CODE = re.compile(r"[a-z0-9][a-z0-9_.\-]*|-?\d+(?:\.\d+)?")


def looks_like_code(value) -> bool:
    """A value written as a form's choice code: lower-case ASCII slug or a number.

    >>> [looks_like_code(v) for v in ("dont_know", "2", "yes", "Yes please", "Rezan", "نعم")]
    [True, True, True, False, False, False]
    """
    return bool(_CODE.fullmatch(str(value).strip()))


def quote_problem(text) -> str | None:
    """Why ``text`` may not be printed verbatim, or None.

    Returns ``"identifier or redaction mark"`` (the scrubber finds a phone, e-mail, ID number,
    coordinates or a name, or the text holds ``[name]``, ``[phone]`` …) or ``"may name a
    person"`` (the strict name rule).

    >>> quote_problem("More police at night") is None
    True
    >>> quote_problem("call [phone] please"), quote_problem("Rezan helped us")
    ('identifier or redaction mark', 'may name a person')
    """
    from wpsresearch.privacy.identifier_patterns import identifier_spans
    from wpsresearch.privacy.name_shapes import quote_name_spans
    from wpsresearch.privacy.text_redaction import REDACTED, REDACTION_TOKENS

    text = str(text)
    if identifier_spans(text) or any(t in text for t in (*REDACTION_TOKENS.values(), REDACTED)):
        return "identifier or redaction mark"
    if quote_name_spans(text):
        return "may name a person"
    return None


def answer_shown(value, count, policy, *, choice: bool | None = None) -> bool:
    """May ``value``, given by ``count`` respondents, be printed in a report?

    Parameters
    ----------
    value : str
        The answer.
    count : int
        Unweighted respondents who gave it (in the group it is shown for).
    policy : DisclosurePolicy
    choice : bool, optional
        True for a choice of the form (always shown), False for typed text; None: decided by
        :func:`looks_like_code`.
    """
    if choice is None:
        choice = looks_like_code(value)
    if choice:
        return True
    if count is None or count != count or policy.cell_is_disclosive(int(count)):
        return False
    return quote_problem(value) is None
