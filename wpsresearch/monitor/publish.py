"""What ``wpsresearch monitor`` and the demo call: publish a study round, build the scorecard.

* :func:`publish_study` — a built study's analysis results into the indicator store, with
  its provenance (:class:`StudyRecord`), the question wordings from its form and the
  denominators from its analysis plan (the comparability signature).
* :func:`scorecard` — the bilingual offline HTML scorecard, its PDFs (Typst, the report
  stage's :func:`~wpsresearch.report.typst_pdf.html_to_pdf`) and the HXL-tagged CSV files,
  built in a staging folder, passed through the export gate
  (:func:`wpsresearch.privacy.gate.run_gate`), and only then moved to their folder.
"""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from pathlib import Path

from wpsresearch.errors import InputError

__all__ = ["publish_study", "study_results", "scorecard", "scorecard_model"]

FILES = {
    "scorecard_en.html": "NAP 1325 scorecard in English (offline HTML)",
    "scorecard_ar.html": "NAP 1325 scorecard in Arabic (offline HTML, right to left)",
    "scorecard_en.pdf": "NAP 1325 scorecard in English (PDF, set by Typst)",
    "scorecard_ar.pdf": "NAP 1325 scorecard in Arabic (PDF, right to left, set by Typst)",
    "estimates.csv": "every estimate in the scorecard, HXL-tagged CSV (validated with libhxl)",
    "changes.csv": "round-to-round changes with their tests, HXL-tagged CSV (validated with libhxl)",
    "contrasts.csv": "differences between groups of one round with their tests, HXL-tagged CSV (validated with libhxl)",
    "labels_unreviewed.csv": "QA: the scorecard's Arabic terms and framework titles nobody has reviewed yet",
}


def _open(store, read_only=False):
    from wpsresearch.monitor.store import IndicatorStore

    if isinstance(store, IndicatorStore):
        return store, False
    return IndicatorStore.open(store, read_only=read_only), True


def _wording(codebook, indicators=None) -> dict:
    """``name -> what was asked``: a question's English text from the form; for an indicator
    the study's ``indicators:`` block constructs, the texts of every question it reads and
    its definition as written (answer codes, items), so a changed definition is a changed
    wording too."""
    import json

    from wpsresearch.sgbv.study_indicators import indicator_definitions

    v = codebook.variables
    cols = [c for c in v.columns if c.lower().startswith("label")]
    english = [c for c in cols if re.search(r"english|\(en\)", c, re.I)] or [c for c in cols if c.lower() == "label"]
    text = {}
    if english:
        col = english[0]
        text = {str(n): " ".join(str(t).split()) for n, t in zip(v["name"], v[col]) if isinstance(t, str) and t.strip()}
    out = dict(text)
    for name, d in indicator_definitions(dict(indicators or {})).items():
        if name in text:
            continue
        asked = " | ".join(f"{q}: {text.get(q, '')}" for q in d["questions"])
        definition = json.dumps(d["spec"], sort_keys=True, ensure_ascii=False, default=str)
        out[name] = f"{asked} | {d['family']} {definition}"
    return out


def _denominators(plan) -> dict:
    """``plan_row -> where`` from an analysis plan (``AnalysisPlan`` or its frame)."""
    if plan is None:
        return {}
    if hasattr(plan, "rows") and not hasattr(plan, "columns"):  # an AnalysisPlan: its parsed rows
        return {int(r.row): " ".join(r.where.text.split()) for r in plan.rows if r.where is not None}
    frame = plan
    if "where" not in frame.columns:
        return {}
    rows = frame["plan_row"] if "plan_row" in frame.columns else range(2, len(frame) + 2)
    return {int(r): " ".join(str(w).split()) for r, w in zip(rows, frame["where"]) if isinstance(w, str) and w.strip()}


