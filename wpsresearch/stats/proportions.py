"""Proportions of 0/1 and categorical answers (R ``svymean`` on a factor, ``svyciprop``)."""

from __future__ import annotations

import numpy as np

from wpsresearch.errors import EstimationError
from wpsresearch.stats.domains import domains_of, ratio_by_domain, srs_variance
from wpsresearch.stats.estimate import Estimate
from wpsresearch.stats.covariance import Covariance
from wpsresearch.stats.intervals import CI_METHODS, ProportionInterval
from wpsresearch.stats.answers import MISSING, drop_missing_categories, indicators, is_binary
from wpsresearch.stats.means import (
    _check_na, _no_empty, _order, check_level, count_missing, domain_df, level_frame,
)
from wpsresearch.stats.replicates import replicate_variance

__all__ = ["proportion"]


class LikelihoodInterval:
    """R ``svyciprop(method="likelihood")`` for every domain x level, at any level."""

    def __init__(self, design, y, answered, domains, dof, levels):
        self.design, self.y, self.answered = design, y, answered
        self.domains, self.dof, self.levels = domains, dof, levels

    def __call__(self, alpha):
        from wpsresearch.stats.profile_ci import proportion_likelihood

        G, L = self.domains.count, self.levels
        dfs = np.broadcast_to(np.asarray(self.dof, dtype=float), (G * L,))
        lo, hi = np.full(G * L, np.nan), np.full(G * L, np.nan)
        for g in range(G):
            d = self.design if not self.domains.by else \
                self.design.subset(self.domains.codes == g)
            for l in range(L):
                k = g * L + l
                lo[k], hi[k] = proportion_likelihood(d, self.y[:, l], self.answered,
                                                     1 - alpha, dfs[k])
        return lo, hi


def proportion(design, var, by=None, *, ci="logit", level=0.95, deff=False, na_rm=True,
               df=None, missing=MISSING):
    """Proportion answering each level (or 1/True for a 0/1 variable), with R's intervals.

    Parameters
    ----------
    design : SurveyDesign
    var : str
        A 0/1 or boolean column (one row: the proportion of 1/True) or a categorical one
        (one row per level, summing to 1 within each group).
    by : str or list of str, optional
        Domains (R ``svyby``).
    ci : {"logit", "likelihood", "asin", "beta", "mean", "xlogit", "wilson"}
        Interval method, as R ``svyciprop(method=)`` (``wilson`` is not in R);
        ``likelihood`` inverts the design-scaled profile deviance of the logistic fit,
        step for step as R (see :mod:`wpsresearch.stats.profile_ci`).  On a
        replicate design ``logit`` refits every replicate on the logit scale, as R's
        ``svyglm`` does; ``beta`` uses each domain's ``degf`` and rows, as
        ``svyby(..., svyciprop)``.
    level : float
    deff : bool or "replace"
    na_rm : bool
        Exclude missing answers from the base (their count is in ``n_missing``).
    missing : tuple of str, default ``("dont_know", "refused", "not_applicable", "no_answer")``
        Categories counted as missing answers (the ones cleaning gives special codes such as
        98/99).  Pass ``missing=()`` to keep them in the base, e.g. for an indicator standard
        that says so.
    df : float, "domain" or None
        Degrees of freedom; default the design's ``degf()`` (for ``by=`` the whole
        design's, as ``svyby`` + ``confint(df=degf(design))`` and srvyr do); ``"domain"``
        gives each group its own ``degf``.

    Returns
    -------
    Estimate
        ``frame`` has ``level`` and ``n_level`` (unweighted respondents giving the answer).

    Notes
    -----
    R equivalent: ``svyciprop(~I(var == level), design, method=ci, df=degf(design))``;
    ``svyby(~var, ~by, design, svymean)`` for the estimates and standard errors.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"q": ["yes", "no", "yes", None, "yes"], "w": [1.0, 1, 2, 1, 1]})
    >>> est = wps.stats.proportion(wps.stats.SurveyDesign(df, weights="w"), "q")
    >>> est.to_frame()[["level", "estimate", "n", "n_missing", "n_level"]]
      level  estimate  n  n_missing  n_level
    0    no       0.2  4          1        1
    1   yes       0.8  4          1        3
    """
    if ci not in CI_METHODS:
        raise EstimationError(f"ci must be one of {CI_METHODS}, not {ci!r}")
    if not isinstance(var, str):
        raise EstimationError(f"proportion() takes one variable name, not {var!r}")
    values = drop_missing_categories(design.column(var), missing)
    miss = _check_na(values, var, na_rm)
    y, levels = indicators(values, is_binary(values))
    domains = domains_of(design, by)
    valid = design._domain & ~miss
    res = ratio_by_domain(design, y, None, valid, domains, kind="mean")
    _no_empty(res["n"], domains, var)
    G, L = res["estimate"].shape
    yr = y if len(res["rows"]) == len(y) else y[res["rows"]]
    n_level = np.stack([np.bincount(res["g"], yr[:, l], minlength=G) for l in range(L)], 1)
    n_miss = count_missing(design, domains, miss)
    frame = level_frame(domains, var, res, levels, n_miss)
    frame["n_level"] = n_level.ravel().astype(int)
    if deff:
        vsrs = srs_variance(design, y, res, kind="mean",
                            replace=(deff == "replace"))
        frame["deff"] = (res["var"] / vsrs).ravel()
    else:
        frame["deff"] = np.nan
    dof = domain_df(design, domains, df, L)
    p, se, n = frame["estimate"].to_numpy(), frame["se"].to_numpy(), frame["n"].to_numpy()
    # R svyciprop(method="beta") on svyby's subset: nrow() and degf() of the domain's design
    # (rows with a missing answer included; a calibrated design keeps every row, as R)
    n_rows = np.full(G, len(design.data))
    if ci in ("beta", "wilson") and not design._adjustments:
        in_domain = domains.codes >= 0
        n_rows = np.bincount(domains.codes[in_domain], minlength=G)
    degf = domain_df(design, domains, "domain", L) if ci in ("beta", "wilson") else None
    se_logit = None
    if ci == "logit" and design._replicates is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            eta = np.log(res["estimate"] / (1 - res["estimate"])).ravel()
            eta_r = np.log(res["replicates"] / (1 - res["replicates"]))
        se_logit = np.sqrt(replicate_variance(design._replicates, eta, eta_r, block=L))
    if ci == "likelihood":
        interval = LikelihoodInterval(design, y, ~miss, domains, dof, L)
    else:
        interval = ProportionInterval(p, se, dof, np.repeat(n_rows, L).astype(float), ci,
                                      degf=degf, se_logit=se_logit)
    frame["ci_low"], frame["ci_high"] = interval(1 - check_level(level))
    frame = _order(frame, domains.by)
    scalar = not domains.by and L == 1 and is_binary(values)
    return Estimate("proportion", frame, domains.by, dof, level, ci, design.policy, interval,
                    Covariance(design, (res,)), scalar)
