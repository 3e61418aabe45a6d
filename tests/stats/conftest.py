"""Shared fixtures of the statistics tests: R ``survey``'s reference values and data sets.

``tests/data/r_reference/reference.csv`` is written by ``make_reference.R`` beside it (R
4.2.2, survey 4.1-1); every value is R's, printed with ``%.17g``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

R_REFERENCE = Path(__file__).resolve().parents[1] / "data" / "r_reference"


class RReference:
    """``ref("case")`` -> {name: value} of one case of reference.csv."""

    def __init__(self, frame: pd.DataFrame):
        self._cases = {case: dict(zip(g["name"], g["value"].astype(float)))
                       for case, g in frame.groupby("case", sort=False)}

    def __call__(self, case: str) -> dict:
        return self._cases[case]


@pytest.fixture(scope="session")
def rref():
    return RReference(pd.read_csv(R_REFERENCE / "reference.csv", dtype={"value": str},
                                  keep_default_na=False))


@pytest.fixture(scope="session")
def rdata():
    """``rdata("apiclus1")``: an R data set (or hand-made sample) as exported by the script."""
    cache = {}

    def load(name):
        if name not in cache:
            cache[name] = pd.read_csv(R_REFERENCE / "data" / f"{name}.csv")
        return cache[name]

    return load
