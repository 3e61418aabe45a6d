"""Post-stratification, raking and calibration (GREG), R ``postStratify``, ``rake``, ``calibrate``.

Each returns a new design with adjusted weights and a record of the adjustment.  The Taylor
variance then replaces each score by its residual from the adjustment's model, as R's
``svyrecvar`` does with ``design$postStrata``:

- post-stratification: ``x - psw * m_h`` with ``m_h`` the mean of ``x / psw`` in
  post-stratum ``h`` weighted by the weights before the adjustment (R's ``oldweights``)
  and ``psw`` the post-stratified weights;
- raking (R ``rake()``, iterative proportional fitting): ten sweeps of unweighted
  post-stratum residuals over the margins, as R's ``svyrecvar`` does for class ``raking``;
- calibration (linear or raking): ``g w e`` with ``e`` the residual of the weighted (by the
  input weights ``w``) least-squares fit of ``x / (g w)`` on the calibration variables.

On a replicate-weight design every replicate is adjusted the same way (R's methods for
``svyrep.design``), the replicate variance then accounts for the adjustment, and the
degrees of freedom are recomputed from the new replicate weights (R ``degf``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wpsresearch.errors import DesignError, EstimationError

__all__ = ["poststratify", "rake", "calibrate", "adjust_scores", "trim_weights"]

CALFUNS = ("linear", "raking", "logit")


@dataclass(frozen=True, eq=False)
class PostStratification:
    """R ``postStrata`` entry: cell codes, post-stratified and pre-adjustment weights."""

    kind = "poststratified"
    codes: np.ndarray
    weights: np.ndarray
    oldweights: np.ndarray

    def residuals(self, x: np.ndarray) -> np.ndarray:
        # R svyrecvar: x - psw * rowsum(x * oldw / psw, cell) / sum(oldw in cell)
        n_cells = int(self.codes.max()) + 1
        old = np.bincount(self.codes, self.oldweights, minlength=n_cells)
        z = x * (self.oldweights / self.weights)[:, None]
        means = np.stack([np.bincount(self.codes, z[:, j], minlength=n_cells)
                          for j in range(x.shape[1])], 1) / old[:, None]
        return x - means[self.codes] * self.weights[:, None]


@dataclass(frozen=True, eq=False)
class Raking:
    """R ``rake()``'s ``postStrata`` entry: margins and the weights after each margin's step.

    R's variance sweeps the scores ten times over the margins, each time removing the
    *unweighted* mean of ``x / psw`` within the margin's cells (``svyrecvar``, class
    ``"raking"``).
    """

    kind = "raked"
    codes: tuple
    weights: tuple

    def residuals(self, x: np.ndarray) -> np.ndarray:
        x = np.array(x, dtype=float)
        for _ in range(10):
            for codes, psw in zip(self.codes, self.weights):
                n_cells = int(codes.max()) + 1
                counts = np.bincount(codes, minlength=n_cells).astype(float)
                z = x / psw[:, None]
                means = np.stack([np.bincount(codes, z[:, j], minlength=n_cells)
                                  for j in range(x.shape[1])], 1) / counts[:, None]
                x = x - psw[:, None] * means[codes]
        return x


@dataclass(frozen=True, eq=False)
class Calibration:
    kind = "calibrated"
    basis: np.ndarray  # orthonormal basis of sqrt(w) * model matrix (n x rank)
    root_w: np.ndarray  # sqrt of the input weights
    g: np.ndarray

    def residuals(self, x: np.ndarray) -> np.ndarray:
        b = x / (self.g * self.root_w)[:, None]
        e = b - self.basis @ (self.basis.T @ b)
        return e * (self.g * self.root_w)[:, None]


def adjust_scores(adjustments, scores):
    """Scores after every adjustment, in the order they were made (R ``svyrecvar``)."""
    from scipy import sparse

    x = scores.toarray() if sparse.issparse(scores) else np.asarray(scores, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    for adj in adjustments:
        x = adj.residuals(x)
    return x


def _whole_design(design, what):
    if not design._domain.all():
        raise DesignError(f"{what} the whole design, then take subset()",
                          hint="R calibrates the full sample; a subset keeps the adjustment")


def _cell_codes(design, strata):
    cols = [strata] if isinstance(strata, str) else list(strata)
    for c in cols:
        values = design.column(c)
        if values.isna().any():
            bad = values.isna().to_numpy()
            raise EstimationError(f"{int(bad.sum())} respondent(s) have no value of '{c}'",
                                  column=c, row=[int(i) + 2 for i in np.flatnonzero(bad)[:10]],
                                  hint="every respondent needs a post-stratum")
    keys = pd.MultiIndex.from_frame(design.data[cols]) if len(cols) > 1 else \
        pd.Index(design.data[cols[0]])
    codes, levels = pd.factorize(keys, sort=True)
    return cols, codes.astype(np.int64), list(levels)


def _population_vector(population, levels, what):
    if isinstance(population, pd.DataFrame):
        raise EstimationError(f"{what}: population must be a dict or Series keyed by level")
    pop = dict(population.items()) if hasattr(population, "items") else None
    if pop is None:
        raise EstimationError(f"{what}: population must be a dict or Series keyed by level")
    missing = [lev for lev in levels if lev not in pop]
    if missing:
        raise EstimationError(f"{what}: no population total for level(s) {missing}",
                              hint="give a population count for every level in the sample")
    extra = [k for k in pop if k not in set(levels)]
    if extra:
        raise EstimationError(f"{what}: level(s) {extra} have a population total but no "
                              "respondent", hint="merge empty cells with a neighbour first")
    values = np.array([float(pop[lev]) for lev in levels])
    if np.any(~np.isfinite(values) | (values <= 0)):
        raise EstimationError(f"{what}: population totals must be positive numbers")
    return values


def _adjusted(design, new_w, adjustment, reweight):
    """The adjusted design; a replicate design has every replicate adjusted the same way.

    R (``postStratify``/``calibrate``/``rake`` on a ``svyrep.design``) recalibrates each
    replicate, so the replicate variance accounts for the adjustment; the replicates are
    then kept as an n x R matrix.
    """
    rw = design._replicates
    if rw is None:
        return design._derived(weights=new_w, adjustment=adjustment)
    from wpsresearch.stats.replicates import ReplicateWeights

    old = design.replicate_weights().to_numpy()
    new = np.column_stack([reweight(old[:, r], r) for r in range(rw.count)])
    # R recomputes degf() of an adjusted replicate design (rank of the new weights - 1)
    adjusted = ReplicateWeights(rw.type, rw.scale, rw.rscales, rw.mse, absolute=new)
    return design._derived(weights=new_w, replicates=adjusted)


def poststratify(design, strata, population):
    """Post-stratify the weights to known population counts, R ``postStratify``.

    Parameters
    ----------
    design : SurveyDesign
    strata : str or list of str
        Post-stratum column(s); with several columns the keys of ``population`` are tuples.
    population : dict or pandas.Series
        Population count of every post-stratum (e.g. ``xtabs(~stype, apipop)`` in R).

    Returns
    -------
    SurveyDesign

    Notes
    -----
    R equivalent: ``postStratify(design, ~strata, population)``.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"sex": list("ffmmm"), "y": [1.0, 0, 1, 1, 0]})
    >>> ps = wps.stats.SurveyDesign(df).poststratify("sex", {"f": 60, "m": 40})
    >>> wps.stats.total(ps, "y").estimate
    56.66666666666667
    """
    _whole_design(design, "post-stratify")
    _, codes, levels = _cell_codes(design, strata)
    pop = _population_vector(population, levels, "poststratify")
    def reweight(w, replicate=None):
        sample = np.bincount(codes, w, minlength=len(levels))
        if np.any(sample <= 0):
            where = "" if replicate is None else f" in replicate {replicate + 1}"
            raise EstimationError(f"a post-stratum has no weight{where}: cannot post-stratify",
                                  hint="merge small post-strata")
        return w * (pop / sample)[codes]

    new_w = reweight(design._weights)
    return _adjusted(design, new_w, PostStratification(codes, new_w, design._weights),
                     reweight)


def _model_matrix(design, variables, intercept):
    """R ``model.matrix``: numeric columns as they are, text/categorical as treatment dummies."""
    if isinstance(variables, str):
        variables = [v.strip() for v in variables.lstrip("~").split("+") if v.strip()]
    cols, names = [], []
    if intercept:
        cols.append(np.ones(len(design.data)))
        names.append("(Intercept)")
    for v in variables:
        values = design.column(v)
        if values.isna().any():
            bad = values.isna().to_numpy()
            raise EstimationError(f"calibration variable '{v}' has {int(bad.sum())} missing "
                                  "value(s)", column=v,
                                  row=[int(i) + 2 for i in np.flatnonzero(bad)[:10]])
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            cols.append(values.to_numpy(dtype=float))
            names.append(v)
            continue
        codes, levels = pd.factorize(values, sort=True)
        for j, lev in enumerate(levels):
            if j == 0 and intercept:
                continue  # R treatment contrasts: first level is the reference
            cols.append((codes == j).astype(float))
            names.append(f"{v}{lev}")
    return np.column_stack(cols), names


def _population_totals(population, names):
    if hasattr(population, "items"):
        pop = dict(population.items())
        missing = [n for n in names if n not in pop]
        if missing or len(pop) != len(names):
            raise EstimationError(f"calibration population totals must be given for exactly "
                                  f"{names}; missing {missing}", hint="R names: '(Intercept)', "
                                  "numeric variables by name, levels as variable+level")
        return np.array([float(pop[n]) for n in names])
    values = np.asarray(population, dtype=float).ravel()
    if values.shape[0] != len(names):
        raise EstimationError(f"{values.shape[0]} population totals for {len(names)} "
                              f"calibration columns {names}")
    return values


def _calfun(name, bounds):
    lo, hi = (-np.inf, np.inf) if bounds is None else (float(bounds[0]), float(bounds[1]))
    if not lo < 1 < hi:
        raise EstimationError(f"bounds must satisfy lower < 1 < upper, got {bounds!r}")
    if name == "linear":
        return (lambda u: np.clip(u + 1, lo, hi) - 1,
                lambda u: ((u < hi - 1) & (u > lo - 1)).astype(float)), (lo, hi)
    if name == "logit":
        if bounds is None or not (np.isfinite(lo) and np.isfinite(hi)):
            raise EstimationError("calfun='logit' needs finite bounds=(lower, upper)",
                                  hint="e.g. bounds=(0.5, 2): g-weights stay inside them")
        a = (hi - lo) / ((hi - 1) * (1 - lo))

        def fm1(u):  # R cal.logit$Fm1
            e = np.exp(a * u)
            return (lo * (hi - 1) + hi * (1 - lo) * e) / (hi - 1 + (1 - lo) * e) - 1

        def dfun(u):  # R cal.logit$dF
            e = np.exp(a * u)
            den = hi - 1 + (1 - lo) * e
            return (hi * (1 - lo) * e * a / den
                    - (lo * (hi - 1) + hi * (1 - lo) * e) * ((1 - lo) * e * a) / den**2)

        return (fm1, dfun), (lo, hi)
    if bounds is not None:
        raise EstimationError("bounds are supported with calfun='linear' or 'logit'")
    return (np.expm1, np.exp), (lo, hi)


@dataclass(frozen=True, eq=False)
class GregProblem:
    """A calibration (GREG) problem, R ``calibrate``'s arguments once read: the model matrix
    ``mm`` of the calibration variables, the population ``totals`` of its columns, the
    calibration function (``calfun``, ``bounds``) and the Newton iterations' stopping rule
    (``maxit``, ``epsilon``)."""

    mm: np.ndarray
    totals: np.ndarray
    calfun: str
    bounds: object
    maxit: int
    epsilon: float


def calibration_factors(problem: GregProblem, w):
    """g-weights so that sum(g w mm) = totals (R ``grake``: Newton steps with a pseudo-inverse)."""
    mm, totals, maxit, epsilon = problem.mm, problem.totals, problem.maxit, problem.epsilon
    (fm1, df), _ = _calfun(problem.calfun, problem.bounds)
    eta = np.zeros(mm.shape[1])
    sample = mm.T @ w
    for _ in range(maxit):
        u = mm @ eta
        misfit = totals - sample - mm.T @ (w * fm1(u))
        if np.max(np.abs(misfit) / (1 + np.abs(totals))) < epsilon:
            return 1 + fm1(u)
        tmat = mm.T @ (mm * (w * df(u))[:, None])
        eta = eta + np.linalg.pinv(tmat, rcond=256 * np.finfo(float).eps) @ misfit
    raise EstimationError(f"calibration did not converge in {maxit} iterations",
                          hint="the bounds may be too tight or the totals inconsistent with "
                               "the sample; widen the bounds or check the population totals")


def _calibrated(design, problem: GregProblem):
    w = design._weights
    g = calibration_factors(problem, w)

    def reweight(wr, replicate=None):
        return wr * calibration_factors(problem, wr)

    if design._replicates is not None:
        return _adjusted(design, w * g, None, reweight)
    mm = problem.mm
    root = np.sqrt(w)
    u, s, _ = np.linalg.svd(mm * root[:, None], full_matrices=False)
    basis = u[:, s > s.max() * max(mm.shape) * np.finfo(float).eps]
    return design._derived(weights=w * g, adjustment=Calibration(basis, root, g))


def calibrate(design, variables, population, *, calfun="linear", bounds=None, intercept=True,
              maxit=50, epsilon=1e-7):
    """Calibrate the weights to known population totals (GREG), R ``calibrate``.

    Parameters
    ----------
    design : SurveyDesign
    variables : list of str or str
        Calibration variables (``"~ api99 + stype"`` also works): numeric columns as they
        are, categorical ones as treatment dummies named ``variable + level`` as in R.
    population : dict, Series or sequence
        Population totals keyed ``"(Intercept)"`` (the population size), variable names and
        dummy names, or a sequence in that order.
    calfun : {"linear", "raking", "logit"}
        R's ``cal.linear``, ``cal.raking``, ``cal.logit`` (bounded, smooth).
    bounds : (lower, upper), optional
        Bounds on the g-weights: ``calfun="linear"`` truncates (R's truncated linear
        calibration); ``calfun="logit"`` requires them.
    intercept : bool
    maxit, epsilon : as R ``calibrate``

    Returns
    -------
    SurveyDesign

    Notes
    -----
    R equivalent: ``calibrate(design, ~variables, population, calfun=, bounds=)``.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"x": [1.0, 2, 3, 4], "y": [2.0, 3, 5, 6]})
    >>> cal = wps.stats.SurveyDesign(df).calibrate(["x"], {"(Intercept)": 100, "x": 300})
    >>> round(wps.stats.total(cal, "x").estimate, 6)
    300.0
    """
    _whole_design(design, "calibrate")
    if calfun not in CALFUNS:
        raise EstimationError(f"calfun must be one of {CALFUNS}, not {calfun!r}")
    mm, names = _model_matrix(design, variables, intercept)
    totals = _population_totals(population, names)
    return _calibrated(design, GregProblem(mm, totals, calfun, bounds, maxit, epsilon))


@dataclass(frozen=True, eq=False)
class _Margins:
    """What raking fits: each margin's category codes of the rows and its population counts,
    and the rows' cell of the joint table of all margins (the convergence check)."""

    codes: tuple
    pops: tuple
    joint: np.ndarray


