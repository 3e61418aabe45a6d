"""Change that is real: differences between rounds or groups with a design-based test.

* Between **rounds** of independent surveys (:func:`round_change`): the samples share no PSU,
  so the covariance is zero and ``Var(b - a) = se_a^2 + se_b^2``; the test is a t test on
  the smaller of the two rounds' degrees of freedom (a conservative choice, as R's
  ``svyttest`` uses the design's df; Korn & Graubard 1999, sec. 5.2).
* Between **groups or provinces of one survey** (:func:`group_contrast`): the estimates share
  PSUs and strata, so the covariance is not zero; the contrast uses ``Estimate.vcov()``
  through :func:`wpsresearch.stats.contrast` (R ``svycontrast``).  From the indicator store
  (:func:`stored_contrast`): the same contrast from the covariances stored with the round.

A difference is called "significant" only by that test.  Two estimates are compared only
when they measure the same thing: same analysis type, same question wording and the same
denominator (the comparability ``signature`` the store keeps), same kind of data (never a
synthetic with a real one) and the same area; otherwise :class:`IncomparableError` says why.

Examples
--------
>>> from wpsresearch.monitor.change import difference
>>> c = difference(0.30, 0.02, 40, 0.24, 0.02, 33)
>>> round(c.estimate, 2), round(c.se, 4), c.df, c.significant
(-0.06, 0.0283, 33.0, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from wpsresearch.errors import EstimationError

__all__ = ["Change", "IncomparableError", "difference", "round_change", "group_contrast", "stored_contrast",
           "contrasts_between_groups", "changes_between_rounds"]


class IncomparableError(EstimationError):
    """Two estimates measure different things (wording, denominator, kind of data, area)."""


@dataclass(frozen=True)
class Change:
    """A difference ``to - from`` with its standard error, interval and test.

    Attributes
    ----------
    estimate, se, df : float
    ci_low, ci_high : float
        ``level`` t interval.
    statistic, p_value : float
        t statistic and two-sided p-value.
    level : float
    significant : bool
        ``p_value < 1 - level``.
    method : str
    """

    estimate: float
    se: float
    df: float
    ci_low: float
    ci_high: float
    statistic: float
    p_value: float
    level: float
    method: str

    @property
    def significant(self) -> bool:
        return bool(self.p_value < 1 - self.level)

    def to_dict(self) -> dict:
        return {"change": self.estimate, "change_se": self.se, "change_df": self.df,
                "change_ci_low": self.ci_low, "change_ci_high": self.ci_high, "t": self.statistic,
                "p_value": self.p_value, "significant": self.significant, "test": self.method}


def _t_change(value, se, df, level, method) -> Change:
    from scipy import stats

    if not (se > 0 and math.isfinite(se)):
        raise EstimationError(f"the change has no usable standard error ({se!r})",
                              hint="both estimates need a positive standard error")
    df = float(df) if df is not None and math.isfinite(float(df)) else math.inf
    q = stats.t.ppf(1 - (1 - level) / 2, df) if math.isfinite(df) else stats.norm.ppf(1 - (1 - level) / 2)
    t = value / se
    p = 2 * (stats.t.sf(abs(t), df) if math.isfinite(df) else stats.norm.sf(abs(t)))
    return Change(float(value), float(se), df, float(value - q * se), float(value + q * se), float(t),
                  float(p), float(level), method)


def difference(est_from, se_from, df_from, est_to, se_to, df_to, *, level: float = 0.95) -> Change:
    """``est_to - est_from`` for two independent samples: SE from the sum of variances, a t
    test on the smaller df.

    Notes
    -----
    R equivalent: ``d <- b - a; se <- sqrt(se_a^2 + se_b^2);
    2 * pt(-abs(d / se), df = min(df_a, df_b))``.
    """
    value = float(est_to) - float(est_from)
    se = math.sqrt(float(se_from) ** 2 + float(se_to) ** 2)
    df = min(float(df_from), float(df_to))
    return _t_change(value, se, df, level, "independent samples: t test, SE = sqrt(se1^2 + se2^2), df = min(df1, df2)")


_SAME = [
    ("synthetic", "one is SYNTHETIC and the other real data"),
    ("analysis_type", "they are different kinds of estimate"),
    ("indicator_id", "they are different indicators"),
    ("wording", "the question was worded differently"),
    ("denominator", "they have different denominators (who was asked)"),
    ("area", "they describe different areas"),
    ("group_var", "they are for different groups"),
    ("group_value", "they are for different groups"),
]


def check_comparable(a, b) -> None:
    """Raise :class:`IncomparableError` with the reason when rows ``a`` and ``b`` (store rows,
    mappings) do not measure the same thing."""
    for column, reason in _SAME:
        va, vb = a.get(column), b.get(column)
        if _norm(va) != _norm(vb):
            raise IncomparableError(
                f"these estimates cannot be compared: {reason} ({column}: {_show(va)} vs {_show(vb)})",
                hint="compare estimates of the same question, asked of the same people, in the same area")
    if a.get("signature") and b.get("signature") and a["signature"] != b["signature"]:
        raise IncomparableError("these estimates cannot be compared: their wording/denominator signatures differ",
                                hint="compare estimates of the same question, asked of the same people")


def _norm(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if hasattr(v, "item"):
        v = v.item()
    return " ".join(str(v).lower().split()) if isinstance(v, str) else v


def _show(v):
    text = str(v) if v not in (None, "") else "none"
    return repr(text if len(text) <= 60 else text[:57] + "...")


def round_change(a, b, *, level: float = 0.95) -> Change:
    """The change between two rounds (store rows ``a`` then ``b``, of independent surveys).

    Parameters
    ----------
    a, b : mapping or pandas.Series
        Rows of the ``estimates`` view (``estimate, se, df`` and the comparability columns).
    level : float

    Raises
    ------
    IncomparableError
        When they differ in wording, denominator, kind of data, area or group.
    EstimationError
        When both come from the same study round (not independent: use :func:`group_contrast`).
    """
    a, b = dict(a), dict(b)
    check_comparable(a, b)
    if a.get("study") == b.get("study") and str(a.get("round_date")) == str(b.get("round_date")):
        raise EstimationError("both estimates come from the same survey round: they are not independent",
                              hint="compare groups of one survey with group_contrast() (it uses their covariance)")
    return difference(a["estimate"], a["se"], a["df"], b["estimate"], b["se"], b["df"], level=level)


def group_contrast(estimate, first, second, *, level: float = 0.95) -> Change:
    """``first - second`` for two groups of one survey, with their covariance.

    Parameters
    ----------
    estimate : wpsresearch.stats.Estimate
        An estimate with ``by=`` (the groups), e.g. ``proportion(d, "y", by="province")``.
    first, second : label or tuple of labels
        The rows to compare, as :func:`wpsresearch.stats.contrast` names them.

    Notes
    -----
    R equivalent: ``svycontrast(svyby(~y, ~g, d, svymean, covmat = TRUE), c(a = 1, b = -1))``
    and a t test on the design's degrees of freedom.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4], "sex": list("fmfmfmfm"),
    ...                    "ipv": [1, 0, 1, 1, 0, 0, 1, 0]})
    >>> est = wps.stats.proportion(wps.stats.SurveyDesign(df, ids="psu"), "ipv", by="sex")
    >>> c = group_contrast(est, "f", "m")
    >>> round(c.estimate, 3), round(c.se, 3), c.df
    (0.5, 0.289, 3.0)
    """
    from wpsresearch.stats import contrast

    if first == second:
        raise EstimationError("a group compared with itself", hint="name two different groups")
    c = contrast(estimate, {first: 1, second: -1}, level=level)
    df = c.df if not hasattr(c.df, "__len__") else float(min(c.df))
    return _t_change(c.estimate, c.se, df, level,
                     "one survey: contrast with the design-based covariance (svycontrast), t test on the design df")


def stored_contrast(store, first, second, *, level: float = 0.95) -> Change:
    """``first - second`` for two groups of one survey round, from the indicator store.

    The store keeps, for each grouped plan row, the design-based covariance of its published
    estimates (``covariances``, from ``RowResult.covariance()`` when the round was published
    with ``AnalysisResults``), so a contrast needs neither the study nor its microdata: the
    same value, standard error and test as :func:`group_contrast` on the study's design.

    Parameters
    ----------
    store : IndicatorStore
    first, second : mapping or pandas.Series
        Rows of the ``estimates`` view (or ``estimate_rows``): the same study round, plan
        row, indicator and grouping variable, two different groups.
    level : float

    Raises
    ------
    IncomparableError
        Different indicators, wordings, denominators, kinds of data or grouping variables.
    EstimationError
        Two rounds (use :func:`round_change`), the same group twice, or no stored covariance
        (a round published from a results frame, or a suppressed estimate).

    Notes
    -----
    ``se = sqrt(v_a + v_b - 2 c_ab)`` from the stored covariance, t test on the smaller df of
    the two (R ``svycontrast(svyby(..., covmat = TRUE), c(a = 1, b = -1))``).
    """
    a, b = dict(first), dict(second)
    if _norm(a.get("study")) != _norm(b.get("study")) or str(a.get("round_date"))[:10] != str(b.get("round_date"))[:10]:
        raise EstimationError("these estimates come from different survey rounds",
                              hint="compare rounds with round_change(); groups of one round with stored_contrast()")
    for column, reason in _SAME:
        if column in ("area", "group_value"):
            continue  # two groups (possibly two places) of one survey
        if _norm(a.get(column)) != _norm(b.get(column)):
            raise IncomparableError(
                f"these estimates cannot be compared: {reason} ({column}: {_show(a.get(column))} vs "
                f"{_show(b.get(column))})", hint="compare two groups of the same estimate (the same plan row)")
    if not _norm(a.get("group_var")):
        raise EstimationError("these estimates are not groups of one estimate (no group_var)",
                              hint="a contrast compares two groups of a grouped plan row")
    if _norm(a.get("group_value")) == _norm(b.get("group_value")):
        raise EstimationError("a group compared with itself", hint="name two different groups")
    if a.get("plan_row") != b.get("plan_row"):
        raise IncomparableError("these estimates come from different rows of the analysis plan",
                                hint="compare two groups of the same estimate (the same plan row)")
    cov = store.covariance(a, b)
    var_a, var_b = store.covariance(a, a), store.covariance(b, b)
    value = float(a["estimate"]) - float(b["estimate"])
    se = math.sqrt(max(var_a + var_b - 2 * cov, 0.0))
    df = min(float(a["df"]), float(b["df"]))
    return _t_change(value, se, df, level,
                     "one survey: contrast with the stored design-based covariance (svycontrast), t test on the design df")


def contrasts_between_groups(pairs, *, level: float = 0.95):
    """The test of each row of the store's ``group_contrasts`` view (two groups of one round:
    ``difference``, its ``se`` from the stored covariances, ``df``): the view's columns and
    :meth:`Change.to_dict`'s."""
    import pandas as pd

    out = []
    for r in pairs.to_dict("records"):
        ch = _t_change(float(r["difference"]), float(r["se"]), float(r["df"]), level,
                       "one survey: contrast with the stored design-based covariance (svycontrast), t test on the design df")
        out.append({**r, **ch.to_dict()})
    return pd.DataFrame(out, columns=[*pairs.columns, *_CHANGE_COLUMNS])


