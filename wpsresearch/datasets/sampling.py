"""The study's sample design, applied to a fixed synthetic population.

Design (docs/synthetic_study.md has the long form):

1. Strata = governorate x urban/rural.  Completed interviews: ``n/4`` per governorate,
   split over its two strata in proportion to households, at least 2 PSUs per stratum.
2. PSUs (EAs) drawn by **systematic PPS** within stratum, size = households, frame order =
   district then EA code (implicit stratification by district), random start.  EAs with
   ``m * M_i / M >= 1`` are taken with certainty and removed, repeatedly, before the
   systematic draw; so the inclusion probability ``pi_i`` is exact (systematic PPS gives
   each unit exactly its ``pi_i``).
3. Within each PSU the households are listed in random order and visited in that order
   until ``k_i`` interviews (about 12) are completed: a randomised reserve list.  Under
   response homogeneity within the PSU this is a simple random sample of ``k_i``
   households among the responding ones, so the household weight is
   ``N_i / (pi_i * k_i)`` = design weight ``N_i / (pi_i * visited_i)`` times the
   within-PSU non-response adjustment ``visited_i / k_i``.
4. One adult per household chosen at random (Kish-style): weight x eligible adults.

Examples
--------
>>> from wpsresearch.datasets import make_population, draw_sample
>>> pop = make_population(seed=3, scale=0.3)
>>> s = draw_sample(pop, n=240, seed=5)
>>> len(s)
240
>>> s.groupby("province").size().tolist()
[60, 60, 60, 60]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wpsresearch.errors import InputError

__all__ = ["draw_sample", "pps_systematic", "inclusion_probabilities"]


def inclusion_probabilities(sizes, m: int) -> np.ndarray:
    """PPS inclusion probabilities ``m * M_i / M`` with certainty units capped at 1.

    >>> inclusion_probabilities([10, 10, 80], 2).round(3).tolist()
    [0.5, 0.5, 1.0]
    """
    sizes = np.asarray(sizes, dtype=float)
    pi = np.zeros(sizes.size)
    certain = np.zeros(sizes.size, dtype=bool)
    while True:
        rest = m - certain.sum()
        pi[~certain] = rest * sizes[~certain] / sizes[~certain].sum() if rest > 0 else 0.0
        new = (pi >= 1.0) & ~certain
        if not new.any():
            break
        certain |= new
    pi[certain] = 1.0
    return pi


def pps_systematic(sizes, m: int, rng) -> np.ndarray:
    """Indices of ``m`` units drawn by systematic PPS (certainty units first).

    >>> import numpy as np
    >>> pps_systematic([5, 5, 5, 5], 2, np.random.default_rng(0)).size
    2
    """
    pi = inclusion_probabilities(sizes, m)
    certain = np.flatnonzero(pi >= 1.0)
    rest = np.flatnonzero(pi < 1.0)
    k = m - certain.size
    if k <= 0:
        return np.sort(certain)
    cum = np.cumsum(pi[rest])
    points = rng.uniform() + np.arange(k)
    chosen = rest[np.searchsorted(cum, points, side="right")]
    return np.sort(np.concatenate([certain, chosen]))


@dataclass(frozen=True)
class FieldSample:
    """What the field team brings back: completed interviews, refusals, the PSU list."""

    codes: dict
    psus: object
    visits: object


def _allocate(population, n: int):
    """Completed interviews per stratum and PSUs per stratum."""
    eas = population.eas
    provinces = list(dict.fromkeys(eas["province"]))
    quota = {p: n // len(provinces) + (i < n % len(provinces)) for i, p in enumerate(provinces)}
    rows = []
    hh = eas.groupby(["province", "urban_rural"], sort=False)["households"].sum()
    for p in provinces:
        shares = hh.loc[p]
        q = quota[p]
        rural = int(round(q * shares.get("rural", 0) / shares.sum()))
        for ur, qh in (("urban", q - rural), ("rural", rural)):
            m = max(2, int(round(qh / 12)))
            n_eas = int(((eas["province"] == p) & (eas["urban_rural"] == ur)).sum())
            if m > n_eas or qh < m:
                raise InputError(
                    f"stratum {p}_{ur} needs {m} PSUs for {qh} interviews but has {n_eas} EAs",
                    hint="build the population with a larger scale (see scale_for(n)) or ask for more interviews")
            rows.append((f"{p}_{ur}", qh, m))
    return rows


def _select_psus(population, n: int, rng):
    import pandas as pd

    eas = population.eas
    out = []
    for stratum, qh, m in _allocate(population, n):
        frame = eas[eas["stratum"] == stratum].sort_values(["adm2_pcode", "psu"])
        sizes = frame["households"].to_numpy()
        pi = inclusion_probabilities(sizes, m)
        idx = pps_systematic(sizes, m, rng)
        take = np.full(m, qh // m) + (np.arange(m) < qh % m)
        sel = frame.iloc[idx].assign(pi_psu=pi[idx], k=take[rng.permutation(m)])
        out.append(sel)
    return pd.concat(out).reset_index()


def _visit(population, psus, rng, params):
    """Visit households in random order until k completes; returns completes and visits."""
    import pandas as pd

    rr = params["fieldwork"]["response_rate"]
    refusal_share = params["fieldwork"]["refusal_share_of_nonresponse"]
    complete_hh, visits = [], []
    for row in psus.itertuples(index=False):
        order = rng.permutation(int(row.households))
        responds = rng.uniform(size=order.size) < rr[row.urban_rural]
        pos = np.flatnonzero(responds)
        k = min(int(row.k), pos.size)
        last = pos[k - 1] + 1 if k else order.size
        seen = order[:last]
        ok = responds[:last]
        refused = ~ok & (rng.uniform(size=last) < refusal_share)
        for h, o, r in zip(seen, ok, refused):
            visits.append((row.psu, int(row.first_household + h), "complete" if o else ("refused" if r else "not_home")))
        complete_hh.append(row.first_household + seen[ok])
    visits = pd.DataFrame(visits, columns=["psu", "household_id", "outcome"])
    done = visits[visits["outcome"] == "complete"].groupby("psu").size()
    visited = visits.groupby("psu").size()
    psus = psus.assign(completes=psus["psu"].map(done).fillna(0).astype(int),
                       visited=psus["psu"].map(visited).astype(int))
    psus["hh_weight"] = psus["households"] / (psus["pi_psu"] * psus["completes"].clip(lower=1))
    return np.concatenate(complete_hh).astype(np.int64), visits, psus


def field_sample(population, n: int = 4800, seed: int = 1) -> FieldSample:
    """Draw the sample and run the (simulated) fieldwork: the raw material of the exports."""
    if not isinstance(n, (int, np.integer)) or n < 8 * 12:
        raise InputError(f"n must be an integer of at least 96 interviews, not {n!r}",
                         hint="the design needs 2 PSUs of about 12 interviews in each of 8 strata")
    params = population.params
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 20261121]))
    psus = _select_psus(population, int(n), rng)
    hh, visits, psus = _visit(population, psus, rng, params)
    n_adults = population.hh_adults[hh].astype(np.int64)
    pid = population.hh_first_person[hh] + np.floor(rng.uniform(size=hh.size) * n_adults).astype(np.int64)
    codes = population.persons_codes(pid)
    w = psus.set_index("psu")["hh_weight"]
    codes["weight"] = w.reindex(codes["psu"]).to_numpy() * n_adults
    _interview_conditions(codes, rng, params)
    codes["hh_size"] = (n_adults + rng.poisson(
        np.where(codes["urban_rural"] == 1, params["children_per_household"]["rural"],
                 params["children_per_household"]["urban"]))).astype(np.int64)
    _open_answers(codes, rng, params)
    return FieldSample(codes=codes, psus=psus, visits=visits)


def _open_answers(codes, rng, params):
    """Free-text answers (and who answers in Kurdish: some Kirkuk respondents)."""
    from wpsresearch.datasets import field_text
    from wpsresearch.datasets.questionnaire import PROVINCES

    n = codes["psu"].size
    share = params["messiness"]["kurdish_names_kirkuk"]
    codes["_kurdish"] = (codes["province"] == PROVINCES.index("kirkuk")) & (rng.uniform(size=n) < share)
    codes["safer_suggestion"] = np.array(field_text.suggestions(rng, n, codes["_kurdish"]), dtype=object)
    other = (codes["help_sought"] >= 0) & ((codes["help_sought"] >> 10) & 1 == 1)
    texts = field_text.HELP_OTHER_GENUINE
    codes["help_sought_other"] = np.array([texts[rng.integers(len(texts))] if o else None for o in other], dtype=object)
    other = (codes["no_report_reason"] >= 0) & ((codes["no_report_reason"] >> 5) & 1 == 1)
    texts = field_text.REASON_OTHER
    codes["no_report_reason_other"] = np.array([texts[rng.integers(len(texts))] if o else None for o in other],
                                               dtype=object)


def _interview_conditions(codes, rng, params):
    """Privacy for the IPV module, and the skip logic that follows from it."""
    from wpsresearch.datasets.questionnaire import IPV_ITEMS

    eligible = codes["ipv_push"] != -1
    private = rng.uniform(size=eligible.size) < params["fieldwork"]["ipv_private"]
    codes["ipv_private"] = np.where(eligible, np.where(private, 0, 1), -1).astype(np.int8)
    skipped = eligible & ~private
    ever = np.zeros(eligible.size, dtype=bool)
    for item in IPV_ITEMS:
        codes[item] = np.where(skipped, -1, codes[item]).astype(np.int8)
        ever |= np.isin(codes[item], (0, 1, 2))
    asked = ever | (codes["harass_public_12m"] == 0) | (codes["harass_online_12m"] == 0)
    codes["help_sought"] = np.where(asked, codes["help_sought"], -1)
    codes["no_report_reason"] = np.where(asked, codes["no_report_reason"], -1)


def draw_sample(population, n: int = 4800, seed: int = 1):
    """Draw one sample of ``n`` completed interviews: a clean respondent frame.

    Parameters
    ----------
    population : Population
        From :func:`make_population`; draw as many samples from it as needed.
    n : int
        Completed interviews (``n/4`` per governorate).
    seed : int
        Fixes PSU selection, household order, non-response and respondent selection.

    Returns
    -------
    pandas.DataFrame
        One row per completed interview with ``psu``, ``stratum`` and ``weight`` (see
        :mod:`wpsresearch.datasets.analysis_frame` for the conventions).

    Notes
    -----
    R equivalent of the design: ``svydesign(ids = ~psu, strata = ~stratum, weights = ~weight)``
    (with-replacement approximation, no fpc).
    """
    from wpsresearch.datasets.analysis_frame import codes_to_frame

    return codes_to_frame(field_sample(population, n, seed).codes)