def study_results(study):
    """A built study's whole analysis plan on its whole design: ``(results, plan)``.

    The same steps as the first cell of the province notebook
    (:func:`wpsresearch.report.plan_report.prepare`: processed data, the study's indicators,
    its design and disclosure policy) and :func:`wpsresearch.stats.analyse` over every plan
    row, labelled from the form.  Every estimate is suppressed by the study's policy exactly
    as in its reports.
    """
    import wpsresearch as wps
    from wpsresearch.report.plan_report import prepare

    analysis = prepare(study.root if hasattr(study, "root") else study)
    results = wps.stats.analyse(analysis.design, analysis.plan, labels=analysis.labels, codebook=analysis.form)
    return results, analysis.plan


def publish_study(study, results=None, *, store=None, plan=None, round_date=None, framework=None) -> dict:
    """Publish one built study round's analysis results to the indicator store.

    Parameters
    ----------
    study : Study or path
        The study (built: ``data/processed/<study>/manifest.json`` must exist).
    results : AnalysisResults or DataFrame, optional
        ``wps.stats.analyse(design, plan)`` (or its ``.to_frame()``: the contract's columns).
        Default: the study's whole analysis plan on its whole design (:func:`study_results`).
        Given as ``AnalysisResults``, the covariances of each grouped estimate's published
        rows are stored too (group contrasts from the store: ``IndicatorStore.group_contrast``).
    store : IndicatorStore, path, ``duckdb:`` URL or None
        Default: ``WPSRESEARCH_INDICATOR_STORE`` or ``data/indicators.duckdb``.
    plan : AnalysisPlan or DataFrame, optional
        Its ``where`` column gives each plan row's denominator (comparability signature).
        Default: the results' own plan.
    round_date : date or str, optional
        When fieldwork began (default: the earliest interview date in the processed data).
    framework : Framework, optional

    Returns
    -------
    dict
        ``{"written": bool, "estimates": k, "withheld": m, "store": location}``.
    """
    from wpsresearch.monitor.records import StudyRecord
    from wpsresearch.monitor.store import publish_results
    from wpsresearch.study import Study

    if not isinstance(study, Study):
        study = Study.load(study)
    if results is None:
        results, plan = study_results(study)
    if plan is None:
        plan = getattr(results, "plan", None)
    from wpsresearch.stats.analysis_labels import form_texts

    record = StudyRecord.from_study(study, round_date=round_date)
    form = study.read_form()
    wording = _wording(form, study.indicators)
    st, owned = _open(store)
    try:
        out = publish_results(st, results, record, policy=study.policy, framework=framework,
                              wording=wording, denominators=_denominators(plan), answers=form_texts(form)[1])
        return {**out, "store": st.location}
    finally:
        if owned:
            st.close()


# --------------------------------------------------------------------------- the model
@functools.lru_cache(maxsize=1)
def _place_names() -> dict:
    """``p-code -> {"en": name, "ar": name}`` for every governorate and district (read once)."""
    from wpsresearch.geo.places import districts, governorates

    out = {}
    for table in (governorates(), districts()):
        for code, en, ar in zip(table.index, table["name_en"], table["name_ar"]):
            out[str(code)] = {"en": str(en), "ar": str(ar)}
    return out


def _place_name(value: str, lang: str) -> str | None:
    from wpsresearch.geo.places import PROVINCE_SLUGS, province_pcode

    code = province_pcode(value) if value in PROVINCE_SLUGS else value
    names = _place_names().get(code)
    return names["ar" if lang == "ar" else "en"] if names else None


def _group_name(var: str, value: str, lang: str, label=None) -> str:
    """A group's name in ``lang``: a place's name, else the form's answer label the store
    kept (``label``), else ``question: answer``."""
    parts = list(zip([p.strip() for p in var.split("%/%")], [p.strip() for p in value.split("%/%")]))
    places = [_place_name(x, lang) for _, x in parts]
    if all(places):
        return ", ".join(places)
    if isinstance(label, str) and label.strip():
        return label
    return ", ".join(p or f"{v}: {x}" for p, (v, x) in zip(places, parts))


