"""The sampling stages of a design, coded once as integer arrays (R ``svydesign`` internals).

R's ``survey`` keeps, for every row, the cluster and the stratum at each stage, the number of
units sampled in that stratum (``fpc$sampsize``) and the population size (``fpc$popsize``).
:class:`Stage` holds the same facts as integer codes so the variance can be computed with
``np.bincount`` and sparse products instead of R's per-stratum ``tapply``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wpsresearch.errors import DesignError

__all__ = ["Stage", "build_stages", "group_codes"]

# R (onestrat) treats a stratum whose sampling fraction is (numerically) one as
# self-representing: it contributes no variance at that stage.
SELF_REPRESENTING = 1e-7


@dataclass(frozen=True)
class Stage:
    """One sampling stage.

    ``unit`` maps rows to units (0..n_units-1); ``unit_stratum`` maps units to strata;
    ``stratum_group`` maps strata to the unit of the stage above (R runs ``onestage`` once per
    higher-stage unit, which matters for ``lonely_psu="average"``); per stratum: ``n`` units
    sampled, ``fpc_factor`` = (N - n) / N (1 without fpc), ``multiplier`` = product of the
    sampling fractions n/N of the stages above; ``popsize`` per row (inf without fpc).
    """

    number: int
    unit: np.ndarray
    unit_stratum: np.ndarray
    stratum_group: np.ndarray
    n: np.ndarray
    fpc_factor: np.ndarray
    multiplier: np.ndarray
    stratum_labels: np.ndarray
    row_sampsize: np.ndarray
    row_popsize: np.ndarray
    # PPS without replacement (R pps="brewer"): each unit's own (N - n)/N = 1 - pi_i,
    # Brewer's approximation; None when the fpc is constant within strata
    unit_fpc: np.ndarray | None = None
    # stratum of each row (first stage; R's design$strata[, 1] as codes), kept because
    # by= the strata reuses it
    row_stratum: np.ndarray | None = None

    @property
    def n_units(self) -> int:
        return int(self.unit_stratum.shape[0])


def group_codes(frame: pd.DataFrame, columns: list) -> np.ndarray:
    """Integer codes (0..k-1, sorted as R sorts factor levels) of the combinations of columns."""
    if len(columns) == 1 and pd.api.types.is_integer_dtype(frame[columns[0]]):
        fast = _small_int_codes(frame[columns[0]].to_numpy())
        if fast is not None:
            return fast
    combined = np.zeros(len(frame), dtype=np.int64)
    for c in columns:
        codes, uniques = pd.factorize(frame[c], sort=True)
        combined = combined * max(len(uniques), 1) + codes
    if len(columns) == 1:
        return combined
    return np.asarray(pd.factorize(combined, sort=True)[0], dtype=np.int64)


def _small_int_codes(x: np.ndarray):
    """Sorted codes of integers spanning a small range, by one bincount (no hashing)."""
    if x.size == 0:
        return None
    lo, hi = int(x.min()), int(x.max())
    if hi - lo > 4 * x.size + 1_000_000:
        return None
    shifted = x.astype(np.int64, copy=False) - lo
    present = np.bincount(shifted, minlength=hi - lo + 1) > 0
    if present.all():  # already 0..k-1 once shifted: the codes themselves
        return shifted
    return (np.cumsum(present) - 1)[shifted]


def _count_units(unit: np.ndarray, stratum_of_row: np.ndarray, n_strata: int):
    """Units per stratum and the unit -> stratum map (units must sit in one stratum)."""
    n_units = int(unit.max()) + 1
    unit_stratum = np.full(n_units, -1, dtype=np.int64)
    unit_stratum[unit] = stratum_of_row
    n = np.bincount(unit_stratum, minlength=n_strata)
    return unit_stratum, n


def build_stages(frame, ids, strata, fpc, nest, lonely_psu, pps=False):
    """Build the :class:`Stage` list for R ``svydesign(ids, strata, fpc, nest)``.

    Later stages are kept only when an fpc is given for them: without one R treats the
    first stage as the ultimate cluster (with-replacement approximation).
    """
    n_rows = len(frame)
    id_cols = list(ids) if ids else []
    if strata:
        # one factorisation gives both the codes and the labels (strings are slow to hash)
        codes, strata_uniques = pd.factorize(frame[strata], sort=True)
        strata_codes = np.asarray(codes, dtype=np.int64)
    else:
        strata_codes = np.zeros(n_rows, dtype=np.int64)
    if not id_cols:
        unit_codes = [np.arange(n_rows, dtype=np.int64)]
    else:
        unit_codes = [group_codes(frame, ([strata] if (nest and strata) else []) + id_cols[: i + 1])
                      for i in range(len(id_cols))]
        check_nested = bool(strata and not nest)
    fpc_cols = list(fpc) if fpc else []
    fpc_values = [frame[c].to_numpy(dtype=float) for c in fpc_cols]
    is_popsize = _fpc_kind(fpc_values, fpc_cols)
    if pps and is_popsize:
        raise DesignError("a PPS design needs the fpc as sampling probabilities (<= 1)",
                          column=fpc_cols, hint="R: 'fpc must be specified as sampling "
                          "fraction for PPS sampling'")
    n_stages = max(1, min(len(unit_codes), len(fpc_cols))) if fpc_cols else 1
    stages, multiplier_rows, stratum_row = [], np.ones(n_rows), strata_codes
    for s in range(n_stages):
        if s == 0:
            labels = (np.asarray(strata_uniques, dtype=object)
                      if strata else np.array(["(all)"], dtype=object))
        else:
            first = np.zeros(int(stratum_row.max()) + 1, dtype=np.int64)
            first[stratum_row[::-1]] = np.arange(n_rows)[::-1]
            labels = frame[id_cols[s - 1]].to_numpy()[first].astype(object)
        fpc_s = (fpc_values[s], is_popsize, fpc_cols[s]) if s < len(fpc_values) else None
        stage = _make_stage(s + 1, unit_codes[s], stratum_row, fpc_s, multiplier_rows, labels,
                            pps)
        if s == 0 and id_cols and check_nested:
            # the unit -> stratum map keeps the last row's stratum: any other is a clash
            _check_nested(frame, unit_codes[0], strata_codes, id_cols[0], strata,
                          stage.unit_stratum)
        stages.append(stage)
        if s == n_stages - 1:
            break
        fraction = np.zeros(n_rows)
        finite_rows = np.isfinite(stage.row_popsize)
        fraction[finite_rows] = stage.row_sampsize[finite_rows] / stage.row_popsize[finite_rows]
        multiplier_rows = multiplier_rows * fraction
        # R: the strata of stage s+1 are the units of stage s (substrata nested in clusters)
        stratum_row = unit_codes[s]
    _check_lonely(stages, lonely_psu, frame, id_cols, strata)
    return stages


def _make_stage(number, unit, stratum_row, fpc, multiplier_rows, labels, pps=False) -> Stage:
    n_rows = len(unit)
    n_strata = int(stratum_row.max()) + 1
    unit_stratum, n = _count_units(unit, stratum_row, n_strata)
    # rows' sample sizes are needed only with an fpc (weights and later-stage multipliers)
    sampsize_row = n[stratum_row].astype(float) if fpc is not None else \
        np.broadcast_to(np.nan, (n_rows,))
    stratum_pop = np.full(n_strata, np.inf)
    if fpc is not None:
        popsize_row = _popsize(fpc[0], sampsize_row, fpc[1], fpc[2], number)
        stratum_pop[stratum_row] = popsize_row
    else:  # no fpc: infinite populations, nothing to scatter (read-only view)
        popsize_row = np.broadcast_to(np.inf, (n_rows,))
    finite = np.isfinite(stratum_pop)
    f = np.ones(n_strata)
    f[finite] = (stratum_pop[finite] - n[finite]) / stratum_pop[finite]
    mult = np.ones(n_strata)
    if number > 1:
        mult[stratum_row] = multiplier_rows
    # R runs onestage() once over all first-stage strata, and inside each higher-stage unit
    # for later stages, whose strata are exactly those units: each is its own group
    group = np.zeros(n_strata, dtype=np.int64) if number == 1 else np.arange(n_strata)
    unit_fpc = None
    if pps and fpc is not None:
        # R onestrat: f = (fpc - nPSU) / fpc row by row, one per cluster; a stratum adds
        # nothing only when every f < 1e-7
        unit_fpc = np.ones(unit_stratum.shape[0])
        unit_fpc[unit] = (popsize_row - sampsize_row) / popsize_row
        f = np.zeros(n_strata)
        np.maximum.at(f, unit_stratum, unit_fpc)
    return Stage(number, unit, unit_stratum, group, n, f, mult, labels, sampsize_row,
                 popsize_row, unit_fpc, stratum_row if number == 1 else None)


def _check_nested(frame, psu, strata_codes, id_col, strata, stratum_of_psu):
    clash = stratum_of_psu[psu] != strata_codes
    if clash.any():
        bad_psus = np.unique(psu[clash])
        first = np.flatnonzero(psu == bad_psus[0])[:10]
        raise DesignError(
            f"clusters are not nested in strata: {len(bad_psus)} value(s) of '{id_col}' occur in "
            f"more than one stratum of '{strata}' (R: 'Clusters not nested in strata at top "
            f"level'); e.g. '{id_col}' = {frame[id_col].iloc[first[0]]!r}",
            column=id_col, row=[int(r) + 2 for r in first],
            hint="if cluster numbers restart within each stratum, pass nest=True",
        )


def _fpc_kind(values, cols) -> bool:
    if not values:
        return True
    allv = np.concatenate(values)
    any_gt1 = bool(np.any(allv > 1))
    all_ge1 = bool(np.all(allv >= 1))
    if any_gt1 != all_ge1:
        raise DesignError(
            "fpc must be all population sizes (>= 1) or all sampling fractions (<= 1)",
            column=cols, hint="give population sizes, or sampling fractions n/N, not a mix",
        )
    if np.any(allv <= 0):
        raise DesignError("fpc values must be positive", column=cols)
    # R as.fpc: any value above 1 means population sizes, otherwise sampling fractions
    return any_gt1


def _popsize(fpc_row, sampsize_row, is_popsize, col, stage):
    popsize = fpc_row.copy() if is_popsize else sampsize_row / fpc_row
    too_small = popsize < sampsize_row - 1e-9
    if np.any(too_small):
        rows = np.flatnonzero(too_small)[:10]
        raise DesignError(
            f"the fpc at stage {stage} implies more than 100% sampling "
            f"(population size below the number of units sampled)",
            column=col, row=[int(r) + 2 for r in rows],
            hint="fpc is the population size (number of units in the stratum) or the fraction sampled",
        )
    return popsize


def _check_lonely(stages, lonely_psu, frame, id_cols, strata):
    if lonely_psu != "fail":
        return
    for st in stages:
        lonely = (st.n == 1) & (st.fpc_factor >= SELF_REPRESENTING)
        if np.any(lonely):
            names = [str(st.stratum_labels[i]) for i in np.flatnonzero(lonely)[:10]]
            where = f"stratum '{strata}'" if (st.number == 1 and strata) else "stratum"
            if st.number > 1:
                where = f"unit(s) of '{id_cols[st.number - 2]}'"
            raise DesignError(
                f"{int(lonely.sum())} {where} value(s) have only one sampled unit at stage "
                f"{st.number}: {', '.join(names)} (R: 'Stratum has only one PSU')",
                column=strata if st.number == 1 else id_cols[st.number - 2],
                hint="merge the stratum with a similar one, or choose lonely_psu='remove', "
                     "'adjust' or 'average' as R's options(survey.lonely.psu=...)",
            )
