"""A fixed synthetic population: enumeration areas, households and adults (SYNTHETIC).

The population is an EA frame plus a household skeleton (adults per household).  Each
adult's answers are a pure function of the seed and the adult's id
(:mod:`wpsresearch.datasets.randomness`), so they are generated on demand: for the sampled
adults when a sample is drawn, chunk by chunk when the population truth is computed.

Examples
--------
>>> from wpsresearch.datasets import make_population
>>> pop = make_population(seed=1, scale=0.2)
>>> sorted(pop.eas["stratum"].unique())[:2]
['baghdad_rural', 'baghdad_urban']
>>> int(pop.eas["households"].sum()) == pop.n_households
True
>>> p = pop.persons([0, 1, 2])
>>> list(p["sex"].cat.categories)
['female', 'male']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from wpsresearch.datasets.parameters import load_parameters
from wpsresearch.datasets.randomness import Streams
from wpsresearch.errors import InputError

__all__ = ["Population", "make_population", "scale_for"]


@dataclass(frozen=True, eq=False)
class Population:
    """A fixed synthetic population (build it with :func:`make_population`).

    Attributes
    ----------
    seed, scale : the values it was built from.
    eas : pandas.DataFrame
        One row per enumeration area: ``psu, province, adm1_pcode, adm2_pcode,
        urban_rural, stratum, households, adults, first_household`` and the EA random
        effects (``re_*``) and displacement shares.
    hh_adults, hh_first_person : numpy arrays indexed by household id.
    """

    seed: int
    scale: float
    eas: object
    hh_adults: np.ndarray
    hh_first_person: np.ndarray
    params: dict = field(repr=False)

    @property
    def n_households(self) -> int:
        return int(self.hh_adults.size)

    @property
    def n_adults(self) -> int:
        return int(self.hh_first_person[-1] + self.hh_adults[-1]) if self.hh_adults.size else 0

    def __repr__(self) -> str:
        return (f"Population(SYNTHETIC, seed={self.seed}, scale={self.scale}, eas={len(self.eas):,}, "
                f"households={self.n_households:,}, adults={self.n_adults:,})")

    def household_of(self, person_ids) -> np.ndarray:
        """Household id of each adult id."""
        return np.searchsorted(self.hh_first_person, np.asarray(person_ids, dtype=np.int64), side="right") - 1

    def persons_codes(self, person_ids) -> dict:
        """Answers of the given adults as integer codes (see :mod:`.answers`)."""
        from wpsresearch.datasets.answers import person_answers

        return person_answers(self, np.asarray(person_ids, dtype=np.int64))

    def persons(self, person_ids):
        """Answers of the given adults as a clean analysis frame (choice names, booleans)."""
        from wpsresearch.datasets.analysis_frame import codes_to_frame

        return codes_to_frame(self.persons_codes(person_ids))


def scale_for(n: int, max_psu_fraction: float = 0.3) -> float:
    """Smallest population scale (>= 0.25, in steps of 0.25) at which no stratum samples
    more than ``max_psu_fraction`` of its EAs for ``n`` completed interviews.

    >>> scale_for(4800), scale_for(480)
    (1.0, 0.25)
    """
    params = load_parameters()
    worst = 0.0
    for prov in params["provinces"].values():
        sizes = {ur: prov["eas"][ur] * params["ea_households"][ur]["median"] for ur in ("urban", "rural")}
        total = sum(sizes.values())
        for ur, eas in prov["eas"].items():
            psus = n / 4 * sizes[ur] / total / 12
            worst = max(worst, psus / eas)
    return max(0.25, math.ceil(4 * worst / max_psu_fraction) / 4)


def make_population(seed: int = 20261121, scale: float = 1.0, *, params: dict | None = None) -> Population:
    """Build the fixed synthetic population.

    Parameters
    ----------
    seed : int
        Fixes every EA, household and adult answer.
    scale : float
        Multiplies the number of EAs per stratum in ``parameters.yml`` (1 gives about
        3,000 EAs, 200,000 households and 500,000 adults).  :func:`scale_for` gives the
        scale a sample of ``n`` interviews needs.
    params : dict, optional
        The invented parameters (default ``parameters.yml``); a later round of the study
        passes its own (:func:`wpsresearch.datasets.rounds.round_parameters`).  The same
        seed gives the same enumeration areas, households and random draws, so what differs
        between rounds is exactly what the parameters change.

    Returns
    -------
    Population
    """
    if not (isinstance(scale, (int, float)) and scale > 0 and math.isfinite(scale)):
        raise InputError(f"scale must be a positive number, not {scale!r}", hint="use e.g. scale=1")
    params = load_parameters() if params is None else params
    streams = Streams(seed)
    eas = _ea_frame(params, streams, float(scale))
    hh_ids = np.arange(int(eas["households"].sum()), dtype=np.int64)
    spec = params["adults_per_household"]
    hh_adults = np.asarray(spec["values"], dtype=np.int8)[streams.choice("hh_adults", hh_ids, spec["probs"])]
    first_person = np.zeros(hh_adults.size, dtype=np.int64)
    np.cumsum(hh_adults[:-1], out=first_person[1:])
    starts = eas["first_household"].to_numpy()
    eas["adults"] = np.add.reduceat(hh_adults.astype(np.int64), starts) if len(starts) else []
    return Population(seed=int(seed), scale=float(scale), eas=eas, hh_adults=hh_adults,
                      hh_first_person=first_person, params=params)


def _ea_frame(params, streams: Streams, scale: float):
    import pandas as pd
    from scipy.special import betaincinv

    from wpsresearch.datasets.geography import districts

    dist = districts()
    parts = []
    for prov, spec in params["provinces"].items():
        pnum = int(spec["pcode"][3:])
        d = dist[dist["province"] == prov].sort_values("adm2_pcode").reset_index(drop=True)
        weights = np.where(d["capital"], params["capital_district_weight"], 1.0)
        for ur in ("urban", "rural"):
            k = max(2, int(round(spec["eas"][ur] * scale)))
            # largest-remainder spread of EAs over the real districts (deterministic)
            share = weights / weights.sum() * k
            counts = np.floor(share).astype(int)
            counts[np.argsort(-(share - counts), kind="stable")[: k - counts.sum()]] += 1
            rows = d.loc[d.index.repeat(counts)].assign(urban_rural=ur)
            parts.append(rows.assign(pnum=pnum))
    eas = pd.concat(parts, ignore_index=True).sort_values(
        ["pnum", "adm2_pcode", "urban_rural"], kind="stable").reset_index(drop=True)
    eas["psu"] = eas["pnum"] * 1_000_000 + eas.groupby("pnum").cumcount() + 1
    ids = eas["psu"].to_numpy(dtype=np.int64)
    eas["stratum"] = eas["province"] + "_" + eas["urban_rural"]
    hh = params["ea_households"]
    med = eas["urban_rural"].map({u: hh[u]["median"] for u in ("urban", "rural")}).to_numpy(float)
    sdl = eas["urban_rural"].map({u: hh[u]["sdlog"] for u in ("urban", "rural")}).to_numpy(float)
    size = np.round(med * np.exp(sdl * streams.normal("ea_size", ids)))
    eas["households"] = np.clip(size, hh["min"], hh["max"]).astype(np.int64)
    eas["first_household"] = np.concatenate([[0], np.cumsum(eas["households"].to_numpy())[:-1]])
    for name, sd in (("safety", params["safety"]["sd_ea"]), ("trust", params["trust"]["sd_ea"]),
                     ("ipv", params["ipv"]["sd_ea"]), ("harass", params["harassment"]["sd_ea"]),
                     ("justify", params["justify"]["sd_ea"]), ("wpolice", params["women_police"]["sd_ea"])):
        eas[f"re_{name}"] = sd * streams.normal(f"re_{name}", ids)
    shares = np.array([params["displacement"]["shares"][p] for p in eas["province"]])
    c = params["displacement"]["ea_concentration"]
    moved = 1 - shares[:, 0]
    disp = betaincinv(moved * c, (1 - moved) * c, streams.uniform("ea_displaced", ids))
    eas["share_idp"] = disp * shares[:, 1] / moved
    eas["share_returnee"] = disp * shares[:, 2] / moved
    half_x = (eas["lon_max"] - eas["lon_min"]) / 2
    half_y = (eas["lat_max"] - eas["lat_min"]) / 2
    eas["ea_lon"] = np.clip(eas["lon"] + 0.35 * half_x * streams.normal("ea_lon", ids), eas["lon_min"], eas["lon_max"])
    eas["ea_lat"] = np.clip(eas["lat"] + 0.35 * half_y * streams.normal("ea_lat", ids), eas["lat_min"], eas["lat_max"])
    keep = ["psu", "province", "adm1_pcode", "adm2_pcode", "urban_rural", "stratum", "households",
            "first_household", "ea_lon", "ea_lat", "share_idp", "share_returnee",
            *[c for c in eas.columns if c.startswith("re_")]]
    return eas[keep].copy()
