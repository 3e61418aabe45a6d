"""Read + clean a large Kobo export: rows/s and peak memory (issue: ≤ 10 s and ≤ 4 GB for
100,000 rows on a 2-core machine), beside pandas' own CSV reader on the same file as the peer.

The export is the SYNTHETIC study generated at the requested size (messy: duplicates,
Arabic digits, 98/99 codes, ...), widened to ~300 columns with benchmark-only filler
questions (``wide_export.py``; ``--narrow`` keeps the study's own ~94 columns).  Each
measurement runs in its own subprocess so peak RSS is the step's own.

    python benchmarks/bench_clean.py [--rows 100000] [--rows 1000000] [--narrow]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S, TARGET_GB = 10.0, 4.0

_CHILD = r"""
import json, resource, sys, time
kind, study_dir = sys.argv[1], sys.argv[2]
import pandas as pd
import wpsresearch as wps
from wpsresearch.study import Study
study = Study.load(study_dir)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
if kind == "pandas":
    df = pd.read_csv(study.submissions, sep=";", dtype=str, keep_default_na=False)
    rows, cols = df.shape
    out = {"read": time.perf_counter() - t0}
else:
    sd = wps.io.read_kobo(study.submissions, form=study.form)
    t1 = time.perf_counter()
    log = wps.clean.CleaningLog(pii_columns=study.pii_columns)
    clean = wps.clean.clean_survey(sd, study=study, log=log)
    rows, cols = sd.main.shape
    out = {"read": t1 - t0, "clean": time.perf_counter() - t1, "log_entries": len(log)}
out.update(total=time.perf_counter() - t0, rows=rows, cols=cols,
           peak_gb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
           base_gb=before / 1024**2)
print(json.dumps(out))
"""


def run(kind: str, study_dir: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, kind, str(study_dir)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, action="append", help="interviews (default 100000)")
    ap.add_argument("--narrow", action="store_true", help="do not add the ~210 filler columns")
    ap.add_argument("--keep", type=Path, help="generate here (kept) instead of a temporary folder")
    args = ap.parse_args(argv)
    status = 0
    for n in args.rows or [100_000]:
        with tempfile.TemporaryDirectory() as tmp:
            study = (args.keep or Path(tmp)) / "data" / "raw" / f"bench{n}{'n' if args.narrow else 'w'}"
            t = time.perf_counter()
            if not (study / "study.yml").exists():
                from wpsresearch.datasets import write_synthetic_study

                write_synthetic_study(study, n=n, seed=7)
                if not args.narrow:
                    from wide_export import widen

                    widen(study)
            print(f"{n:,} interviews ready in {time.perf_counter() - t:.1f} s "
                  f"({(study / 'export.csv').stat().st_size / 1e6:.0f} MB CSV)")
            peer = run("pandas", study)
            ours = run("wpsresearch", study)
            rate = ours["rows"] / ours["total"]
            print(f"  pandas.read_csv (peer): {peer['read']:.2f} s, peak {peer['peak_gb']:.2f} GB")
            print(f"  wpsresearch read      : {ours['read']:.2f} s  ({ours['read'] / peer['read']:.1f}x pandas)")
            print(f"  wpsresearch clean     : {ours['clean']:.2f} s  ({ours['log_entries']:,} log entries)")
            print(f"  read + clean          : {ours['total']:.2f} s = {rate:,.0f} rows/s on "
                  f"{ours['rows']:,} rows x {ours['cols']} columns; peak {ours['peak_gb']:.2f} GB")
            if n <= 100_000:
                ok = ours["total"] <= TARGET_S and ours["peak_gb"] <= TARGET_GB
                print(f"  target ≤ {TARGET_S:.0f} s and ≤ {TARGET_GB:.0f} GB: {'OK' if ok else 'NOT MET'}")
                status |= 0 if ok else 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
