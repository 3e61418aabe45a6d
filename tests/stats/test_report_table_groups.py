"""A report table's groups found in Python (``_missing_total``, ``_complementary``) are the
groups pandas finds (``drop_duplicates``, ``groupby(dropna=False)``), on tricky keys."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wpsresearch.stats.report_table import _complementary, _missing_total


def _missing_total_plain(frame, missing, raised, by):
    keys = [c for c in (*by, "variable") if c in frame.columns]
    keep = ~raised
    if not keys:
        return int(np.max(missing[keep], initial=0))
    sub = frame.loc[keep, keys].assign(_m=missing[keep])
    return int(sub.drop_duplicates(keys)["_m"].sum())


def _complementary_plain(frame, suppress, keys):
    suppress = suppress.copy()
    keys = [k for k in keys if k in frame.columns]
    groups = frame.groupby(keys, sort=False, dropna=False).indices if keys else {None: np.arange(len(frame))}
    for rows in groups.values():
        rows = np.asarray(rows)
        hidden = suppress[rows]
        if len(rows) > 1 and hidden.sum() == 1:
            shown = rows[~hidden]
            partner = shown[np.argmin(frame["n_level"].to_numpy()[shown])]
            suppress[partner] = True
    return suppress


def _frames(rng):
    n = 18
    choices = {
        "str": pd.array(rng.choice(["a", "b", "c"], n), dtype="str"),
        "object": pd.Series(rng.choice(["a", "b"], n), dtype=object).to_numpy(),
        "category": pd.Categorical(rng.choice(["x", "y"], n), categories=["y", "x", "z"]),
        "bool": rng.choice([True, False], n),
        "int": rng.choice([1, 2, 3], n),
        "zeros": rng.choice([0.0, -0.0, 1.5], n),
        "mixed": pd.Series([True, 1, 1.0, "1"] * 4 + [True, 0], dtype=object).to_numpy(),
        "nulls": pd.Series(rng.choice(["a", None], n), dtype=object).where(
            rng.random(n) > 0.2, np.nan).to_numpy(),
        "na": pd.array(rng.choice(["a", "b", None], n), dtype="string"),
    }
    for first in choices:
        for second in [None, "str", "category", "nulls"]:
            frame = pd.DataFrame({first: choices[first],
                                  "variable": rng.choice(["v", "w"], n),
                                  "n_level": rng.integers(0, 30, n)})
            by = [first]
            if second and second != first:
                frame[second] = choices[second]
                by.append(second)
            yield frame, by


@pytest.mark.parametrize("seed", range(3))
def test_python_groups_are_pandas_groups(seed):
    rng = np.random.default_rng(seed)
    for frame, by in _frames(rng):
        for missing in (rng.integers(0, 9, len(frame)), rng.integers(0, 9, len(frame)).astype(float)):
            raised = rng.random(len(frame)) < 0.3
            for groups in (by, [], ["variable"]):
                assert (_missing_total(frame, missing, raised, groups)
                        == _missing_total_plain(frame, missing, raised, groups))
        for _ in range(4):
            suppress = rng.random(len(frame)) < 0.15
            for keys in ([*by, "variable"], by, [], ["absent"]):
                np.testing.assert_array_equal(_complementary(frame, suppress, keys),
                                              _complementary_plain(frame, suppress, keys))
