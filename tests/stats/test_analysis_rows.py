"""The result rows of a plan row made column by column into one frame are the rows the plain
path made (a frame grown one column at a time), to the dtype, on every kind of plan row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.io.analysis_plan import AnalysisPlan, PlanRow
from wpsresearch.io.plan_where import parse_where
from wpsresearch.stats import analysis
from wpsresearch.stats.analysis import (RESULT_COLUMNS, _PAIR, _base_record, _groups, _key,
                                        _shown_answers, _value_text, _weight_sums)


# -- the plain path, as it was --------------------------------------------------------------
def _result_rows_plain(est, design, row, valid, texts, *, binary, value=None, choices=None) -> pd.DataFrame:
    """analysistools' rows for one estimate, suppressed as its report table is."""
    from wpsresearch.stats.analysis_tables import disclosure_flags

    frame = est.to_frame().reset_index(drop=True)
    by = list(row.group_var)
    out = pd.DataFrame([_base_record(row, texts)] * len(frame))
    out["analysis_var_value"] = _value_text(est, frame, row, binary, value)
    if row.analysis_type == "prop_select_one" and not binary and "n_level" in frame.columns:
        out["analysis_var_value"] = _shown_answers(out["analysis_var_value"], frame["n_level"],
                                                   est.policy, choices)
    groups = _groups(frame, by)
    out["group_var_value"] = [_PAIR.join(v for _, v in g) if g else pd.NA for g in groups]
    out["stat"], out["stat_low"], out["stat_upp"] = (frame[c].to_numpy(dtype=float)
                                                     for c in ("estimate", "ci_low", "ci_high"))
    out["se"] = frame["se"].to_numpy(dtype=float)
    out["df"] = np.broadcast_to(np.asarray(est.df, dtype=float), (len(frame),))
    n_total = frame["n"].to_numpy()
    out["n_total"] = n_total
    out["n"] = frame["n_level"].to_numpy() if "n_level" in frame.columns else n_total
    out["n_w_total"] = _weight_sums(design, valid, by, frame)
    share = out["stat"].to_numpy() if row.analysis_type.startswith("prop") else 1.0
    out["n_w"] = out["n_w_total"].to_numpy() * share
    out["n_missing"] = frame["n_missing"].to_numpy()
    # the keys of the values as printed: a typed answer that may not be shown is not in its key
    # either (covariance() matches the printed rows only)
    out["analysis_key"] = [_key(row, v, g) for v, g in zip(out["analysis_var_value"], groups)]
    suppressed, reasons, hidden = disclosure_flags(est)
    out = _publishable_plain(out, suppressed, reasons, hidden, est.policy)
    if row.analysis_type == "prop_select_one" and not binary and "n_level" in frame.columns:
        # analysistools lists the answers given in each group (srvyr groups by the answer):
        # an answer nobody in the group gave has no row
        out = out[frame["n_level"].to_numpy() > 0].reset_index(drop=True)
    return out




def _publishable_plain(out, suppressed, reasons, hidden, policy) -> pd.DataFrame:
    """No number of a suppressed estimate, no disclosive count, counts rounded as published."""
    from wpsresearch.privacy import DisclosurePolicy
    from wpsresearch.stats.report_table import published_counts

    policy = policy or DisclosurePolicy()
    out["suppressed"] = suppressed
    out["suppression_reason"] = reasons
    for c in ("stat", "stat_low", "stat_upp", "se", "n_w"):
        out.loc[suppressed, c] = np.nan
    out.loc[hidden, "n_w_total"] = np.nan
    # a base is published by the one rule for bases: where fewer than min_cell of the group
    # gave no answer (their count is blanked) the base is the group's respondents, or the
    # group's size, published elsewhere, would give that small count away by subtraction
    bases, _ = policy.published_bases(out["n_total"].to_numpy(dtype=int),
                                      out["n_missing"].to_numpy(dtype=float))
    for c, blank in (("n", suppressed), ("n_total", hidden),
                     ("n_missing", [policy.cell_is_disclosive(int(v)) and v > 0
                                    for v in out["n_missing"]])):
        counts = pd.array(bases if c == "n_total" else published_counts(out[c].to_numpy(dtype=int), policy),
                          dtype="Int64")
        counts[np.asarray(blank, dtype=bool)] = pd.NA
        out[c] = counts
    return out[RESULT_COLUMNS]


