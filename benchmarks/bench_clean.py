"""Read + clean a large Kobo export: rows/s and peak memory (issue #16: ≤ 5 s and ≤ 2 GB for
100,000 interviews × ~310 columns on a 2-core machine), beside pandas' own CSV reader on the
same file as the floor.

The export is the SYNTHETIC study generated at the requested size (messy: duplicates,
Arabic digits, 98/99 codes, ...), widened to ~300 columns with benchmark-only filler
questions (``wide_export.py``; ``--narrow`` keeps the study's own ~94 columns).  Sizes above
100,000 are that study repeated with fresh ids and enumerators (``wide_export.replicate``:
generating 10^6 interviews one by one takes hours).  Each measurement runs in its own
subprocess so peak RSS is the step's own; ``--repeat`` runs each several times and prints the
spread (the machine is shared: say how noisy it was).

    python benchmarks/bench_clean.py [--rows 100000] [--rows 1000000] [--narrow] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S, TARGET_GB = 5.0, 2.0
BASE = 100_000

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


def _study(n: int, root: Path, narrow: bool) -> Path:
    """The study of ``n`` interviews under ``root/data/raw`` (generated, or replicated from
    the 100,000-interview one), made once and reused."""
    suffix = "n" if narrow else "w"
    study = root / "data" / "raw" / f"bench{n}{suffix}"
    if (study / "study.yml").exists():
        return study
    if n > BASE and n % BASE == 0:
        from wide_export import replicate

        replicate(_study(BASE, root, narrow), study, n // BASE)
        return study
    from wpsresearch.datasets import write_synthetic_study

    write_synthetic_study(study, n=n, seed=7)
    if not narrow:
        from wide_export import widen

        widen(study)
    return study


def _spread(values) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else f"{values[0]:.2f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, action="append", help="interviews (default 100000)")
    ap.add_argument("--narrow", action="store_true", help="do not add the ~210 filler columns")
    ap.add_argument("--keep", type=Path, help="generate here (kept) instead of a temporary folder")
    ap.add_argument("--repeat", type=int, default=1, help="runs per measurement (spread printed)")
    args = ap.parse_args(argv)
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        for n in args.rows or [BASE]:
            t = time.perf_counter()
            study = _study(n, root, args.narrow)
            print(f"{n:,} interviews ready in {time.perf_counter() - t:.1f} s "
                  f"({(study / 'export.csv').stat().st_size / 1e6:.0f} MB CSV)")
            peers = [run("pandas", study) for _ in range(args.repeat)]
            ours = [run("wpsresearch", study) for _ in range(args.repeat)]
            best, peer = min(ours, key=lambda o: o["total"]), min(peers, key=lambda o: o["read"])
            rate = best["rows"] / best["total"]
            print(f"  pandas.read_csv (floor): {_spread([p['read'] for p in peers])} s, "
                  f"peak {peer['peak_gb']:.2f} GB")
            print(f"  wpsresearch read       : {_spread([o['read'] for o in ours])} s")
            print(f"  wpsresearch clean      : {_spread([o['clean'] for o in ours])} s "
                  f"({best['log_entries']:,} log entries)")
            print(f"  read + clean           : {_spread([o['total'] for o in ours])} s "
                  f"({best['total'] / peer['read']:.2f}x the pandas read) = {rate:,.0f} rows/s on "
                  f"{best['rows']:,} rows x {best['cols']} columns; peak {best['peak_gb']:.2f} GB")
            if n <= BASE:
                ok = best["total"] <= TARGET_S and best["peak_gb"] <= TARGET_GB
                print(f"  target ≤ {TARGET_S:.0f} s and ≤ {TARGET_GB:.0f} GB: {'OK' if ok else 'NOT MET'}")
                status |= 0 if ok else 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
