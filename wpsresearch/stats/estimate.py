"""``Estimate``: the result of every estimator (statsmodels-like, frozen)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
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
        ``"mean"``, ``"total"``, ``"proportion"``, ``"ratio"``, ``"quantile"``, ``"var"``
        or ``"contrast"``.
    frame : pandas.DataFrame
        One row per (group, variable, level): the ``by`` columns, ``variable``, ``level``
        (proportions and quantiles), ``estimate, se, ci_low, ci_high, deff, n, n_missing``
        (``n`` = unweighted respondents in the base, ``n_missing`` = respondents of the group
        excluded because the answer is missing) and, for proportions, ``n_level`` (unweighted
        respondents giving that answer).
    by : tuple of str
    df : float or ndarray
        Degrees of freedom of the t intervals (``inf`` = normal intervals); one per row when
        the estimator was asked for per-domain degrees of freedom (``df="domain"``).
    conf_level : float
    ci_method : str
    policy : DisclosurePolicy
    scalar : bool
        The call asked for one number (one variable, no ``by``, a 0/1 item or a single
        ``probs``): then :attr:`estimate`, :attr:`se`, :attr:`n` and :attr:`n_missing` are
        Python numbers and :meth:`conf_int` a ``(low, high)`` tuple.  Otherwise they are
        Series / a DataFrame, *whatever the number of rows* (a ``by=`` with one group
        present is still a Series).  :meth:`to_series` is always a Series.

    Notes
    -----
    The type of :attr:`estimate` depends on the call, never on the data (DESIGN.md:
    "for a single estimate ``est.estimate`` and ``est.se`` are floats").  Results hold no
    closures and pickle (for papermill, multiprocessing and caches).
    """

    kind: str
    frame: pd.DataFrame
    by: tuple = ()
    df: object = np.inf
    conf_level: float = 0.95
    ci_method: str = "t"
    policy: object = None
    _interval: object = field(default=None, repr=False)
    _covariance: object = field(default=None, repr=False)
    scalar: bool | None = None

    def __post_init__(self):
        if self.scalar is None:
            object.__setattr__(self, "scalar", len(self.frame) == 1)

    # -- values -----------------------------------------------------------------------
    def _keys(self) -> list[str]:
        keys = list(self.by)
        if self.frame["variable"].nunique() > 1 or not keys:
            keys.append("variable")
        if "level" in self.frame.columns:
            keys.append("level")
        return keys

    def to_series(self, column: str = "estimate") -> pd.Series:
        """One column of :attr:`frame` as a Series indexed by group, variable and level.

        Always a Series, even for a single estimate (:attr:`estimate` is then a float).

        Examples
        --------
        >>> import pandas as pd
        >>> import wpsresearch as wps
        >>> d = wps.stats.SurveyDesign(pd.DataFrame({"y": [1.0, 2.0, 6.0]}))
        >>> wps.stats.mean(d, "y").to_series().tolist()
        [3.0]
        """
        return self.frame.set_index(self._keys())[column]

    def _values(self, column):
        if self.scalar:
            value = self.frame[column].iloc[0]
            return int(value) if column in ("n", "n_missing") else float(value)
        return self.to_series(column)

    @property
    def estimate(self):
        """The estimate(s): a float for a single estimate (see :attr:`scalar`), else a Series."""
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

    def conf_int(self, alpha: float | None = None, *, level: float | None = None):
        """Confidence intervals (same method and df as the estimate).

        Parameters
        ----------
        alpha : float, optional
            ``1 - level`` (statsmodels' spelling); default ``0.05``.
        level : float, optional
            Confidence level, the keyword every estimator takes (``level=0.9``).

        Returns
        -------
        tuple or pandas.DataFrame
            ``(low, high)`` floats for a single estimate (:attr:`scalar`), otherwise a
            DataFrame with ``ci_low`` and ``ci_high``.
        """
        from wpsresearch.errors import EstimationError

        if alpha is not None and level is not None:
            raise EstimationError("give alpha or level, not both")
        a = 0.05 if alpha is None and level is None else (1 - level if level is not None
                                                          else alpha)
        if not 0 < a < 1:
            raise EstimationError(f"the level must be between 0 and 1, not {1 - a!r}")
        low, high = self._interval(a)
        low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
        if self.scalar:
            return float(low[0]), float(high[0])
        idx = self.frame.set_index(self._keys()).index
        return pd.DataFrame({"ci_low": low, "ci_high": high}, index=idx)

    def vcov(self) -> pd.DataFrame:
        """Covariance matrix of the estimates (R ``vcov``; ``svyby(covmat=TRUE)`` for ``by=``).

        Rows and columns in the order of :meth:`to_series`.  Domains share PSUs, so
        estimates of different groups are correlated: the off-diagonal terms are the
        design-based covariances (Taylor: the scores of all domains through one
        ``svyrecvar``; replicate designs: the covariance of the replicate estimates).  Its
        diagonal is ``se ** 2`` except under ``lonely_psu="average"``, where R's
        ``svyby(covmat=TRUE)`` counts every stratum of the design and ``SE()`` only each
        domain's own (this method gives R's ``vcov``).

        Returns
        -------
        pandas.DataFrame

        Notes
        -----
        R equivalent: ``vcov(svymean(~y, design))``,
        ``vcov(svyby(~y, ~g, design, svymean, covmat=TRUE))``.  Quantiles have no
        covariance here (R's ``vcov`` of ``svyquantile`` gives the diagonal only): their
        off-diagonal terms are NaN.

        Examples
        --------
        >>> import pandas as pd
        >>> import wpsresearch as wps
        >>> df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "y": [1.0, 2, 3, 4, 5, 9],
        ...                    "sex": list("fmfmfm")})
        >>> v = wps.stats.mean(wps.stats.SurveyDesign(df, ids="psu"), "y", by="sex").vcov()
        >>> v.round(4).to_numpy().tolist()  # R: vcov(svyby(~y, ~sex, d, svymean, covmat=TRUE))
        [[1.3333, 2.3333], [2.3333, 4.3333]]
        """
        from wpsresearch.errors import EstimationError

        idx = self.frame.set_index(self._keys()).index
        if self._covariance is None:
            raise EstimationError(f"no covariance is kept for a {self.kind} estimate")
        v = np.asarray(self._covariance.matrix(), dtype=float)
        return pd.DataFrame(v, index=idx, columns=idx)

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