def _ipf(w, margins: _Margins, *, epsilon=None, maxit=None, sweeps=None):
    """R ``rake()``: post-stratify to each margin in turn until the joint table settles.

    Returns the raked weights, the weights after each margin's step in the last sweep (R's
    ``attr(index, "weights")``) and the number of sweeps made.  With ``sweeps`` given,
    exactly that many sweeps are made: replicates follow the full sample's loop, as in R.
    """
    joint = margins.joint
    n_joint = int(joint.max()) + 1
    old = np.bincount(joint, w, minlength=n_joint)
    k = 0
    while True:
        steps = []
        for codes, target in zip(margins.codes, margins.pops):
            sample = np.bincount(codes, w, minlength=len(target))
            if np.any(sample <= 0):
                raise EstimationError("a raking cell has no weight: cannot rake",
                                      hint="merge small cells")
            w = w * (target / sample)[codes]
            steps.append(w)
        k += 1
        if sweeps is not None:
            if k >= sweeps:
                return w, steps, k
            continue
        new = np.bincount(joint, w, minlength=n_joint)
        if np.max(np.abs(new - old)) < epsilon:
            return w, steps, k
        if k >= maxit:
            raise EstimationError(f"raking did not converge in {maxit} sweeps",
                                  hint="check that the margins describe the same population "
                                       "and that no cell is nearly empty")
        old = new


