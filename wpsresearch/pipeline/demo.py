"""``wpsresearch demo``: the whole chain on the bundled SYNTHETIC study.

Generate the synthetic study if it is missing, build it (raw → processed), then write every
province's report in both languages (HTML + PDF), the fact sheets, the province comparison
and the campaign figures.  Every file written is listed, with one line on what it is, in
``reports/<study>/manifest.json``; the command itself ends with a short summary a person reads
(:func:`demo_summary`: reports and fact sheets first, one line per province).
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["run_demo", "demo_summary", "write_demo_manifest"]


def _synthesise_if_needed(study_dir: Path, progress, regenerate: bool) -> list:
    if (study_dir / "study.yml").is_file() and not regenerate:
        progress.step(f"using the bundled SYNTHETIC study in {study_dir}")
        return []
    from wpsresearch.datasets import write_synthetic_study

    progress.step(f"generating the SYNTHETIC study into {study_dir}")
    return write_synthetic_study(study_dir, progress=progress.bar)


def run_demo(study_dir: Path, *, out_root: Path = Path("."), progress, regenerate=False,
             timings: dict | None = None) -> list:
    """Run every available stage on ``study_dir``; return ``[(path, description), ...]``
    (also written to ``reports/<study>/manifest.json``).

    ``timings``: filled with seconds per stage (``build`` and those of
    :func:`~wpsresearch.report.build_all_outputs`), for ``benchmarks/bench_reports.py``.
    """
    import time

    from wpsresearch.pipeline.build import build_study
    from wpsresearch.pipeline.later_rounds import LaterRounds
    from wpsresearch.pipeline.monitoring import monitor_rounds
    from wpsresearch.report import build_all_outputs
    from wpsresearch.report.notebook_runner import NotebookRunner, kernels_beside_this_process
    from wpsresearch.study import Study

    _check_same_project(Path(study_dir), Path(out_root))  # before anything is written
    written = list(_synthesise_if_needed(Path(study_dir), progress, regenerate))
    study = Study.load(study_dir)
    progress.step(f"study.yml valid: {study.title_in('en')}")
    processed = Path(out_root) / "data" / "processed" / study.name
    # the later rounds are generated and built in a second process, and the report kernels
    # start (and import the library) while round 1 is built
    kernels = kernels_beside_this_process(len(study.provinces) + 1)  # each province, the comparison
    with LaterRounds(study_dir, Path(out_root), regenerate=regenerate) as later, NotebookRunner(kernels) as runner:
        start, cpu = time.perf_counter(), time.process_time()
        written += build_study(study_dir, out=processed, progress=progress.step)
        # round 1 is ready: the second process publishes every round and writes the
        # scorecard once its own rounds are built, while this one makes the reports
        later.first_round_built(study)
        if timings is not None:
            timings["build"] = time.perf_counter() - start
            timings.setdefault("cpu", {})["build"] = time.process_time() - cpu
        # reports for every province and language, fact sheets, the comparison, campaign figures
        written += build_all_outputs(study_dir, Path(out_root), progress.step, runner=runner,
                                     timings=timings)
        runner.close()  # the kernels' cores are free for what is left
        # every round in data/indicators.duckdb, the NAP 1325 scorecard
        start, cpu = time.perf_counter(), time.process_time()
        written += monitor_rounds(study_dir, out_root=Path(out_root), progress=progress,
                                  regenerate=regenerate, later=later)
        if timings is not None:
            timings["monitor"] = time.perf_counter() - start
            timings.setdefault("cpu", {})["monitor"] = time.process_time() - cpu
    manifest = write_demo_manifest(written, Path(out_root), study.name)
    return [*written, (manifest, "every file this demo wrote, with one line each")]


def _check_same_project(study_dir: Path, out_root: Path) -> None:
    """Refuse a demo whose reports would read other processed data than the build writes.

    The build writes ``<out>/data/processed/<name>``; the notebooks, fact sheets and the
    monitor read the study's own ``data/processed`` (beside its ``data/raw``).  When the two
    differ the reports would silently show an older build (or fail), so the demo stops before
    it writes anything (the synthetic study included).
    """
    from wpsresearch.errors import InputError
    from wpsresearch.io.processed import processed_folder

    read_from = processed_folder(study_dir, "_").parent
    if read_from.resolve() == (out_root / "data" / "processed").resolve():
        return
    raise InputError(f"the study {study_dir} is not in the project --out {out_root}: the build "
                     f"would write under {out_root / 'data' / 'processed'}, but the reports read "
                     f"{read_from}",
                     file=study_dir / "study.yml",
                     hint=f"leave out --study (the synthetic study is then made in "
                          f"{out_root / 'data' / 'raw' / 'synthetic'}), or put the study in "
                          f"{out_root / 'data' / 'raw'}, or give --out {read_from.parent.parent}")


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def write_demo_manifest(written, out_root: Path, study_name: str) -> Path:
    """``reports/<study>/manifest.json``: every file written, path relative to ``out_root``."""
    from wpsresearch.io.paths import ensure_writable

    path = ensure_writable(Path(out_root) / "reports" / study_name / "manifest.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{"path": _relative(p, Path(out_root)), "what": what} for p, what in written]
    rows.sort(key=lambda r: r["path"])
    path.write_text(json.dumps({"study": study_name, "files": rows}, ensure_ascii=False, indent=1)
                    + "\n", encoding="utf-8")
    return path


def demo_summary(written, out_root: Path = Path(".")) -> list[str]:
    """A few lines a person reads: per province its reports and fact sheets, then the
    comparison, the data, the campaign images and where the full list is.

    Examples
    --------
    >>> from pathlib import Path
    >>> rows = [(Path("reports/s/basra/en/report.html"), ""), (Path("reports/s/basra/en/report.pdf"), ""),
    ...         (Path("reports/s/basra/ar/factsheet.html"), ""), (Path("reports/s/manifest.json"), "")]
    >>> print("\\n".join(demo_summary(rows)))
    Reports and fact sheets (HTML; a PDF beside each):
      basra       reports/s/basra/  en/report  ar/factsheet
    Every file written (4): reports/s/manifest.json
    """
    root = Path(out_root)
    rel = [Path(_relative(p, root)) for p, _ in written]
    places: dict[str, dict] = {}
    other = {"data": 0, "figures": 0}
    manifest = None
    for p in rel:
        parts = p.parts
        if p.name == "manifest.json" and len(parts) == 3 and parts[0] == "reports":
            manifest = p
        elif parts[:1] == ("reports",) and len(parts) >= 5 and p.suffix in (".html", ".pdf"):
            entry = places.setdefault(parts[2], {"folder": Path(*parts[:3]), "pages": []})
            page = f"{parts[3]}/{p.stem}"
            if page not in entry["pages"]:
                entry["pages"].append(page)
        elif parts[:2] in (("reports", "monitor"), ("data", "indicators.duckdb")):
            other["monitor"] = other.get("monitor", 0) + 1
        elif parts[:1] in (("data",), ("figures",)):
            other[parts[0]] += 1
    lines = ["Reports and fact sheets (HTML; a PDF beside each):"] if places else []
    order = sorted(places, key=lambda name: (name == "comparison", name))
    for name in order:
        entry = places[name]
        pages = sorted(entry["pages"], key=lambda pg: (pg.split("/")[1] != "report", pg.split("/")[1],
                                                      pg.split("/")[0] != "en"))
        lines.append(f"  {name:<11} {entry['folder'].as_posix()}/  {'  '.join(pages)}")
    if other["data"]:
        lines.append(f"Processed data and cleaning log: {other['data']} file(s) under data/processed/")
    if other["figures"]:
        lines.append(f"Figures and campaign images: {other['figures']} file(s) under figures/")
    if other.get("monitor"):
        lines.append("NAP 1325 scorecard: reports/monitor/scorecard_{en,ar}.{html,pdf}; store data/indicators.duckdb")
    if manifest is not None:
        lines.append(f"Every file written ({len(rel)}): {manifest.as_posix()}")
    return lines
