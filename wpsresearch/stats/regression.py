"""Design-based generalised linear models, R ``svyglm``.

The coefficients solve the weighted score equations (IRLS with the sampling weights); the
covariance is the sandwich ``A^-1 V A^-1`` where ``V`` is the design variance (R
``svyrecvar``, or the replicate variance) of the estimating-function totals
``x_i w_i (y_i - mu_i) mu'_i / V(mu_i)``: exactly R's ``svy.varcoef``.  t tests use R's
``df.residual = degf(design) + 1 - p``.

Written by hand because statsmodels' GLM treats weights as frequency or variance weights
and has no cluster/stratum/fpc sandwich with R's lonely-PSU and multistage rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from wpsresearch.errors import EstimationError
from wpsresearch.stats.glm_result import GLMResult

__all__ = ["glm", "FAMILIES"]

FAMILIES = ("gaussian", "binomial", "quasibinomial", "poisson", "quasipoisson")
_SEPARATION = 10 * np.finfo(float).eps  # R binomial(): "fitted probabilities numerically 0 or 1"


@dataclass(frozen=True, eq=False)
class ModelFit:
    """A survey GLM as R ``glm.fit`` leaves it, before its design-based variance.

    Attributes
    ----------
    family : str
    y, X, w : numpy.ndarray
        Response, model matrix and rescaled weights of the rows fitted.
    kept : numpy.ndarray
        Those rows' positions in the design's data.
    beta, mu : numpy.ndarray
        Coefficients and fitted means.
    working : numpy.ndarray
        glm.fit's ``fit$weights``: the working weights of the last iteration.
    """

    family: str
    y: np.ndarray
    X: np.ndarray
    w: np.ndarray
    kept: np.ndarray
    beta: np.ndarray
    mu: np.ndarray
    working: np.ndarray


def _link(family):
    if family == "gaussian":
        return (lambda eta: eta), (lambda mu: np.ones_like(mu)), (lambda mu: np.ones_like(mu))
    if family in ("binomial", "quasibinomial"):
        def inv(eta):
            return 1.0 / (1.0 + np.exp(-eta))
        return inv, (lambda mu: mu * (1 - mu)), (lambda mu: mu * (1 - mu))
    return np.exp, (lambda mu: mu), (lambda mu: mu)


def _quote_names(formula: str, columns) -> str:
    """Backtick column names that Python would misread (R's ``sch.wide``) for formulaic."""
    for name in sorted((c for c in columns if isinstance(c, str) and not c.isidentifier()),
                       key=len, reverse=True):
        pattern = r"(?<![`\w.])" + re.escape(name) + r"(?![`\w.])"
        formula = re.sub(pattern, f"`{name}`", formula)
    return formula


def _design_matrices(design, formula):
    import formulaic

    if not isinstance(formula, str) or "~" not in formula:
        raise EstimationError(f"formula must be a string like 'y ~ x1 + x2', not {formula!r}")
    text = _quote_names(formula, design.data.columns)
    # the columns named in the formula; copying only those keeps a million rows cheap
    needed = [c for c in design.data.columns if isinstance(c, str) and c in formula]
    rows = np.flatnonzero(design._domain)
    frame = design.data.iloc[rows][list(dict.fromkeys(needed))].reset_index(drop=True)
    try:
        mm = formulaic.model_matrix(text, frame, na_action="drop")
    except Exception as exc:
        raise EstimationError(f"cannot build the model matrix of {formula!r}: {exc}",
                              hint="check variable names and that each factor has values") from None
    kept = rows[np.asarray(mm.rhs.index, dtype=np.int64)]
    y = mm.lhs.to_numpy(dtype=float)
    if y.ndim == 2:
        if y.shape[1] != 1:
            raise EstimationError("the response must be one column (0/1 for binomial)")
        y = y[:, 0]
    X = mm.rhs.to_numpy(dtype=float)
    return y, X, [str(c) for c in mm.rhs.columns], kept, len(rows), _main_effects(mm.rhs)


def _main_effects(rhs) -> list:
    """Column positions of each one-variable term (a factor's dummies, or one covariate):
    the rows where all of a term's 0/1 columns are 0 are its reference category."""
    position = {str(c): j for j, c in enumerate(rhs.columns)}
    groups = []
    for part in rhs.model_spec.structure:
        columns = [position[str(c)] for c in part.columns if str(c) in position]
        if len(part.term.factors) == 1 and columns and str(part.columns[0]) != "Intercept":
            groups.append(columns)
    return groups


def _check_inputs(y, X, names, family, n_domain, formula):
    if len(y) == 0:
        raise EstimationError(f"every row has a missing value in the variables of {formula!r}")
    empty = [nm for j, nm in enumerate(names) if not np.any(X[:, j] != 0)]
    if empty:
        raise EstimationError(f"column(s) {empty} of the model are all zero (an empty factor "
                              "level among the respondents used)",
                              hint="drop unused categories or merge rare levels")
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise EstimationError(f"the model columns {names} are collinear", hint="drop a term")
    if family in ("binomial", "quasibinomial") and np.any((y < 0) | (y > 1)):
        raise EstimationError("a binomial model needs a 0/1 (or proportion) response")
    if family in ("poisson", "quasipoisson") and np.any(y < 0):
        raise EstimationError("a Poisson model needs a non-negative response")


_EPS = np.finfo(float).eps
_THRESH = 30.0


def _logit_inv(eta):
    # R's C logit_linkinv / logit_mu_eta: clamped beyond |eta| = 30
    e = np.exp(-np.clip(eta, -_THRESH, _THRESH))
    mu = 1.0 / (1.0 + e)
    mu = np.where(eta < -_THRESH, _EPS, np.where(eta > _THRESH, 1 - _EPS, mu))
    return mu


def _logit_mu_eta(eta):
    e = np.exp(-np.abs(eta))
    d = e / (1.0 + e) ** 2
    return np.where(np.abs(eta) > _THRESH, _EPS, d)


def _ylogy(y, mu):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y > 0, y * np.log(y / mu), 0.0)


