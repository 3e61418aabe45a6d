"""A report table made from its columns at once is the table the plain path made (a frame
grown one column at a time), cell for cell and to the dtype, with every other field equal."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.labels import Labels, at_level
from wpsresearch.privacy import DisclosurePolicy
from wpsresearch.stats.report_table import (BASE_MARK, CV_MARK, SUPPRESSED, ReportTable, _by_cells,
                                            _fmt, _footnotes, _missing_total, _RowMarks, _setup,
                                            answer_label, in_brackets, place_names, row_flags,
                                            table_caption)


# -- the plain path, as it was ----------------------------------------------------------------
def _build_plain(est, *, lang, labels, cv_flag, digits) -> ReportTable:
    labels, policy = _setup(lang, labels, est.policy)
    frame = est.frame
    pct = est.kind == "proportion"
    scale = 100.0 if pct else 1.0
    suppress, bracket, hidden = row_flags(est, policy)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = frame["se"].to_numpy() / np.abs(frame["estimate"].to_numpy())
    imprecise = ~suppress & (cv > cv_flag)
    out = pd.DataFrame(index=frame.index)
    codes = {}
    for col in est.by:
        _by_cells(out, col, frame[col].tolist(), lang, labels, codes)
    if frame["variable"].nunique() > 1 or not est.by:
        out[labels.get("stats_variable", lang)] = [labels.get(v, lang) for v in frame["variable"]]
    if "level" in frame.columns:
        variables = frame["variable"].unique()
        names = (place_names(variables[0], frame["level"].tolist(), lang)
                 if len(variables) == 1 else None)
        out[labels.get("stats_level", lang)] = names or [
            answer_label(v, k, lang, labels, policy)
            for v, k in zip(frame["level"], frame.get("n_level", [None] * len(frame)))]
        if names:
            codes[variables[0]] = (labels.get("stats_level", lang), frame["level"].astype(str).tolist())
    values, cis = [], []
    for i in range(len(frame)):
        e, lo, hi = (frame[c].iloc[i] * scale for c in ("estimate", "ci_low", "ci_high"))
        if suppress[i]:
            values.append(SUPPRESSED)
            cis.append("")
            continue
        text = _fmt(e, digits)
        text = in_brackets(text) if bracket[i] else text
        values.append(text + (CV_MARK if imprecise[i] else ""))
        interval = f"{_fmt(lo, digits)} \u2013 {_fmt(hi, digits)}"
        # in Arabic text a "low – high" run is reordered by the bidi algorithm unless isolated
        cis.append(f"\u2066{interval}\u2069" if lang == "ar" else interval)
    out[labels.get("stats_percent" if pct else "estimate", lang)] = values
    out[at_level(labels.get("ci", lang), est.conf_level)] = cis
    n = frame["n"].to_numpy()
    missing = frame["n_missing"].to_numpy()
    shown_n, raised = policy.published_bases(n, missing)
    raised = raised & ~hidden
    out[labels.get("n", lang)] = [SUPPRESSED if h else f"{int(v):,}" + (BASE_MARK if r else "")
                                  for v, h, r in zip(shown_n, hidden, raised)]
    # the missing answers of a raised row are behind its mark, not in the total: a total
    # that counted them would give the small count away again by subtraction
    notes = _footnotes(labels, lang, policy, _RowMarks(suppress, bracket, imprecise, cv_flag),
                       _missing_total(frame, missing, raised, est.by), raised.any())
    variables = frame["variable"].unique()
    title = (labels.get(str(variables[0]), lang) if len(variables) == 1
             else labels.get("stats_caption_estimates", lang))
    return ReportTable(out.reset_index(drop=True), suppress, shown_n, notes, lang, hidden,
                       bracket, codes, table_caption(labels, lang, title, est.by))


# -- the check --------------------------------------------------------------------------------
def _estimates(policy):
    rng = np.random.default_rng(31)
    n = 300
    frame = pd.DataFrame({
        "y": np.where(rng.random(n) < 0.05, np.nan, rng.integers(0, 2, n).astype(float)),
        "adm1_pcode": rng.choice(["IQG02", "IQG09", "IQG13"], n, p=[0.5, 0.45, 0.05]),
        "sex": rng.choice(["female", "male"], n),
        "status": pd.Categorical(rng.choice(["host", "idp", "returnee"], n, p=[0.6, 0.37, 0.03]),
                                 ["host", "idp", "returnee", "stateless"]),
        "typed": pd.array(rng.choice(["yes", "no", "in my own words"], n, p=[0.5, 0.47, 0.03]),
                          dtype="string"),
        "x": rng.normal(10, 3, n), "psu": np.arange(n) // 5, "w": rng.uniform(0.5, 2, n)})
    d = wps.stats.SurveyDesign(frame, ids="psu", weights="w", policy=policy)
    return [wps.stats.proportion(d, "y"), wps.stats.proportion(d, "y", by="adm1_pcode"),
            wps.stats.proportion(d, "y", by=["sex", "adm1_pcode"]),
            wps.stats.proportion(d, "status", by="sex"), wps.stats.proportion(d, "typed"),
            wps.stats.proportion(d, "adm1_pcode"), wps.stats.mean(d, "x", by="status"),
            wps.stats.mean(d, "x"), wps.stats.total(d, "x", by="sex")]


@pytest.mark.parametrize("policy", [None, DisclosurePolicy(round_to=5),
                                    DisclosurePolicy(min_cell=3, min_n=5, zeros_disclosive=False)])
def test_report_table_is_the_plain_paths(policy):
    labels = Labels.default().with_entries({"y": {"en": "Yes share", "ar": "نسبة"}})
    for est in _estimates(policy):
        for lang in ("en", "ar"):
            for kw in (dict(labels=None, cv_flag=0.3, digits=1),
                       dict(labels=labels, cv_flag=0.05, digits=2)):
                got = est.table(lang=lang, **kw)
                want = _build_plain(est, lang=lang, **kw)
                pd.testing.assert_frame_equal(got.frame, want.frame, check_exact=True)
                assert got.frame.dtypes.to_dict() == want.frame.dtypes.to_dict()
                assert got.frame.columns.dtype == want.frame.columns.dtype
                for f in dataclasses.fields(ReportTable):
                    a, b = getattr(got, f.name), getattr(want, f.name)
                    if isinstance(a, pd.DataFrame):
                        continue
                    if isinstance(a, np.ndarray):
                        np.testing.assert_array_equal(a, b)
                    else:
                        assert a == b, f.name
                assert got._repr_html_() == want._repr_html_()
