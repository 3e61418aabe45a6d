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

Second part (issue 6): 200 Rao-Wu bootstrap replicates on the same 1,000,000 respondents,
proportion by province x sex with replicate variances; "build the design + create the
replicate weights + estimate", median of 5, and the peak resident memory above the
baseline after imports and data (Linux: the peak is reset through /proc/self/clear_refs).
Targets: <= 0.2x svy's time and <= 0.25x its memory.  The replicate draws differ between
tools, so agreement is shown by feeding both the SAME replicate weights once (ours,
exported with ``replicate_weights()``, on the first 100,000 respondents): estimates and
standard errors must agree to 1e-8.

Third part (issue 19): proportion by province (4 strata x 200 PSUs, 1,000,000 rows, design
built inside the timing) against R ``survey`` when ``Rscript`` is on the PATH
(``svyby(~ipv_12m, ~province, svydesign(...), svymean)``; the frame is handed to R as a CSV,
read outside R's timing) and against a numpy *floor*: the same estimate written as one
factorise + bincount pass (PSU totals of the domain scores, stratum variances), the limit of
what any implementation of the formula can do.  The floor reads the same DataFrame, and the
two are timed alternately in one process (10 rounds; the median of the per-round ratios), so
machine load weighs on both alike.  Prints Taylor / floor (target <= 1.5x),
50 bootstrap replicates / R's Taylor time and / R's 50 replicates (target <= 0.02x), the
largest difference from R and from the floor (limit 1e-8) and the peak memory above the
baseline.

Run: ``python benchmarks/bench_stats.py`` (a few minutes on 2 cores).
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

N = int(os.environ.get("WPS_BENCH_N", 1_000_000))
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


BOOT_R = 50


def _floor(df):
    """The numpy floor: factorise, bincount to (PSU, province) totals, stratum variances."""
    import numpy as np
    import pandas as pd

    stratum, _ = pd.factorize(df["province"], sort=True)
    psu, _ = pd.factorize(df["psu"], sort=True)
    n_psu = int(psu.max()) + 1
    psu_stratum = np.zeros(n_psu, dtype=np.int64)
    psu_stratum[psu] = stratum
    n_h = np.bincount(psu_stratum)
    G = int(stratum.max()) + 1
    w, y = df["weight"].to_numpy(), df["ipv_12m"].to_numpy().astype(float)
    wsum = np.bincount(stratum, w, minlength=G)
    est = np.bincount(stratum, w * y, minlength=G) / wsum
    score = w * (y - est[stratum]) / wsum[stratum]
    z = np.bincount(psu * G + stratum, score, minlength=n_psu * G).reshape(n_psu, G)
    mean_h = np.stack([np.bincount(psu_stratum, z[:, g], minlength=len(n_h))
                       for g in range(G)], 1) / n_h[:, None]
    zc = z - mean_h[psu_stratum]
    ss = np.stack([np.bincount(psu_stratum, zc[:, g] ** 2, minlength=len(n_h))
                   for g in range(G)], 1)
    var = (ss * (n_h / (n_h - 1))[:, None]).sum(axis=0)
    return est.tolist(), np.sqrt(var).tolist()


def _ours_province(df):
    import wpsresearch as wps

    d = wps.stats.SurveyDesign(df, ids="psu", strata="province", weights="weight")
    f = wps.stats.proportion(d, "ipv_12m", by="province").to_frame().sort_values("province")
    return f["estimate"].tolist(), f["se"].tolist()


def worker_taylor_pair():
    """Ours and the floor on the same DataFrame, timed alternately in one process.

    Alternating the two (``2 * REPEATS`` rounds) exposes both to the same machine load,
    so the median of the per-round ratios is a fair ratio even on a busy machine.
    """
    import pandas as pd

    df = pd.DataFrame(make_frame())
    _floor(df), _ours_province(df)  # warm up (imports, caches)
    t_floor, t_ours = [], []
    for _ in range(2 * REPEATS):
        t0 = time.perf_counter()
        floor = _floor(df)
        t1 = time.perf_counter()
        ours = _ours_province(df)
        t2 = time.perf_counter()
        t_floor.append(t1 - t0)
        t_ours.append(t2 - t1)
    return {"floor": t_floor, "ours": t_ours, "floor_est": floor[0], "floor_se": floor[1],
            "est": ours[0], "se": ours[1]}


def worker_peak(which):
    """Peak resident memory above the baseline of one run (ours or the floor)."""
    import pandas as pd

    df = pd.DataFrame(make_frame())
    baseline = _reset_peak()
    (_ours_province if which == "ours" else _floor)(df)
    return _peak_above(baseline)


def worker_wpsresearch_boot50():
    import pandas as pd

    import wpsresearch as wps

    df = pd.DataFrame(make_frame())
    baseline = _reset_peak()

    def run():
        d = wps.stats.SurveyDesign(df, ids="psu", strata="province", weights="weight")
        rep = d.replicate("bootstrap", replicates=BOOT_R, seed=SEED)
        return wps.stats.proportion(rep, "ipv_12m", by="province").to_frame()

    times, f = _timed(run)
    f = f.sort_values("province")
    return times, f["estimate"].tolist(), f["se"].tolist(), _peak_above(baseline)


R_SCRIPT = """
suppressMessages(library(survey))
args <- commandArgs(TRUE)
df <- read.csv(args[1])
t0 <- proc.time()[["elapsed"]]
d <- svydesign(ids = ~psu, strata = ~province, weights = ~weight, data = df)
b <- svyby(~ipv_12m, ~province, d, svymean)
t1 <- proc.time()[["elapsed"]]
rep <- as.svrepdesign(d, type = "bootstrap", replicates = as.integer(args[3]))
br <- svyby(~ipv_12m, ~province, rep, svymean)
t2 <- proc.time()[["elapsed"]]
peak <- sum(gc()[, 6])  # max used (Mb) of R's heap
writeLines(c(sprintf("%.17g", c(t1 - t0, t2 - t1, peak)), sprintf("%.17g", coef(b)),
             sprintf("%.17g", SE(b))), args[2])
"""


def r_benchmark() -> bool:
    """Proportion by province: ours vs R survey vs the numpy floor (issue 19 targets)."""
    import shutil

    import numpy as np
    import pandas as pd

    print(f"\nproportion by province: {N:,} respondents, {N_STRATA} strata x "
          f"{PSUS_PER_STRATUM} PSUs, design built inside the timing")
    pair = _run(sys.executable, "taylor_pair")
    peak_ours = _run(sys.executable, "peak", "ours")
    peak_floor = _run(sys.executable, "peak", "floor")
    boot = _run(sys.executable, "wpsresearch_boot50")
    ratios = [a / b for a, b in zip(pair["ours"], pair["floor"])]
    t_floor, t_ours = statistics.median(pair["floor"]), statistics.median(pair["ours"])
    ratio = statistics.median(ratios)
    t_boot = statistics.median(boot["times"])
    d_floor = max(abs(a - b) / abs(b) for a, b in
                  zip(pair["est"] + pair["se"], pair["floor_est"] + pair["floor_se"]))
    print(f"numpy floor: {t_floor:.3f} s (peak +{_mb(peak_floor)})   wpsresearch Taylor: "
          f"{t_ours:.3f} s (peak +{_mb(peak_ours)})")
    print(f"ratio wpsresearch/floor, median of {len(ratios)} alternating rounds: {ratio:.2f} "
          f"(rounds {min(ratios):.2f}-{max(ratios):.2f}; target <= 1.5); largest relative "
          f"difference {d_floor:.1e}")
    print(f"wpsresearch {BOOT_R} bootstrap replicates: {t_boot:.3f} s "
          f"(peak +{_mb(boot['peak_bytes'])})")
    ok = d_floor < TOLERANCE
    fast = ratio <= 1.5
    if shutil.which("Rscript") is None:
        print("Rscript not found: R survey comparison skipped")
        return ok and fast
    with tempfile.TemporaryDirectory() as tmp:
        data, out, script = (Path(tmp) / n for n in ("frame.csv", "out.txt", "bench.R"))
        pd.DataFrame(make_frame()).to_csv(data, index=False)
        script.write_text(R_SCRIPT)
        subprocess.run(["Rscript", str(script), str(data), str(out), str(BOOT_R)], check=True,
                       capture_output=True)
        values = [float(v) for v in out.read_text().split()]
    t_r, t_r_boot, r_peak = values[:3]
    r_est, r_se = values[3:3 + N_STRATA], values[3 + N_STRATA:3 + 2 * N_STRATA]
    d_r = float(np.max(np.abs(np.array(pair["est"] + pair["se"]) - np.array(r_est + r_se))
                       / np.abs(np.array(r_est + r_se))))
    print(f"R survey: Taylor {t_r:.2f} s, {BOOT_R} bootstrap replicates {t_r_boot:.2f} s "
          f"(R heap peak {r_peak:,.0f} MB); largest relative difference from R {d_r:.1e}")
    print(f"ratio wpsresearch/R: Taylor {t_ours / t_r:.4f}, {BOOT_R} bootstrap replicates "
          f"{t_boot / t_r_boot:.4f} (target <= 0.02)")
    ok = ok and d_r < TOLERANCE
    if not fast or t_boot > 0.02 * t_r_boot:
        print("over target (Taylor <= 1.5x floor, bootstrap <= 0.02x R)")
    return ok and fast and t_boot <= 0.02 * t_r_boot


REPLICATES = 200
N_CHECK = min(100_000, N)


def _status(field):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _reset_peak():
    """Start a new peak-RSS window; returns the baseline (bytes) or None off Linux."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return _status("VmRSS")
    except OSError:
        return None


def _peak_above(baseline):
    return None if baseline is None else _status("VmHWM") - baseline


def worker_wpsresearch_boot():
    import pandas as pd

    import wpsresearch as wps

    df = pd.DataFrame(make_frame())
    baseline = _reset_peak()

    def run():
        d = wps.stats.SurveyDesign(df, ids="psu", strata="province", weights="weight")
        rep = d.replicate("bootstrap", replicates=REPLICATES, seed=SEED)
        return wps.stats.proportion(rep, "ipv_12m", by=["province", "sex"]).to_frame()

    times, f = _timed(run)
    f = f.sort_values(["province", "sex"])
    return times, f["estimate"].tolist(), f["se"].tolist(), _peak_above(baseline)


def worker_svy_boot():
    import polars as pl
    import svy

    df = pl.DataFrame(make_frame())
    baseline = _reset_peak()

    def run():
        s = svy.Sample(df, svy.Design(stratum="province", psu="psu", wgt="weight"))
        s = s.weighting.create_bs_wgts(REPLICATES, rstate=SEED)
        return s.estimation.prop("ipv_12m", by=["province", "sex"],
                                 method="replication").to_polars()

    times, f = _timed(run)
    f = f.filter(pl.col("ipv_12m") == 1).sort(["province", "sex"])
    return times, f["est"].to_list(), f["se"].to_list(), _peak_above(baseline)


def _check_frame():
    return {k: v[:N_CHECK] for k, v in make_frame().items()}


def worker_wpsresearch_same_weights(path):
    """Export our bootstrap weights; estimate with them (supplied) and with the PSU factors."""
    import numpy as np
    import pandas as pd

    import wpsresearch as wps

    df = pd.DataFrame(_check_frame())
    d = wps.stats.SurveyDesign(df, ids="psu", strata="province", weights="weight")
    rep = d.replicate("bootstrap", replicates=REPLICATES, seed=SEED)
    reps = rep.replicate_weights("rw")
    np.save(path, reps.to_numpy())
    supplied = wps.stats.SurveyDesign.from_replicates(pd.concat([df, reps], axis=1),
                                                      list(reps.columns), weights="weight",
                                                      type="bootstrap")
    out = []
    for design in (rep, supplied):
        f = wps.stats.proportion(design, "ipv_12m", by=["province", "sex"]).to_frame()
        f = f.sort_values(["province", "sex"])
        out.append((f["estimate"].tolist(), f["se"].tolist()))
    return out


def worker_svy_same_weights(path):
    import numpy as np
    import polars as pl
    import svy

    reps = np.load(path)
    df = pl.DataFrame(_check_frame()).with_columns(
        [pl.Series(f"rw{r + 1}", reps[:, r]) for r in range(reps.shape[1])])
    # R svrepdesign(type="bootstrap")'s scale 1/(R-1), as ours (svy's default is 1/R)
    rw = svy.BootstrapWgts(prefix="rw", n_reps=reps.shape[1], scale=1 / (reps.shape[1] - 1))
    s = svy.Sample(df, svy.Design(stratum="province", psu="psu", wgt="weight", rep_wgts=rw))
    f = s.estimation.prop("ipv_12m", by=["province", "sex"], method="replication").to_polars()
    f = f.filter(pl.col("ipv_12m") == 1).sort(["province", "sex"])
    return f["est"].to_list(), f["se"].to_list()


WORKERS = {"wpsresearch": worker_wpsresearch, "svy": worker_svy, "numpy": worker_numpy,
           "wpsresearch_boot": worker_wpsresearch_boot, "svy_boot": worker_svy_boot,
           "wpsresearch_boot50": worker_wpsresearch_boot50}
CHECKS = {"wpsresearch_same": worker_wpsresearch_same_weights,
          "svy_same": worker_svy_same_weights, "peak": worker_peak,
          "taylor_pair": worker_taylor_pair}


def _peer_python():
    candidates = [os.environ.get("WPS_BENCH_SVY_PYTHON"), str(HERE / ".venv-peer/bin/python"),
                  "/tmp/svyvenv/bin/python"]
    for exe in candidates:
        if exe and Path(exe).exists():
            ok = subprocess.run([exe, "-c", "import svy, polars"], capture_output=True)
            if ok.returncode == 0:
                return exe
    return None


def _run(python, tool, *extra):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        env = dict(os.environ, PYTHONPATH=str(HERE.parent))
        proc = subprocess.run([python, str(Path(__file__).resolve()), "--worker", tool, str(out),
                               *extra], env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"{tool} worker failed:\n{proc.stderr[-3000:]}")
        return json.loads(out.read_text())


def _worker_main(tool, out, extra) -> int:
    if tool in CHECKS:
        Path(out).write_text(json.dumps(CHECKS[tool](*extra)))
        return 0
    result = WORKERS[tool]()
    keys = ("times", "est", "se", "peak_bytes")
    Path(out).write_text(json.dumps(dict(zip(keys, result))))
    return 0


def _mb(value):
    return "n/a" if value is None else f"{value / 2**20:,.0f} MB"


def replicate_benchmark(peer_python) -> bool:
    """200 bootstrap replicates, 1e6 respondents: time and memory vs svy; same-weights check."""
    print(f"\n{REPLICATES} bootstrap replicates: proportion by province x sex, {N:,} "
          f"respondents; median of {REPEATS} (design + replicate weights + estimate)")
    if peer_python is None:
        print("svy is not installed: replicate benchmark skipped")
        return True
    ours = _run(sys.executable, "wpsresearch_boot")
    other = _run(peer_python, "svy_boot")
    t_ours, t_peer = statistics.median(ours["times"]), statistics.median(other["times"])
    m_ours, m_peer = ours["peak_bytes"], other["peak_bytes"]
    print(f"wpsresearch: {t_ours:.3f} s, peak +{_mb(m_ours)}   svy: {t_peer:.3f} s, "
          f"peak +{_mb(m_peer)}")
    ratio_m = (m_ours / m_peer) if (m_ours is not None and m_peer) else float("nan")
    print(f"ratio wpsresearch/svy: time {t_ours / t_peer:.3f} (target <= 0.2), memory "
          f"{ratio_m:.3f} (target <= 0.25)")
    d_est = max(abs(a - b) for a, b in zip(ours["est"], other["est"]))
    print(f"point estimates (full sample) differ by at most {d_est:.2e}")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "replicate_weights.npy")
        (f_est, f_se), (s_est, s_se) = _run(sys.executable, "wpsresearch_same", path)
        p_est, p_se = _run(peer_python, "svy_same", path)
    d_same = max(max(abs(a - b) for a, b in zip(f_est, p_est)),
                 max(abs(a - b) for a, b in zip(f_se, p_se)))
    d_paths = max(abs(a - b) for a, b in zip(f_se + f_est, s_se + s_est))
    print(f"same replicate weights ({N_CHECK:,} respondents): largest difference "
          f"wpsresearch vs svy {d_same:.2e}; PSU-factor vs supplied-weights path {d_paths:.2e} "
          f"(limit {TOLERANCE:g})")
    ok = max(d_same, d_paths, d_est) < TOLERANCE
    if not ok:
        print("FAIL: estimates differ")
    if t_ours > 0.2 * t_peer or not ratio_m <= 0.25:
        print("over target (time <= 0.2x, memory <= 0.25x svy)")
    return ok and t_ours <= 0.2 * t_peer and ratio_m <= 0.25


def main() -> int:
    if len(sys.argv) >= 4 and sys.argv[1] == "--worker":
        return _worker_main(sys.argv[2], sys.argv[3], sys.argv[4:])
    if "--r-only" in sys.argv:
        return 0 if r_benchmark() else 1
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
    rep_ok = replicate_benchmark(peer_python)
    r_ok = r_benchmark()
    return 0 if ok and t_ours <= t_peer and rep_ok and r_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
