"""Widen a generated SYNTHETIC study to the ~300 columns of a real household-survey export.

The synthetic study's questionnaire has ~94 export columns; real Kobo exports in Iraq (the
MSNA forms in ``../shared/reference/kobo``) have 300 and more.  For the cleaning benchmark we
append one group of generic filler questions — Likert items, bounded integers with a
``relevant`` and a ``constraint``, Arabic free text, select_multiple with their 0/1 columns —
to both the form and the export, so every cleaning step (types, digits, missing codes,
constraints, skip logic, missingness, soft duplicates) has the width of a real export to
work through.  The filler is benchmark-only and random (seeded); it carries no meaning.
"""

from __future__ import annotations

import csv
from pathlib import Path

N_LIKERT, N_INTEGER, N_TEXT, N_MULTI, N_OPTIONS = 100, 60, 20, 6, 5
GROUP = "bench"
LIKERT = ("strongly_agree", "agree", "neutral", "disagree", "strongly_disagree")


def extra_columns() -> int:
    """How many export columns :func:`widen` adds."""
    return N_LIKERT + N_INTEGER + N_TEXT + N_MULTI * (1 + N_OPTIONS)


def _extend_form(form: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(form)
    survey, choices = book["survey"], book["choices"]
    head = [c.value for c in next(survey.iter_rows(max_row=1))]

    def row(**cells):
        survey.append([cells.get(h) for h in head])

    en, ar = "label::English (en)", "label::Arabic (ar)"
    row(type="begin_group", name=GROUP, **{en: "Benchmark filler", ar: "أسئلة إضافية"})
    for i in range(N_LIKERT):
        row(type="select_one bench_agree", name=f"lk_{i}", **{en: f"Statement {i}", ar: f"عبارة {i}"})
    for i in range(N_INTEGER):
        row(type="integer", name=f"num_{i}", relevant=f"${{lk_{i}}} != 'neutral'",
            constraint=". >= 0 and . <= 100", **{en: f"Count {i}", ar: f"عدد {i}"})
    for i in range(N_TEXT):
        row(type="text", name=f"txt_{i}", **{en: f"Comment {i}", ar: f"ملاحظة {i}"})
    for i in range(N_MULTI):
        row(type="select_multiple bench_opts", name=f"sm_{i}", **{en: f"Sources {i}", ar: f"مصادر {i}"})
    row(type="end_group", name=GROUP)
    chead = [c.value for c in next(choices.iter_rows(max_row=1))]
    for name in LIKERT:
        choices.append([{"list_name": "bench_agree", "name": name, en: name, ar: name}.get(h) for h in chead])
    for o in range(N_OPTIONS):
        choices.append([{"list_name": "bench_opts", "name": f"o{o}", en: f"Option {o}",
                         ar: f"خيار {o}"}.get(h) for h in chead])
    book.save(form)


def _filler(rows: int, seed: int):
    import numpy as np

    rng = np.random.default_rng(seed)
    cols = {}
    likert = np.array(list(LIKERT) + [""], dtype=object)
    for i in range(N_LIKERT):
        cols[f"{GROUP}/lk_{i}"] = rng.choice(likert, rows, p=[0.19] * 5 + [0.05])
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    for i in range(N_INTEGER):
        vals = rng.integers(0, 60, rows).astype(str).astype(object)
        # messiness at field rates: 98 "don't know" codes 1 %, Arabic-Indic digits 0.2 %,
        # constraint violations 0.1 % (old form versions), answers where the question was
        # skipped 1 % of the skipped
        odd = rng.random(rows)
        vals[odd < 0.01] = "98"
        vals[(odd >= 0.01) & (odd < 0.011)] = "250"
        arabic = (odd >= 0.011) & (odd < 0.013)
        vals[arabic] = [v.translate(digits) for v in vals[arabic]]
        neutral = cols[f"{GROUP}/lk_{i}"] == "neutral"
        vals[neutral & (rng.random(rows) < 0.99)] = ""
        cols[f"{GROUP}/num_{i}"] = vals
    text = np.array(["", "", "", "لا يوجد", "الوضع جيد", "no comment", "بحاجة إلى دعم"], dtype=object)
    for i in range(N_TEXT):
        cols[f"{GROUP}/txt_{i}"] = rng.choice(text, rows)
    for i in range(N_MULTI):
        picks = rng.random((rows, N_OPTIONS)) < 0.3
        names = np.array([f"o{o}" for o in range(N_OPTIONS)], dtype=object)
        parent = np.array([" ".join(names[p]) for p in picks], dtype=object)
        cols[f"{GROUP}/sm_{i}"] = parent
        for o in range(N_OPTIONS):
            # Kobo leaves the 0/1 columns blank when the question has no answer
            dummy = picks[:, o].astype(int).astype(str).astype(object)
            dummy[parent == ""] = ""
            cols[f"{GROUP}/sm_{i}/o{o}"] = dummy
    return cols


def widen(study_dir: Path, *, seed: int = 7, chunk: int = 200_000) -> int:
    """Append the filler group to ``form.xlsx`` and ``export.csv``; return the new width.

    The CSV is rewritten chunk by chunk (Kobo's dialect: ``;``, every field quoted) so a
    1,000,000-row export does not need to fit in memory as Python strings twice.
    """
    import pandas as pd

    study_dir = Path(study_dir)
    _extend_form(study_dir / "form.xlsx")
    src = study_dir / "export.csv"
    tmp = study_dir / "export.wide.csv"
    width = 0
    reader = pd.read_csv(src, sep=";", dtype=str, keep_default_na=False, chunksize=chunk)
    for k, part in enumerate(reader):
        extra = pd.DataFrame(_filler(len(part), seed + k), index=part.index)
        wide = pd.concat([part, extra], axis=1)
        width = wide.shape[1]
        wide.to_csv(tmp, sep=";", index=False, header=(k == 0), mode="w" if k == 0 else "a",
                    quoting=csv.QUOTE_ALL, encoding="utf-8", lineterminator="\n")
    tmp.replace(src)
    return width


def replicate(src_dir: Path, dst_dir: Path, copies: int, *, chunk: int = 200_000) -> int:
    """Write a study ``copies`` times the size of ``src_dir``'s: the same form and files, the
    export repeated with fresh submission ids (``_uuid``, ``_id``, ``_index``) and each copy's
    enumerators renamed (``enum_03`` → ``enum_03~2``), so a copy is never a duplicate or a
    soft duplicate of another — every check sees what it would in a study of that size.
    Generating 10^6 synthetic interviews one by one takes hours; this takes minutes.
    Returns the number of rows written."""
    import shutil

    import pandas as pd

    src_dir, dst_dir = Path(src_dir), Path(dst_dir)
    dst_dir.mkdir(parents=True, exist_ok=True)
    for f in src_dir.iterdir():
        if f.is_file() and f.name not in {"export.csv", "export.xlsx"} and not f.name.startswith("export_"):
            shutil.copy(f, dst_dir / f.name)
    out = dst_dir / "export.csv"
    rows = 0
    first = True
    for copy in range(copies):
        for part in pd.read_csv(src_dir / "export.csv", sep=";", dtype=str, keep_default_na=False,
                                chunksize=chunk):
            if copy:
                tag = f"~{copy + 1}"
                for col in ("_uuid", "enumerator"):
                    if col in part:
                        part[col] = part[col].where(part[col] == "", part[col] + tag)
                for col in ("_id", "_index"):
                    if col in part:
                        part[col] = [str(int(v) + copy * 10_000_000) if v.isdigit() else v
                                     for v in part[col]]
            part.to_csv(out, sep=";", index=False, header=first, mode="w" if first else "a",
                        quoting=csv.QUOTE_ALL, encoding="utf-8", lineterminator="\n")
            first = False
            rows += len(part)
    return rows
