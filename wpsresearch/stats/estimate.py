"""``Estimate``: the result of every estimator (statsmodels-like, frozen)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

__all__ = ["Estimate", "ESTIMATE_COLUMNS"]

ESTIMATE_COLUMNS = ["estimate", "se", "ci_low", "ci_high", "deff", "n", "n_missing"]


@dataclass(frozen=True, eq=False)
class Estimate:
    """Design-based estimates with standard errors, intervals and unweighted counts.

    Attributes
    ----------
    kind : str
        ``"mean"``, ``"total"``, ``"proportion"``, ``"ratio"`` or ``"quantile"``.
    frame : pandas.DataFrame
        One row per (group, variable, level): the ``by`` columns, ``variable``, ``level``
        (proportions and quantiles), ``estimate, se, ci_low, ci_high, deff, n, n_missing``
        (``n`` = unweighted respondents in the base, ``n_missing`` = respondents of the group
        excluded because the answer is missing) and, for proportions, ``n_level`` (unweighted
        respondents giving that answer).
    by : tuple of str
    df : float
        Degrees of freedom of the t intervals (``inf`` = normal intervals).
    conf_level : float
    ci_method : str
    policy : DisclosurePolicy
    """

    kind: str
    frame: pd.DataFrame
    by: tuple = ()
    df: float = np.inf
    conf_level: float = 0.95
    ci_method: str = "t"
    policy: object = None
    _interval: Callable = field(default=None, repr=False)

    # -- values -----------------------------------------------------------------------
    def _keys(self) -> list[str]:
        keys = list(self.by)
        if self.frame["variable"].nunique() > 1 or not keys:
            keys.append("variable")
        if "level" in self.frame.columns:
            keys.append("level")
        return keys

    def _values(self, column):
        if len(self.frame) == 1:
            value = self.frame[column].iloc[0]
            return int(value) if column in ("n", "n_missing") else float(value)
        return self.frame.set_index(self._keys())[column]

    @property
    def estimate(self):
        """The estimate(s): a float for a single estimate, otherwise a Series."""
        return self._values("estimate")

    @property
    def se(self):
        """Standard error(s): a float for a single estimate, otherwise a Series."""
        return self._values("se")

    @property
    def n(self):
        """Unweighted respondents in the base of each estimate."""
        return self._values("n")

    @property
    def n_missing(self):
        """Respondents excluded from each base because their answer is missing."""
        return self._values("n_missing")

    def to_frame(self) -> pd.DataFrame:
        """One row per (group, variable, level) with ``estimate, se, ci_low, ci_high, deff, n``."""
        return self.frame.copy()

    def conf_int(self, alpha: float = 0.05):
        """Confidence intervals at level ``1 - alpha`` (same method and df as the estimate).

        Returns ``(low, high)`` floats for a single estimate, otherwise a DataFrame with
        ``ci_low`` and ``ci_high``.
        """
        if not 0 < alpha < 1:
            from wpsresearch.errors import EstimationError

            raise EstimationError(f"alpha must be between 0 and 1, not {alpha!r}")
        low, high = self._interval(alpha)
        if len(self.frame) == 1:
            return float(low[0]), float(high[0])
        idx = self.frame.set_index(self._keys()).index
        return pd.DataFrame({"ci_low": low, "ci_high": high}, index=idx)

    # -- display ----------------------------------------------------------------------
    def summary(self) -> str:
        """A printable summary, in the spirit of R's ``print(svymean(...))``."""
        dfs = "inf (normal)" if not np.isfinite(self.df) else f"{self.df:g}"
        head = (f"{self.kind} ({self.ci_method} interval, {self.conf_level:.0%}, "
                f"df = {dfs})")
        cols = [c for c in self.frame.columns if c not in ("n_level",)]
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            return head + "\n" + self.frame[cols].to_string(index=False)

    def __repr__(self):
        return f"Estimate({self.kind}, {len(self.frame)} row(s))\n" + self.summary()

    def _repr_html_(self):
        caption = html.escape(f"{self.kind}: {self.ci_method} interval, {self.conf_level:.0%}")
        body = self.frame.to_html(index=False, float_format=lambda v: f"{v:.4g}", na_rep="")
        return f"<div><p><strong>{caption}</strong></p>{body}</div>"

    def table(self, lang: str = "en", labels=None, *, cv_flag: float = 0.3, digits: int = 1):
        """The labelled, suppressed, formatted table for reports.

        Applies the design's :class:`~wpsresearch.privacy.DisclosurePolicy` and DHS rules:
        fewer than ``min_n`` unweighted cases suppressed, ``min_n`` to ``2*min_n - 1``
        bracketed; percentages suppressed when their unweighted numerator or complement is
        below ``min_cell``; a coefficient of variation above ``cv_flag`` is flagged.

        Parameters
        ----------
        lang : {"en", "ar"}
        labels : wpsresearch.labels.Labels, optional
            Defaults to the package label table.
        cv_flag : float
        digits : int
            Decimals of the estimates (percentages for proportions).

        Returns
        -------
        ReportTable
        """
        from wpsresearch.stats.report_table import build_report_table

        return build_report_table(self, lang=lang, labels=labels, cv_flag=cv_flag,
                                  digits=digits)
