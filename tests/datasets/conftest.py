"""Shared fixtures: one small messy study written once per test session."""

from __future__ import annotations

import csv
import io

import pytest

import wpsresearch as wps

SMALL_N = 480
SMALL_SEED = 11


@pytest.fixture(scope="session")
def small_study(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic_small")
    written = wps.datasets.write_synthetic_study(out, n=SMALL_N, seed=SMALL_SEED)
    return out, written


def read_kobo_csv(path, encoding="utf-8", sep=";"):
    """Header and rows of a Kobo CSV with the csv module (no type guessing)."""
    text = path.read_bytes().decode(encoding)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    return rows[0], rows[1:]
