"""Everything the demo publishes after ``build``: reports, fact sheets, comparison, campaign images."""

from __future__ import annotations

import time
from pathlib import Path

__all__ = ["build_all_outputs", "STAGES"]

STAGES = ("reports", "factsheets", "comparison", "campaign")


def build_all_outputs(study_dir, out_root=Path("."), progress=None, *, langs=("en", "ar"),
                      to=("html", "pdf"), timings: dict | None = None) -> list[tuple[Path, str]]:
    """Province reports (all provinces × ``langs`` × ``to``), fact sheets, the comparison
    report and the campaign figures of a built study, each gated before it is published.

    Parameters
    ----------
    study_dir : path-like
        A study already built (``wpsresearch build``).
    out_root : path-like
        Receives ``reports/<study>/...`` and ``figures/<study>/...``.
    progress : callable or object with ``.step(text)``, optional
    timings : dict, optional
        Filled with seconds per stage (:data:`STAGES`), for benchmarks.

    Returns
    -------
    list of (Path, str)
        Every file written with one line on what it is (the demo lists them).
    """
    from wpsresearch.report.campaign import build_campaign_figures
    from wpsresearch.report.comparison import build_comparison
    from wpsresearch.report.factsheet import build_factsheets
    from wpsresearch.report.headlines import province_design
    from wpsresearch.report.pipeline import build_reports
    from wpsresearch.privacy.gate import study_identifiers
    from wpsresearch.study import Study

    shared = {}

    def prepare():  # read the raw export and the processed table once for three stages
        if not shared:
            study = Study.load(study_dir, check_form=False)
            shared["identifiers"] = study_identifiers(study)
            shared["prepared"] = province_design(study)
        return shared

    steps = {
        "reports": lambda: build_reports(study_dir, langs=langs, to=to, out_root=out_root,
                                         progress=progress),
        "factsheets": lambda: build_factsheets(study_dir, out_root=out_root, langs=langs, to=to,
                                               progress=progress, **prepare()),
        "comparison": lambda: build_comparison(study_dir, out_root=out_root, langs=langs, to=to,
                                               progress=progress,
                                               identifiers=prepare()["identifiers"]),
        "campaign": lambda: build_campaign_figures(study_dir, out_root=out_root, langs=langs,
                                                   progress=progress, **prepare()),
    }
    written = []
    for name in STAGES:
        start = time.perf_counter()
        written += steps[name]()
        if timings is not None:
            timings[name] = time.perf_counter() - start
    return written
