"""Benchmark: Taylor-linearised proportion by province by sex, wpsresearch vs the `svy` package.

1,000,000 synthetic respondents, 4 strata (provinces) x 200 PSUs, generated with numpy from a
fixed seed inside each worker (the same frame for every tool).  Each tool runs in its own
subprocess; each times 5 repetitions of "build the design + estimate the proportion by
province x sex" (data generation and imports excluded) and reports the median.  The parent
prints the times, their ratio and the largest difference in estimates and standard errors
(must be < 1e-8).

`svy` (polars-based; benchmark-only, never a package dependency) is looked for in, in order:
``$WPS_BENCH_SVY_PYTHON``, ``benchmarks/.venv-peer/bin/python``, ``/tmp/svyvenv/bin/python``
(``make bench`` creates ``benchmarks/.venv-peer`` with ``pip install svy``).  Without it the
benchmark compares with a plain-numpy implementation of the same formula and says so.

Run: ``python benchmarks/bench_stats.py`` (a minute or two on 2 cores).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N = 1_000_000
N_STRATA = 4
PSUS_PER_STRATUM = 200
SEED = 20261121
REPEATS = 5
PROVINCES = ["baghdad", "basra", "kirkuk", "salah_ad_din"]
HERE = Path(__file__).resolve().parent
TOLERANCE = 1e-8


def make_frame():
    """The synthetic frame as a dict of numpy arrays (same for every worker)."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    stratum = rng.integers(0, N_STRATA, N)
    psu = stratum * PSUS_PER_STRATUM + rng.integers(0, PSUS_PER_STRATUM, N)
    n_psu = N_STRATA * PSUS_PER_STRATUM
    psu_effect = rng.normal(0, 0.5, n_psu)
    psu_weight = rng.uniform(200, 800, n_psu)
    female = rng.integers(0, 2, N)
    logit = -1.0 + psu_effect[psu] + 0.3 * female
    y = (rng.random(N) < 1 / (1 + np.exp(-logit))).astype(np.int64)
    return {
        "province": np.array(PROVINCES, dtype=object)[stratum],
        "psu": psu,
        "sex": np.where(female == 1, "female", "male").astype(object),
        "weight": psu_weight[psu] * rng.uniform(0.8, 1.2, N),
        "ipv_12m": y,
    }


def _timed(fn):
    times, result = [], None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def worker_wpsresearch():
    import pandas as pd

    import wpsresearch as wps

    df = pd.DataFrame(make_frame())

    def run():
        d = wps.stats.SurveyDesign(df, ids="psu", strata="province", weights="weight")
        return wps.stats.proportion(d, "ipv_12m", by=["province", "sex"]).to_frame()

    times, f = _timed(run)
    f = f.sort_values(["province", "sex"])
    return times, f["estimate"].tolist(), f["se"].tolist()


def worker_svy():
    import polars as pl
    import svy

    df = pl.DataFrame(make_frame())

    def run():
        s = svy.Sample(df, svy.Design(stratum="province", psu="psu", wgt="weight"))
        return s.estimation.prop("ipv_12m", by=["province", "sex"]).to_polars()

    times, f = _timed(run)
    f = f.filter(pl.col("ipv_12m") == 1).sort(["province", "sex"])
    return times, f["est"].to_list(), f["se"].to_list()


def worker_numpy():
    """Plain numpy: the with-replacement Taylor variance of a domain ratio, written out."""
    import numpy as np

    fr = make_frame()

    def run():
        prov = np.unique(fr["province"], return_inverse=True)[1]
        sex = (fr["sex"] == "male").astype(np.int64)
        psu, w, y = fr["psu"], fr["weight"], fr["ipv_12m"].astype(float)
        est, se = [], []
        for p in range(N_STRATA):
            for s in range(2):
                dom = (prov == p) & (sex == s)
                wd = np.where(dom, w, 0.0)
                r = (wd * y).sum() / wd.sum()
                z = np.bincount(psu, wd * (y - r) / wd.sum(), minlength=N_STRATA * PSUS_PER_STRATUM)
                z = z.reshape(N_STRATA, PSUS_PER_STRATUM)
                zc = z - z.mean(axis=1, keepdims=True)
                v = (PSUS_PER_STRATUM / (PSUS_PER_STRATUM - 1) * (zc**2).sum(axis=1)).sum()
                est.append(r)
                se.append(np.sqrt(v))
        return est, se

    times, (est, se) = _timed(run)
    return times, est, se


WORKERS = {"wpsresearch": worker_wpsresearch, "svy": worker_svy, "numpy": worker_numpy}


def _peer_python():
    candidates = [os.environ.get("WPS_BENCH_SVY_PYTHON"), str(HERE / ".venv-peer/bin/python"),
                  "/tmp/svyvenv/bin/python"]
    for exe in candidates:
        if exe and Path(exe).exists():
            ok = subprocess.run([exe, "-c", "import svy, polars"], capture_output=True)
            if ok.returncode == 0:
                return exe
    return None


def _run(python, tool):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        env = dict(os.environ, PYTHONPATH=str(HERE.parent))
        proc = subprocess.run([python, str(Path(__file__).resolve()), "--worker", tool, str(out)],
                              env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"{tool} worker failed:\n{proc.stderr[-3000:]}")
        return json.loads(out.read_text())


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        times, est, se = WORKERS[sys.argv[2]]()
        Path(sys.argv[3]).write_text(json.dumps({"times": times, "est": est, "se": se}))
        return 0
    print(f"proportion by province x sex: {N:,} respondents, {N_STRATA} strata x "
          f"{PSUS_PER_STRATUM} PSUs; median of {REPEATS} (design + estimate)")
    ours = _run(sys.executable, "wpsresearch")
    peer_python = _peer_python()
    peer = "svy" if peer_python else "numpy"
    if peer_python is None:
        print("svy is not installed (see the module docstring): comparing with plain numpy")
    other = _run(peer_python or sys.executable, peer)
    t_ours, t_peer = statistics.median(ours["times"]), statistics.median(other["times"])
    d_est = max(abs(a - b) for a, b in zip(ours["est"], other["est"]))
    d_se = max(abs(a - b) for a, b in zip(ours["se"], other["se"]))
    print(f"wpsresearch: {t_ours:.3f} s   {peer}: {t_peer:.3f} s   "
          f"ratio wpsresearch/{peer} = {t_ours / t_peer:.2f}")
    print(f"largest difference: estimate {d_est:.2e}, se {d_se:.2e} (limit {TOLERANCE:g})")
    ok = len(ours["est"]) == len(other["est"]) == 2 * N_STRATA and max(d_est, d_se) < TOLERANCE
    if not ok:
        print("FAIL: estimates differ")
    if t_ours > t_peer:
        print(f"over target: slower than {peer}")
    return 0 if ok and t_ours <= t_peer else 1


if __name__ == "__main__":
    raise SystemExit(main())
