"""Reliability statistics against the published values in tests/data/irr (see its README)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import InputError, WpsError

REF = json.loads((Path(__file__).parents[1] / "data" / "irr" / "reliability_examples.json").read_text())


def _nan(rows):
    return [[np.nan if v is None else v for v in r] for r in rows]


@pytest.mark.parametrize("ex", REF["krippendorff"], ids=lambda e: e["id"])
def test_krippendorff_alpha(ex):
    for level, expected in ex["expected"].items():
        got = wps.sgbv.krippendorff_alpha(_nan(ex["data"]), level=level)
        assert abs(got - expected) <= ex["precision"], (level, got)


@pytest.mark.parametrize("ex", REF["cohen"], ids=lambda e: e["id"])
def test_cohen_kappa(ex):
    assert abs(wps.sgbv.cohen_kappa(ex["table"]).kappa - ex["expected"]["kappa"]) <= ex["precision"]
    if "kappa_linear_weighted" in ex["expected"]:
        got = wps.sgbv.cohen_kappa(ex["table"], weights="linear").kappa
        assert abs(got - ex["expected"]["kappa_linear_weighted"]) <= ex["precision"]


@pytest.mark.parametrize("ex", REF["fleiss"], ids=lambda e: e["id"])
def test_fleiss_kappa(ex):
    res = (wps.sgbv.fleiss_kappa(ex["table"]) if "table" in ex
           else wps.sgbv.fleiss_kappa(ratings=ex["ratings"]))
    assert abs(res.kappa - ex["expected"]["kappa"]) <= ex["precision"]
    if "P_bar" in ex["expected"]:
        assert abs(res.p_observed - ex["expected"]["P_bar"]) <= ex["precision"]
        assert abs(res.p_expected - ex["expected"]["P_e"]) <= ex["precision"]


def test_cohen_from_codes_equals_table():
    # C1 expanded into 50 pairs of codes gives the same kappa
    t = REF["cohen"][0]["table"]
    a = [0] * 25 + [1] * 25
    b = [0] * 20 + [1] * 5 + [0] * 10 + [1] * 15
    assert wps.sgbv.cohen_kappa(a, b).kappa == pytest.approx(wps.sgbv.cohen_kappa(t).kappa)


def test_cohen_quadratic_equals_interval_alpha_limit():
    # quadratic-weighted kappa on a 2x2 table equals unweighted kappa (one off-diagonal distance)
    t = REF["cohen"][0]["table"]
    assert wps.sgbv.cohen_kappa(t, weights="quadratic").kappa == pytest.approx(0.4)


def test_krippendorff_nominal_two_coders_close_to_cohen():
    # with two coders and no missing data, alpha = kappa-like with a small-sample correction:
    # K2 example: Krippendorff (2011) shows alpha 0.095 where Scott's pi is 0.048... check order
    a = REF["krippendorff"][1]["data"]
    assert wps.sgbv.krippendorff_alpha(a) > wps.sgbv.cohen_kappa(a[0], a[1]).kappa - 0.1


def test_percent_agreement():
    assert wps.sgbv.percent_agreement([[1, 1, 0, np.nan], [1, 0, 0, 1]]) == pytest.approx(2 / 3)


def test_bad_inputs():
    with pytest.raises(InputError):
        wps.sgbv.krippendorff_alpha([[1, 2]], level="cardinal")
    with pytest.raises(InputError):
        wps.sgbv.cohen_kappa([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(InputError):
        wps.sgbv.fleiss_kappa([[1, 2], [3, 1]])  # unequal raters per subject
    with pytest.raises(WpsError):
        wps.sgbv.krippendorff_alpha([["a", "b"], ["a", "a"]])
    with pytest.raises(WpsError):
        wps.sgbv.krippendorff_alpha([[1, 1, 1], [1, 1, 1]])  # no variation: undefined


def test_cronbach_f_quantiles_are_scipy_stats_to_the_bit():
    """Cronbach's alpha takes its F quantiles without importing scipy.stats: the same numbers
    (scipy.stats itself for awkward arguments)."""
    import itertools

    import numpy as np
    from scipy import stats

    from wpsresearch.sgbv.scale_reliability import _f_ppf

    qs = [0.025, 0.975, 0.5, 1e-300, 1 - 1e-16, 0.0, 1.0, -0.5, np.nan]
    dfs = [1, 3, 39.0, 117, 1e-3, 1e9, np.inf, 0, -2, np.nan]
    for q, a, b in itertools.product(qs, dfs, dfs[::2]):
        got, want = np.asarray(_f_ppf(q, a, b)), np.asarray(stats.f.ppf(q, a, b))
        assert got.shape == want.shape and np.array_equal(got, want, equal_nan=True)
        assert np.array_equal(np.signbit(got), np.signbit(want))
    rng = np.random.default_rng(5)
    for n, k in ((4, 3), (40, 2), (900, 12)):
        got = _f_ppf([0.975, 0.025], n - 1, (n - 1) * (k - 1))
        assert np.array_equal(got, stats.f.ppf([0.975, 0.025], n - 1, (n - 1) * (k - 1)))
    q = rng.uniform(0, 1, 30)
    assert np.array_equal(_f_ppf(q, 7, 63), stats.f.ppf(q, 7, 63))