_MAX_CONTRAST_GROUPS = 4  # contrasts between groups shown for up to 4 groups (6 pairs); districts: none


def scorecard_model(rows, withheld, framework, contrasts=None) -> dict:
    """Cards by pillar from store rows of one kind: series, changes, groups, contrasts between
    the groups of the latest round (``contrasts``: :func:`~.change.contrasts_between_groups`
    of the ``group_contrasts`` view), and the gaps."""
    from wpsresearch.monitor.change import changes_between_rounds

    rows = rows.sort_values(["round_date", "study"], kind="stable")
    changes = changes_between_rounds(rows) if len(rows) else None
    by_pillar = {code: [] for code in framework.nap_codes}
    unassigned = []
    overall = rows[rows["group_var"] == ""]
    for (ind, area, sig), series in overall.groupby(["indicator_id", "area", "signature"], sort=True):
        recs = _records(series)
        ch = {}
        if changes is not None:
            mine = changes[(changes["indicator_id"] == ind) & (changes["area"] == area)
                           & (changes["signature"] == sig) & (changes["group_var"] == "")]
            for i, rec in enumerate(recs[1:], start=1):
                hit = mine[mine["to_round"] == rec["round_date"]]
                if len(hit):
                    ch[i] = hit.iloc[-1].to_dict()
        groups = _groups(rows, changes, ind, sig, recs[-1])
        card = {"series": recs, "changes": ch, "groups": groups, "latest": recs[-1],
                "contrasts": _contrasts(contrasts, groups)}
        pillar = recs[-1].get("nap_pillar")
        (by_pillar[pillar] if pillar in by_pillar else unassigned).append(card)
    # indicators a plan estimates by group only (e.g. by sex): a card of their groups
    with_overall = set(zip(overall["indicator_id"], overall["signature"]))
    grouped = rows[rows["group_var"] != ""]
    for (ind, sig), sub in grouped.groupby(["indicator_id", "signature"], sort=True):
        if (ind, sig) in with_overall:
            continue
        latest = _records(sub.tail(1))[0]  # rows are sorted by round: the latest round's
        groups = _groups(rows, changes, ind, sig, latest)
        card = {"series": [], "changes": {}, "groups": groups, "latest": latest,
                "contrasts": _contrasts(contrasts, groups)}
        pillar = latest.get("nap_pillar")
        (by_pillar[pillar] if pillar in by_pillar else unassigned).append(card)
    used_sdg = set()
    for value in rows["sdg"].dropna():
        used_sdg |= set(str(value).split("; "))
    held = {"en": [], "ar": []}
    for lang in ("en", "ar"):
        seen = []
        for w in withheld.itertuples(index=False):
            label = getattr(w, f"label_{lang}") or w.label_en or w.indicator_id
            group = (_group_name(w.group_var, w.group_value, lang, getattr(w, f"group_label_{lang}", None))
                     if w.group_var else "")
            text = f"{label}{' — ' + group if group else ''} ({str(w.round_date)[:10]})"
            if text not in seen:
                seen.append(text)
        held[lang] = seen
    return {"pillars": [(c, framework.nap_entry(c), by_pillar[c]) for c in framework.nap_codes],
            "unassigned": unassigned,
            "empty_pillars": [c for c in framework.nap_codes if not by_pillar[c]],
            "empty_sdg": [c for c in framework.sdg if c not in used_sdg],
            "withheld": held if len(withheld) else {}}


