"""CPU seconds of the privacy gate on the demo's outputs (#20): the raw data's identifiers
(:func:`wpsresearch.privacy.gate.identifiers_of`, both rounds, as the build reads them) and
the export gate over the outputs as ``wpsresearch demo`` gates them (one run per staging
folder: processed data of each round, each province's reports and figures, the comparison,
the monitor), split into reading the files and matching what was read.

The outputs come from ``wpsresearch demo`` run into a temporary project first (about a
minute and a half), or from ``--project``, a folder a demo was run into.  The libraries the
readers use and the English word list are loaded before timing (the demo has loaded them by
the time its gates run).  CPU time of this process (``time.process_time``): ``pdftotext``
runs in a child process and is not counted.  The machine is shared: ``--repeat`` prints the
spread; the smallest is the one to compare.

    python benchmarks/bench_gate.py [--project /tmp/demo] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _demo(study_src: Path, root: Path) -> None:
    from bench_reports import _Quiet

    from wpsresearch.pipeline.demo import run_demo

    study = root / "data" / "raw" / study_src.name
    shutil.copytree(study_src, study)
    os.environ.setdefault("WPSRESEARCH_SECRET_SYNTHETIC", "benchmark-only-secret-0123456789abcdef")
    run_demo(study, out_root=root, progress=_Quiet(), timings={})


def _gate_runs(root: Path) -> list[tuple[str, Path, bool]]:
    """(study, folder, processed) as the demo gates them."""
    runs = []
    for study in sorted(p.name for p in (root / "data" / "raw").iterdir() if p.is_dir()):
        runs.append((study, root / "data" / "processed" / study, True))
        for top in ("reports", "figures"):
            folder = root / top / study
            if folder.is_dir():
                runs += [(study, p, False) for p in sorted(folder.iterdir()) if p.is_dir()]
    if (root / "reports" / "monitor").is_dir():
        runs.append((runs[0][0], root / "reports" / "monitor", False))
    return runs


def _warm(root: Path) -> None:
    from wpsresearch.privacy.name_shapes import is_ordinary_word
    from wpsresearch.privacy.output_readers import read_output

    is_ordinary_word("warm")
    for suffix in ("parquet", "sav", "pdf", "png", "svg", "xlsx", "html", "ipynb", "csv", "json"):
        found = next(root.rglob(f"*.{suffix}"), None)
        if found is not None:
            read_output(found)


def measure(root: Path) -> dict:
    from wpsresearch.errors import WpsWarning
    from wpsresearch.privacy import export_gate, output_readers
    from wpsresearch.privacy.gate import forget_identifiers, identifiers_of
    from wpsresearch.study import Study

    forget_identifiers()
    ids, studies, cpu = {}, {}, {"identifiers_of": 0.0, "gate": 0.0, "reading": 0.0}
    for name in sorted(p.name for p in (root / "data" / "raw").iterdir() if p.is_dir()):
        studies[name] = Study.load(root / "data" / "raw" / name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", WpsWarning)
            sd = studies[name].read_submissions()
            start = time.process_time()
            ids[name] = identifiers_of(sd, studies[name])
            cpu["identifiers_of"] += time.process_time() - start
    read = output_readers.read_output

    def timed_read(path):
        start = time.process_time()
        try:
            return read(path)
        finally:
            cpu["reading"] += time.process_time() - start

    output_readers.read_output = timed_read
    files = 0
    try:
        for name, folder, processed in _gate_runs(root):
            start = time.process_time()
            found = export_gate.scan_outputs([folder], identifiers=ids[name], policy=studies[name].policy,
                                             check_counts=not processed, processed=processed)
            cpu["gate"] += time.process_time() - start
            files += sum(1 for p in folder.rglob("*") if p.is_file())
            if found:
                raise SystemExit(f"the gate found {len(found)} problem(s) in {folder}: not a clean demo")
    finally:
        output_readers.read_output = read
        forget_identifiers()
    cpu["matching"] = cpu["gate"] - cpu["reading"]
    cpu["files"] = files
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path, default=REPO / "data" / "raw" / "synthetic")
    parser.add_argument("--project", type=Path, help="a folder `wpsresearch demo --out` wrote")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wps-bench-gate-") as tmp:
        root = args.project
        if root is None:
            root = Path(tmp)
            print("running the demo into a temporary project ...", flush=True)
            _demo(args.study.resolve(), root)
        _warm(root)
        runs = [measure(root) for _ in range(args.repeat)]
    print(f"{runs[0]['files']} files gated; CPU seconds, smallest of {len(runs)} (all runs):")
    for key in ("identifiers_of", "gate", "reading", "matching"):
        values = [r[key] for r in runs]
        print(f"  {key:15} {min(values):6.2f}   ({', '.join(f'{v:.2f}' for v in values)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