# -- the check --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def design():
    rng = np.random.default_rng(23)
    n = 500
    frame = pd.DataFrame({
        "cluster": np.repeat(np.arange(50), 10), "layer": np.repeat(["a", "b"], 250),
        "w": rng.uniform(0.5, 3.0, n), "gender": rng.choice(["f", "m"], n),
        "region": rng.choice(["north", "south", "east"], n, p=[0.48, 0.48, 0.04]),
        "trust": pd.Categorical(rng.choice(["high", "low", "dont_know"], n, p=[0.5, 0.45, 0.05]),
                                categories=["high", "low", "dont_know", "never"]),
        "typed": pd.array(rng.choice(["high", "low", "my own words", "other words", None], n,
                                     p=[0.45, 0.45, 0.02, 0.04, 0.04]), dtype="string"),
        "aware": pd.array(rng.choice([True, False, None], n, p=[0.6, 0.37, 0.03]), dtype="boolean"),
        "score": np.where(rng.random(n) < 0.05, np.nan, rng.normal(10, 2, n)),
        "spent": rng.integers(0, 5, n).astype(float),
        "earned": np.where(rng.random(n) < 0.1, np.nan, rng.integers(0, 9, n)),
        "rare": pd.array(np.r_[[True] * 4, [False] * (n - 4)], dtype="boolean"),
    })
    for opt in ("family", "police", "none"):
        frame[f"source__{opt}"] = pd.array(rng.random(n) < (0.3 if opt != "none" else 0.01),
                                           dtype="boolean")
    return wps.stats.SurveyDesign(frame, ids="cluster", strata="layer", weights="w")


@pytest.fixture(scope="module")
def form(tmp_path_factory, write_form):
    head = ["type", "name", "label::English (en)", "label::Arabic (ar)"]
    path = write_form(tmp_path_factory.mktemp("form") / "form.xlsx", [
        head, ("select_one t", "trust", "Trust?", "ثقة؟"), ("select_one t", "typed", "Typed", "مكتوب"),
        ("select_multiple s", "source", "Where?", "أين؟"),
    ], [
        ["list_name", *head[1:]], ("t", "high", "A lot", "كثيراً"), ("t", "low", "Not much", "قليلاً"),
        ("t", "dont_know", "Don't know", "لا أعرف"), ("s", "family", "Family", "الأسرة"),
        ("s", "police", "Police", "الشرطة"), ("s", "none", "No one", "لا أحد"),
    ])
    return wps.io.read_xlsform(path)


def _rows():
    r = lambda n, kind, var, group=(), **kw: PlanRow(n, kind, var, tuple(group), **kw)  # noqa: E731
    return (r(2, "mean", "score", ["gender"]), r(3, "median", "score"),
            r(4, "total", "spent", ["region"]), r(5, "prop_select_one", "trust", ["gender"]),
            r(6, "quantile", "score", probs=(0.25, 0.75)),
            r(7, "ratio", None, numerator="earned", denominator="spent"),
            r(8, "prop_select_one", "aware", ["region", "gender"], section="s", headline=True),
            r(9, "prop_select_one", "typed", ["region"]), r(10, "prop_select_one", "rare"),
            r(11, "prop_select_multiple", "source", ["gender"], sdg="5.2", nap_pillar="P"),
            r(12, "mean", "score", where=parse_where("score > 15.2")),
            r(13, "mean", "score", ["gender", "region"]), r(14, "prop_select_one", "trust"),
            r(15, "prop_select_one", "typed", where=parse_where("region == 'east'")))


@pytest.mark.parametrize("policy", [None, wps.privacy.DisclosurePolicy(round_to=5),
                                    wps.privacy.DisclosurePolicy(min_cell=3, min_n=5,
                                                                 zeros_disclosive=False)])
def test_result_rows_are_the_plain_paths(design, form, policy, monkeypatch):
    if policy is not None:
        design = wps.stats.SurveyDesign(design.data, ids="cluster", strata="layer", weights="w",
                                        policy=policy)
    plan = AnalysisPlan(_rows())
    fast = wps.stats.analyse(design, plan, codebook=form)
    monkeypatch.setattr(analysis, "_result_rows", _result_rows_plain)
    plain = wps.stats.analyse(design, plan, codebook=form)
    for row in plan:
        got, want = fast[row.row].frame, plain[row.row].frame
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        assert got.dtypes.to_dict() == want.dtypes.to_dict()
    whole = fast.to_frame()
    assert whole["suppressed"].any() and not whole["suppressed"].all()
    hidden = whole["analysis_var_value"].astype(str).str.startswith("[answer not shown")
    assert hidden.any() == (design.policy.min_cell == 10)  # typed answers of fewer than 10