def _contrasts(contrasts, groups) -> list:
    """The contrasts between the card's groups (one plan row and grouping variable of the
    latest round), named in both languages; none for more than a few groups."""
    if contrasts is None or not len(contrasts) or not groups:
        return []
    out = []
    by_row: dict = {}
    for g in groups:
        by_row.setdefault((g["plan_row"], g["group_var"]), []).append(g)
    for (plan_row, group_var), members in by_row.items():
        if not 2 <= len(members) <= _MAX_CONTRAST_GROUPS:
            continue
        first = members[0]
        studies = {first["study"], f"{first['study']} (SYNTHETIC)"}
        hit = contrasts[contrasts["study"].isin(studies) & (contrasts["plan_row"] == plan_row)
                        & (contrasts["indicator_id"] == first["indicator_id"]) & (contrasts["group_var"] == group_var)
                        & (contrasts["round_date"].astype(str).str[:10] == str(first["round_date"])[:10])]
        names = {g["group_value"]: g for g in members}
        for r in _records(hit.sort_values(["first_value", "second_value"])):
            a, b = names.get(r["first_value"]), names.get(r["second_value"])
            if a is None or b is None:
                continue
            out.append({**r, **{f"name_{lang}": f"{a[f'name_{lang}']} − {b[f'name_{lang}']}" for lang in ("en", "ar")}})
    return out


def _records(frame) -> list:
    """Rows as dicts, missing values as None (pandas gives NaN for an empty text cell)."""
    import pandas as pd

    return [{k: (None if not isinstance(v, (list, tuple)) and pd.isna(v) else v) for k, v in r.items()}
            for r in frame.to_dict("records")]


def _groups(rows, changes, ind, sig, latest):
    sub = rows[(rows["indicator_id"] == ind) & (rows["signature"] == sig) & (rows["group_var"] != "")
               & (rows["study"] == latest["study"]) & (rows["round_date"] == latest["round_date"])]
    out = []
    for r in _records(sub.sort_values(["group_var", "group_value"])):
        ch = None
        if changes is not None:
            hit = changes[(changes["indicator_id"] == ind) & (changes["signature"] == sig)
                          & (changes["group_var"] == r["group_var"]) & (changes["group_value"] == r["group_value"])
                          & (changes["area"] == r["area"]) & (changes["to_round"] == r["round_date"])]
            ch = hit.iloc[-1].to_dict() if len(hit) else None
        out.append({**r, "change": ch, **{f"name_{lang}": _group_name(r["group_var"], r["group_value"], lang,
                                                                    r.get(f"group_label_{lang}"))
                                           for lang in ("en", "ar")}})
    return out


# --------------------------------------------------------------------------- the scorecard
def _gate(staged: list, studies, root: Path) -> None:
    from wpsresearch.privacy.gate import run_gate, study_identifiers
    from wpsresearch.privacy.policy import DisclosurePolicy

    identifiers: dict = {}
    policies = []
    for study in studies:
        for kind, values in study_identifiers(study).items():
            identifiers.setdefault(kind, set()).update(values)
        policies.append(study.policy)
    policy = max(policies, key=lambda p: p.min_cell) if policies else DisclosurePolicy()
    run_gate(staged, identifiers=identifiers, policy=policy, root=root)


