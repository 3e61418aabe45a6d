"""Covariance of a set of estimates (R ``vcov``, ``svyby(covmat=TRUE)``), kept lazily.

An estimator hands :class:`Covariance` what its variances came from: the linearised scores
of every domain (Taylor designs) or the replicate estimates (replicate designs).  The matrix
is only computed when asked for (``Estimate.vcov()``, :func:`contrast`), because the
Taylor covariance of G domains needs an n x G score matrix where the variances alone do not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from wpsresearch.stats.replicates import replicate_variance

__all__ = ["Covariance"]


@dataclass(frozen=True, eq=False)
class Covariance:
    """``blocks``: one ``ratio_by_domain`` result per variable, in the estimate's row order."""

    design: object
    blocks: tuple

    @property
    def taylor(self) -> bool:
        return self.design._replicates is None

    def matrix(self) -> np.ndarray:
        d = self.design
        theta = np.concatenate([np.asarray(b["estimate"], dtype=float).ravel()
                                for b in self.blocks])
        if d._replicates is not None:
            theta_r = np.vstack([b["replicates"] for b in self.blocks])
            return replicate_variance(d._replicates, theta, theta_r, full=True)
        n = len(d.data)
        mats = [_sparse_scores(b["scores"], n) for b in self.blocks]
        scores = sparse.hstack(mats).tocsr()
        if d._adjustments:
            return d.variance_of_totals(scores.toarray(), full=True)
        # R svyby(covmat=TRUE) runs svyrecvar once on the whole design (every domain's
        # influence functions together): under lonely_psu="average" every stratum of the
        # design counts, not each domain's own (so the diagonal may differ from se**2)
        return d.variance_of_totals(scores, full=True, present=d._domain)


def _sparse_scores(ds, n):
    L = ds.values.shape[1]
    cols = (ds.g[:, None] * L + np.arange(L)[None, :]).ravel()
    return sparse.csr_matrix((ds.values.ravel(), (np.repeat(ds.rows, L), cols)),
                             shape=(n, ds.n_domains * L))
