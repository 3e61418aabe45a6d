"""Helpers shared by the notebook, fact-sheet and campaign tests: a built copy of the SYNTHETIC
study, headline numbers recomputed with ``wps.stats`` directly (from the study's plan and
indicators, not through report code), and numbers read back from the ``data-*`` attributes of
published HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
PROVINCES = ("basra", "kirkuk", "baghdad", "salah_ad_din")
_ESTIMATORS = {"prop_select_one": "proportion", "mean": "mean"}


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


def headline_numbers(study_dir, province):
    """``{(indicator, group): (value, ci_low, ci_high, n)}`` of the plan's headline rows in
    ``province``, each recomputed with ``wps.stats`` on the province's rows (by p-code)."""
    import wpsresearch as wps

    study = wps.Study.load(study_dir, check_form=False)
    df = wps.sgbv.add_indicators(study.read_processed(), dict(study.indicators))
    design = wps.stats.SurveyDesign(df, **study.design, policy=study.policy)
    in_province = df["adm1_pcode"] == wps.geo.places.province_pcode(province)
    out = {}
    for row in study.read_plan().headlines():
        mask = in_province & (row.where.mask(df) if row.where is not None else True)
        here = design.subset(mask)
        by = list(row.group_var) or None
        frame = getattr(wps.stats, _ESTIMATORS[row.analysis_type])(here, row.analysis_var, by=by).to_frame()
        if "level" in frame.columns:
            frame = frame[frame["level"].astype(str) == "True"]
        for _, r in frame.iterrows():
            group = " / ".join(str(r[g]) for g in row.group_var) or None
            out[(row.analysis_var, group)] = (r["estimate"], r["ci_low"], r["ci_high"], int(r["n"]))
    return out


library_numbers = headline_numbers


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


def table_captions(html_text) -> list[tuple[str, str]]:
    """``(caption text, start of the table)`` of every ``<table>`` in a page; the caption is
    "" unless it is the table's first child, where HTML puts it (a screen reader announces a
    table by its caption)."""
    from bs4 import BeautifulSoup

    out = []
    for table in BeautifulSoup(html_text, "html.parser").find_all("table"):
        first = next((c for c in table.children if getattr(c, "name", None)), None)
        text = first.get_text(strip=True) if first is not None and first.name == "caption" else ""
        out.append((text, str(table)[:120]))
    return out


def tables_without_caption(html_text) -> list[str]:
    """The start of every ``<table>`` in a page without a non-empty ``<caption>``."""
    return [start for text, start in table_captions(html_text) if not text]


def anchors_read_aloud(html_text) -> tuple[int, list[str]]:
    """``(anchor links, those a screen reader or the Tab key still reaches)`` of nbconvert's
    heading anchors (``a.anchor-link``) in a page."""
    from bs4 import BeautifulSoup

    anchors = BeautifulSoup(html_text, "html.parser").select("a.anchor-link")
    return len(anchors), [str(a) for a in anchors
                          if a.get("aria-hidden") != "true" or a.get("tabindex") != "-1"]