def rake(design, margins, *, maxit=50, epsilon=1e-7):
    """Rake the weights to known margins (iterative proportional fitting), R ``rake``.

    Parameters
    ----------
    design : SurveyDesign
    margins : dict
        ``{column: {level: population count}}``; every margin must add up to the same
        population size.
    maxit : int
        Most sweeps over the margins (R ``control$maxit``, default 10 there).
    epsilon : float
        Convergence: the weighted joint table of the margin variables changes by less than
        ``epsilon`` in a sweep; below 1 it is relative to the sum of the input weights (R's
        rule; R's default is ``epsilon = 1``, one person).

    Returns
    -------
    SurveyDesign

    Notes
    -----
    R equivalent: ``rake(design, list(~a, ~b), list(pop_a, pop_b), control=list(maxit=,
    epsilon=))``, the same algorithm: each sweep post-stratifies to every margin in turn,
    so an unweighted design or a badly scaled one needs no special care.  The Taylor
    variance is R's: ten sweeps of post-stratified residuals over the margins.  On a
    replicate design every replicate is raked with the same number of sweeps and the
    degrees of freedom are recomputed (R ``degf``).

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"sex": list("ffmmmf"), "area": list("uruurr")})
    >>> r = wps.stats.SurveyDesign(df).rake({"sex": {"f": 50, "m": 50},
    ...                                      "area": {"u": 70, "r": 30}})
    >>> wps.stats.total(r, "area").estimate.round(6).tolist()
    [30.0, 70.0]
    """
    from wpsresearch.stats.sampling_stages import group_codes

    _whole_design(design, "rake")
    if not isinstance(margins, dict) or not margins:
        raise EstimationError("margins must be a dict {column: {level: population count}}")
    codes, pops, sizes = [], [], []
    for col, pop in margins.items():
        _, c, levels = _cell_codes(design, col)
        values = _population_vector(pop, levels, f"rake margin '{col}'")
        codes.append(c)
        pops.append(values)
        sizes.append(values.sum())
    if max(sizes) - min(sizes) > 1e-6 * max(sizes):
        raise EstimationError(f"the margins add up to different population sizes {sizes}",
                              hint="every margin must describe the same population")
    joint = group_codes(design.data, list(margins))
    w0 = design._weights
    eps = epsilon * w0.sum() if epsilon < 1 else epsilon
    fitted = _Margins(tuple(codes), tuple(pops), joint)
    new_w, steps, sweeps = _ipf(w0, fitted, epsilon=eps, maxit=int(maxit))

    def reweight(wr, replicate=None):
        return _ipf(wr, fitted, sweeps=sweeps)[0]

    adjustment = Raking(tuple(codes), tuple(steps))
    if design._replicates is not None:
        return _adjusted(design, new_w, None, reweight)
    return design._derived(weights=new_w, adjustment=adjustment)


