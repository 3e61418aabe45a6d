"""A small, textbook design-based estimator for the tests (the real one is wps.stats).

Ratio mean r = sum(w y) / sum(w d) over a domain d; its variance by Taylor linearisation
with PSUs treated as drawn with replacement within strata (Wolter 2007, ch. 6; the default of
R survey's svydesign(ids=~psu, strata=~stratum, weights=~weight) without fpc):
z_i = w_i d_i (y_i - r) / sum(w d); Var = sum_h n_h/(n_h-1) sum_j (z_hj - mean_h z)^2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def domain_mean(frame: pd.DataFrame, y: pd.Series, domain=None) -> tuple[float, float, int]:
    """Weighted mean of ``y`` over rows where ``y`` is not NA (and ``domain``): estimate, SE, n."""
    d = y.notna().to_numpy().copy()
    if domain is not None:
        d &= np.asarray(domain, dtype=bool)
    w = frame["weight"].to_numpy(dtype=float)
    yv = np.nan_to_num(y.to_numpy(dtype=float, na_value=np.nan))
    total_w = np.sum(w * d)
    r = np.sum(w * d * yv) / total_w
    z = w * d * (yv - r) / total_w
    g = pd.DataFrame({"stratum": frame["stratum"].astype(str).to_numpy(), "psu": frame["psu"].to_numpy(), "z": z})
    psu_tot = g.groupby(["stratum", "psu"])["z"].sum().reset_index()
    var = 0.0
    for _, grp in psu_tot.groupby("stratum"):
        n_h = len(grp)
        if n_h > 1:
            var += n_h / (n_h - 1) * np.sum((grp["z"] - grp["z"].mean()) ** 2)
    return float(r), float(np.sqrt(var)), int(d.sum())


def srs_se(frame, y, domain=None) -> float:
    """SE of the weighted mean if the same weighted sample were drawn by SRS (for deff)."""
    d = y.notna().to_numpy().copy()
    if domain is not None:
        d &= np.asarray(domain, dtype=bool)
    yv = y.to_numpy(dtype=float, na_value=np.nan)[d]
    w = frame["weight"].to_numpy(dtype=float)[d]
    r = np.average(yv, weights=w)
    var_y = np.average((yv - r) ** 2, weights=w)
    n = d.sum()
    return float(np.sqrt(var_y / n * n * np.sum(w ** 2) / np.sum(w) ** 2))
