"""Later rounds of the SYNTHETIC study (``rounds.yml``): the same population after stated,
invented changes, so round-to-round changes can be checked against the truth.

Examples
--------
>>> from wpsresearch.datasets.rounds import round_parameters, ROUNDS
>>> ROUNDS
(1, 2)
>>> p1, p2 = round_parameters(1), round_parameters(2)
>>> p1["fieldwork"]["first_day"], p2["fieldwork"]["first_day"]
('2026-03-01', '2028-03-01')
>>> p1["ipv"]["physical_ever"]["kirkuk"] == p2["ipv"]["physical_ever"]["kirkuk"]
True
>>> round_parameters(3)
Traceback (most recent call last):
...
wpsresearch.errors.InputError: there is no synthetic round 3...use one of 1, 2.
"""

from __future__ import annotations

import functools
from importlib import resources

from wpsresearch.datasets.parameters import load_parameters
from wpsresearch.errors import InputError

__all__ = ["ROUNDS", "round_parameters", "round_population", "round_sample_seed", "round_spec",
           "true_changes"]


@functools.lru_cache(maxsize=1)
def _rounds() -> dict:
    import yaml

    text = resources.files("wpsresearch.datasets").joinpath("rounds.yml").read_text(encoding="utf-8")
    return {int(k): v for k, v in yaml.safe_load(text)["rounds"].items()}


ROUNDS = (1, *sorted(_rounds()))


def round_spec(round: int) -> dict:
    """The ``rounds.yml`` entry of ``round`` (round 1 is ``parameters.yml`` itself: empty)."""
    if round == 1:
        return {"about": "Round 1 (SYNTHETIC)", "sample_seed_offset": 0, "set": {}}
    if round not in _rounds():
        raise InputError(f"there is no synthetic round {round!r}", hint=f"use one of {', '.join(map(str, ROUNDS))}")
    return dict(_rounds()[round])


def round_parameters(round: int = 1) -> dict:
    """The invented parameters of ``round``: ``parameters.yml`` with the round's ``set`` applied."""
    params = load_parameters()
    for path, value in round_spec(round)["set"].items():
        *parents, last = path.split(".")
        node = params
        for key in parents:
            node = node[key]
        if last not in node:
            raise InputError(f"rounds.yml sets '{path}', which parameters.yml does not have")
        node[last] = value
    return params


def round_sample_seed(seed: int, round: int = 1) -> int:
    """The sample seed of ``round`` for study seed ``seed`` (round 1: ``seed + 1``, as ever)."""
    return int(seed) + 1 + int(round_spec(round)["sample_seed_offset"])


def round_population(round: int = 1, *, seed: int = 20261121, scale: float = 1.0):
    """The synthetic population as it is at ``round`` (same seed, the round's parameters)."""
    from wpsresearch.datasets.population import make_population

    return make_population(seed, scale, params=round_parameters(round))


def true_changes(before: dict, after: dict) -> dict:
    """``{indicator: {"overall": d, province: d, ...}}``: population value after minus before
    (the ``values`` of two :func:`~wpsresearch.datasets.population_truth` results)."""
    out = {}
    for ind, values in after["values"].items():
        out[ind] = {k: float(v - before["values"][ind][k]) for k, v in values.items()}
    return out


def round_title(round: int, title_en: str, title_ar: str) -> tuple[str, str]:
    """The study title of ``round`` (round 1 keeps the form's titles)."""
    if round == 1:
        return title_en, title_ar
    return (title_en.replace("(SYNTHETIC)", f"(SYNTHETIC, round {round})"),
            f"{title_ar} - الجولة {round}")


def round_readme(round: int, seed: int) -> str:
    """What the README of a later round says first (round 1: nothing)."""
    if round == 1:
        return ""
    spec = round_spec(round)
    changed = "\n".join(f"- `{path}`: {value}" for path, value in spec["set"].items())
    return (f"> **Round {round}** of the SYNTHETIC study (`wpsresearch synth --round {round} --seed {seed}`). "
            f"{spec['about']}\n> The parameters that differ from round 1 (`wpsresearch/datasets/rounds.yml`):\n\n"
            f"{changed}\n\n> `truth.json` gives this round's population values and, under `changes`, the "
            "true change of each indicator since round 1 (this round's value minus round 1's).\n\n")


def round_truth(round: int, truth: dict, *, seed: int, scale: float, first_round: dict | None = None) -> dict:
    """Entries a later round adds to its ``truth.json``: round 1's values and the true changes.

    ``first_round``: round 1's ``truth.json`` as read, when the caller has it (the demo: round 1
    sits beside the later round).  Its values are used when it is round 1 of the same seed and
    scale (:func:`first_round_values`); otherwise round 1's population is made again and its
    truth computed (a third of a later round's generation time).
    """
    from wpsresearch.datasets.truth import population_truth

    before = first_round_values(first_round, seed=seed, scale=scale)
    if before is None:
        before = population_truth(round_population(1, seed=seed, scale=scale))
    spec = round_spec(round)
    return {"round": int(round), "about": spec["about"], "changed_parameters": spec["set"],
            "round_1_values": before["values"], "changes": true_changes(before, truth)}


def first_round_values(first_round: dict | None, *, seed: int, scale: float) -> dict | None:
    """``first_round`` (a ``truth.json`` as read) when it is round 1's population truth for
    ``seed`` and ``scale`` and has every headline indicator's values, else None.

    JSON keeps a float's shortest repr, which reads back as the same double, so these values
    are exactly those :func:`~wpsresearch.datasets.population_truth` returns
    (tests/datasets/test_rounds.py compares the bytes of a round written either way).
    """
    from wpsresearch.datasets.truth import HEADLINE

    if not isinstance(first_round, dict) or "round" in first_round:
        return None
    values = first_round.get("values")
    if (first_round.get("seed") != seed or first_round.get("scale") != scale or not isinstance(values, dict)
            or set(values) != set(HEADLINE)
            or not all(isinstance(v, dict) and all(isinstance(x, float) for x in v.values()) for v in values.values())):
        return None
    return {"values": values}