def _deviance(family, y, mu, w):
    """R ``sum(family$dev.resids(y, mu, weights))``."""
    if family == "gaussian":
        return float(np.sum(w * (y - mu) ** 2))
    if "binomial" in family:
        return float(np.sum(2 * w * (_ylogy(y, mu) + _ylogy(1 - y, 1 - mu))))
    r = mu * w
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(y > 0, w * (y * np.log(y / mu) - (y - mu)), r)
    return float(np.sum(2 * r))


def _irls(y, X, w, family, beta=None, maxit=25, epsilon=1e-8):
    """R ``glm.fit`` step for step: its starting values (``mustart``, or ``start=beta``),
    IRLS by least squares and its stopping rule ``|dev - devold| / (|dev| + 0.1) < 1e-8``,
    so the coefficients R reports (converged to that tolerance, not further) are matched.
    Returns beta, mu, whether it converged and R's ``fit$weights``: the working weights of
    the last iteration (computed before its update, as ``glm.fit`` keeps them)."""
    logit = "binomial" in family
    if family == "gaussian":
        inv, mu_eta, var = (lambda e: e), (lambda e: np.ones_like(e)), (lambda m: np.ones_like(m))
        link = lambda m: m  # noqa: E731
    elif logit:
        inv, mu_eta, var = _logit_inv, _logit_mu_eta, (lambda m: m * (1 - m))
        link = lambda m: np.log(m / (1 - m))  # noqa: E731
    else:
        inv, mu_eta, var = np.exp, (lambda e: np.maximum(np.exp(e), _EPS)), (lambda m: m)
        link = np.log
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if beta is None:
            mustart = {"gaussian": y}.get(family, (w * y + 0.5) / (w + 1) if logit else y + 0.1)
            eta = link(mustart)
        else:
            eta = X @ beta
        mu = inv(eta)
        devold = _deviance(family, y, mu, w)
        good = w > 0
        Xg = X[good]
        working = np.zeros_like(w)
        for _ in range(maxit):
            d = mu_eta(eta)[good]
            z = eta[good] + (y - mu)[good] / d
            sw = np.sqrt(w[good] * d * d / var(mu)[good])
            working[good] = sw * sw
            try:
                beta = np.linalg.lstsq(Xg * sw[:, None], z * sw, rcond=None)[0]
            except np.linalg.LinAlgError:
                return beta, mu, False, working
            eta = X @ beta
            mu = inv(eta)
            if not np.all(np.isfinite(mu)):
                return beta, mu, False, working
            dev = _deviance(family, y, mu, w)
            if abs(dev - devold) / (abs(dev) + 0.1) < epsilon:
                if logit and np.any((mu[good] < _SEPARATION) | (mu[good] > 1 - _SEPARATION)):
                    return beta, mu, False, working  # separation: runs to the boundary
                return beta, mu, True, working
            devold = dev
    return beta, mu, False, working


