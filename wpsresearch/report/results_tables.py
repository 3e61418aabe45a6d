"""The analysis plan's results table, published as CSV and XLSX next to the reports.

``reports/<study>/analysis_results.{csv,xlsx}`` holds the whole sample,
``reports/<study>/<province>/analysis_results.{csv,xlsx}`` each province: the columns of
:meth:`wpsresearch.stats.AnalysisResults.to_frame` (analysistools' results table first), so a
partner can open them in Excel or feed them to analysistools' review and presentation tools.
They pass the disclosure gate like every other output: suppressed estimates have no number,
and a count the gate could not tell from a small unweighted count (a weighted count, a
number of missing answers) is left empty when it is below ``min_cell``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from wpsresearch.io.paths import ensure_writable

__all__ = ["build_results_tables", "publishable_results", "write_results"]

RESULTS_STEM = "analysis_results"
COUNT_COLUMNS = ("n", "n_total", "n_w", "n_w_total", "n_missing")


def publishable_results(frame, policy):
    """The results frame as it may be published: every disclosive count left empty."""
    import numpy as np
    import pandas as pd

    out = frame.copy()
    for column in COUNT_COLUMNS:
        values = pd.to_numeric(out[column], errors="coerce").astype(float).to_numpy()
        bad = np.array([v == v and policy.cell_is_disclosive(v) for v in values], dtype=bool)
        out[column] = out[column].astype(object).where(~bad, None)
    return out


def write_results(frame, stem: Path) -> list[Path]:
    """``<stem>.csv`` (UTF-8 with BOM, for Excel on Arabic Windows) and ``<stem>.xlsx``."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from wpsresearch.io.deterministic import freeze_zip_timestamps

    csv_path = ensure_writable(stem.with_suffix(".csv"))
    frame.to_csv(csv_path, index=False, encoding="utf-8-sig", lineterminator="\n")
    xlsx_path = ensure_writable(stem.with_suffix(".xlsx"))
    wb = Workbook()
    ws = wb.active
    ws.title = "results"
    ws.append([str(c) for c in frame.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        ws.append([None if _missing(v) else (v.item() if hasattr(v, "item") else v) for v in row])
    ws.freeze_panes = "A2"
    wb.properties.created = wb.properties.modified = dt.datetime(2000, 1, 1)
    wb.properties.creator = "wpsresearch"
    wb.save(xlsx_path)
    freeze_zip_timestamps(xlsx_path)
    return [csv_path, xlsx_path]


def _missing(value) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def build_results_tables(study_dir, *, out_root=Path("."), provinces=None, prepared=None,
                         gate=None, identifiers=None, progress=None,
                         publication=None) -> list[tuple[Path, str]]:
    """Analyse the plan for the whole sample and for each province; gate; publish CSV + XLSX.

    ``prepared`` / ``identifiers`` / ``publication``: as
    :func:`~wpsresearch.report.factsheet.build_factsheets` (a publication shares each
    province's results with the fact sheets and campaign images).

    Returns
    -------
    list of (Path, str)
    """
    from wpsresearch.report.publication import Publication

    pub = publication or Publication.of(study_dir, out_root=out_root, gate=gate,
                                        progress=progress, prepared=prepared,
                                        identifiers=identifiers)
    study = pub.study
    root = ensure_writable(pub.out_root / "reports" / study.name)
    root.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".staging-results-", dir=root))
    try:
        pub.say("results tables: analysing the plan for the whole sample and each province")
        staged = []
        for where in ["", *(provinces or study.provinces)]:
            results = pub.results(where or None)
            frame = publishable_results(results.to_frame(), study.policy)
            folder = stage / where if where else stage
            folder.mkdir(parents=True, exist_ok=True)
            staged += write_results(frame, folder / RESULTS_STEM)
        pub.gate_staged(staged, stage)
        written = []
        for path in staged:
            dest = ensure_writable(root / path.relative_to(stage))
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), str(dest))
            where = dest.parent.name if dest.parent != root else "whole sample"
            written.append((dest, f"analysis results table, {where} ({dest.suffix[1:].upper()})"))
        return written
    finally:
        shutil.rmtree(stage, ignore_errors=True)
