"""A planted copy of the SYNTHETIC study, built and reported ONCE per test session (#14).

One province (Basra) of the synthetic export, with identifiers planted where field data put
them: "other, specify" texts, free text, place-name answers, a numeric answer, the enumerator
field, export metadata (``_notes``, ``_tags`` ...), an attachment column the form does not
have, interviews the build removes (no consent, a test submission: the deletion log), and the
declared identifier columns — names (some no lexicon knows), Iraqi phones in every spelling,
e-mails, ID numbers, decimal and DMS coordinates.  The study's plan also analyses its open
questions (a typed answer as a results row).  The fixture runs what a user runs: ``build``,
the province report (HTML), the fact sheet, the campaign images, the results tables of
``report --all`` and the monitor (indicator store, scorecard, HXL CSV).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
STUDY = ROOT / "data" / "raw" / "synthetic"
SECRET = "a-test-secret-that-is-long-enough-0123456789"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u00ad"
                                    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalise(text: str) -> str:
    """Digits folded, zero-width characters and separators removed, lower case."""
    text = str(text).translate(_INVISIBLE).translate(_DIGITS).lower()
    return re.sub(r"[\s\-./()_,:;'\"″′+\[\]]+", "", text)


# Latin and Arabic names; the first ones are in no lexicon (Rezan, Kakai, Hawrami ...)
NAMES = ["Rezan Kakai", "Shilan Barzani", "Dilan Hawrami", "Awat Jaff", "Zainab Kadhim",
         "Kawthar Al-Sudani", "Berivan Doski", "Hadiya Mandalawi"]
ARABIC_NAMES = ["ريزان كاكائي", "زينب البرزنجي", "شيلان بارزاني", "هديه المندلاوي"]


def _phone(i: int) -> tuple[str, str]:
    """(spelling planted, the number's last 10 digits) in one of eight written forms."""
    local = f"0771555{i:04d}"
    arabic = local.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    forms = [local, f"+964 {local[1:4]} {local[4:7]} {local[7:]}", arabic,
             f"{local[:4]}/{local[4:7]}/{local[7:]}", f"{local[:3]} {local[3]} {local[4:7]} {local[7:]}",
             f"{local[:4]}-{local[4:7]}-{local[7:]}", f"00964{local[1:]}", local[1:]]
    return forms[i % len(forms)], local[1:]


def plants() -> list[dict]:
    """Every planted value: the column, the text, and the identifiers it holds (needles)."""
    out = []
    text_columns = ["help/help_sought_other", "help/no_report_reason_other", "open/safer_suggestion",
                    "respondent/origin_governorate", "household/n_adults", "enumerator", "_notes",
                    "_tags", "respondent/photo", "_attachments", "removed/no_consent",
                    "removed/test_submission"]
    for i in range(72):
        column = text_columns[i % len(text_columns)]
        phone, tail = _phone(i)
        name = NAMES[i % len(NAMES)]
        kind = i % 6
        if column == "respondent/photo":
            text, needles = f"{name.replace(' ', '_')}_{phone}.jpg", [tail, normalise(name)]
        elif column == "household/n_adults":
            text, needles = f"5 call {phone}", [tail]
        elif column == "enumerator":
            text, needles = f"{name} {phone}", [tail, normalise(name)]
        elif kind == 0:
            text, needles = f"Ask {name} at the women centre, {phone}", [tail, normalise(name)]
        elif kind == 1:
            text, needles = f"my neighbour {name} helps, email {name.split()[0].lower()}.{i}@example.org", \
                [normalise(name), normalise(f"{name.split()[0].lower()}.{i}@example.org")]
        elif kind == 2:
            lat, lon = f"33.31{i:02d}718", f"44.36{i:02d}934"
            text, needles = f"we live at {lat}, {lon}", [normalise(lat) + normalise(lon)]
        elif kind == 3:
            text, needles = f"بيتنا عند 33°18'{i % 60:02d}.1\"N 44°21'58.3\"E اتصلوا {phone}", \
                [tail, normalise(f"33°18'{i % 60:02d}.1\"n")]
        elif kind == 4:
            nid = f"1990 1234 {5000 + i}"
            text, needles = f"ID card {nid}, passport A12345{i:03d}", [normalise(nid), f"a12345{i:03d}"]
        else:
            ar = ARABIC_NAMES[i % len(ARABIC_NAMES)]
            text, needles = f"اسألوا {ar} في مركز النساء {phone}", [tail, normalise(ar)]
        out.append({"column": column, "text": text, "needles": needles, "name": name,
                    "arabic_name": ARABIC_NAMES[i % len(ARABIC_NAMES)]})
    return out


def _planted_export(raw: pd.DataFrame) -> pd.DataFrame:
    gov = raw["location/governorate"].str.lower()
    raw = raw[gov.str.contains("basra") | gov.str.contains("بصر")].reset_index(drop=True).copy()
    raw.insert(raw.columns.get_loc("respondent/gps") + 1, "respondent/photo", "")
    raw["_attachments"] = ""
    keep = raw.index[(raw["intro/consent"] == "yes") & ~raw["respondent/respondent_name"].str.lower()
                     .str.contains("test")].tolist()
    for n, plant in enumerate(plants()):
        if plant["column"] == "removed/no_consent":  # an interview without consent: never processed
            row = keep[-1 - n]
            raw.loc[row, "intro/consent"] = "no"
            raw.loc[row, "open/safer_suggestion"] = plant["text"]
            raw.loc[row, "_notes"] = plant["text"]
            continue
        if plant["column"] == "removed/test_submission":  # a practice interview, tagged "test"
            row = keep[21 + 7 * n]
            raw.loc[row, "_tags"] = "test"
            raw.loc[row, "open/safer_suggestion"] = plant["text"]
            raw.loc[row, "respondent/respondent_name"] = plant["name"]
            continue
        row = keep[20 + 7 * n]
        raw.loc[row, plant["column"]] = plant["text"]
        for question in ("help_sought", "no_report_reason"):
            if plant["column"] == f"help/{question}_other":  # "other" chosen, as Kobo exports it
                raw.loc[row, f"help/{question}"] = "other"
                dummies = [c for c in raw.columns if c.startswith(f"help/{question}/")]
                raw.loc[row, dummies] = "0"
                raw.loc[row, f"help/{question}/other"] = "1"
        # the people named are in the data's own name column (two spellings), as in the field
        raw.loc[keep[21 + 7 * n], "respondent/respondent_name"] = plant["name"]
        raw.loc[keep[22 + 7 * n], "respondent/respondent_name"] = plant["arabic_name"]
    return raw


@pytest.fixture(scope="session")
def planted(tmp_path_factory):
    """Build, report (HTML), fact sheet and campaign images of the planted study, once."""
    from wpsresearch.pipeline.build import build_study
    from wpsresearch.privacy.gate import study_identifiers
    from wpsresearch.report import build_reports
    from wpsresearch.report.campaign import build_campaign_figures
    from wpsresearch.report.factsheet import build_factsheets
    from wpsresearch.report.plan_report import prepare
    from wpsresearch.report.results_tables import build_results_tables
    from wpsresearch.study import Study

    root = tmp_path_factory.mktemp("planted_project")
    study_dir = root / "data" / "raw" / "planted"
    study_dir.mkdir(parents=True)
    for name in ("form.xlsx", "sampling_frame.csv", "report_cells.py"):
        shutil.copy(STUDY / name, study_dir / name)
    plan = (STUDY / "analysis_plan.csv").read_text(encoding="utf-8").rstrip("\n") + "\n" + "".join(
        f"prop_select_one,{q},{by},0.95,Open answers,إجابات مفتوحة,,,,,,,,\n"
        for q in ("safer_suggestion", "help_sought_other", "origin_governorate") for by in ("", "sex"))
    (study_dir / "analysis_plan.csv").write_text(plan, encoding="utf-8")
    raw = pd.read_csv(STUDY / "export.csv", sep=";", dtype=str, keep_default_na=False)
    _planted_export(raw).to_csv(study_dir / "export.csv", sep=";", index=False, encoding="utf-8")
    text = (STUDY / "study.yml").read_text(encoding="utf-8")
    text = re.sub(r"provinces: \[.*\]", "provinces: [basra]", text)
    text = re.sub(r"key_variables: \[.*\]", "key_variables: [adm2_pcode, sex]", text)
    (study_dir / "study.yml").write_text(text, encoding="utf-8")

    mp = pytest.MonkeyPatch()
    mp.setenv("WPSRESEARCH_SECRET_SYNTHETIC", SECRET)
    try:
        written = build_study(study_dir)
        written += build_reports(study_dir, provinces=["basra"], langs=("en",), to=("html",),
                                 out_root=root, workers=1)
        study = Study.load(study_dir, check_form=False)
        shared = {"identifiers": study_identifiers(study), "prepared": prepare(study_dir)}
        written += build_factsheets(study_dir, out_root=root, langs=("en",), to=("html",), **shared)
        written += build_campaign_figures(study_dir, out_root=root, langs=("en",), **shared)
        written += build_results_tables(study_dir, out_root=root, provinces=["basra"], **shared)
        written += _monitor(study, shared["prepared"], root)
    finally:
        mp.undo()
    return {"root": root, "study": study_dir, "written": written, "plants": plants(),
            "normalise": normalise}


def _monitor(study, prepared, root):
    """The study's results into an indicator store, then the scorecard and its HXL CSV."""
    import wpsresearch as wps

    results = wps.stats.analyse(prepared.design, prepared.plan, labels=prepared.labels,
                                codebook=prepared.form)
    store = root / "data" / "indicators.duckdb"
    wps.monitor.publish_study(study, results, store=store, plan=prepared.plan)
    return wps.monitor.scorecard(store, root / "reports" / "monitor", studies=[study])