def _fit(y, X, w, family):
    beta, mu, converged, working = _irls(y, X, w, family)
    if "binomial" in family and (not converged or np.any((mu < _SEPARATION) |
                                                         (mu > 1 - _SEPARATION))):
        raise EstimationError(
            "the logistic model separates the outcome: fitted probabilities are 0 or 1 "
            "(perfect or quasi-complete separation), so the estimates are infinite",
            hint="look for a covariate level where everyone (or no one) has the outcome; "
                 "merge levels or drop the covariate")
    if not converged or not np.all(np.isfinite(beta)):
        raise EstimationError(f"the {family} model did not converge (IRLS, 50 iterations)",
                              hint="check for separation or extreme covariate values")
    return beta, mu, working


def _sandwich(design, fit: ModelFit):
    """R ``svy.varcoef``: ``A^-1`` and the working residuals times ``fit$weights`` (the
    working weights of glm.fit's last iteration)."""
    y, X, beta, mu, family = fit.y, fit.X, fit.beta, fit.mu, fit.family
    kept, working = fit.kept, fit.working
    inv, dmu, var = _link(family)
    d = dmu(mu)
    ainv = np.linalg.inv(X.T @ (X * working[:, None]))
    if design._replicates is not None:
        return _replicate_cov(design, y, X, beta, family, kept)
    estfun = np.zeros((len(design.data), X.shape[1]))
    estfun[kept] = X * (working * (y - mu) / d)[:, None]
    return np.atleast_2d(design.variance_of_totals(estfun @ ainv, full=True))


def _replicate_cov(design, y, X, beta, family, kept):
    """R ``svyglm.svyrep.design``: refit with every replicate's weights."""
    from wpsresearch.stats.replicates import replicate_variance

    rw = design._replicates
    base = design._weights[kept]
    thetas = []
    for r in range(rw.count):
        wr = (rw.absolute[kept, r] if rw.absolute is not None
              else base * rw.factors[rw.unit[kept], r])
        # R: glm.fit(weights = wi / sum(wi), start = beta0); zero weights stay (not "good")
        b, _, ok, _ = _irls(y, X, wr / wr.sum(), family, beta=beta)
        thetas.append(b if ok else np.full_like(beta, np.nan))
    return np.atleast_2d(replicate_variance(rw, beta, np.column_stack(thetas), full=True))


