"""Hadamard matrices as R ``survey``'s ``hadamard()`` builds them (for BRR and Fay replicates).

BRR needs a Hadamard matrix with more rows than there are strata; which matrix is used fixes
the replicate weights, so R's choice is reproduced exactly: its four stored matrices (orders
4, 16, 28 and 36), Sylvester doubling of those, and Paley's construction from a prime
``p = 3 (mod 4)``.  No Python library builds R's matrices (scipy's ``hadamard`` has powers of
two only), hence this module.  Entries are 0/1 as in R (1 = +, 0 = -).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["hadamard", "paley"]

# R survey's hadamard.list (orders 4, 16, 28, 36), one hexadecimal number per row (its bits,
# first column first); from the survey package by Thomas Lumley (GPL-2 | GPL-3)
_PRECOOKED = (
    (4, ("f", "a", "c", "9",)),
    (16, ("ffff", "aaaa", "cccc", "9999", "f0f0", "a5a5", "c3c3", "9696", "ff00", "aa55", "cc33", "9966", "f00f", "a55a", "c33c", "9669",)),
    (28, ("fffffff", "9c71c78", "83cd378", "83b2e66", "9a0f8d6", "952c5ae", "8cd239e", "58aa7f0", "45b59d4", "46cbcac", "561774a", "4b64e9a", "5959b26", "2d1eae8", "3666b34", "2b3b51c", "31d74b2", "32f89ca", "2ced646", "ea545e4", "f1632cc", "f09ce1c", "e54ad52", "e6392b2", "e8a792a", "dffe000", "bf81f80", "7f8007e",)),
    (36, ("fffffffff", "5c7dc8564", "b8fb90ac8", "71f721592", "e3ee42b24", "c7dc8564a", "8fb90ac96", "1f721592e", "3ee42b25c", "7dc8564b8", "fb90ac970", "f721592e2", "ee42b25c6", "dc8564b8e", "b90ac971e", "721592e3e", "e42b25c7c", "c8564b8fa", "90ac971f6", "21592e3ee", "42b25c7dc", "8564b8fb8", "ac971f72", "1592e3ee4", "2b25c7dc8", "564b8fb90", "ac971f720", "592e3ee42", "b25c7dc84", "64b8fb90a", "c971f7214", "92e3ee42a", "25c7dc856", "4b8fb90ac", "971f72158", "2e3ee42b2",)),
)
_SIZES = np.array([size for size, _ in _PRECOOKED])

# R survey's small.primes: primes p = 3 (mod 4) up to 7919, for Paley's construction
_SMALL_PRIMES = tuple(p for p in range(3, 7920, 4)
                      if all(p % q for q in range(3, math.isqrt(p) + 1, 2)))


def _stored(i: int) -> np.ndarray:
    size, rows = _PRECOOKED[i]
    return np.array([[int(b) for b in format(int(r, 16), f"0{size}b")] for r in rows],
                    dtype=np.int8)


def _double(h: np.ndarray) -> np.ndarray:
    # R hadamard.doubler: rbind(cbind(H, H), cbind(H, 1 - H))
    return np.block([[h, h], [h, 1 - h]])


def paley(n: int | None = None, nmax: int | None = None, prime: int | None = None):
    """R ``paley(n, nmax = 2 * n, prime = NULL)``: a Hadamard matrix of order ``p + 1``.

    Returns None when R's ``paley`` does (no suitable prime below ``nmax``).
    """
    if prime is None:
        nmax = 2 * n if nmax is None else nmax
        nceil = nn = n + 4 - n % 4
        if n % 4 + 4 == n % 8:
            while nn % 8 == 0:
                nn //= 2
            if nn - 1 in _SMALL_PRIMES:
                m = paley(prime=nn - 1)
                while nn < nceil:
                    m = _double(m)
                    nn *= 2
                return m
        if n > _SMALL_PRIMES[-1]:
            return None
        p = min(q for q in _SMALL_PRIMES if q >= n)
        if p + 1 > nceil + 4 and nceil + 4 < nmax:
            return paley(nceil + 3)
        if p > nmax:
            return None
    else:
        p = prime
    idx = np.arange(p)
    m = (idx[:, None] + idx[None, :]) % p
    # R: res[1] = 0, res[2] = 1, res[i + 1] = i^2 mod p for i in 2:floor((p - 1)/2)
    # (R's 2:k counts down when k < 2, which adds nothing new)
    half = (p - 1) // 2
    residues = {0, 1} | {(i * i) % p for i in (range(2, half + 1) if half >= 2 else (2, 1))}
    m = np.where(np.isin(m, list(residues)), 0, 1).astype(np.int8)
    top = np.ones((1, p), dtype=np.int8)
    return np.hstack([np.ones((p + 1, 1), dtype=np.int8), np.vstack([top, m])])


def hadamard(n: int) -> np.ndarray:
    """The 0/1 Hadamard matrix R ``survey::hadamard(n)`` returns (more than ``n`` rows).

    BRR with ``n`` strata uses rows 2..n+1 of it and one replicate per column.

    Examples
    --------
    >>> from wpsresearch.stats.hadamard import hadamard
    >>> hadamard(3).tolist()
    [[1, 1, 1, 1], [1, 0, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1]]
    >>> hadamard(15).shape, hadamard(30).shape
    ((16, 16), (32, 32))
    """
    m = n - n % 4
    precooked = np.flatnonzero((m < _SIZES) & (m + 4 >= _SIZES))
    if precooked.size:
        return _stored(int(precooked[0]))
    if np.all(m < _SIZES):
        return _stored(0)
    doublings = np.maximum(0, np.ceil(np.log2((n + 1) / _SIZES))).astype(int)
    sizes = _SIZES * 2 ** doublings
    best = int(np.argmin(sizes - n))
    h = None
    if sizes[best] - n > 4:
        h = paley(n, int(sizes[best]))
    if h is None:
        h = _stored(best)
        for _ in range(int(doublings[best])):
            h = _double(h)
    return h
