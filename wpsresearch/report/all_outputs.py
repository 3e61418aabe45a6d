"""Everything ``wpsresearch report <study> --all`` (and the demo) publishes after ``build``:
province reports, fact sheets, the province comparison, campaign images and the analysis
plan's results tables (CSV/XLSX)."""

from __future__ import annotations

import time
from pathlib import Path

__all__ = ["build_all_outputs", "STAGES"]

STAGES = ("reports", "factsheets", "comparison", "campaign", "results")


def build_all_outputs(study_dir, out_root=Path("."), progress=None, *, langs=("en", "ar"),
                      to=("html", "pdf"), timings: dict | None = None, workers=None,
                      notebook=None, gate=None) -> list[tuple[Path, str]]:
    """Province reports (all provinces × ``langs`` × ``to``), fact sheets, the comparison
    report, the campaign figures and the results tables of a built study, each gated before
    it is published.

    Parameters
    ----------
    study_dir : path-like
        A study already built (``wpsresearch build``).
    out_root : path-like
        Receives ``reports/<study>/...`` and ``figures/<study>/...``.
    progress : callable or object with ``.step(text)``, optional
    timings : dict, optional
        Filled with seconds per stage (:data:`STAGES`), for benchmarks.
    workers, notebook, gate : optional
        As :func:`~wpsresearch.report.pipeline.build_reports` (``gate`` for every stage).

    Returns
    -------
    list of (Path, str)
        Every file written with one line on what it is (the demo lists them).
    """
    from wpsresearch.report.campaign import build_campaign_figures
    from wpsresearch.report.comparison import build_comparison
    from wpsresearch.report.factsheet import build_factsheets
    from wpsresearch.report.pipeline import build_reports
    from wpsresearch.report.plan_report import prepare as prepare_analysis
    from wpsresearch.report.results_tables import build_results_tables
    from wpsresearch.privacy.gate import study_identifiers

    shared = {}

    def prepare():  # read the raw export and the analysis data once for the later stages
        if not shared:
            analysis = prepare_analysis(study_dir, check_form=True)
            shared["identifiers"] = study_identifiers(analysis.study)
            shared["prepared"] = analysis
        return shared

    steps = {
        "reports": lambda: build_reports(study_dir, langs=langs, to=to, out_root=out_root,
                                         progress=progress, workers=workers, notebook=notebook,
                                         gate=gate),
        "factsheets": lambda: build_factsheets(study_dir, out_root=out_root, langs=langs, to=to,
                                               progress=progress, gate=gate, **prepare()),
        "comparison": lambda: build_comparison(study_dir, out_root=out_root, langs=langs, to=to,
                                               progress=progress, gate=gate,
                                               identifiers=prepare()["identifiers"]),
        "campaign": lambda: build_campaign_figures(study_dir, out_root=out_root, langs=langs,
                                                   progress=progress, gate=gate, **prepare()),
        "results": lambda: build_results_tables(study_dir, out_root=out_root, progress=progress,
                                                gate=gate, **prepare()),
    }
    from wpsresearch.report.headlines import headline_rows
    from wpsresearch.report.pipeline import _say

    analysis = prepare()["prepared"]  # a bad plan or indicators block stops here, first
    if not headline_rows(analysis.study, analysis.plan, analysis.frame, required=False):
        _say(progress, "the analysis plan marks no headline row: no fact sheets and no campaign "
                       "images (mark the key numbers with headline: yes)")
        steps["factsheets"] = steps["campaign"] = list
    written = []
    for name in STAGES:
        start = time.perf_counter()
        written += steps[name]()
        if timings is not None:
            timings[name] = time.perf_counter() - start
    return written
