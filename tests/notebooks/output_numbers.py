"""Helpers shared by the notebook, fact-sheet and campaign tests: a built copy of the SYNTHETIC
study, headline numbers recomputed with ``wps.stats`` directly, and numbers read back from
the ``data-*`` attributes of published HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
PROVINCES = ("basra", "kirkuk", "baghdad", "salah_ad_din")


def make_built_study(tmp_path_factory):
    from wpsresearch.pipeline.build import build_study

    project = tmp_path_factory.mktemp("project")
    raw = project / "data" / "raw" / "synthetic"
    source = REPO / "data" / "raw" / "synthetic"
    if (source / "study.yml").is_file():
        shutil.copytree(source, raw)
    else:
        from wpsresearch.datasets import write_synthetic_study

        write_synthetic_study(raw, n=2000)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WPSRESEARCH_SECRET_SYNTHETIC", "test-only-secret-0123456789abcdefghij")
        mp.setenv("HOME", str(project))
        build_study(raw)
    return project, raw


def library_numbers(study_dir, province):
    """Every headline number recomputed with wps.stats directly (not through report code)."""
    import wpsresearch as wps
    from wpsresearch.study import Study

    study = Study.load(study_dir, check_form=False)
    df = study.read_processed()
    df = df.join([wps.sgbv.ipv_indicators(df, refused="no"), wps.sgbv.help_seeking_pathways(df)])
    df["trust_police_index"] = wps.sgbv.trust_police_index(df).scores
    df["harass_public_yes"] = _yes(df["harass_public_12m"], "yes")
    df["unsafe_night"] = _yes(df["safe_night"], "unsafe", "very_unsafe")
    df["heard_1325_yes"] = _yes(df["heard_1325"], "yes")
    here = wps.stats.SurveyDesign(df, **study.design, policy=study.policy).subset(
        df["governorate"] == province)
    out = {}
    for name, estimator, group in [
        ("ipv_any_12m", "proportion", None), ("reported_formal", "proportion", None),
        ("help_none", "proportion", None), ("heard_1325_yes", "proportion", None),
        ("harass_public_yes", "proportion", "female"), ("harass_public_yes", "proportion", "male"),
        ("unsafe_night", "proportion", "female"), ("trust_police_index", "mean", "female"),
    ]:
        frame = getattr(wps.stats, estimator)(here, name, by="sex" if group else None).to_frame()
        if "level" in frame.columns:
            frame = frame[frame["level"].astype(str) == "True"]
        if group:
            frame = frame[frame["sex"].astype(str) == group]
        assert len(frame) == 1
        row = frame.iloc[0]
        out[(name, group)] = (row["estimate"], row["ci_low"], row["ci_high"], int(row["n"]))
    return out


def _yes(answer, *yes):
    import pandas as pd

    text = answer.astype("string")
    value = text.isin(list(yes)).astype("boolean")
    value[text.isna() | text.isin(["dont_know", "refused", "98", "99"])] = pd.NA
    return value


def read_numbers(html_text):
    """``{(indicator, group): (value, ci_low, ci_high, n)}`` from data-* attributes."""
    import re

    found = {}
    for tag in re.findall(r"<(?:li|div)[^>]*data-indicator=[^>]*>", html_text):
        attrs = dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', tag))
        if attrs.get("data-suppressed") == "true":
            continue
        key = (attrs["data-indicator"], attrs.get("data-group"))
        found[key] = (float(attrs["data-value"]), float(attrs["data-ci-low"]),
                      float(attrs["data-ci-high"]), int(attrs["data-n"]))
    return found


def headline_numbers(study_dir, province):
    """``library_numbers`` plus any headline the study declares beyond them, each
    recomputed with ``wps.stats`` directly on the province's rows (selected by p-code)."""
    import wpsresearch as wps
    from wpsresearch.report.headlines import headline_specs

    out = library_numbers(study_dir, province)
    study = wps.Study.load(study_dir, check_form=False)
    df = wps.report.add_indicators(study.read_processed())
    here = wps.stats.SurveyDesign(df, **study.design, policy=study.policy).subset(
        df["adm1_pcode"] == wps.geo.places.province_pcode(province))
    for spec in headline_specs(study):
        group = next(iter((spec.where or {}).values()), None)
        if (spec.indicator, group) in out:
            continue
        est = wps.stats.proportion if spec.estimator != "mean" else wps.stats.mean
        frame = est(here, spec.indicator, by=spec.by).to_frame()
        if "level" in frame.columns:
            frame = frame[frame["level"].astype(str) == "True"]
        for col, value in (spec.where or {}).items():
            frame = frame[frame[col].astype(str) == str(value)]
        row = frame.iloc[0]
        out[(spec.indicator, group)] = (row["estimate"], row["ci_low"], row["ci_high"], int(row["n"]))
    return out
