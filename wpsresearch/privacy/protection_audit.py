"""Linear-programming audit of a suppression pattern: what can a reader work out?

A published table with margins is a set of linear equations: every row, column and grand total
is the sum of its parts.  Given the published cells, the feasible values of a suppressed cell
form an interval; the reader can compute it exactly with two linear programmes (minimise and
maximise the cell subject to the published equations and non-negativity).  This is the
"attacker's LP" of Fischetti & Salazar-González (2000, Management Science 46(7)) and of
tau-Argus.  The equations of a two-way table with margins are a network (transportation)
matrix, which is totally unimodular, so with whole-number published values the LP bounds are
attained at whole numbers: the LP interval is exactly what an integer-minded attacker gets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wpsresearch.errors import DisclosureError

__all__ = ["LinearTable", "feasible_ranges"]


@dataclass(frozen=True)
class LinearTable:
    """Cells and the additivity constraints that tie them together.

    ``constraints`` holds ``(parts, total)`` index pairs meaning
    ``sum(values[parts]) == values[total]``.
    """

    values: np.ndarray
    constraints: tuple
    is_total: np.ndarray

    def equality_matrix(self) -> np.ndarray:
        a = np.zeros((len(self.constraints), len(self.values)))
        for r, (parts, total) in enumerate(self.constraints):
            a[r, list(parts)] = 1.0
            a[r, total] = -1.0
        return a


def feasible_ranges(table: LinearTable, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest value of every suppressed cell consistent with what is published.

    Returns two arrays (``low``, ``high``) of the same length as ``table.values``; published
    cells get their own value, an unbounded maximum is ``inf``.
    """
    from scipy.optimize import linprog

    values = np.asarray(table.values, dtype=float)
    mask = np.asarray(mask, dtype=bool)
    low = values.copy()
    high = values.copy()
    if not mask.any():
        return low, high
    a_eq = table.equality_matrix()
    b_eq = np.zeros(a_eq.shape[0])
    bounds = [(0.0, None) if m else (v, v) for v, m in zip(values, mask)]
    for c in np.flatnonzero(mask):
        obj = np.zeros(len(values))
        for sign in (1.0, -1.0):
            obj[c] = sign
            res = linprog(obj, A_eq=a_eq if len(a_eq) else None, b_eq=b_eq if len(a_eq) else None,
                          bounds=bounds, method="highs")
            if res.status == 3:  # unbounded: only possible when maximising
                bound = np.inf
            elif res.status == 0:
                bound = sign * res.fun
            else:  # the published system must be consistent: the true table satisfies it
                raise DisclosureError(
                    f"the suppression audit could not be solved ({res.message})",
                    hint="check that the counts are whole, non-negative numbers",
                )
            if sign > 0:
                low[c] = bound
            else:
                high[c] = bound
    return low, high
