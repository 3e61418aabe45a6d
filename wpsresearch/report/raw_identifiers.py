"""The identifiers the disclosure gate looks for: values of the study's declared PII columns.

The gate (:func:`wpsresearch.privacy.scan_outputs`) must know the *values* — the names,
phone numbers and GPS points in the raw submissions — to find them in a report.  They are
read from the raw export, normalised by :func:`wpsresearch.privacy.collect_identifiers`, kept
in memory only and never written or printed.  If they cannot be read the build stops: a gate
that does not know what to look for would pass everything.
"""

from __future__ import annotations

import warnings

from wpsresearch.errors import ReportError, WpsError, WpsWarning

__all__ = ["study_identifiers"]


def study_identifiers(study) -> dict:
    """``kind -> set`` of normalised identifier values from the raw submissions (in memory).

    Raises
    ------
    ReportError
        When the submissions cannot be read (the gate could not look for identifiers).
    """
    from wpsresearch import gate

    try:
        with warnings.catch_warnings():
            # cleaning problems are reported by `wpsresearch build`; here only values matter
            warnings.simplefilter("ignore", WpsWarning)
            return gate.study_identifiers(study)
    except WpsError as exc:
        raise ReportError(
            "could not read the raw submissions to learn which identifiers the disclosure gate "
            f"must look for ({type(exc).__name__}), so nothing can be published",
            file=study.submissions, hint="run 'wpsresearch build' on the study to see the problem",
        ) from None
