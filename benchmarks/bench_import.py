"""Import time of ``import wpsresearch`` (target: under 0.5 s), beside peers in the same run.

Each measurement is a fresh interpreter with ``-X importtime``; the cumulative microseconds
of the top-level module are read from its report.  Median of N runs.

    python benchmarks/bench_import.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

TARGET_S = 0.5
PEERS = ["pandas", "statsmodels.api"]


def import_seconds(module: str) -> float:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                         capture_output=True, text=True, check=True)
    top = module.split(".")[0]
    cumulative = 0
    for line in out.stderr.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2].strip() == module or (len(parts) == 3 and parts[2] == top):
            cumulative = max(cumulative, int(parts[1]))
    return cumulative / 1e6


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    ours = statistics.median(import_seconds("wpsresearch") for _ in range(args.runs))
    print(f"import wpsresearch: {ours * 1000:8.1f} ms   target < {TARGET_S * 1000:.0f} ms   "
          f"{'OK' if ours < TARGET_S else 'OVER TARGET'}")
    for peer in PEERS:
        t = statistics.median(import_seconds(peer) for _ in range(args.runs))
        print(f"import {peer:<12}: {t * 1000:8.1f} ms   ratio wpsresearch/{peer} = {ours / t:.3f}")
    return 0 if ours < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
