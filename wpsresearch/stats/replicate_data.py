"""Replicate weights that come with the data (R ``svrepdesign``): columns, scale and checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wpsresearch.errors import DesignError
from wpsresearch.stats.replicates import REPLICATE_TYPES, ReplicateWeights

__all__ = ["ReplicateScheme", "supplied_replicates"]


@dataclass(frozen=True)
class ReplicateScheme:
    """How supplied replicate weights are to be read, R ``svrepdesign``'s ``type``,
    ``scale``, ``rscales``, ``mse``, Fay's ``rho`` and the degrees of freedom (see
    :meth:`~wpsresearch.stats.SurveyDesign.from_replicates`)."""

    type: str = "other"
    scale: float | None = None
    rscales: object = None
    mse: bool = False
    fay_rho: float = 0.0
    df: int | None = None


def _columns(data: pd.DataFrame, repweights) -> list[str]:
    if isinstance(repweights, str):
        if repweights in data.columns:
            return [repweights]
        try:
            pattern = re.compile(repweights)
        except re.error as exc:
            raise DesignError(f"repweights {repweights!r} is neither a column nor a valid "
                              f"regular expression ({exc})") from None
        cols = [c for c in data.columns if isinstance(c, str) and pattern.search(c)]
        if not cols:
            raise DesignError(f"no column name matches repweights {repweights!r}",
                              hint=f"available columns start with {list(data.columns[:8])}")
        return cols
    cols = list(repweights)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise DesignError("replicate-weight column(s) not found in the data", column=missing)
    return cols


def _default_scale(type_, count, fay_rho):
    # R svrepdesign: the scale each replicate method's variance formula needs
    if type_ == "JK1":
        return (count - 1) / count
    if type_ == "bootstrap":
        return 1.0 / (count - 1)
    if type_ == "BRR":
        return 1.0 / count
    if type_ == "Fay":
        return 1.0 / (count * (1 - fay_rho) ** 2)
    return 1.0


def supplied_replicates(data, repweights, scheme: ReplicateScheme):
    """Validate user replicate weights and build :class:`ReplicateWeights` (n x R float64)."""
    type_, scale, rscales, fay_rho = scheme.type, scheme.scale, scheme.rscales, scheme.fay_rho
    if type_ not in REPLICATE_TYPES:
        raise DesignError(f"type must be one of {REPLICATE_TYPES}, not {type_!r}")
    if type_ == "Fay" and not 0 < fay_rho < 1:
        raise DesignError(f"Fay replicates need 0 < fay_rho < 1, got {fay_rho!r}")
    cols = _columns(data, repweights)
    if len(cols) < 2:
        raise DesignError("at least two replicate-weight columns are needed", column=cols)
    values = np.empty((len(data), len(cols)), dtype=float)
    for j, c in enumerate(cols):
        values[:, j] = pd.to_numeric(data[c], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        rows, cj = np.nonzero(bad)
        raise DesignError(f"{int(bad.sum())} replicate weight(s) are missing, negative or not "
                          "numbers", column=sorted({cols[j] for j in cj[:50]}),
                          row=[int(r) + 2 for r in rows[:10]])
    if rscales is None:
        if type_ == "JKn":
            raise DesignError("JKn replicate weights need rscales ((n_h - 1)/n_h per replicate)")
        rscales = np.ones(len(cols))
    rscales = np.asarray(rscales, dtype=float)
    if rscales.shape != (len(cols),):
        raise DesignError(f"rscales has {rscales.shape[0]} values for {len(cols)} replicates")
    if scale is None:
        scale = _default_scale(type_, len(cols), fay_rho)
    return ReplicateWeights(type_, float(scale), rscales, bool(scheme.mse), absolute=values,
                            df=scheme.df)