def glm(design, formula: str, family: str = "gaussian", *, level: float = 0.95) -> GLMResult:
    """Survey-weighted generalised linear model with design-based standard errors.

    Parameters
    ----------
    design : SurveyDesign
        Taylor, calibrated or replicate-weight design; after ``subset()`` the model is fitted
        in the domain and the variance keeps the whole design (R ``svyglm`` on a subset).
    formula : str
        ``"y ~ x1 + x2"`` (formulaic syntax; text and categorical columns become treatment
        contrasts with the first level as reference, like R; ``I(x == 'Yes')`` works).
    family : {"gaussian", "binomial", "quasibinomial", "poisson", "quasipoisson"}
        Identity, logit and log links.  ``binomial`` and ``quasibinomial`` give the same
        estimates and standard errors in ``svyglm``.
    level : float
        Confidence level of the intervals in ``to_frame()``.

    Returns
    -------
    GLMResult

    Raises
    ------
    EstimationError
        Separation in a logistic model, an empty factor level, collinear terms, a response
        outside the family's range, or no complete row.

    Notes
    -----
    R equivalent: ``svyglm(formula, design, family=)`` with ``summary()``: t tests on
    ``degf(design) + 1 - p`` degrees of freedom.  Rows with a missing value in the model's
    variables are dropped (R ``na.omit``) and counted in ``n_missing``.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4], "x": [1.0, 2, 3, 4, 5, 6, 7, 8],
    ...                    "y": [1.1, 2.3, 2.8, 4.2, 5.1, 5.8, 7.2, 7.9]})
    >>> fit = wps.stats.glm(wps.stats.SurveyDesign(df, ids="psu"), "y ~ x")
    >>> fit.params.round(4).tolist()
    [0.1571, 0.9762]
    >>> fit.df_resid
    2
    """
    if family not in FAMILIES:
        raise EstimationError(f"family must be one of {FAMILIES}, not {family!r}")
    y, X, names, kept, n_domain, effects = _design_matrices(design, formula)
    _check_inputs(y, X, names, family, n_domain, formula)
    # R svyglm rescales the weights to mean 1 over the rows of its design (a subset of an
    # uncalibrated design holds the domain's rows, missing answers included); glm.fit's
    # starting values and stopping rule depend on that scale
    held = design._domain if not design._adjustments else np.ones(len(design.data), bool)
    w = design._weights[kept] / np.where(design._domain, design._weights, 0.0)[held].mean()
    beta, mu, working = _fit(y, X, w, family)
    fit = ModelFit(family, y, X, w, kept, beta, mu, working)
    cov = _sandwich(design, fit)
    used = np.zeros(len(design.data), dtype=bool)
    used[kept] = True
    # R svyglm drops rows with missing values from the design (design[-nas, ]) before degf()
    # (a replicate design: R takes degf() before dropping them)
    df_resid = design.degf(design._domain if design._replicates is not None else used) + 1 \
        - X.shape[1]
    names = ["(Intercept)" if nm == "Intercept" else nm for nm in names]
    result = GLMResult.build(formula, names, fit, cov, df_resid, n_missing=n_domain - len(kept),
                             level=level, policy=design.policy)
    if "binomial" in family:
        cells, reference = _outcome_cells(y, X, names, effects)
        object.__setattr__(result, "cell_counts", cells)
        object.__setattr__(result, "reference_cells", reference)
    return result


def _outcome_cells(y, X, names, effects=()) -> tuple[dict, dict]:
    """Unweighted respondents with and without the outcome behind each 0/1 term (a
    category of a factor, or a yes/no covariate), for the disclosure rules of ``table()``:
    an odds ratio resting on 3 people who reported describes those 3 people.

    The second dict gives, for each such term, the same two counts in its predictor's
    REFERENCE category (the rows where all the predictor's dummies are 0): every odds
    ratio of the predictor is a comparison with that group, so a tiny reference group is
    disclosed by all of them."""
    cells, reference = {}, {}
    yes = np.asarray(y) > 0.5
    for j, name in enumerate(names):
        col = X[:, j]
        if name == "(Intercept)":
            cells[name] = (int(yes.sum()), int((~yes).sum()))
        elif np.isin(col, (0.0, 1.0)).all():
            on = col == 1.0
            cells[name] = (int((on & yes).sum()), int((on & ~yes).sum()))
    for columns in effects:
        block = X[:, columns]
        if not np.isin(block, (0.0, 1.0)).all():
            continue  # a numeric covariate has no reference category
        ref = ~block.any(axis=1)
        if not ref.any():
            continue  # no intercept: every level is coded, none is the reference
        counts = (int((ref & yes).sum()), int((ref & ~yes).sum()))
        reference.update({names[j]: counts for j in columns})
    return cells, reference
