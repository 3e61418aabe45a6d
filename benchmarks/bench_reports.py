"""Wall time of the ``make demo`` chain after the venv exists, stage by stage.

build -> 4 provinces x 2 languages HTML+PDF (each province notebook executed once) ->
fact sheets -> province comparison -> campaign figures, on the bundled SYNTHETIC study, in a
temporary project (the repository's reports/ and figures/ are not touched).  Target: <= 90 s
wall on a 2-core machine.  Exits 1 when over target.

    python benchmarks/bench_reports.py [--study data/raw/synthetic] [--target 90] [--html-only]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--study", default=str(REPO / "data" / "raw" / "synthetic"))
    parser.add_argument("--target", type=float, default=90.0)
    parser.add_argument("--html-only", action="store_true")
    args = parser.parse_args()

    from wpsresearch.pipeline.build import build_study
    from wpsresearch.report import build_all_outputs
    to = ("html",) if args.html_only else ("html", "pdf")
    os.environ.setdefault("WPSRESEARCH_SECRET_SYNTHETIC", "benchmark-only-secret-0123456789abcdef")
    with tempfile.TemporaryDirectory(prefix="wps-bench-reports-") as tmp:
        study = Path(tmp) / "data" / "raw" / Path(args.study).name
        shutil.copytree(args.study, study)
        timings = {}
        start = time.perf_counter()
        build_study(study)
        timings["build"] = time.perf_counter() - start
        written = build_all_outputs(study, Path(tmp), None, to=to, timings=timings)
        total = time.perf_counter() - start
    print(f"cores: {os.cpu_count()}   formats: {', '.join(to)}   files written: {len(written)}")
    for stage, seconds in timings.items():
        print(f"  {stage:<12} {seconds:7.1f} s")
    print(f"  {'total':<12} {total:7.1f} s   (target <= {args.target:.0f} s)")
    return 0 if total <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
