"""Run every ``benchmarks/bench_*.py`` in turn (``make bench``); each prints its own ratios."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name}", flush=True)
        rc = subprocess.run([sys.executable, str(script)]).returncode
        if rc != 0:
            print(f"{script.name} exited {rc} (over target or failed)")
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