def scorecard(store=None, out_dir="reports/monitor", *, synthetic: bool | None = None, studies=(),
              framework=None, labels=None) -> list:
    """Write the bilingual NAP 1325 scorecard (HTML and PDF) and its HXL CSV files, through the
    export gate.

    Parameters
    ----------
    store : IndicatorStore, path, ``duckdb:`` URL or None
    out_dir : path
        Where the files go (default ``reports/monitor``); replaced only after the gate passed.
    synthetic : bool, optional
        Which rows: a scorecard never mixes synthetic and real data.  Default: the only kind
        the store holds (an error when it holds both).
    studies : iterable of Study
        Their raw submissions tell the gate which identifiers to look for (it always checks
        counts against the strictest of their policies, or the default policy).
    framework : Framework, optional
    labels : Labels, optional

    Returns
    -------
    list of (Path, str)
        Each written file with a one-line description.

    Raises
    ------
    ReportError
        When the gate finds a problem (nothing is published).
    """
    from wpsresearch.labels import Labels
    from wpsresearch.monitor.change import changes_between_rounds, contrasts_between_groups
    from wpsresearch.framework import Framework
    from wpsresearch.monitor.hxl_export import CHANGE_HXL_COLUMNS, CONTRAST_HXL_COLUMNS, write_hxl_csv
    from wpsresearch.monitor.scorecard_html import scorecard_page
    from wpsresearch.report.typst_pdf import html_to_pdf
    from wpsresearch.io.paths import ensure_writable

    framework = framework or Framework.load()
    labels = labels or Labels.default()
    st, owned = _open(store, read_only=True)
    try:
        kinds = set(st.query("SELECT DISTINCT synthetic FROM publications")["synthetic"].astype(bool))
        if synthetic is None:
            if len(kinds) > 1:
                raise InputError("the store holds synthetic and real studies: a scorecard shows one kind",
                                 file=st.location, hint="choose with --synthetic or --real (synthetic=True/False)")
            synthetic = kinds.pop() if kinds else False
        flag = bool(synthetic)
        rows = st.query("SELECT * FROM estimate_rows WHERE synthetic = ? ORDER BY round_date, study, indicator_id, "
                        "area, group_var, group_value", [flag])
        withheld = st.query("SELECT * FROM withheld WHERE synthetic = ? ORDER BY round_date, indicator_id, "
                            "group_var, group_value", [flag])
        view = st.query("SELECT * FROM estimates WHERE synthetic = ? ORDER BY round_date, study, indicator_id, "
                        "area, group_var, group_value", [flag])
        pairs = st.query("SELECT * FROM group_contrasts WHERE synthetic = ? ORDER BY study, round_date, plan_row, "
                         "first_value, second_value", [flag])
    finally:
        if owned:
            st.close()
    out = ensure_writable(Path(out_dir))
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".monitor-", dir=out.parent))
    try:
        write_hxl_csv(view, stage / "estimates.csv")
        write_hxl_csv(changes_between_rounds(view) if len(view) else
                      _empty(CHANGE_HXL_COLUMNS), stage / "changes.csv", columns=CHANGE_HXL_COLUMNS)
        contrasts = contrasts_between_groups(pairs)
        write_hxl_csv(contrasts, stage / "contrasts.csv", columns=CONTRAST_HXL_COLUMNS)
        model = scorecard_model(rows, withheld, framework, contrasts)
        for lang in ("en", "ar"):
            common = dict(lang=lang, labels=labels, framework=framework, synthetic=flag,
                          csv_files=("estimates.csv", "changes.csv", "contrasts.csv"))
            page = scorecard_page(model, **common)
            (stage / f"scorecard_{lang}.html").write_text(page, encoding="utf-8")
            (stage / f"scorecard_{lang}.pdf").write_bytes(
                html_to_pdf(scorecard_page(model, **common, print_=True), lang=lang))
        _write_label_qa(stage / "labels_unreviewed.csv", labels, framework, flag)
        staged = [stage / name for name in FILES]
        _gate(staged, studies, stage)
        if out.exists():
            shutil.rmtree(out)
        stage.rename(out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return [(out / name, what) for name, what in FILES.items()]


def _write_label_qa(path: Path, labels, framework, synthetic: bool) -> None:
    """The unreviewed label-table terms and framework titles the scorecard shows."""
    import csv

    keys = sorted(k for k in labels.table if k.startswith("monitor_"))
    keys += ["synthetic_stamp", "synthetic_note"] if synthetic else []
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["key", "en", "ar", "source"])
        for key in labels.unreviewed(keys):
            out.writerow([key, labels.get(key, "en"), labels.get(key, "ar"), labels.source.get(key, "")])
        for e in [*framework.pillars.values(), *framework.sectors.values(), *framework.sdg.values()]:
            if not e.reviewed:
                out.writerow([f"framework:{e.kind}:{e.code}", e.en, e.ar, framework.source])


def _empty(columns):
    import pandas as pd

    return pd.DataFrame(columns=list(columns))

