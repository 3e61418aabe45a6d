"""Fingerprint what ``clean_survey`` produces, to prove a speed-up changed nothing (issue #16).

For each study folder given, the export is read with its form and cleaned; printed are one
SHA-256 of the cleaned data (every table: column names, dtypes, categories, index and values)
and one of the cleaning log (its CSV bytes), with the log's entry count and the warnings
raised.  Run it before and after a change and compare the lines::

    python benchmarks/clean_fingerprint.py STUDY_DIR [STUDY_DIR ...] [--checks '{"gps_column": "gps"}']

``--checks`` adds settings to every study's ``checks:`` (to reach steps a study leaves off).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
import warnings


def frame_digest(frame) -> str:
    """SHA-256 of a DataFrame: names, dtypes, categories, index and every value."""
    import pandas as pd

    h = hashlib.sha256()
    h.update(repr(list(frame.columns)).encode())
    h.update(pd.util.hash_pandas_object(frame.index).to_numpy().tobytes())
    for col in frame.columns:
        s = frame[col]
        h.update(f"{col}\x1f{s.dtype}".encode())
        if isinstance(s.dtype, pd.CategoricalDtype):
            h.update(repr(list(s.cat.categories)).encode())
            h.update(s.cat.codes.to_numpy().tobytes())
        else:
            h.update(pd.util.hash_pandas_object(s, index=False).to_numpy().tobytes())
            h.update(s.isna().to_numpy().tobytes())
    return h.hexdigest()


def fingerprint(study_dir, checks=None) -> dict:
    import wpsresearch as wps
    from wpsresearch.study import Study

    study = Study.load(study_dir)
    sd = study.read_submissions()
    cfg = dict(study.checks)
    cfg.update(checks or {})
    log = wps.clean.CleaningLog(pii_columns=study.pii_columns)
    t0 = time.process_time()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clean = wps.clean.clean_survey(sd, study=study, log=log, checks_config=cfg)
    cpu = time.process_time() - t0
    data = hashlib.sha256(frame_digest(clean.main).encode())
    for name in sorted(clean.repeats):
        data.update(f"{name}:{frame_digest(clean.repeats[name])}".encode())
    log_csv = log.to_frame().to_csv(index=False, lineterminator="\n").encode("utf-8")
    return {"study": str(study_dir), "rows": len(clean.main), "cols": clean.main.shape[1],
            "repeats": {k: len(v) for k, v in sorted(clean.repeats.items())},
            "data": data.hexdigest()[:16], "log": hashlib.sha256(log_csv).hexdigest()[:16],
            "log_entries": len(log),
            "warnings": hashlib.sha256("\n".join(str(w.message) for w in caught).encode()).hexdigest()[:16],
            "n_warnings": len(caught), "clean_cpu_s": round(cpu, 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("studies", nargs="+")
    ap.add_argument("--checks", default="{}", help="JSON added to the studies' checks")
    args = ap.parse_args(argv)
    for study in args.studies:
        print(json.dumps(fingerprint(study, json.loads(args.checks))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
