"""The sample design: exact inclusion probabilities, weights, coverage of the truth."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wpsresearch as wps
from wpsresearch.datasets.sampling import field_sample, inclusion_probabilities, pps_systematic

from .design_se import domain_mean


def test_inclusion_probabilities_textbook_example():
    # sizes 10, 20, 30, 40, m = 2: pi = 2 * M_i / 100 (Sarndal, Swensson & Wretman 1992, 3.6)
    assert inclusion_probabilities([10, 20, 30, 40], 2).tolist() == [0.2, 0.4, 0.6, 0.8]
    # a unit with m M_i / M >= 1 is taken with certainty, the rest share m - 1
    pi = inclusion_probabilities([5, 5, 90], 2)
    assert pi.tolist() == [0.5, 0.5, 1.0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 500), min_size=3, max_size=40), st.integers(1, 3), st.integers(0, 2**31))
def test_pps_systematic_draws_m_distinct_units(sizes, m, seed):
    m = min(m, len(sizes))
    idx = pps_systematic(sizes, m, np.random.default_rng(seed))
    assert idx.size == m == np.unique(idx).size
    assert np.isclose(inclusion_probabilities(sizes, m).sum(), m)


def test_systematic_pps_inclusion_frequencies_match_pi():
    sizes = np.array([3, 8, 1, 12, 6, 9, 2, 30, 5, 4])
    m, reps = 3, 20000
    rng = np.random.default_rng(1)
    hits = np.zeros(sizes.size)
    for _ in range(reps):
        hits[pps_systematic(sizes, m, rng)] += 1
    pi = inclusion_probabilities(sizes, m)
    se = np.sqrt(pi * (1 - pi) / reps) + 1e-12
    assert np.all(np.abs(hits / reps - pi) <= 4 * se + 1e-9)


@pytest.fixture(scope="module")
def population():
    return wps.datasets.load_synthetic_population(seed=20261121, scale=1.0)


@pytest.fixture(scope="module")
def big_sample(population):
    return wps.datasets.draw_sample(population, n=12000, seed=2026)


def test_completed_interviews_and_design_columns(big_sample):
    s = big_sample
    assert len(s) == 12000
    assert s.groupby("province").size().tolist() == [3000] * 4
    assert s.groupby("stratum")["psu"].nunique().min() >= 2
    assert (s["weight"] > 0).all()
    # each PSU belongs to one stratum
    assert s.groupby("psu")["stratum"].nunique().max() == 1


def test_weights_estimate_the_adult_population_per_stratum(population, big_sample):
    s = big_sample.assign(one=1.0)
    truth = population.eas.groupby("stratum")["adults"].sum()
    for stratum, grp in s.groupby("stratum"):
        total = grp["weight"].sum()
        psu_totals = grp.groupby("psu")["weight"].sum()
        n_h = len(psu_totals)
        se = np.sqrt(n_h / (n_h - 1) * ((psu_totals - psu_totals.mean()) ** 2).sum())
        assert abs(total - truth[stratum]) <= 3 * se + 1e-6, stratum


def test_field_sample_weights_follow_the_frame(population):
    fs = field_sample(population, 960, seed=4)
    psus = fs.psus
    assert (psus["pi_psu"] > 0).all() and (psus["pi_psu"] <= 1).all()
    assert (psus["completes"] <= psus["visited"]).all()
    hh_w = psus.set_index("psu")["hh_weight"]
    expected = hh_w.reindex(fs.codes["psu"]).to_numpy() * fs.codes["n_adults"]
    assert np.allclose(fs.codes["weight"], expected)


def _check_against_truth(population, sample):
    truth = wps.datasets.population_truth(population)["values"]
    head = wps.datasets.derive_headline(sample)
    failures = []
    for ind in wps.datasets.HEADLINE:
        for prov in ("basra", "kirkuk", "baghdad", "salah_ad_din"):
            mask = (sample["province"] == prov).to_numpy()
            est, se, n = domain_mean(sample, head[ind], domain=mask)
            if abs(est - truth[ind][prov]) > 3 * se:
                failures.append((ind, prov, est, truth[ind][prov], se))
    return failures


def test_weighted_estimates_cover_the_truth(population, big_sample):
    assert _check_against_truth(population, big_sample) == []


@pytest.mark.slow
def test_weighted_estimates_cover_the_truth_n40000():
    pop = wps.datasets.make_population(seed=20261121, scale=wps.datasets.scale_for(40000, 0.6))
    sample = wps.datasets.draw_sample(pop, n=40000, seed=9)
    assert _check_against_truth(pop, sample) == []


def test_too_small_population_says_what_to_do():
    pop = wps.datasets.make_population(seed=1, scale=0.25)
    with pytest.raises(wps.errors.InputError, match="scale"):
        wps.datasets.draw_sample(pop, n=40000, seed=1)
    with pytest.raises(wps.errors.InputError, match="at least 96"):
        wps.datasets.draw_sample(pop, n=10, seed=1)


@pytest.mark.slow
def test_estimator_is_unbiased_and_se_calibrated_over_replicates(population):
    """40 samples from one fixed population: mean estimate ~ truth, mean SE ~ SD of estimates."""
    truth = wps.datasets.population_truth(population)["values"]
    draws = {}
    for seed in range(40):
        s = wps.datasets.draw_sample(population, n=4800, seed=1000 + seed)
        head = wps.datasets.derive_headline(s)
        for ind in wps.datasets.HEADLINE:
            draws.setdefault(ind, []).append(domain_mean(s, head[ind])[:2])
    for ind, values in draws.items():
        v = np.array(values)
        assert abs(v[:, 0].mean() - truth[ind]["overall"]) <= 3 * v[:, 0].std(ddof=1) / np.sqrt(len(v)), ind
        assert 0.7 <= v[:, 1].mean() / v[:, 0].std(ddof=1) <= 1.4, ind
