"""``SurveyDesign``: R ``svydesign`` semantics, validated when it is built."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wpsresearch.errors import DesignError, EstimationError
from wpsresearch.stats.sampling_stages import Stage, build_stages

__all__ = ["SurveyDesign"]

LONELY_PSU = ("fail", "remove", "adjust", "average", "certainty")


def _as_list(value, what):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        items = list(value)
    except TypeError:
        raise DesignError(f"{what} must be a column name or a list of column names, not {value!r}") from None
    if not all(isinstance(c, str) for c in items):
        raise DesignError(f"{what} must be column names, got {items!r}")
    return items


def _as_policy(policy):
    """None -> the default policy; a number -> that ``min_cell``; a DisclosurePolicy as is."""
    from wpsresearch.privacy import DisclosurePolicy

    if policy is None:
        return DisclosurePolicy()
    if isinstance(policy, DisclosurePolicy):
        return policy
    if isinstance(policy, (int, np.integer)) and not isinstance(policy, bool):
        return DisclosurePolicy(min_cell=int(policy))
    raise DesignError(f"policy must be a DisclosurePolicy, a min_cell number or None, "
                      f"not {type(policy).__name__}")


def _rows(mask) -> list[int]:
    """1-based spreadsheet rows (header is row 1) of the True entries of ``mask``."""
    return [int(i) + 2 for i in np.flatnonzero(np.asarray(mask))]


@dataclass(frozen=True, eq=False)
class SurveyDesign:
    """A complex survey design: clusters, strata, weights and finite population corrections.

    Mirrors R's ``svydesign``; the design is the first argument of every estimator.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    ids : str, list of str or None
        Cluster (PSU) column, or one column per stage for a multistage design.  ``None`` is
        element sampling (R ``ids=~1``).
    strata : str or None
        Stratum column (first stage).
    weights : str or None
        Sampling-weight column.  When omitted, weights come from the fpc (population /
        sample size at each stage, as R does), or are all 1 without an fpc.
    fpc : str, list of str or None
        Finite population correction per stage: population sizes (number of units in the
        stratum) or sampling fractions (all values <= 1).  Later stages enter the variance
        only when their fpc is given (R ``multistage``); otherwise the first stage is the
        ultimate cluster (with-replacement approximation).
    lonely_psu : {"fail", "remove", "adjust", "average", "certainty"}
        What to do with a stratum holding a single PSU (R ``options(survey.lonely.psu=)``).
        ``"certainty"``: the PSU was taken with certainty and adds no first-stage variance
        (its later stages still count when their fpc is given); in R's ``onestrat`` this
        gives the same variance as ``"remove"``.
    nest : bool
        Cluster ids restart within strata (R ``nest=TRUE``); otherwise a PSU found in two
        strata is an error.
    policy : wpsresearch.privacy.DisclosurePolicy, int or None
        Disclosure rules used by ``Estimate.table()``; ``None`` takes the default policy, a
        number is taken as ``min_cell``.
    pps : {"brewer", "overton", "HR"}, ("HR", psum), 2-D array or None
        Sampling with probability proportional to size without replacement (R
        ``svydesign(pps=)``); ``fpc`` then holds each PSU's inclusion probability and the
        weights are their inverses.  ``"brewer"``: Brewer's approximation (each PSU's own
        ``1 - pi``; multistage allowed); ``"overton"``, ``"HR"`` (Hartley-Rao, R ``HR()``,
        or ``("HR", psum)`` as R ``HR(psum)``) and a matrix of joint inclusion
        probabilities (R ``ppsmat``, PSUs in order of first appearance) give
        Horvitz-Thompson or Yates-Grundy variances (single stage).
    variance : {"HT", "YG"}
        Horvitz-Thompson or Yates-Grundy variance for the joint-probability PPS designs.

    The design keeps a reference to ``data`` (no copy, so a million rows stay cheap): do not
    modify the frame after building the design.

    Raises
    ------
    DesignError
        Missing columns, missing or non-positive weights (naming rows), a single-PSU stratum
        under ``lonely_psu="fail"`` (naming it), PSUs not nested in strata.

    Notes
    -----
    R equivalent: ``svydesign(ids=, strata=, weights=, fpc=, nest=)``.  Degrees of freedom
    (:attr:`df`) are R's ``degf()``: PSUs minus strata, counted where weights are non-zero.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4], "stratum": list("aaaabbbb"),
    ...                    "w": [10.0] * 8, "y": [1, 0, 1, 1, 0, 0, 1, 0]})
    >>> d = wps.stats.SurveyDesign(df, ids="psu", strata="stratum", weights="w")
    >>> d.df
    2
    >>> d
    SurveyDesign(8 rows, 4 PSUs, 2 strata, df=2)
    """

    data: pd.DataFrame
    ids: object = None
    strata: str | None = None
    weights: str | None = None
    fpc: object = None
    lonely_psu: str = "fail"
    nest: bool = False
    policy: object = None
    pps: object = None
    variance: str = "HT"
    _stages: tuple = field(default=(), repr=False)
    _weights: np.ndarray = field(default=None, repr=False)
    _domain: np.ndarray = field(default=None, repr=False)
    _replicates: object = field(default=None, repr=False)
    _adjustments: tuple = field(default=(), repr=False)
    _pps: object = field(default=None, repr=False)

    def __post_init__(self):
        if self._stages:
            return  # built by subset(), replicate() or a calibration: already validated
        if not isinstance(self.data, pd.DataFrame):
            raise DesignError(f"data must be a pandas DataFrame, not {type(self.data).__name__}")
        if self.data.empty:
            raise DesignError("the data have no rows: there is no respondent to estimate from",
                              hint="check why every record was removed before analysis")
        if self.lonely_psu not in LONELY_PSU:
            raise DesignError(f"lonely_psu must be one of {LONELY_PSU}, not {self.lonely_psu!r}")
        ids = _as_list(self.ids, "ids")
        fpc = _as_list(self.fpc, "fpc")
        strata = _as_list(self.strata, "strata")
        if len(strata) > 1:
            raise DesignError("strata must be one column (combine several into one first)",
                              column=strata)
        weights = _as_list(self.weights, "weights")
        self._check_columns(ids + strata + weights + fpc)
        self._check_complete(ids, "cluster id")
        self._check_complete(strata, "stratum")
        self._check_complete(fpc, "fpc", numeric=True)
        brewer = self._check_pps(fpc, ids, weights)
        stages = build_stages(self.data, ids, strata[0] if strata else None, fpc,
                              self.nest, self.lonely_psu, pps=brewer)
        w = self._build_weights(weights[0] if weights else None, stages, fpc)
        if self.pps is not None and not brewer:
            from wpsresearch.stats.pps import pps_matrix

            method, psum = self.pps, None
            if isinstance(method, tuple):  # ("HR", psum), R HR(psum)
                method, psum = method
            probs = pd.to_numeric(self.data[fpc[0]]).to_numpy(dtype=float)
            object.__setattr__(self, "_pps", pps_matrix(stages[0], probs, method,
                                                        self.variance, psum=psum))
        object.__setattr__(self, "_stages", tuple(stages))
        object.__setattr__(self, "_weights", w)
        object.__setattr__(self, "_domain", np.ones(len(self.data), dtype=bool))
        object.__setattr__(self, "policy", _as_policy(self.policy))

    # -- validation -------------------------------------------------------------------
    def _check_pps(self, fpc, ids, weights) -> bool:
        """Validate ``pps=``/``variance=``; True for Brewer's approximation (per-PSU fpc)."""
        if self.pps is None:
            if self.variance != "HT":
                raise DesignError("variance='YG' is for PPS designs (pps=...)")
            return False
        if not fpc:
            raise DesignError("a PPS design needs fpc= (the PSUs' inclusion probabilities)",
                              hint="R: svydesign(id=~1, fpc=~p, pps='brewer')")
        if weights:
            raise DesignError("a PPS design takes its weights from the fpc (1 / probability); "
                              "drop weights=")
        if self.variance not in ("HT", "YG"):
            raise DesignError(f"variance must be 'HT' or 'YG', not {self.variance!r}")
        method = self.pps[0] if isinstance(self.pps, tuple) else self.pps
        if isinstance(method, str):
            if method not in ("brewer", "overton", "HR"):
                raise DesignError(f"pps must be 'brewer', 'overton', 'HR', ('HR', psum) or a "
                                  f"matrix of joint inclusion probabilities, not {method!r}")
            if method == "brewer":
                if self.variance != "HT":
                    raise DesignError("pps='brewer' has only variance='HT' (as R)")
                return True
        if len(ids) > 1 or len(fpc) > 1:
            raise DesignError("multistage PPS is supported with pps='brewer' only (as R)")
        return False

    def _check_columns(self, columns):
        missing = [c for c in columns if c not in self.data.columns]
        if missing:
            raise DesignError(
                "design column(s) not found in the data", column=missing,
                hint=f"available columns start with {list(self.data.columns[:8])}",
            )

    def _check_complete(self, columns, what, numeric=False):
        for col in columns:
            values = self.data[col]
            if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iub":
                continue  # integers and booleans hold no missing value
            if numeric:
                values = pd.to_numeric(values, errors="coerce")
            bad = values.isna().to_numpy()
            if bad.any():
                raise DesignError(f"{int(bad.sum())} missing {what} value(s)", column=col,
                                  row=_rows(bad),
                                  hint=f"every respondent needs a {what}; fix or drop these rows")

    def _build_weights(self, col, stages, fpc):
        # R keeps probabilities (design$prob) and gives weights as 1/prob: the weights R
        # uses are 1/(1/w), which can differ from w in the last bit -- and the last bit
        # decides ties F(x) == p in quantiles, so the same rounding is kept here
        if col is None:
            if not fpc:
                return np.ones(len(self.data))
            prob = np.ones(len(self.data))
            for st in stages:
                prob = prob * (1 / (st.row_popsize / st.row_sampsize))
            return 1 / prob
        values = pd.to_numeric(self.data[col], errors="coerce").to_numpy(dtype=float)
        lo, hi = (values.min(), values.max()) if values.size else (1.0, 1.0)
        bad = np.zeros(0, dtype=bool) if (lo > 0 and hi < np.inf) else \
            (~np.isfinite(values) | (values <= 0))  # NaN fails lo > 0: the slow check
        if bad.any():
            raise DesignError(
                f"{int(bad.sum())} weight(s) are missing, zero, negative or not numbers",
                column=col, row=_rows(bad),
                hint="sampling weights must be positive; to estimate for a subgroup use "
                     "design.subset(mask) rather than zero weights",
            )
        return 1 / (1 / values)

    # -- public -----------------------------------------------------------------------
    @property
    def n(self) -> int:
        """Unweighted number of rows in the design (and in the domain, after ``subset``)."""
        return int(self._domain.sum())

    @property
    def row_weights(self) -> np.ndarray:
        """Sampling weights, zero outside the domain (R ``weights(design)`` after subset)."""
        return np.where(self._domain, self._weights, 0.0)

    @property
    def df(self) -> int:
        """Design degrees of freedom, R ``degf()``: PSUs minus strata (where weight > 0).

        For a replicate design, R's ``degf.svyrep.design``: rank of the replicate weights
        minus one.
        """
        return self.degf(self._domain)

    def degf(self, mask) -> int:
        """R ``degf`` of the design restricted to the rows in ``mask``."""
        if self._replicates is not None:
            return self._replicates.degf(self._weights, np.asarray(mask, dtype=bool))
        st: Stage = self._stages[0]
        inset = np.asarray(mask, dtype=bool) & (self._weights > 0)
        if inset.all():  # every unit holds rows: PSUs minus strata with units
            return int(st.n_units - np.count_nonzero(st.n))
        units = np.bincount(st.unit[inset], minlength=st.n_units) > 0
        strata = np.bincount(st.unit_stratum[units], minlength=st.n.shape[0]) > 0
        return int(units.sum() - strata.sum())

    def subset(self, mask) -> "SurveyDesign":
        """The design restricted to a domain, keeping every PSU and stratum for the variance.

        R ``subset(design, ...)``: rows outside the domain keep their place in the design
        (their weights count as zero), so standard errors of domain estimates are right.

        Parameters
        ----------
        mask : array-like of bool or pandas Series aligned with the data

        Examples
        --------
        >>> import pandas as pd
        >>> import wpsresearch as wps
        >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "g": list("abab")})
        >>> d = wps.stats.SurveyDesign(df)
        >>> d.subset(df["g"] == "a").n
        2
        """
        m = self._mask(mask)
        return self._derived(domain=self._domain & m)

    def _derived(self, *, weights=None, domain=None, replicates=None, adjustment=None):
        """A copy sharing the data and stages, with new weights, domain or replicates."""
        adjustments = self._adjustments + ((adjustment,) if adjustment is not None else ())
        return SurveyDesign(self.data, self.ids, self.strata, self.weights, self.fpc,
                            self.lonely_psu, self.nest, self.policy, pps=self.pps,
                            variance=self.variance, _stages=self._stages,
                            _weights=self._weights if weights is None else weights,
                            _domain=self._domain if domain is None else domain,
                            _replicates=self._replicates if replicates is None else replicates,
                            _adjustments=adjustments, _pps=self._pps)

    @property
    def is_replicate(self) -> bool:
        """True for a design whose variances come from replicate weights."""
        return self._replicates is not None

    def variance_of_totals(self, scores, full: bool = False, present=None):
        """Taylor variance of the column totals of ``scores`` (R ``svyrecvar``).

        Calibration and post-stratification adjust the scores first (R's ``postStrata``:
        residuals from the calibration model), so variances account for the adjustment.
        """
        from wpsresearch.stats.calibration import adjust_scores
        from wpsresearch.stats.variance import DomainScores, linearised_variance

        if self._pps is not None:
            if isinstance(scores, DomainScores):
                scores = scores.dense(len(self.data))
            x = adjust_scores(self._adjustments, scores) if self._adjustments else scores
            st = self._stages[0]
            v = self._pps.covariance(st.unit, st.n_units, x)
            return v if full else np.diag(v).copy()
        if self._adjustments:
            if isinstance(scores, DomainScores):
                scores = scores.dense(len(self.data))
            scores = adjust_scores(self._adjustments, scores)
            # R subsets a calibrated design by zeroing weights: every row stays
            return linearised_variance(self._stages, scores, self.lonely_psu, full=full)
        # R's subset() of an uncalibrated design drops the rows outside the domain
        return linearised_variance(self._stages, scores, self.lonely_psu, full=full,
                                   present="domain" if present is None else present)

    # -- replicate weights, calibration (methods live in their own modules) -------------
    def replicate(self, type: str = "auto", replicates: int | None = None, seed=None,
                  mse: bool = False, *, fay_rho: float = 0.0,
                  large: str = "split") -> "SurveyDesign":
        """Replicate-weight version of the design, R ``as.svrepdesign``.

        Parameters
        ----------
        type : {"auto", "JK1", "JKn", "bootstrap", "BRR", "Fay"}
            ``"auto"`` (R's default): JK1 without strata, JKn with strata.  ``"bootstrap"``
            is the Rao-Wu rescaling bootstrap (``n_h - 1`` PSUs per stratum).  ``"BRR"``
            and ``"Fay"``: balanced repeated replication from R's Hadamard matrices (two
            PSUs per stratum), the same replicates as R's ``brrweights``.
        replicates : int, optional
            Bootstrap replicates (default 50, as R).  Ignored by the jackknives.
        seed : int, optional
            Seed of the bootstrap draws.
        mse : bool
            Centre the replicate deviations on the full-sample estimate (R ``mse=TRUE``)
            rather than on the replicates' mean.
        fay_rho : float
            Fay's coefficient (R ``fay.rho``) for ``type="Fay"`` (``0 < rho < 1``).
        large : {"split", "merge"}
            BRR/Fay with a stratum of more than two PSUs, as R ``brrweights(large=)``.

        Returns
        -------
        SurveyDesign
            Same data, weights and domain; every estimator then uses the replicates.

        Notes
        -----
        R equivalent: ``as.svrepdesign(design, type=, replicates=, mse=)``.  The first-stage
        fpc is applied as R does (JK1: ``scale = f (n-1)/n``; JKn: ``rscales``).  Replicate
        weights are stored per PSU (PSU x R), never as an n x R matrix.

        Examples
        --------
        >>> import pandas as pd
        >>> import wpsresearch as wps
        >>> df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "y": [1.0, 2, 3, 4, 5, 7]})
        >>> rep = wps.stats.SurveyDesign(df, ids="psu").replicate("JK1")
        >>> rep
        SurveyDesign(6 rows, 3 PSUs, 1 strata, df=2, JK1 replicates=3)
        >>> round(wps.stats.mean(rep, "y").se, 6)
        1.301708
        """
        from wpsresearch.stats.replicates import (
            bootstrap_weights, brr_weights, jackknife_weights,
        )

        if self._replicates is not None:
            raise DesignError("the design already has replicate weights")
        if self._adjustments:
            raise DesignError("replicate() of a calibrated or post-stratified design is not "
                              "supported", hint="call replicate() first, then poststratify(), "
                              "rake() or calibrate() the replicate design (each replicate is "
                              "adjusted, as R does)")
        if type == "auto":
            type = "JK1" if len(self._stages[0].n) == 1 else "JKn"
        if type in ("JK1", "JKn"):
            rw = jackknife_weights(self, type, mse)
        elif type == "bootstrap":
            rw = bootstrap_weights(self, 50 if replicates is None else replicates, seed, mse)
        elif type in ("BRR", "Fay"):
            if len(self._stages[0].n) == 1 and self.strata is None:
                raise DesignError("BRR and Fay replicates need a stratified design (two PSUs "
                                  "per stratum)", hint="use 'JK1' or 'bootstrap'")
            if type == "Fay" and not 0 < fay_rho < 1:
                raise DesignError(f"type='Fay' needs 0 < fay_rho < 1, not {fay_rho!r}")
            rw = brr_weights(self, fay_rho if type == "Fay" else 0.0, mse, large)
        else:
            raise DesignError(f"type must be 'auto', 'JK1', 'JKn', 'bootstrap', 'BRR' or "
                              f"'Fay', not {type!r}")
        return self._derived(replicates=rw)

    def replicate_weights(self, prefix: str = "repw_") -> pd.DataFrame:
        """The replicate weights as columns (R ``weights(design, "analysis")``).

        Builds the n x R matrix (8 bytes per cell): for export, or to feed another tool.

        Examples
        --------
        >>> import pandas as pd
        >>> import wpsresearch as wps
        >>> df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "w": [2.0] * 6})
        >>> rep = wps.stats.SurveyDesign(df, ids="psu", weights="w").replicate("JK1")
        >>> rep.replicate_weights().iloc[0].tolist()
        [0.0, 3.0, 3.0]
        """
        rw = self._replicates
        if rw is None:
            raise DesignError("the design has no replicate weights", hint="call replicate() first")
        if rw.absolute is not None:
            values = rw.absolute
        else:
            values = self._weights[:, None] * rw.factors[rw.unit]
        names = [f"{prefix}{r + 1}" for r in range(rw.count)]
        return pd.DataFrame(values, columns=names, index=self.data.index)

    @classmethod
    def from_replicates(cls, data, repweights, weights, type: str = "other", *, scale=None,
                        rscales=None, mse: bool = False, fay_rho: float = 0.0, df=None,
                        policy=None) -> "SurveyDesign":
        """A design from replicate weights supplied with the data, R ``svrepdesign``.

        Parameters
        ----------
        data : pandas.DataFrame
        repweights : list of str or str
            Replicate-weight columns, or a regular expression matching their names.  They
            are full replicate weights (R ``combined.weights=TRUE``).
        weights : str
            Full-sample weight column.
        type : {"JK1", "JKn", "bootstrap", "BRR", "Fay", "other"}
            Sets R's default ``scale``: JK1 ``(R-1)/R``, bootstrap ``1/(R-1)``, BRR ``1/R``,
            Fay ``1/(R (1-rho)^2)``, JKn and other 1.
        scale : float, optional
        rscales : sequence of float, optional
            Per-replicate multipliers (JKn: ``(n_h-1)/n_h``; required for JKn).
        mse : bool
        fay_rho : float
            Fay's coefficient for ``type="Fay"``.
        df : int, optional
            Degrees of freedom; default R's ``degf``: rank of the replicate weights - 1.
        policy : DisclosurePolicy, int or None

        Notes
        -----
        R equivalent: ``svrepdesign(data=, repweights=, weights=, type=, scale=, rscales=,
        mse=, combined.weights=TRUE)``.

        Examples
        --------
        >>> import pandas as pd
        >>> import wpsresearch as wps
        >>> df = pd.DataFrame({"w": [1.0, 1, 1], "r1": [0.0, 1.5, 1.5], "r2": [1.5, 0, 1.5],
        ...                    "r3": [1.5, 1.5, 0], "y": [1.0, 2, 6]})
        >>> d = wps.stats.SurveyDesign.from_replicates(df, "^r[0-9]$", weights="w", type="JK1")
        >>> round(wps.stats.mean(d, "y").se, 6)
        1.527525
        """
        from wpsresearch.stats.replicate_data import ReplicateScheme, supplied_replicates

        base = cls(data, weights=weights, policy=policy)
        scheme = ReplicateScheme(type, scale, rscales, mse, fay_rho, df)
        rw = supplied_replicates(data, repweights, scheme)
        return base._derived(replicates=rw)

    def poststratify(self, strata, population) -> "SurveyDesign":
        """Post-stratified design, R ``postStratify``; see
        :func:`wpsresearch.stats.calibration.poststratify`."""
        from wpsresearch.stats.calibration import poststratify

        return poststratify(self, strata, population)

    def rake(self, margins, *, maxit: int = 50, epsilon: float = 1e-7) -> "SurveyDesign":
        """Raked design, R ``rake``; see :func:`wpsresearch.stats.calibration.rake`."""
        from wpsresearch.stats.calibration import rake

        return rake(self, margins, maxit=maxit, epsilon=epsilon)

    def calibrate(self, variables, population, *, calfun: str = "linear", bounds=None,
                  intercept: bool = True, maxit: int = 50, epsilon: float = 1e-7):
        """Calibrated (GREG) design, R ``calibrate``; see
        :func:`wpsresearch.stats.calibration.calibrate`."""
        from wpsresearch.stats.calibration import calibrate

        return calibrate(self, variables, population, calfun=calfun, bounds=bounds,
                         intercept=intercept, maxit=maxit, epsilon=epsilon)

    def _mask(self, mask) -> np.ndarray:
        if isinstance(mask, pd.Series):
            if not mask.index.equals(self.data.index):
                raise DesignError("the subset mask is not aligned with the design's data",
                                  hint="build the mask from the same DataFrame")
            mask = mask.to_numpy()
        m = np.asarray(mask)
        if m.shape != (len(self.data),):
            raise DesignError(f"subset mask has {m.shape} entries; the design has {len(self.data)} rows")
        if m.dtype != bool:
            values = pd.Series(m).dropna()
            if not (pd.api.types.is_bool_dtype(values) or values.isin([0, 1, True, False]).all()):
                # astype(bool) would make every non-empty text True: a silently wrong domain
                raise DesignError("subset mask must be True/False (or 1/0), one per row",
                                  hint="build it with a comparison, e.g. df['sex'] == 'female'")
            m = pd.Series(m).fillna(False).astype(bool).to_numpy()
        if not m.any():
            raise EstimationError("the subset is empty: no respondent matches the mask")
        return m

    def column(self, name: str) -> pd.Series:
        """A data column, with a clear error when it is absent."""
        if name not in self.data.columns:
            raise EstimationError("variable not found in the design's data", column=name,
                                  hint=f"available columns start with {list(self.data.columns[:8])}")
        return self.data[name]

    def __repr__(self):
        st = self._stages[0]
        n_strata = int(len(np.unique(st.unit_stratum)))
        extra = ""
        if self._replicates is not None:
            extra = f", {self._replicates.type} replicates={self._replicates.count}"
        if self._adjustments:
            extra += ", " + "+".join(a.kind for a in self._adjustments)
        return (f"SurveyDesign({self.n} rows, {st.n_units} PSUs, {n_strata} strata, "
                f"df={self.df}{extra})")

    def _repr_html_(self):
        import html

        return f"<pre>{html.escape(repr(self))}</pre>"


