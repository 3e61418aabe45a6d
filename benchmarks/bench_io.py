"""Speed and peak memory of ``wpsresearch.io.read_kobo`` on a large Kobo export.

Generates (in a temporary folder, seeded) an XLSForm with ~300 columns' worth of questions
and a Kobo CSV (``;``, fully quoted, select_multiple 0/1 columns, Arabic text and
Arabic-Indic digits) plus the same data as XLSX, then times ``read_kobo`` on each in a fresh
interpreter (so peak RSS is the reader's own).  The peer is ``pandas.read_csv(dtype=str)`` on
the same CSV: it does none of the mapping, checking or repairing, so the ratio is the price
of those.

    python benchmarks/bench_io.py [--rows 100000] [--xlsx-rows N] [--no-xlsx]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N_SELECT_ONE, N_INTEGER, N_TEXT, N_MULTI, N_OPTIONS = 120, 80, 40, 10, 5


def write_form(path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(["type", "name", "label::English (en)", "label::Arabic (ar)"])
    survey.append(["start", "start", "", ""])
    survey.append(["end", "end", "", ""])
    for g in range(10):
        survey.append(["begin_group", f"g{g}", f"Group {g}", f"مجموعة {g}"])
        for i in range(g, N_SELECT_ONE, 10):
            survey.append(["select_one yn", f"so_{i}", f"Question {i}", f"سؤال {i}"])
        for i in range(g, N_INTEGER, 10):
            survey.append(["integer", f"int_{i}", f"Number {i}", f"عدد {i}"])
        for i in range(g, N_TEXT, 10):
            survey.append(["text", f"txt_{i}", f"Text {i}", f"نص {i}"])
        for i in range(g, N_MULTI, 10):
            survey.append(["select_multiple opts", f"sm_{i}", f"Multi {i}", f"متعدد {i}"])
        survey.append(["end_group", f"g{g}", "", ""])
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)", "label::Arabic (ar)"])
    choices.append(["yn", "yes", "Yes", "نعم"])
    choices.append(["yn", "no", "No", "لا"])
    for o in range(N_OPTIONS):
        choices.append(["opts", f"o{o}", f"Option {o}", f"خيار {o}"])
    workbook.save(path)


def _columns(rows: int):
    import numpy as np

    rng = np.random.default_rng(20240501)
    cols = {"start": np.full(rows, "2024-05-01T09:00:00.000+03:00", dtype=object),
            "end": np.full(rows, "2024-05-01T09:45:00.000+03:00", dtype=object)}
    for g in range(10):
        for i in range(g, N_SELECT_ONE, 10):
            cols[f"g{g}/so_{i}"] = rng.choice(np.array(["yes", "no", ""], dtype=object), rows)
        for i in range(g, N_INTEGER, 10):
            cols[f"g{g}/int_{i}"] = rng.integers(0, 99, rows).astype(str).astype(object)
        for i in range(g, N_TEXT, 10):
            cols[f"g{g}/txt_{i}"] = rng.choice(np.array(["البصرة", "كركوك", "Baghdad", "٣٥",
                                                          ""], dtype=object), rows)
        for i in range(g, N_MULTI, 10):
            picks = rng.integers(0, 2, (rows, N_OPTIONS))
            cols[f"g{g}/sm_{i}"] = np.array([" ".join(f"o{o}" for o in range(N_OPTIONS)
                                                      if r[o]) for r in picks], dtype=object)
            for o in range(N_OPTIONS):
                cols[f"g{g}/sm_{i}/o{o}"] = picks[:, o].astype(str).astype(object)
    for meta in ("_id", "_index"):
        cols[meta] = np.arange(1, rows + 1).astype(str).astype(object)
    cols["_uuid"] = np.array([f"uuid-{i:08d}" for i in range(rows)], dtype=object)
    cols["_submission_time"] = cols["start"]
    return cols


def write_exports(folder: Path, rows: int, xlsx_rows: int) -> dict:
    import csv

    import pandas as pd

    frame = pd.DataFrame(_columns(rows))
    csv_path = folder / "export.csv"
    frame.to_csv(csv_path, sep=";", index=False, quoting=csv.QUOTE_ALL)
    out = {"csv": csv_path, "columns": frame.shape[1]}
    if xlsx_rows:
        write_xlsx(folder / "export.xlsx", frame.head(xlsx_rows))
        out["xlsx"] = folder / "export.xlsx"
    return out


_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
    'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="'
    'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="'
    'xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
    'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/>'
    '</sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
    'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def write_xlsx(path: Path, frame) -> None:
    """A minimal XLSX (inline strings) written directly: openpyxl would take minutes here."""
    import zipfile
    from xml.sax.saxutils import escape

    cache: dict = {}

    def cell(value):
        if value not in cache:
            cache[value] = f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>' if value \
                else "<c/>"
        return cache[value]

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, xml in _PARTS.items():
            archive.writestr(name, xml)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://'
                        b'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            rows = [list(frame.columns), *frame.itertuples(index=False)]
            for row in rows:
                sheet.write(("<row>" + "".join(cell(v) for v in row) + "</row>").encode())
            sheet.write(b"</sheetData></worksheet>")


def measure(kind: str, path: str, form: str) -> None:
    """Child process: read once, print seconds, rows and peak RSS as JSON."""
    start = time.perf_counter()
    if kind == "pandas":
        import pandas as pd

        rows = len(pd.read_csv(path, sep=";", dtype=str, keep_default_na=False))
    else:
        import wpsresearch as wps

        sd = wps.io.read_kobo(path, form=wps.io.read_xlsform(form))
        rows = len(sd.main)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": _peak_mb()}))


def _peak_mb() -> float:
    """High-water RSS of this process (Linux VmHWM; ru_maxrss survives exec, so not that)."""
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(kind: str, path: Path, form: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", kind, str(path), str(form)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--xlsx-rows", type=int, default=None,
                    help="rows of the XLSX copy (default: --rows)")
    ap.add_argument("--no-xlsx", action="store_true")
    ap.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        measure(*args.measure)
        return 0
    xlsx_rows = 0 if args.no_xlsx else (args.xlsx_rows or args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_form(folder / "form.xlsx")
        t0 = time.perf_counter()
        files = write_exports(folder, args.rows, xlsx_rows)
        size = files["csv"].stat().st_size / 1e6
        print(f"generated {args.rows} rows x {files['columns']} columns ({size:.0f} MB CSV) "
              f"in {time.perf_counter() - t0:.1f} s")
        peer = _child("pandas", files["csv"], folder / "form.xlsx")
        ours = _child("csv", files["csv"], folder / "form.xlsx")
        for name, r in (("read_kobo CSV", ours), ("pandas.read_csv(dtype=str)", peer)):
            print(f"{name:28s} {r['seconds']:7.2f} s  {r['rows'] / r['seconds']:10,.0f} rows/s"
                  f"  peak RSS {r['peak_mb']:7.0f} MB")
        print(f"ratio read_kobo / pandas: {ours['seconds'] / peer['seconds']:.2f}x time, "
              f"{ours['peak_mb'] / peer['peak_mb']:.2f}x memory")
        if "xlsx" in files:
            x = _child("xlsx", files["xlsx"], folder / "form.xlsx")
            print(f"{'read_kobo XLSX':28s} {x['seconds']:7.2f} s  "
                  f"{x['rows'] / x['seconds']:10,.0f} rows/s  peak RSS {x['peak_mb']:7.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
