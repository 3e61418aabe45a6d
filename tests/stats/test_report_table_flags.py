"""The report table's row flags computed alone (``row_flags``, ``disclosure_flags``: what the
analysis results suppress) are the flags of the table itself, on estimates that exercise
every rule: small bases, bracketed bases, disclosive cells and complements, secondary
suppression of one answer's levels, zero counts, empty groups, means, other policies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.privacy import DisclosurePolicy
from wpsresearch.stats.analysis_tables import disclosure_flags
from wpsresearch.stats.report_table import row_flags

POLICIES = [None, DisclosurePolicy(min_cell=3, min_n=5, zeros_disclosive=False),
            DisclosurePolicy(min_cell=12, min_n=30, round_to=5)]


def _frame():
    rng = np.random.default_rng(20)
    n = 262
    g = np.array(["big"] * 150 + ["mid"] * 60 + ["small"] * 30 + ["tiny"] * 8 + ["few"] * 12
                 + ["two"] * 2)
    status = rng.choice(["host", "idp", "returnee"], size=n, p=[0.6, 0.36, 0.04])
    status[150:210] = ["host"] * 40 + ["idp"] * 17 + ["returnee"] * 3   # one small level in mid
    y = rng.integers(0, 2, size=n).astype(float)
    y[240:248] = [1, 1, 1, 1, 1, 1, 1, 1]           # tiny: all yes (a zero complement)
    y[248:260] = [0] * 11 + [1]                       # few: one yes
    y[rng.choice(240, 15, replace=False)] = np.nan    # missing answers
    return pd.DataFrame({"y": y, "g": g, "sex": rng.choice(["f", "m"], size=n),
                         "status": pd.Categorical(status, ["host", "idp", "returnee", "stateless"]),
                         "x": rng.normal(10, 3, size=n), "psu": np.arange(n) // 4,
                         "w": rng.uniform(0.5, 2.0, size=n)})


def _estimates(policy):
    d = wps.stats.SurveyDesign(_frame(), ids="psu", weights="w", policy=policy)
    return [wps.stats.proportion(d, "y"), wps.stats.proportion(d, "y", by="g"),
            wps.stats.proportion(d, "y", by=["g", "sex"]), wps.stats.proportion(d, "status"),
            wps.stats.proportion(d, "status", by="g"), wps.stats.mean(d, "x", by="g"),
            wps.stats.mean(d, "x", by=["g", "sex"])]


@pytest.mark.parametrize("policy", POLICIES)
def test_row_flags_are_the_tables_flags(policy):
    seen = np.zeros(3, dtype=bool)
    for est in _estimates(policy):
        for lang in ("en", "ar"):
            table = est.table(lang=lang)
            suppressed, bracketed, hidden = row_flags(est)
            np.testing.assert_array_equal(suppressed, table.suppressed)
            np.testing.assert_array_equal(bracketed, table.bracketed)
            np.testing.assert_array_equal(hidden, table.hidden_n)
            flags, reasons, hidden_n = disclosure_flags(est)
            np.testing.assert_array_equal(flags, table.suppressed)
            np.testing.assert_array_equal(hidden_n, table.hidden_n)
            assert [bool(r) for r in reasons] == list(table.suppressed)
            # and what the table prints: "*" for a suppressed estimate and a hidden base,
            # brackets for a small base (checked from the text, not from the flags)
            shown = table.to_frame()
            value, base = shown.iloc[:, -3].astype(str), shown.iloc[:, -1].astype(str)
            np.testing.assert_array_equal(value.eq("*"), suppressed)
            np.testing.assert_array_equal(value.str.startswith("("), bracketed)
            np.testing.assert_array_equal(base.eq("*"), hidden)
            rules = est.policy or DisclosurePolicy()
            n = est.frame["n"].to_numpy()
            assert not (n[~suppressed] < rules.min_n).any()
            np.testing.assert_array_equal([rules.cell_is_disclosive(int(v)) for v in n], hidden)
            seen |= [suppressed.any(), bracketed.any(), hidden.any()]
    assert seen.all()  # every rule fired somewhere
