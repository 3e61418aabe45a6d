"""The analysis frame of a study notebook: the processed respondents plus their indicators.

The province notebook shows these steps one by one; :func:`add_indicators` runs the same
steps for the fact sheets and campaign figures, so both publish the same numbers (a test
checks that they do).
"""

from __future__ import annotations

from wpsresearch.io.missing import MISSING_CATEGORIES

__all__ = ["add_indicators", "answer_indicators", "ANSWER_INDICATORS"]

# answers that are not an answer ("don't know", "refused" ...) leave the base
_NOT_ANSWERED = MISSING_CATEGORIES

# indicator -> (question, answers counted as "yes")
ANSWER_INDICATORS = {
    "heard_1325_yes": ("heard_1325", ("yes",)),
    "heard_nap_yes": ("heard_nap", ("yes",)),
    "unsafe_night": ("safe_night", ("unsafe", "very_unsafe")),
    "unsafe_day": ("safe_day", ("unsafe", "very_unsafe")),
    "trusts_police": ("trust_police", ("a_lot", "somewhat")),
    "trusts_fpd": ("trust_fpd", ("a_lot", "somewhat")),
    "harass_public_yes": ("harass_public_12m", ("yes",)),
    "harass_online_yes": ("harass_online_12m", ("yes",)),
    "supports_women_police": ("women_police_support", ("strongly_agree", "agree")),
}


def answer_indicators(df, spec=None):
    """0/1 indicators from single-choice answers; "don't know"/"refused"/not asked give <NA>.

    Parameters
    ----------
    df : DataFrame
    spec : dict, optional
        ``{indicator: (question, answers counted as yes)}``; default :data:`ANSWER_INDICATORS`
        (the columns of the synthetic study that are present in ``df``).

    Returns
    -------
    DataFrame of ``boolean`` columns, aligned on ``df``.

    Notes
    -----
    SPSS equivalent: ``RECODE q ('yes'=1) ('no'=0) (ELSE=SYSMIS) INTO q_yes.``

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.report.indicators import answer_indicators
    >>> df = pd.DataFrame({"heard_1325": ["yes", "no", "dont_know", None]})
    >>> answer_indicators(df)["heard_1325_yes"].tolist()
    [True, False, <NA>, <NA>]
    """
    import pandas as pd

    spec = {k: v for k, v in (spec or ANSWER_INDICATORS).items() if v[0] in df.columns}
    out = {}
    for name, (question, yes) in spec.items():
        answer = df[question].astype("string")
        value = answer.isin(list(yes)).astype("boolean")
        value[answer.isna() | answer.isin(list(_NOT_ANSWERED))] = pd.NA
        out[name] = value
    return pd.DataFrame(out, index=df.index)


def add_indicators(df):
    """``df`` joined with the SGBV indicators, the two indices and :func:`answer_indicators`.

    The same steps as the province notebook's "indicators" cell: DHS IPV indicators (a
    refused item counted as not experienced, as DHS and the study's ``truth.json`` do),
    DHS attitude indicators, help-seeking pathways, reasons for not reporting, the
    trust-in-police and safety indices (0-3).
    """
    import wpsresearch as wps

    out = df.join([wps.sgbv.ipv_indicators(df, refused="no"), wps.sgbv.attitude_indicators(df),
                   wps.sgbv.help_seeking_pathways(df), wps.sgbv.no_report_reasons(df)])
    out["trust_police_index"] = wps.sgbv.trust_police_index(df).scores
    out["safety_index"] = wps.sgbv.safety_index(df).scores
    return out.join(answer_indicators(df))
