"""Why the synthetic study's XLSX export is streamed as worksheet XML, not written by openpyxl.

``wpsresearch.datasets.xlsx_sheets`` writes the cells exactly as openpyxl 3.1's write-only
worksheet does, so the file is the same byte for byte (``tests/datasets/test_fast_export.py``).
It exists only because openpyxl builds an XML element per cell.  This benchmark times both
writers on the same submissions (the synthetic study's main sheet and household roster),
checks the bytes are equal, and prints the ratio; the hand-written path is kept only while it
is clearly faster (target: at most 0.5x openpyxl's time).

    python benchmarks/bench_synth_xlsx.py [--n 4800] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _submissions(n: int, seed: int = 11):
    from wpsresearch.datasets.messiness import KINDS
    from wpsresearch.datasets.population import make_population
    from wpsresearch.datasets.sampling import field_sample
    from wpsresearch.datasets.study_writer import _scale, _submissions as submissions

    pop = make_population(seed, _scale(n))
    fs = field_sample(pop, n, seed + 1)
    subs, _records, base = submissions(pop, fs, KINDS, seed)
    return subs, base


def _openpyxl_bytes(tab, roster) -> bytes:
    """The same workbook written cell by cell by openpyxl's write-only worksheet: the test's
    reference writer, so the benchmark times exactly what the test compares."""
    from tests.datasets.test_fast_export import _openpyxl_workbook

    return _openpyxl_workbook(tab, roster)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=4800, help="interviews (default: the synthetic study's)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--target", type=float, default=0.5)
    args = parser.parse_args()

    from wpsresearch.datasets.kobo_files import kobo_xlsx_bytes, roster_table, table

    subs, base = _submissions(args.n)
    tab, roster = table(subs), roster_table(subs, base)
    cells = len(tab.header) * len(subs) + 8 * roster["_parent_row"].size
    times = {"streamed": [], "openpyxl": []}
    outputs = {}
    for _ in range(args.repeat):  # alternate, so both see the same machine load
        for name, write in (("streamed", lambda: kobo_xlsx_bytes(tab, roster, level=9)),
                            ("openpyxl", lambda: _openpyxl_bytes(tab, roster))):
            start = time.perf_counter()
            outputs[name] = write()
            times[name].append(time.perf_counter() - start)
    same = outputs["streamed"] == outputs["openpyxl"]
    fast, slow = statistics.median(times["streamed"]), statistics.median(times["openpyxl"])
    ratio = fast / slow
    print(f"synthetic XLSX export: {len(subs):,} interviews + {roster['_parent_row'].size:,} roster rows "
          f"({cells:,} cells), median of {args.repeat}")
    print(f"  streamed worksheet XML: {fast:.2f} s   openpyxl write-only: {slow:.2f} s   "
          f"ratio {ratio:.2f} (target <= {args.target})   bytes equal: {same}")
    return 0 if same and ratio <= args.target else 1


if __name__ == "__main__":
    raise SystemExit(main())
