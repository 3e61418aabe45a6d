"""Counter-based random numbers: every draw is a pure function of (seed, stream, id).

Why not ``numpy.random.Generator``: a person's answers must not depend on which other
people are generated at the same time.  With a counter-based generator the population is
*fixed* by its seed, yet any subset of people (the 4,800 sampled adults, or one chunk of a
25-million-adult population while computing the truth) can be generated on its own,
vectorised, without holding the whole population in memory.  The mixer is SplitMix64's
finaliser (Steele, Lea & Flood 2014), which passes BigCrush as a hash of a counter.

Examples
--------
>>> import numpy as np
>>> from wpsresearch.datasets.randomness import Streams
>>> s = Streams(7)
>>> u = s.uniform("age", np.arange(5))
>>> bool(((u >= 0) & (u < 1)).all())
True
>>> bool((s.uniform("age", np.arange(5)) == u).all())
True
>>> bool((s.uniform("sex", np.arange(5)) == u).any())
False
"""

from __future__ import annotations

import zlib

import numpy as np

_MASK = (1 << 64) - 1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)


def _mix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * _C1
    x = x ^ (x >> np.uint64(27))
    x = x * _C2
    return x ^ (x >> np.uint64(31))


def _mix_int(value: int) -> int:
    x = value & _MASK
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


class Streams:
    """Named, independent uniform streams for one seed."""

    def __init__(self, seed: int):
        self.seed = int(seed)
        self._keys: dict[str, np.uint64] = {}

    def _key(self, name: str) -> np.uint64:
        key = self._keys.get(name)
        if key is None:
            salt = zlib.crc32(name.encode("utf-8"))
            key = np.uint64(_mix_int(_mix_int(self.seed * 0x100000001B3 + 17) ^ (salt << 20)))
            self._keys[name] = key
        return key

    def uniform(self, name: str, ids) -> np.ndarray:
        """U(0, 1) draws, one per id, for stream ``name``."""
        ids = np.asarray(ids, dtype=np.uint64)
        with np.errstate(over="ignore"):
            x = _mix(ids * _GOLDEN + self._key(name))
            x = _mix(x ^ self._key(name))
        return (x >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)

    def normal(self, name: str, ids) -> np.ndarray:
        """Standard normal draws by inversion."""
        from scipy.special import ndtri

        u = self.uniform(name, ids)
        return ndtri(np.clip(u, 1e-12, 1 - 1e-12))

    def logistic(self, name: str, ids) -> np.ndarray:
        """Standard logistic draws by inversion."""
        u = np.clip(self.uniform(name, ids), 1e-12, 1 - 1e-12)
        return np.log(u) - np.log1p(-u)

    def choice(self, name: str, ids, probs) -> np.ndarray:
        """Index into ``probs`` (rows of a 2-D array give per-id probabilities)."""
        u = self.uniform(name, ids)
        cum = np.cumsum(np.asarray(probs, dtype=float), axis=-1)
        if cum.ndim == 1:
            return np.minimum(np.searchsorted(cum / cum[-1], u, side="right"), len(cum) - 1)
        cum = cum / cum[:, -1:]
        return np.minimum((u[:, None] >= cum).sum(axis=1), cum.shape[1] - 1)
