"""R's ``uniroot``: Brent's root finder exactly as R's C ``R_zeroin2``.

Several R ``survey`` results are the root R's ``uniroot`` stops at, within its tolerance:
the saddlepoint p-values of ``svychisq`` and the score (Francisco-Fuller) quantile
intervals, whose root lies on a step function, where the point the search stops at decides
the answer.  Taking the same steps as R (same interpolation, same tolerance rule
``2 * eps * |b| + tol / 2``) gives the same root, which scipy's ``brentq`` (a different
variant) does not promise.
"""

from __future__ import annotations

import numpy as np

from wpsresearch.errors import EstimationError

__all__ = ["uniroot"]

_EPS = np.finfo(float).eps


def uniroot(f, lower: float, upper: float, *, tol: float = 1.220703e-4, maxiter: int = 1000):
    """The root of ``f`` in ``[lower, upper]`` where R ``uniroot(f, c(lower, upper), tol=)``
    finds it.

    Raises
    ------
    EstimationError
        ``f`` has the same sign at both ends (R: "f() values at end points not of opposite
        sign").

    Examples
    --------
    >>> from wpsresearch.stats.zeroin import uniroot
    >>> round(uniroot(lambda x: x * x - 2, 0, 2, tol=1e-10), 9)
    1.414213562
    """
    a, b = float(lower), float(upper)
    fa, fb = float(f(a)), float(f(b))
    if np.isnan(fa) or np.isnan(fb):
        raise EstimationError("the function has no value at an end of the search interval")
    if fa * fb > 0:
        raise EstimationError("no root in the interval: the function has the same sign at "
                              "both ends (R: f() values at end points not of opposite sign)")
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    c, fc = a, fa
    for _ in range(maxiter + 1):
        prev_step = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol_act = 2 * _EPS * abs(b) + tol / 2
        new_step = (c - b) / 2
        if abs(new_step) <= tol_act or fb == 0.0:
            return b
        if abs(prev_step) >= tol_act and abs(fa) > abs(fb):
            cb = c - b
            if a == c:
                t1 = fb / fa
                p = cb * t1
                q = 1.0 - t1
            else:
                q = fa / fc
                t1 = fb / fc
                t2 = fb / fa
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0))
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0)
            if p > 0:
                q = -q
            else:
                p = -p
            if p < (0.75 * cb * q - abs(tol_act * q) / 2) and p < abs(prev_step * q / 2):
                new_step = p / q
        if abs(new_step) < tol_act:
            new_step = tol_act if new_step > 0 else -tol_act
        a, fa = b, fb
        b += new_step
        fb = float(f(b))
        if (fb > 0 and fc > 0) or (fb < 0 and fc < 0):
            c, fc = a, fa
    return b