def trim_weights(design, *, upper=np.inf, lower=-np.inf, strict=False):
    """Trim the weights to ``[lower, upper]``, R ``trimWeights``.

    Weights outside the limits are set to them and the amount trimmed is shared equally
    among the other weights, so the total is kept.  ``strict=True`` repeats until no weight
    is outside (sharing can push some over the limit again).

    Returns
    -------
    SurveyDesign
        The same design with the trimmed weights (R keeps no record of the trimming in the
        variance either).

    Notes
    -----
    R equivalent: ``trimWeights(design, upper=, lower=, strict=)``.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> d = wps.stats.SurveyDesign(pd.DataFrame({"w": [1.0, 2, 3, 10]}), weights="w")
    >>> wps.stats.trim_weights(d, upper=6).row_weights.tolist()
    [2.333333333333333, 3.333333333333333, 4.333333333333333, 6.0]
    """
    _whole_design(design, "trim the weights of")
    if design._replicates is not None:
        raise DesignError("trim_weights() of a replicate design is not supported",
                          hint="trim the weights first, then call replicate()")
    pw = design._weights
    while True:
        outside = (pw < lower) | (pw > upper)
        if not outside.any():
            return design._derived(weights=pw)
        new = np.clip(pw, lower, upper)
        new[~outside] += (pw - new).sum() / (~outside).sum()
        pw = new
        if not strict:
            return design._derived(weights=pw)
