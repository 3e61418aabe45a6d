"""Everything ``wpsresearch report <study> --all`` (and the demo) publishes after ``build``:
province reports, fact sheets, the province comparison, campaign images and the analysis
plan's results tables (CSV/XLSX).

The notebooks (one per province, and the comparison) run in kernels of their own
(:class:`~wpsresearch.report.notebook_runner.NotebookRunner`) while this process builds the
fact sheets, campaign images and results tables; each report is exported, gated and published
as soon as its notebook has run.  The study's analysis data, plan and the identifiers the gate
looks for are read once, for every stage.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from pathlib import Path

__all__ = ["build_all_outputs", "STAGES"]

STAGES = ("reports", "factsheets", "comparison", "campaign", "results")


class _Clock:
    """Seconds this process spends on each stage (stages overlap with the notebooks), wall
    and CPU (the CPU seconds under ``timings["cpu"]``)."""

    def __init__(self, timings: dict | None):
        self.timings = timings

    @contextlib.contextmanager
    def __call__(self, stage: str):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            if self.timings is not None:
                self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start
                used = self.timings.setdefault("cpu", {})
                used[stage] = used.get(stage, 0.0) + time.process_time() - cpu

    def wrap(self, stage: str, func):
        def timed():
            with self(stage):
                return func()
        return timed


def build_all_outputs(study_dir, out_root=Path("."), progress=None, *, langs=("en", "ar"),
                      to=("html", "pdf"), timings: dict | None = None, workers=None,
                      notebook=None, gate=None, runner=None) -> list[tuple[Path, str]]:
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
        Filled with the seconds this process spent per stage (:data:`STAGES`, plus
        ``prepare`` and ``waiting`` for the notebooks), for benchmarks.
    workers : int, optional
        Notebooks run at the same time (default: one fewer than the cores, at least 1:
        :func:`~wpsresearch.report.notebook_runner.kernels_beside_this_process`).
    notebook, gate : optional
        As :func:`~wpsresearch.report.pipeline.build_reports` (``gate`` for every stage).
    runner : NotebookRunner, optional
        Kernels already started (the demo starts them while the study is built); left running.

    Returns
    -------
    list of (Path, str)
        Every file written with one line on what it is (the demo lists them).
    """
    from wpsresearch.report.notebook_runner import NotebookRunner, kernels_beside_this_process
    from wpsresearch.report.publication import PublishOptions
    from wpsresearch.study import Study

    clock = _Clock(timings)
    own = runner is None
    if own:
        count = len(Study.load(study_dir, check_form=False).provinces) + 1
        runner = NotebookRunner(max(1, min(workers, count)) if workers else kernels_beside_this_process(count))
    try:
        return _run(runner, study_dir, clock, notebook,
                    PublishOptions(out_root, tuple(langs), tuple(to), gate, progress))
    finally:
        if own:
            runner.close()


def _run(runner, study_dir, clock, notebook, options) -> list:
    from wpsresearch.report.campaign import build_campaign_figures
    from wpsresearch.report.comparison import start_comparison
    from wpsresearch.report.factsheet import build_factsheets
    from wpsresearch.report.headlines import headline_rows
    from wpsresearch.report.notebook_runner import PendingNotebooks
    from wpsresearch.report.pipeline import _say, lazy_identifiers, start_reports
    from wpsresearch.report.plan_report import prepare as prepare_analysis
    from wpsresearch.report.publication import Publication
    from wpsresearch.report.results_tables import build_results_tables
    from wpsresearch.study import Study

    # the gate's identifiers are read from the raw export once, while the notebooks run
    identifiers = lazy_identifiers(Study.load(study_dir, check_form=False))
    options = dataclasses.replace(options, identifiers=identifiers)
    progress = options.progress
    pending = PendingNotebooks()
    try:
        # the notebooks first, so the kernels work while this process does the rest; the
        # comparison first of all: it reads every province, the longest notebook
        with clock("comparison"):
            comparison = start_comparison(runner, study_dir, options)
        with clock("reports"):
            reports = start_reports(runner, study_dir, options, notebook=notebook,
                                    plan_checked=True)
        comparison.wrap_finish(lambda finish: clock.wrap("comparison", finish))
        reports.wrap_finish(lambda finish: clock.wrap("reports", finish))
        pending.extend(comparison)
        pending.extend(reports)
        with clock("prepare"):
            # a bad plan or indicators block stops here, named (study.yml, the plan's row)
            analysis = prepare_analysis(study_dir, check_form=True)
        # one context for this process's stages: each province's estimates computed once
        pub = Publication(analysis, Path(options.out_root).resolve(), identifiers(),
                          options.langs, options.to, options.gate, progress)
        jobs = [("factsheets", lambda: build_factsheets(study_dir, publication=pub)),
                ("campaign", lambda: build_campaign_figures(study_dir, publication=pub)),
                ("results", lambda: build_results_tables(study_dir, publication=pub))]
        if not headline_rows(analysis.study, analysis.plan, analysis.frame, required=False):
            _say(progress, "the analysis plan marks no headline row: no fact sheets and no "
                           "campaign images (mark the key numbers with headline: yes)")
            jobs = jobs[2:]
        written = []
        for stage, job in jobs:  # this process's own work, while the kernels run notebooks
            with clock(stage):
                written += job()
            written += pending.finish_ready()
        while len(pending):
            with clock("waiting"):
                pending.wait_any()
            written += pending.finish_ready()
        return written
    except BaseException:
        pending.abort()
        raise
