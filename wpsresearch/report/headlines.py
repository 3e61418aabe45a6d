"""The headline numbers of a province, shared by fact sheets and campaign figures.

Each headline is one call to ``wps.stats`` on the province domain of the full design and one
:func:`~wpsresearch.report.findings.key_finding`, the same calls the province notebook makes
in its key-findings cell, so the three outputs cannot disagree.
"""

from __future__ import annotations

__all__ = ["HEADLINES", "headline_findings", "province_design"]

# (indicator, estimator, by, where): the fact sheet's 4-6 numbers
HEADLINES = (
    ("ipv_any_12m", "proportion", None, None),
    ("harass_public_yes", "proportion", "sex", {"sex": "female"}),
    ("reported_formal", "proportion", None, None),
    ("unsafe_night", "proportion", "sex", {"sex": "female"}),
    ("trust_police_index", "mean", "sex", {"sex": "female"}),
    ("heard_1325_yes", "proportion", None, None),
)


def province_design(study):
    """``(frame, design)``: the processed respondents with :func:`add_indicators`, and the
    study's full design (``study.design``, ``study.policy``)."""
    import wpsresearch as wps
    from wpsresearch.build import load_processed
    from wpsresearch.report.indicators import add_indicators

    df = add_indicators(load_processed(study))
    return df, wps.stats.SurveyDesign(df, **study.design, policy=study.policy)


def headline_findings(design, domain, *, lang: str, labels=None) -> list:
    """The :data:`HEADLINES` of ``design.subset(domain)`` as key findings in ``lang``."""
    import wpsresearch as wps
    from wpsresearch.report.findings import key_finding

    here = design.subset(domain)
    out = []
    for indicator, estimator, by, where in HEADLINES:
        est = getattr(wps.stats, estimator)(here, indicator, by=by)
        out.append(key_finding(est, indicator, lang=lang, where=where, labels=labels))
    return out