_CHANGE_COLUMNS = ["change", "change_se", "change_df", "change_ci_low", "change_ci_high", "t", "p_value",
                   "significant", "test"]


def changes_between_rounds(rows, *, level: float = 0.95):
    """Round-to-round changes for every series in a frame of store rows.

    A series is one indicator for one group in one area of one kind of data with one
    comparability signature; rows are ordered by ``round_date`` and each round is compared
    with the one before.  Returns a DataFrame with the series keys, both rounds' dates and
    values and :meth:`Change.to_dict`'s columns.
    """
    import pandas as pd

    keys = ["synthetic", "indicator_id", "area", "group_var", "group_value", "signature"]
    out = []
    for key, series in rows.sort_values("round_date").groupby(keys, sort=True, dropna=False):
        series = series.drop_duplicates(["study", "round_date"])
        recs = series.to_dict("records")
        for a, b in zip(recs, recs[1:]):
            ch = round_change(a, b, level=level)
            out.append({**dict(zip(keys, key)), "from_round": a["round_date"], "to_round": b["round_date"],
                        "from_estimate": a["estimate"], "to_estimate": b["estimate"], **ch.to_dict()})
    cols = [*keys, "from_round", "to_round", "from_estimate", "to_estimate", "change", "change_se", "change_df",
            "change_ci_low", "change_ci_high", "t", "p_value", "significant", "test"]
    return pd.DataFrame(out, columns=cols)
