"""Results frames with exactly the contract's columns (docs: _briefs contract), made from real
design-based estimates on synthetic samples: by hand (:func:`contract_frame`, so the store's
own checks are tested apart from the analysis stage) and by ``wps.stats.analyse`` on the same
indicators (:func:`analysed`, with the covariances a group contrast needs)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import wpsresearch as wps
from wpsresearch.monitor.store import RESULT_COLUMNS

# Indicators the synthetic study's truth.json states (derive_headline's definitions).
SPECS = [
    dict(type="prop_select_one", var="ipv_any_12m", value="1", plan_row=2, nap="protection", sdg="5.2.1",
         label_en="Women subjected to partner violence, past 12 months", label_ar="النساء اللواتي تعرضن لعنف الشريك",
         headline=True),
    dict(type="prop_select_one", var="ipv_physical_12m", value="1", plan_row=3, nap="protection", sdg="5.2.1",
         label_en="Physical partner violence, past 12 months", label_ar="عنف الشريك الجسدي", headline=False),
    dict(type="prop_select_one", var="reported_formal", value="1", plan_row=4, nap="protection", sdg="16.3.1",
         label_en="Sought help from police, FPD or court", label_ar="طلب المساعدة من الشرطة أو المحكمة",
         headline=True),
    dict(type="mean", var="trust_police_index", value="", plan_row=5, nap="prevention", sdg=None,
         label_en="Trust in the police (0-3)", label_ar="الثقة في الشرطة (0-3)", headline=True),
]


def sample_design(frame):
    h = wps.datasets.derive_headline(frame)
    data = frame.join(h[[c for c in h.columns if c not in frame.columns]])
    return wps.stats.SurveyDesign(data, ids="psu", strata="stratum", weights="weight")


def _key(atype, var, value, gvar, gval):
    return f"{atype} @/@ {var} %/% {value or 'NA'} @/@ {gvar or 'NA'} %/% {gval or 'NA'}"


def contract_frame(design, specs=SPECS, *, policy=None, groups=(None, "province")):
    """One contract row per (spec, group value), suppressed by the policy's rules."""
    policy = policy or wps.privacy.DisclosurePolicy()
    rows = []
    for spec in specs:
        for group in groups:
            by = {"by": group} if group else {}
            if spec["type"] == "mean":
                est = wps.stats.mean(design, spec["var"], **by)
                f = est.frame.copy()
                f["n_level"] = f["n"]
            else:
                est = wps.stats.proportion(design, spec["var"], **by)
                f = est.frame
                f = f[f["level"].astype(str) == spec["value"]].copy()
            dfs = np.broadcast_to(np.asarray(est.df, dtype=float), (len(est.frame),))
            f["df_"] = dfs[: len(f)] if np.ndim(est.df) == 0 else dfs[f.index]
            for _, r in f.iterrows():
                gval = str(r[group]) if group else ""
                n, base = int(r["n_level"]), int(r["n"])
                if policy.small_base_rule(base) == "suppress":
                    reason = "base below min_n"
                elif spec["type"] != "mean" and policy.proportion_is_disclosive(n, base):
                    reason = "numerator or complement below min_cell"
                else:
                    reason = ""
                hide = bool(reason)
                rows.append({
                    "analysis_type": spec["type"], "analysis_var": spec["var"],
                    "analysis_var_value": spec["value"] or np.nan, "group_var": group or np.nan,
                    "group_var_value": gval or np.nan,
                    "stat": np.nan if hide else r["estimate"], "stat_low": np.nan if hide else r["ci_low"],
                    "stat_upp": np.nan if hide else r["ci_high"], "n": n, "n_total": base,
                    "n_w": np.nan, "n_w_total": np.nan,
                    "analysis_key": _key(spec["type"], spec["var"], spec["value"], group, gval),
                    "se": np.nan if hide else r["se"], "df": float(r["df_"]), "level": 0.95,
                    "n_missing": int(r["n_missing"]), "suppressed": hide,
                    "suppression_reason": reason or np.nan, "plan_row": spec["plan_row"],
                    "section": spec["nap"], "label_en": spec["label_en"], "label_ar": spec["label_ar"],
                    "nap_pillar": spec["nap"], "sdg": spec["sdg"], "headline": spec["headline"],
                })
    out = pd.DataFrame(rows)
    assert list(out.columns) == RESULT_COLUMNS
    return out


def analysed(design, specs=SPECS, *, groups=(None, "province")):
    """``wps.stats.analyse`` of the same indicators as :func:`contract_frame` (one plan row per
    spec and grouping): ``AnalysisResults``, which carry each grouped estimate's covariance."""
    from types import MappingProxyType

    from wpsresearch.io.analysis_plan import AnalysisPlan, PlanRow

    rows = []
    for spec in specs:
        for group in groups:
            rows.append(PlanRow(
                len(rows) + 2, spec["type"], spec["var"], (group,) if group else (),
                labels=MappingProxyType({"en": spec["label_en"], "ar": spec["label_ar"]}),
                section=spec["nap"], headline=spec["headline"], nap_pillar=spec["nap"], sdg=spec["sdg"]))
    return wps.stats.analyse(design, AnalysisPlan(tuple(rows)))
