"""``write_synthetic_study``: play the field team and write a complete SYNTHETIC study folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wpsresearch.datasets.questionnaire import FORM_TITLE_AR, FORM_TITLE_EN
from wpsresearch.datasets.study_plan import indicators_yaml, plan_csv, report_cells

DEFAULT_SEED = 20261121
DEFAULT_N = 4800

FILES = {
    "form.xlsx": "XLSForm of the SYNTHETIC Women's Safety, Justice and Reporting Survey (en/ar)",
    "study.yml": "study configuration: design, consent, PII columns, missing codes, checks, disclosure, indicators",
    "analysis_plan.csv": "the analysis plan: IMPACT list of analysis + report columns (sections, labels, charts, headlines)",
    "report_cells.py": "study-specific notebook cells (regression, open answers) below the plan's part of the report",
    "sampling_frame.csv": "EA sampling frame: strata, sizes, inclusion probabilities, household weights",
    "export.csv": "KoboToolbox CSV export (';', quoted, UTF-8, XML values) of the submissions",
    "export.xlsx": "KoboToolbox XLSX export: main sheet + household roster sheet",
    "export_cp1256.csv": "Kirkuk office's Windows-1256 copy of the export that reads correctly (see README)",
    "export_cp1256_excel.csv": "Kirkuk office's copy as Excel on Arabic Windows saves it: characters lost, must be refused",
    "truth.json": "population values of the headline indicators, with their exact definitions",
    "injected.json": "every field defect injected into the export: kind, _uuid, row, column, before/after",
    "README.md": "what this SYNTHETIC study is and how it was generated",
}


_STEPS = 8
XLSX_MAX_LEVEL_N = 10_000  # up to this n the XLSX sheets are deflated at level 9, above at 6


def _updater(progress):
    """One function ``step(text)`` for the progress styles we accept.

    ``progress`` may be a tqdm-like object (``.update``), a factory ``progress(total, desc)``
    returning ``update(k)`` (the CLI's style), or a callable taking one text.
    """
    import inspect

    if progress is None:
        return lambda text: None
    if hasattr(progress, "update"):
        def step(text):
            if hasattr(progress, "set_description"):
                progress.set_description(text)
            progress.update(1)
        return step
    try:
        n_params = len([p for p in inspect.signature(progress).parameters.values()
                        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])
    except (TypeError, ValueError):
        n_params = 1
    if n_params >= 2:
        update = progress(_STEPS, "synth: SYNTHETIC study")
        return lambda text: update(1)
    return progress


def write_synthetic_study(out_dir, *, n: int = DEFAULT_N, seed: int = DEFAULT_SEED, messy=True,
                          progress=None, round: int = 1, first_round=None) -> list[tuple[Path, str]]:
    """Generate the SYNTHETIC study and write it to ``out_dir`` exactly as field teams receive it.

    Parameters
    ----------
    out_dir : path
        Folder to write (created if needed); usually ``data/raw/synthetic``.
    n : int
        Completed interviews (``n/4`` per governorate), 96 to 1,000,000.
    seed : int
        Fixes the population, the sample, the fieldwork and the defects: the same seed
        gives byte-identical files.
    messy : bool or list of str
        Field defects to inject (``True`` = all of :data:`messiness.KINDS`).
    progress : callable or tqdm-like, optional
        Reports each of the 8 steps: a tqdm-like object (``.update(1)``), a factory
        ``progress(total, desc) -> update(k)``, or a callable taking a short text.
    round : int
        1 (the study as first published) or a later round from ``rounds.yml``: the same
        population after the round's stated changes, an independent sample, later
        fieldwork; its ``truth.json`` adds the true ``changes`` since round 1.
    first_round : path, optional
        For a later round: round 1's study folder (e.g. ``data/raw/synthetic``).  When its
        ``truth.json`` is round 1 of the same seed and scale, round 1's values are read from it
        instead of being computed again; the files written are the same either way.

    Returns
    -------
    list of (Path, str)
        Each written file with a one-line description.  Above Excel's row limit
        (1,048,576 roster rows, about 180,000 interviews) there is no ``export.xlsx``
        (the study's README says why).

    Notes
    -----
    The exports are assembled column-wise and written in blocks (docs/synthetic_study.md,
    section 6): about 1 minute and 2 GB for 100,000 interviews.  Up to
    :data:`XLSX_MAX_LEVEL_N` interviews the XLSX of round 1 is deflated at level 9; above, and in
    later rounds, at level 6.

    Examples
    --------
    >>> import tempfile
    >>> from wpsresearch.datasets import write_synthetic_study
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_synthetic_study(tmp, n=96, seed=1, messy=False)
    ...     [p.name for p, _ in files][:4]
    ['form.xlsx', 'study.yml', 'analysis_plan.csv', 'report_cells.py']
    """
    from wpsresearch.datasets.kobo_files import (
        cp1256_clean_bytes, cp1256_excel_bytes, fits_excel, kobo_xlsx_bytes, office_rows, roster_table, table,
        write_kobo_csv,
    )
    from wpsresearch.datasets.messiness import resolve_kinds
    from wpsresearch.datasets.population import make_population
    from wpsresearch.datasets.rounds import round_parameters, round_sample_seed
    from wpsresearch.datasets.sampling import field_sample
    from wpsresearch.datasets.truth import population_truth
    from wpsresearch.datasets.xlsform import form_bytes
    from wpsresearch.errors import InputError
    from wpsresearch.io.paths import ensure_writable

    if not isinstance(n, (int, np.integer)) or not 96 <= n <= 1_000_000:
        raise InputError(f"n must be a whole number from 96 to 1,000,000, not {n!r}")
    kinds = resolve_kinds(messy)
    out = ensure_writable(Path(out_dir), allow_raw=True)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    step = _updater(progress)
    pop = make_population(seed, _scale(int(n)), params=round_parameters(round))
    step("population built")
    fs = field_sample(pop, int(n), round_sample_seed(seed, round))
    step("sample drawn, fieldwork simulated")
    subs, records, base = _submissions(pop, fs, kinds, seed)
    tab = table(subs)
    excel = fits_excel(subs)
    no_xlsx = None if excel else (
        f"not written: its roster sheet would need {sum(len(s.roster) for s in subs) + 1:,} rows and the main "
        f"sheet {len(subs) + 1:,}, and an Excel sheet holds at most 1,048,576; use export.csv")
    roster = roster_table(subs, base) if excel else None
    keys = [s.key for s in subs]
    del subs, base  # the column table holds everything the files need
    step("submissions assembled")
    written["form.xlsx"] = form_bytes()
    written["export.csv"] = lambda path: write_kobo_csv(path, tab)
    step("CSV export")
    if excel:
        # deflate level 9 takes 4x as long as zlib's default 6 for 5 % less; the committed
        # study (round 1, and any round-1 study its size) keeps 9, so its bytes stay those first
        # published; later rounds (never committed, written by every demo) use 6
        level = 9 if n <= XLSX_MAX_LEVEL_N and round == 1 else 6
        written["export.xlsx"] = kobo_xlsx_bytes(tab, roster, level=level)
    del roster
    step("XLSX export")
    office = office_rows(tab, "kirkuk")
    written["export_cp1256.csv"], dropped = cp1256_clean_bytes(office)
    written["export_cp1256_excel.csv"], lost = cp1256_excel_bytes(office)
    step("Windows-1256 copies")
    truth = population_truth(pop)
    truth["sample"] = {"n_completed": int(fs.codes["psu"].size), "seed": round_sample_seed(seed, round),
                       "population_seed": seed}
    if round != 1:
        from wpsresearch.datasets.rounds import round_truth

        truth.update(round_truth(round, truth, seed=seed, scale=pop.scale,
                                 first_round=_read_truth(first_round)))
    written["truth.json"] = _json(truth)
    step("population truth")
    made = _Generation(n, seed, kinds, round)
    written["injected.json"] = _json(_injected(keys, tab, records, made, dropped, lost))
    written["sampling_frame.csv"] = _frame_csv(pop, fs)
    written["study.yml"] = _study_yml(round).encode("utf-8")
    written["analysis_plan.csv"] = plan_csv().encode("utf-8")
    written["report_cells.py"] = report_cells().encode("utf-8")
    written["README.md"] = _readme(made, pop, fs, no_xlsx).encode("utf-8")
    result = []
    for name, desc in FILES.items():
        path = out / name
        if name not in written:
            # above Excel's row limit there is no XLSX export; never leave a stale one behind
            path.unlink(missing_ok=True)
            continue
        content = written[name]
        if callable(content):
            content(path)  # large exports are streamed to the file
        else:
            path.write_bytes(content)
        result.append((path, desc))
    step("files written")
    return result


def _read_truth(folder) -> dict | None:
    """``folder/truth.json`` as read, or None when there is no such readable JSON file."""
    if folder is None:
        return None
    try:
        return json.loads((Path(folder) / "truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _scale(n: int) -> float:
    """Population scale for ``n`` interviews: at most 30 % of a stratum's EAs sampled, or
    90 % above 50,000 interviews (PPS with certainty selections keeps the weights exact;
    a smaller population keeps the truth computation affordable)."""
    from wpsresearch.datasets.population import scale_for

    return scale_for(n, 0.3 if n <= 50_000 else 0.9)


def _submissions(pop, fs, kinds, seed):
    from wpsresearch.datasets.messiness import inject
    from wpsresearch.datasets.submissions import _uuid, build_submissions, finalise

    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 7]))
    subs, base = build_submissions(pop, fs, rng)
    subs, records = inject(subs, kinds, rng, pop.params, lambda: _uuid(rng), base)
    subs = finalise(subs, rng, pop.params)
    return subs, records, base


@dataclass(frozen=True)
class _Generation:
    """How a synthetic study was asked for (``wpsresearch synth``): interviews, seed, the
    field defects injected and the round."""

    n: int
    seed: int
    kinds: tuple
    round: int = 1


def _json(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def _injected(keys, tab, records, made: _Generation, dropped, lost) -> dict:
    n, seed, kinds = made.n, made.seed, made.kinds
    row_of = dict(zip(keys, range(1, len(keys) + 1)))  # _index = position in the export
    uuid_of = dict(zip(keys, tab.columns["_uuid"].tolist()))
    out = []
    for r in records:
        rec = {"kind": r["kind"], "_uuid": uuid_of[r["key"]], "row": row_of[r["key"]], "column": r["column"],
               "original": r["original"], "injected": r["injected"]}
        if "source_key" in r:
            rec["source_row"] = row_of[r["source_key"]]
        for extra in ("belongs_to", "pcode", "columns_emptied", "note"):
            if extra in r:
                rec[extra] = r[extra]
        out.append(rec)
    out.sort(key=lambda x: (x["row"], x["kind"], x["column"] or ""))
    counts = {}
    for r in out:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    missing = _missing_code_counts(tab)
    return {
        "synthetic": True,
        "about": ("Field defects injected into export.csv / export.xlsx of this SYNTHETIC study. "
                  "'row' is the 1-based data row of export.csv (the header is not counted), which equals "
                  "the row's _index; 'column' is the export.csv header. Whole-row defects have column null "
                  "(or the column that marks them). 'original' is the value before injection (null for added rows)."),
        "n": n, "seed": seed, "kinds": list(kinds), "counts": counts,
        "test_submission_marker": ("respondent_name is one of test / Test / TEST test / تجربة / اختبار / "
                                   "'test تجربة', the phone is 07700000000, and the interview date (today) is "
                                   "before fieldwork began on 2026-03-01; _submitted_by is wps_admin"),
        "speeder_rule": "end - start < 10 minutes (study.yml checks.min_duration_minutes)",
        "pii_columns": ["respondent/respondent_name", "respondent/phone", "respondent/gps",
                        "_respondent/gps_latitude", "_respondent/gps_longitude", "_respondent/gps_altitude",
                        "_respondent/gps_precision"],
        "missing_code_counts": missing,
        "cp1256": {"rows": ("both copies hold only the Kirkuk field office's submissions (enumerators enum_11 to "
                            "enum_20); 'row' in cells_lost is the 1-based data row of that file"),
                   "export_cp1256.csv": {"digits": "Arabic-Indic and extended digits written as Western digits",
                                         "rows_left_out": dropped,
                                         "why": "they hold letters Windows-1256 cannot encode (Kurdish)"},
                   "export_cp1256_excel.csv": {"cells_lost": lost}},
        "injected": out,
    }


def _missing_code_counts(tab) -> dict:
    """Not defects: how often 98 / 99 codes appear per column (field conventions to clean)."""
    counts = {}
    for col in tab.header:
        if col.startswith("_") or col in ("start", "end", "today", "deviceid") or col.endswith("/psu"):
            continue
        values = tab.columns[col]
        c98, c99 = int((values == "98").sum()), int((values == "99").sum())
        if c98 or c99:
            counts[col] = {"98": c98, "99": c99}
    return counts


def _frame_csv(pop, fs) -> bytes:
    from wpsresearch.datasets.kobo_files import csv_text
    from wpsresearch.datasets.sampling import _allocate, inclusion_probabilities

    eas = pop.eas
    pi = np.zeros(len(eas))
    for stratum, _, m in _allocate(pop, int(fs.codes["psu"].size)):
        mask = (eas["stratum"] == stratum).to_numpy()
        pi[mask] = inclusion_probabilities(eas.loc[mask, "households"].to_numpy(), m)
    sel = fs.psus.set_index("psu")
    header = ["psu", "stratum", "governorate", "adm1_pcode", "adm2_pcode", "urban_rural", "households",
              "pi_psu", "selected", "households_to_interview", "hh_weight"]
    rows = []
    for i, r in enumerate(eas.itertuples(index=False)):
        chosen = r.psu in sel.index
        rows.append([str(r.psu), r.stratum, r.province, r.adm1_pcode, r.adm2_pcode, r.urban_rural, str(r.households),
                     format(pi[i], ".12g"), "1" if chosen else "0",
                     str(int(sel.loc[r.psu, "completes"])) if chosen else "",
                     format(float(sel.loc[r.psu, "hh_weight"]), ".12g") if chosen else ""])
    return csv_text(header, rows, sep=",", quote_all=False).encode("utf-8")


def _study_yml(round: int = 1) -> str:
    from wpsresearch.datasets.rounds import round_title

    title_en, title_ar = round_title(round, FORM_TITLE_EN, FORM_TITLE_AR)
    return f"""# SYNTHETIC study: generated by `wpsresearch synth`; every number is invented.
title: {{en: "{title_en}", ar: "{title_ar}"}}
synthetic: true
form: form.xlsx
submissions: export.csv
sampling_frame: sampling_frame.csv
languages: [en, ar]
provinces: [basra, kirkuk, baghdad, salah_ad_din]
design: {{ids: psu, strata: stratum, weights: weight, fpc: null, lonely_psu: fail}}
consent: {{column: consent, "yes": "yes"}}
pii_columns: [respondent_name, phone, gps]
missing_codes: {{default: {{98: dont_know, 99: refused}}, age: {{}}, member_age: {{}}}}
checks: {{min_duration_minutes: 10, outlier_sd: 3, soft_duplicate_max_differences: 7}}
disclosure: {{min_cell: 10, zeros_disclosive: true, min_n: 25, district_maps_for_sgbv: false}}
key_variables: [adm2_pcode, age_group, sex, displacement_status, marital_status]
secret_env: WPSRESEARCH_SECRET_SYNTHETIC
analysis_plan: analysis_plan.csv
report_cells: report_cells.py
""" + indicators_yaml()


def _readme(made: _Generation, pop, fs, no_xlsx=None) -> str:
    from wpsresearch.datasets.rounds import round_readme

    n, seed, kinds, round = made.n, made.seed, made.kinds, made.round
    k = fs.codes["psu"].size
    return round_readme(round, seed) + f"""# SYNTHETIC study: {FORM_TITLE_EN}

**Everything in this folder is SYNTHETIC.** No person, household or interview here is real.
The data were generated by `wpsresearch synth --n {n} --seed {seed}` from invented
parameters (`wpsresearch/datasets/parameters.yml`); they describe no real place or person and
must never be cited as statistics about Iraq. The districts and p-codes are real (OCHA COD-AB,
CC BY 3.0 IGO); the enumeration areas inside them are invented.

How it was made (details: `docs/synthetic_study.md` in the wpsresearch repository):

1. A fixed synthetic population: {len(pop.eas):,} enumeration areas (EAs) in the real districts
   of Basra, Kirkuk, Baghdad and Salah ad Din, {pop.n_households:,} households and
   {pop.n_adults:,} adults, whose answers follow the invented parameters (with EA random effects,
   so answers cluster within EAs as in real surveys).
2. A sample with the study's design: strata = governorate x urban/rural; EAs drawn by
   systematic PPS (size = households); about 12 households per EA visited in random order
   until the interviews are completed; one adult per household chosen at random. Weight =
   1 / (EA inclusion probability) x households in EA / completed interviews in EA x adults in
   the household. {k:,} completed interviews.
3. The submissions as KoboToolbox exports them, with field defects injected on purpose
   ({", ".join(kinds) if kinds else "none"}); every defect is listed in `injected.json`.

Files:

""" + "\n".join(f"- `{name}`: {no_xlsx if name == 'export.xlsx' and no_xlsx else desc}"
                for name, desc in FILES.items()) + """

Regenerate byte-identically with `wpsresearch synth` (same `--n` and `--seed`). To start a
study of your own, copy this layout: your XLSForm, your Kobo export and a `study.yml`.
"""
