"""The t, normal and F functions that avoid importing scipy.stats give scipy.stats' numbers to
the bit (sign of zero, missing values, shape and type included), on the arguments the
estimators pass and on every awkward one (those go to scipy.stats itself)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats

from wpsresearch.stats.distributions import f_sf, norm_ppf, t_ppf, t_sf

Q = [0.025, 0.975, 0.5, 0.05, 0.95, 1e-300, 1 - 1e-16, 0.0, 1.0, -0.1, 1.1, np.nan]
DF = [1, 2.5, 12, 29.0, 1e-3, 1e6, 1e12, np.inf, 0.0, -3.0, np.nan]
X = [0.0, -0.0, 1.3, -2.7, 40.0, 1e-12, 1e300, np.inf, -np.inf, np.nan]


def _same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape and a.dtype == b.dtype
    assert np.array_equal(a, b, equal_nan=True)
    assert np.array_equal(np.signbit(a), np.signbit(b))


def _both(ours, theirs, *args):
    got, want = ours(*args), theirs(*args)
    _same(got, want)
    assert np.ndim(got) == np.ndim(want) and isinstance(got, np.ndarray) == isinstance(want, np.ndarray)


def test_scalars_one_at_a_time():
    for q, df in itertools.product(Q, DF):
        _both(t_ppf, stats.t.ppf, q, df)
    for x, df in itertools.product(X, DF):
        _both(t_sf, stats.t.sf, x, df)
    for q in Q:
        _both(norm_ppf, stats.norm.ppf, q)
    for x, a, b in itertools.product(X, DF[:8], DF):
        _both(f_sf, stats.f.sf, x, a, b)


@pytest.mark.parametrize("seed", range(3))
def test_arrays_and_broadcasting(seed):
    rng = np.random.default_rng(seed)
    q = rng.uniform(0, 1, 40)
    df = rng.uniform(0.2, 300, 40)
    x = rng.normal(0, 4, 40)
    _both(t_ppf, stats.t.ppf, q, df)
    _both(t_ppf, stats.t.ppf, 0.975, df)
    _both(t_ppf, stats.t.ppf, q[:, None], df[None, :5])
    _both(t_ppf, stats.t.ppf, [0.025, 0.975], 17)
    _both(t_sf, stats.t.sf, np.abs(x), df)
    _both(t_sf, stats.t.sf, x, 12)
    _both(norm_ppf, stats.norm.ppf, q)
    _both(f_sf, stats.f.sf, np.abs(x), df, df[::-1])
    _both(t_ppf, stats.t.ppf, np.array([]), 3)
    with_bad = df.copy()
    with_bad[3] = np.inf                  # one awkward value: the whole call is scipy.stats'
    _both(t_ppf, stats.t.ppf, q, with_bad)
    _both(t_sf, stats.t.sf, np.r_[x[:5], np.nan], 8)
