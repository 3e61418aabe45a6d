"""Primary and secondary suppression, checked by an independent LP audit.

The audit here is written separately from the library's own check: it rebuilds the published
system (cells shown + margins shown) and asks scipy's linprog, for each hidden cell, the
smallest and largest value a reader could infer.  A pattern passes when no hidden cell is
determined exactly and every hidden *small* cell can be at least ``min_cell``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import wpsresearch as wps
from wpsresearch.errors import InputError

P = wps.privacy


def _attacker_ranges(published: list[pd.DataFrame]):
    """Published tables (margins incl., NA = hidden) that share row totals -> ranges of hidden cells.

    Variables: every hidden cell of every table; the shared row-total column and the grand total
    are the same unknowns in all tables.
    """
    var = {}

    def v(key):
        return var.setdefault(key, len(var))

    eqs = []  # list of (dict var->coef, rhs)

    def term(t, r, c, frame):
        val = frame.iat[r, c]
        m, n = frame.shape
        key = ("row_total", r) if c == n - 1 else (t, r, c)
        if r == m - 1 and c == n - 1:
            key = ("grand",)
        return (None, float(val)) if not pd.isna(val) else (v(key), 0.0)

    for t, f in enumerate(published):
        m, n = f.shape
        lines = [([(r, c) for c in range(n - 1)], (r, n - 1)) for r in range(m)]
        lines += [([(r, c) for r in range(m - 1)], (m - 1, c)) for c in range(n)]
        for parts, tot in lines:
            coef, rhs = {}, 0.0
            for (r, c), sign in [(p, 1.0) for p in parts] + [(tot, -1.0)]:
                idx, val = term(t, r, c, f)
                if idx is None:
                    rhs -= sign * val
                else:
                    coef[idx] = coef.get(idx, 0.0) + sign
            eqs.append((coef, rhs))
    nvar = len(var)
    a = np.zeros((len(eqs), nvar))
    b = np.zeros(len(eqs))
    for i, (coef, rhs) in enumerate(eqs):
        for k, c in coef.items():
            a[i, k] = c
        b[i] = rhs
    out = {}
    for key, k in var.items():
        bounds = []
        for sign in (1, -1):
            obj = np.zeros(nvar)
            obj[k] = sign
            res = linprog(obj, A_eq=a, b_eq=b, bounds=[(0, None)] * nvar, method="highs")
            assert res.status in (0, 3), res.message
            bounds.append(np.inf if res.status == 3 else sign * res.fun)
        out[key] = tuple(bounds)
    return out


def _assert_protected(results, originals, min_cell):
    published = [r.to_frame() for r in results]
    ranges = _attacker_ranges(published)
    for t, (res, orig) in enumerate(zip(results, originals)):
        full = res.counts.to_numpy()
        m, n = full.shape
        for r in range(m):
            for c in range(n):
                if not res.mask.iat[r, c]:
                    continue
                key = ("grand",) if (r, c) == (m - 1, n - 1) else \
                    ("row_total", r) if c == n - 1 else (t, r, c)
                low, high = ranges[key]
                true = full[r, c]
                assert low - 1e-6 <= true <= high + 1e-6
                assert high - low > 1e-6, f"cell {(r, c)} of table {t} is determined exactly"
                if true < min_cell:
                    assert high >= min_cell - 1e-6, f"cell {(r, c)} bounded by {high} < {min_cell}"
        # every disclosive cell is hidden
        disclosive = (full < min_cell)
        assert not (disclosive & ~res.mask.to_numpy()).any()


def test_single_small_cell_gets_three_partners():
    counts = pd.DataFrame({"female": [3, 40, 25], "male": [30, 42, 28]},
                          index=["basra", "kirkuk", "baghdad"])
    res = P.suppress_small_cells(counts, policy=P.DisclosurePolicy(min_cell=10))
    assert res.primary.to_numpy().sum() == 1
    assert res.mask.loc["basra", "female"]
    # a lone hidden cell in a row could be recovered by subtraction: partners are required
    assert res.mask.loc["basra"].iloc[:2].sum() >= 2
    assert res.mask["female"].iloc[:3].sum() >= 2
    _assert_protected([res], [counts], 10)
    frame = res.to_frame()
    assert frame.loc["Total", "Total"] == 168 and pd.isna(frame.loc["basra", "female"])


def test_zero_is_disclosive_unless_policy_says_otherwise():
    counts = pd.DataFrame({"a": [0, 20, 30], "b": [25, 40, 28], "c": [33, 12, 50]})
    res = P.suppress_small_cells(counts, policy=P.DisclosurePolicy())
    assert res.primary.iat[0, 0]
    _assert_protected([res], [counts], 10)
    res2 = P.suppress_small_cells(counts, policy=P.DisclosurePolicy(zeros_disclosive=False))
    assert res2.n_suppressed == 0


def test_small_margin_is_itself_suppressed():
    counts = pd.DataFrame({"a": [2, 20, 30], "b": [3, 40, 28], "c": [1, 12, 50]})
    res = P.suppress_small_cells(counts)
    assert res.mask.iat[0, 3]  # row total 6 < 10
    _assert_protected([res], [counts], 10)


def test_two_tables_sharing_a_margin():
    by_sex = pd.DataFrame({"f": [4, 30, 25, 60], "m": [30, 40, 28, 11]}, index=list("abcd"))
    by_age = pd.DataFrame({"y": [14, 30, 23, 2], "o": [20, 40, 30, 69]}, index=list("abcd"))
    results = P.suppress_linked_tables([by_sex, by_age])
    _assert_protected(results, [by_sex, by_age], 10)
    # protecting each table on its own is not enough in general; the joint audit must hold
    assert results[0].mask.loc["a", "f"] and results[1].mask.loc["d", "y"]


def test_linked_tables_must_count_the_same_people():
    a = pd.DataFrame({"f": [4, 30]}, index=["x", "y"])
    b = pd.DataFrame({"f": [5, 30]}, index=["x", "y"])
    with pytest.raises(InputError, match="row totals"):
        P.suppress_linked_tables([a, b])


def test_rounding_to_base_five_after_suppression():
    counts = pd.DataFrame({"a": [12, 23, 31], "b": [44, 18, 27]})
    res = P.suppress_small_cells(counts, policy=P.DisclosurePolicy(round_to=5))
    frame = res.to_frame()
    assert (frame.to_numpy().astype(int) % 5 == 0).all()
    assert frame.iat[0, 0] == 10 and frame.iat[1, 0] == 25


def test_blanked_table_suggests_merges_and_footnotes_are_bilingual():
    counts = pd.DataFrame({"a": [2, 3, 1, 4], "b": [5, 1, 2, 30], "c": [1, 0, 2, 3]},
                          index=["idp", "host", "returnee", "other"])
    res = P.suppress_small_cells(counts)
    assert res.suggestions
    assert any(s.axis == "rows" for s in res.suggestions)
    _assert_protected([res], [counts], 10)
    assert "[c]" in res.footnote("en") and "10" in res.footnote("en")
    ar = res.footnote("ar")
    assert "حُجبت" in ar and "10" in ar
    assert "[c]" in res.table().to_string()


def test_bad_counts_are_refused():
    with pytest.raises(InputError):
        P.suppress_small_cells(pd.DataFrame({"a": [1.5, 2]}))
    with pytest.raises(InputError):
        P.suppress_small_cells(pd.DataFrame({"a": [-1, 2]}))


@settings(max_examples=25, deadline=None)
@given(
    st.integers(2, 4).flatmap(lambda m: st.integers(2, 4).flatmap(
        lambda n: st.lists(st.lists(st.integers(0, 40), min_size=n, max_size=n),
                           min_size=m, max_size=m)))
)
def test_any_table_passes_the_independent_audit(rows):
    counts = pd.DataFrame(rows)
    res = P.suppress_small_cells(counts, policy=P.DisclosurePolicy(min_cell=10))
    _assert_protected([res], [counts], 10)


@settings(max_examples=10, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30)),
                min_size=2, max_size=4))
def test_linked_tables_pass_the_independent_audit(rows):
    a = pd.DataFrame([(x, y) for x, y, _ in rows])
    # second table: same row totals, different split
    b = pd.DataFrame([(z % (x + y + 1), x + y - z % (x + y + 1)) for x, y, z in rows])
    results = P.suppress_linked_tables([a, b])
    _assert_protected(results, [a, b], 10)


def test_one_way_table_with_total():
    s = pd.Series([3, 40, 25, 12], index=list("abcd"), name="women")
    res = P.suppress_small_cells(s)
    frame = res.to_frame()
    assert list(frame.index) == ["a", "b", "c", "d", "Total"] and frame.loc["Total", "women"] == 80
    assert res.mask["women"].tolist() == [True, False, False, True, False]
    # the reader knows a + d = 15, so a can be anything from 0 to 15 >= 10
    assert res.ranges["high"].min() >= 10 and (res.ranges["low"] < res.ranges["high"]).all()
    assert "المجموع" in res.table("ar").index


def test_policy_helpers_for_percentages_and_small_bases():
    p = P.DisclosurePolicy(min_cell=10, min_n=25)
    assert p.proportion_is_disclosive(5, 100) and p.proportion_is_disclosive(95, 100)
    assert p.proportion_is_disclosive(0, 100) and not p.proportion_is_disclosive(50, 100)
    assert [p.small_base_rule(n) for n in (10, 30, 60)] == ["suppress", "bracket", "show"]
    assert P.DisclosurePolicy.from_study({"min_cell": 5, "zeros_disclosive": False,
                                          "district_maps_for_sgbv": False}).min_cell == 5


@settings(max_examples=15, deadline=None)
@given(st.lists(st.lists(st.integers(0, 25), min_size=3, max_size=3), min_size=2, max_size=3),
       st.integers(3, 12), st.booleans())
def test_audit_holds_for_other_thresholds(rows, min_cell, zeros):
    counts = pd.DataFrame(rows)
    policy = P.DisclosurePolicy(min_cell=min_cell, zeros_disclosive=zeros, round_to=5)
    res = P.suppress_small_cells(counts, policy=policy)
    _assert_protected_policy(res, policy)


def _assert_protected_policy(res, policy):
    ranges = _attacker_ranges([res.counts.astype(float).mask(res.mask)])
    full = res.counts.to_numpy()
    m, n = full.shape
    for r in range(m):
        for c in range(n):
            if res.mask.iat[r, c]:
                key = ("grand",) if (r, c) == (m - 1, n - 1) else \
                    ("row_total", r) if c == n - 1 else (0, r, c)
                low, high = ranges[key]
                assert high - low > 1e-6
                if policy.cell_is_disclosive(full[r, c]):
                    assert high >= policy.min_cell - 1e-6
            else:
                assert not policy.cell_is_disclosive(full[r, c])


def test_footnote_only_when_something_is_hidden_or_rounded():
    big = pd.DataFrame({"a": [12, 30], "b": [11, 40]})
    assert P.suppress_small_cells(big).footnote() == ""
    rounded = P.suppress_small_cells(big, policy=P.DisclosurePolicy(round_to=5))
    assert "5" in rounded.footnote("en") and "5" in rounded.footnote("ar")
