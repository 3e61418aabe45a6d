"""Fill a field export from ANY form, in every dialect a study may bring (a test tool).

The package's own studies were written by its own generator; this one knows nothing about
them.  Given a :class:`wpsresearch.io.Codebook` (any XLSForm read by pyxform), it invents
answers of the right type for every field — choices from the field's list, integers and
decimals that satisfy the field's ``constraint`` when one is given, dates, geopoints, files —
optionally honours the form's ``relevant`` expressions (a skipped question stays empty), and
writes them as each platform does (DESIGN.md "Facts worth knowing"):

``kobo_csv``      ``;``, all quoted, full group paths, ``q/option`` 1/0 columns (empty when
                  the question was not asked), ``_q_latitude``… geopoint parts, metadata last;
``kobo_xlsx``     the same header, numbers as numbers, one sheet per repeat linked
                  ``_parent_index`` → ``_index``;
``kobocat_csv``   legacy KoBoCAT: ``,``, ``.`` as group separator, True/False, ``n/a``;
``odk_zip``       ODK Central: ``,``, groups joined with ``-``, ``-Latitude`` geopoint parts,
                  ``meta-instanceID``/``KEY``, one ``<form>-<repeat>.csv`` per repeat linked
                  ``PARENT_KEY`` → ``KEY``;
``r_csv``         after R's ``read.csv``/``write.csv``: ``make.names`` headers (``X_uuid``,
                  ``q.option``, ``X.U.FEFF.`` before the first), ``NA`` for empty;
``sav``           SPSS (pyreadstat): select_one as numeric codes with value labels, integers
                  with user-missing codes 98/99 ("don't know"/"refused") declared.

Everything is deterministic for a seed.  Used by tests/pipeline/test_new_studies.py and
tests/io/test_io_generated_exports.py; run directly to write one export::

    python tests/data/studies/export_generator.py form.xlsx kobo_xlsx export.xlsx --n 200
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

DIALECTS = ("kobo_csv", "kobo_xlsx", "kobocat_csv", "odk_zip", "r_csv", "sav")
META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
        "_submitted_by", "_tags", "_index"]
_GEO = ("latitude", "longitude", "altitude", "precision")
_ODK_GEO = ("Latitude", "Longitude", "Altitude", "Accuracy")
_SKIP = {"begin_group", "end_group", "begin_repeat", "end_repeat", "note", "xml-external",
         "csv-external", ""}
_START = dt.datetime(2024, 5, 1, 8, 0)


@dataclass
class Table:
    """One table of answers: ``frame`` (codebook names, text or None), its repeat name and,
    for a repeat, the parent row of each row (position in the parent table)."""

    name: str | None
    fields: list                      # codebook rows (dicts) of the table's own fields
    frame: pd.DataFrame
    parent: str | None = None         # parent table name (None = main)
    parent_row: np.ndarray | None = None


@dataclass
class Answers:
    codebook: object
    main: Table
    repeats: dict = field(default_factory=dict)   # repeat name -> Table (form order)
    title: str = "survey"
    form_id: str = "survey"
    extra: list = field(default_factory=list)  # main-table columns outside the form (weights)

    def add_column(self, name, values) -> None:
        """A column the form does not define, written after the form's (a partner merging
        sampling weights into the export after fieldwork)."""
        self.main.frame = self.main.frame.assign(**{name: [None if v is None else str(v)
                                                           for v in values]})
        self.extra.append(name)


def _text(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _rows(codebook) -> list:
    v = codebook.variables
    return [dict(r) for _, r in v.iterrows()]


def _choices(codebook, row) -> list:
    list_name = _text(row.get("list_name"))
    if list_name is None:
        return []
    c = codebook.choices
    names = c.loc[c["list_name"] == list_name, "name"].astype(str).tolist()
    return list(dict.fromkeys(n for n in names if n and n != "nan"))


def _number_candidates(rng, n, base, name):
    if base == "decimal":
        return [np.round(rng.uniform(0, 100, n), 2), np.round(rng.uniform(1, 10, n), 1),
                np.round(rng.uniform(0, 1, n), 2)]
    first = rng.integers(18, 80, n) if "age" in name.lower() else rng.integers(0, 40, n)
    return [first, rng.integers(1, 10, n), rng.integers(0, 2, n), rng.integers(0, 1000, n)]


def _numbers(rng, n, row, frame):
    """Numbers, each satisfying the field's constraint when the package can evaluate it."""
    from wpsresearch.clean.xpath import UnsupportedExpression, evaluate

    base, name = row["base_type"], row["name"]
    candidates = _number_candidates(rng, n, base, name)
    out = np.array([str(v) for v in candidates[0]], dtype=object)
    constraint = _text(row.get("constraint"))
    if constraint is None:
        return out
    todo = np.ones(n, dtype=bool)
    for values in candidates:
        probe = frame.copy()
        probe[name] = pd.array([str(v) for v in values], dtype="string")
        try:
            ok = evaluate(constraint, probe, current=name).to_numpy()
        except UnsupportedExpression:
            return out
        take = todo & ok
        out[take] = [str(v) for v in np.asarray(values)[take]]
        todo &= ~ok
    return out


def _values(rng, n, row, codebook, frame, offset):
    base = row["base_type"]
    i = np.arange(n) + offset
    if base in ("select_one", "select_one_from_file"):
        options = _choices(codebook, row)
        return np.array(rng.choice(options, n) if options else [None] * n, dtype=object)
    if base in ("select_multiple", "select_multiple_from_file", "rank"):
        options = _choices(codebook, row)
        if not options:
            return np.array([None] * n, dtype=object)
        out = []
        for _ in range(n):
            k = len(options) if base == "rank" else int(rng.integers(1, min(3, len(options)) + 1))
            picked = set(rng.choice(options, k, replace=False))
            out.append(" ".join(o for o in options if o in picked) if base != "rank"
                       else " ".join(rng.permutation(options)))
        return np.array(out, dtype=object)
    if base in ("integer", "decimal", "range"):
        return _numbers(rng, n, row, frame)
    if base == "text":
        return np.array([("جواب آخر" if k % 3 == 0 else f"answer {k}") for k in i], dtype=object)
    if base in ("date", "today"):
        return np.array([(_START + dt.timedelta(days=int(d))).date().isoformat()
                         for d in rng.integers(0, 20, n)], dtype=object)
    if base in ("start", "datetime"):
        return np.array([(_START + dt.timedelta(days=int(d), minutes=int(m))).isoformat(
            timespec="milliseconds") + "+03:00" for d, m in zip(rng.integers(0, 20, n),
                                                                rng.integers(0, 480, n))],
            dtype=object)
    if base == "end":  # after the interview's start, 15 to 75 minutes later
        starts = frame["start"] if "start" in frame.columns else pd.Series([None] * n)
        out = []
        for s, m in zip(starts, rng.integers(15, 75, n)):
            begin = dt.datetime.fromisoformat(s[:23]) if isinstance(s, str) and s else _START
            out.append((begin + dt.timedelta(minutes=int(m))).isoformat(timespec="milliseconds")
                       + "+03:00")
        return np.array(out, dtype=object)
    if base == "time":
        return np.array([f"{h:02d}:{m:02d}:00.000+03:00" for h, m in
                         zip(rng.integers(8, 18, n), rng.integers(0, 60, n))], dtype=object)
    if base in ("geopoint", "start-geopoint"):
        return np.array([f"{33 + a:.6f} {44 + b:.6f} {int(c)} {int(d)}" for a, b, c, d in
                         zip(rng.uniform(0, 1, n), rng.uniform(0, 1, n),
                             rng.integers(20, 200, n), rng.integers(3, 20, n))], dtype=object)
    if base in ("geotrace", "geoshape"):
        return np.array(["33.1 44.1 0 0;33.2 44.2 0 0;33.1 44.1 0 0"] * n, dtype=object)
    if base in ("image", "audio", "video", "file", "background-audio"):
        return np.array([f"file_{k}.jpg" for k in i], dtype=object)
    if base == "audit":
        return np.array(["audit.csv"] * n, dtype=object)
    if base == "barcode":
        return np.array([str(9000000 + k) for k in i], dtype=object)
    if base == "acknowledge":
        return np.array(["OK"] * n, dtype=object)
    if base == "deviceid":
        return np.array([f"collect:dev{k % 7}" for k in i], dtype=object)
    if base == "username":
        return np.array([f"enum{k % 7}" for k in i], dtype=object)
    return np.array([None] * n, dtype=object)  # calculate, hidden, external selects …


def _relevance(expr, frame):
    from wpsresearch.clean.xpath import UnsupportedExpression, evaluate

    if expr is None:
        return None
    try:
        return evaluate(expr, frame).to_numpy()
    except (UnsupportedExpression, Exception):  # noqa: BLE001 - an expression we cannot judge is ignored
        return None


def _fill(rng, codebook, fields, n, context, *, honour, fixed, offset, groups):
    """Answers for ``fields`` (in form order) on ``n`` rows; ``context`` holds the parent's
    answers (for relevants that name them)."""
    frame = context.copy() if context is not None else pd.DataFrame(index=range(n))
    own = []
    for row in fields:
        name = row["name"]
        if name in fixed:
            values = np.array([fixed[name](rng, k) for k in range(offset, offset + n)], dtype=object)
        else:
            values = _values(rng, n, row, codebook, frame, offset)
        if honour:
            mask = np.ones(n, dtype=bool)
            for expr in [*groups.get(row.get("group") or "", []), _text(row.get("relevant"))]:
                hit = _relevance(expr, frame)
                if hit is not None:
                    mask &= hit
            values = np.where(mask, values, None)
        frame[name] = pd.array(values, dtype="string")
        own.append(name)
    return frame[own].astype(object).where(frame[own].notna(), None)


def _group_relevants(rows) -> dict:
    """``{group path: [relevant of each enclosing group, outermost first]}``."""
    out: dict = {}
    for row in rows:
        if row["base_type"] not in ("begin_group", "begin_repeat"):
            continue
        parent = row.get("group") if isinstance(row.get("group"), str) else ""
        path = f"{parent}/{row.get('form_name') or row['name']}" if parent else \
            (row.get("form_name") or row["name"])
        out[path] = [*out.get(parent, []), _text(row.get("relevant"))] \
            if row["base_type"] == "begin_group" else list(out.get(parent, []))
    for key in list(out):
        out[key] = [e for e in out[key] if e]
    return out


def _repeat_counts(rng, row, parent_frame):
    n = len(parent_frame)
    counts = rng.integers(1, 4, n)
    expr = _text(row.get("repeat_count"))
    if expr and expr.startswith("${") and expr.endswith("}"):
        ref = expr[2:-1]
        if ref in parent_frame.columns:
            values = pd.to_numeric(parent_frame[ref], errors="coerce").fillna(0).to_numpy()
            counts = np.clip(values, 0, 4).astype(int)
    relevant = _text(row.get("relevant"))
    hit = _relevance(relevant, parent_frame) if relevant else None
    if hit is not None:
        counts = np.where(hit, counts, 0)
    return counts


def generate(codebook, n=200, *, seed=1, honour_relevant=True, fixed=None) -> Answers:
    """Invent ``n`` submissions of ``codebook``'s form (see the module docstring).

    ``fixed``: ``{name: f(rng, k) -> text}`` for fields whose answers a test sets (consent,
    the governorate, a weight …), ``k`` being the row's number.
    """
    import warnings

    with warnings.catch_warnings():
        # answers are added field by field (each relevant reads the ones before it)
        warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
        return _generate(codebook, n, seed, honour_relevant, fixed)


def _generate(codebook, n, seed, honour_relevant, fixed) -> Answers:
    rng = np.random.default_rng(seed)
    fixed = dict(fixed or {})
    rows = _rows(codebook)
    groups = _group_relevants(rows)
    data = [r for r in rows if r["base_type"] not in _SKIP and _text(r["name"])]
    by_table: dict = {}
    for r in data:
        by_table.setdefault(_text(r.get("repeat")), []).append(r)
    main_frame = _fill(rng, codebook, by_table.get(None, []), n, None, honour=honour_relevant,
                       fixed=fixed, offset=0, groups=groups)
    main_frame = _metadata(rng, main_frame).copy()  # one block, not one per field
    main = Table(None, by_table.get(None, []), main_frame)
    tables = {None: main}
    repeats = {}
    for row in rows:  # repeats in form order; a nested repeat after its parent
        if row["base_type"] != "begin_repeat":
            continue
        parent_name = _text(row.get("repeat"))
        parent = tables.get(parent_name)
        if parent is None:
            continue
        context = parent.frame
        if parent_name is not None:  # a nested repeat also sees the main table's answers
            top = tables[None].frame
            context = context.join(top.iloc[_top_rows(tables, parent)].reset_index(drop=True)
                                   .drop(columns=[c for c in top.columns if c in context.columns]))
        counts = _repeat_counts(rng, row, context)
        parent_row = np.repeat(np.arange(len(context)), counts)
        ctx = context.iloc[parent_row].reset_index(drop=True)
        fields = by_table.get(row["name"], [])
        frame = _fill(rng, codebook, fields, len(parent_row), ctx, honour=honour_relevant,
                      fixed=fixed, offset=0, groups=groups)
        frame = frame.assign(_index=[str(k) for k in range(1, len(frame) + 1)])
        table = Table(row["name"], fields, frame, parent_name, parent_row)
        tables[row["name"]] = repeats[row["name"]] = table
    settings = getattr(codebook, "settings", {}) or {}
    title = str(settings.get("form_title") or settings.get("title") or "survey")
    form_id = str(settings.get("form_id") or settings.get("id_string") or "survey")
    return Answers(codebook, main, repeats, title=title, form_id=form_id)


def _top_rows(tables, table):
    rows = np.arange(len(table.frame))
    while table.parent is not None:
        rows = table.parent_row[rows]
        table = tables[table.parent]
    return table.parent_row[rows] if table.parent_row is not None else rows


def _metadata(rng, frame):
    n = len(frame)
    ids = rng.integers(0, 2**62, n)
    frame["_id"] = [str(100000 + k) for k in range(n)]
    frame["_uuid"] = [f"{i:016x}-{k:04d}-4000-8000-{i % 10**12:012d}" for k, i in enumerate(ids)]
    frame["_submission_time"] = [(_START + dt.timedelta(days=25, minutes=k)).isoformat()
                                 for k in range(n)]
    for m in ("_validation_status", "_notes", "_submitted_by", "_tags"):
        frame[m] = None
    frame["_status"] = "submitted_via_web"
    frame["_index"] = [str(k) for k in range(1, n + 1)]
    return frame


# -- rendering ---------------------------------------------------------------------------
def _path(row) -> str:
    return _text(row.get("path")) or row["name"]


def _columns(answers, table, *, sep="/", opt_sep="/", geo=True, dummies=True, odk=False):
    """``[(header, getter(frame) -> column of text or None)]`` in Kobo's order."""
    out = []
    prefix = ""
    if odk and table.name is not None:  # Central writes a repeat's fields below the repeat
        prefix = _repeat_path(answers, table.name) + "/"
    for row in table.fields:
        name, base = row["name"], row["base_type"]
        path = _path(row)
        if prefix and path.startswith(prefix):
            path = path[len(prefix):]
        spelled = path.replace("/", sep)
        out.append((spelled, lambda f, name=name: f[name]))
        if dummies and base == "select_multiple":
            for opt in _choices(answers.codebook, row):
                out.append((f"{spelled}{opt_sep}{opt}", lambda f, name=name, opt=opt: [
                    None if v is None else ("1" if opt in v.split() else "0") for v in f[name]]))
        if geo and base == "geopoint":
            parts = _ODK_GEO if odk else _GEO
            for k, part in enumerate(parts):
                header = f"{spelled}-{part}" if odk else f"_{path}_{part}".replace("/", sep)
                out.append((header, lambda f, name=name, k=k: [
                    None if v is None else v.split()[k] for v in f[name]]))
    if table.name is None:
        out += [(name, lambda f, name=name: f[name]) for name in answers.extra]
    return out


def _repeat_path(answers, name) -> str:
    row = answers.codebook.question(name)
    return _text(row.get("path")) or name


def _grid(table, columns, meta):
    frame = table.frame
    header = [h for h, _ in columns] + list(meta)
    cols = [list(get(frame)) for _, get in columns] + [list(frame[m]) for m in meta]
    return header, [list(r) for r in zip(*cols)] if cols else [[] for _ in range(len(frame))]


def _render(rows, *, delimiter, quoting) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def kobo_csv(answers, path):
    header, rows = _grid(answers.main, _columns(answers, answers.main), META)
    rows = [["" if v is None else v for v in r] for r in rows]
    Path(path).write_text(_render([header, *rows], delimiter=";", quoting=csv.QUOTE_ALL),
                          encoding="utf-8")
    return Path(path)


def kobocat_csv(answers, path):
    header, rows = _grid(answers.main, _columns(answers, answers.main, sep=".", opt_sep="."),
                         META)
    rows = [["n/a" if v is None else {"1": "True", "0": "False"}.get(v, v)
             if header[k] not in META and _is_dummy(header[k], answers) else
             ("n/a" if v is None else v) for k, v in enumerate(r)] for r in rows]
    Path(path).write_text(_render([header, *rows], delimiter=",", quoting=csv.QUOTE_MINIMAL),
                          encoding="utf-8")
    return Path(path)


def _is_dummy(header, answers):
    return header in _dummy_headers(answers)


def _dummy_headers(answers):
    cached = getattr(answers, "_dummies", None)
    if cached is None:
        cached = set()
        for row in answers.main.fields:
            if row["base_type"] == "select_multiple":
                spelled = _path(row).replace("/", ".")
                cached |= {f"{spelled}.{o}" for o in _choices(answers.codebook, row)}
        answers._dummies = cached
    return cached


def r_csv(answers, path):
    from wpsresearch.io import make_names

    header, rows = _grid(answers.main, _columns(answers, answers.main), META)
    header = [make_names(h) for h in header]
    header[0] = "X.U.FEFF." + header[0]
    rows = [["NA" if v is None else v for v in r] for r in rows]
    Path(path).write_text(_render([header, *rows], delimiter=",", quoting=csv.QUOTE_MINIMAL),
                          encoding="utf-8")
    return Path(path)


def _cell(value):
    if value is None:
        return None
    if value.isascii() and value.lstrip("-").isdigit() and len(value) < 15:
        return int(value)
    try:
        if value.isascii() and "." in value and value.replace(".", "", 1).lstrip("-").isdigit():
            return float(value)
    except ValueError:
        pass
    return value


def kobo_xlsx(answers, path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = answers.title[:31]
    header, rows = _grid(answers.main, _columns(answers, answers.main), META)
    sheet.append(header)
    for r in rows:
        sheet.append([_cell(v) for v in r])
    titles = {None: sheet.title}
    uuids = list(answers.main.frame["_uuid"])
    for name, table in answers.repeats.items():
        title = name[:31]
        titles[name] = title
        ws = workbook.create_sheet(title)
        parents = (answers.main if table.parent is None else answers.repeats[table.parent]).frame
        link = ["_index", "_parent_table_name", "_parent_index", "_submission__uuid"]
        header, rows = _grid(table, _columns(answers, table), [])
        ws.append(header + link)
        top = _top(answers, table)
        for k, r in enumerate(rows):
            p = int(table.parent_row[k])
            ws.append([_cell(v) for v in r] + [k + 1, titles[table.parent],
                                               int(parents["_index"].iloc[p]), uuids[top[k]]])
    workbook.save(path)
    return Path(path)


def _top(answers, table):
    tables = {None: answers.main, **answers.repeats}
    return _top_rows(tables, table)


def odk_zip(answers, path):
    main = answers.main
    columns = _columns(answers, main, sep="-", dummies=False, odk=True)
    header, rows = _grid(main, columns, [])
    keys = [f"uuid:{u}" for u in main.frame["_uuid"]]
    header = ["SubmissionDate", *header, "meta-instanceID", "KEY", "SubmitterID",
              "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status",
              "ReviewState", "DeviceID", "Edits", "FormVersion"]
    body = [[t, *["" if v is None else v for v in r], k, k, "7", "enumerator", "0", "0", "",
             "", "", "0", "1"] for t, r, k in zip(main.frame["_submission_time"], rows, keys)]
    members = {f"{answers.form_id}.csv": [header, *body]}
    key_of = {None: keys}
    for name, table in answers.repeats.items():
        columns = _columns(answers, table, sep="-", dummies=False, odk=True)
        header, rows = _grid(table, columns, [])
        parent_keys = key_of[table.parent]
        counts: dict = {}
        own = []
        for k in range(len(rows)):
            pk = parent_keys[int(table.parent_row[k])]
            counts[pk] = counts.get(pk, 0) + 1
            own.append(f"{pk}/{_repeat_path(answers, name)}[{counts[pk]}]")
        key_of[name] = own
        members[f"{answers.form_id}-{name}.csv"] = [
            header + ["PARENT_KEY", "KEY"],
            *[["" if v is None else v for v in r] + [parent_keys[int(table.parent_row[k])],
                                                      own[k]] for k, r in enumerate(rows)]]
    with zipfile.ZipFile(path, "w") as archive:
        for member, grid in members.items():
            archive.writestr(member, _render(grid, delimiter=",", quoting=csv.QUOTE_MINIMAL))
    return Path(path)


def sav(answers, path, *, lang_column=None, missing_codes=(98, 99)):
    """SPSS: main table only, form names as variable names, select_one as codes."""
    import pyreadstat

    cb = answers.codebook
    frame = answers.main.frame
    lang_column = lang_column or next((c for c in cb.variables.columns
                                       if c.startswith("label::")), None)
    out, labels, value_labels, missing = {}, {}, {}, {}
    from wpsresearch.io import make_names

    for row in answers.main.fields:
        name, base = row["name"], row["base_type"]
        if "/" in name:
            continue
        name = _spss_name(name, make_names)
        label = _text(row.get(lang_column)) if lang_column else None
        labels[name] = label or name
        values = frame[row["name"]]
        if base == "select_one":
            options = _choices(cb, row)
            codes = {o: k for k, o in enumerate(options, start=1)}
            out[name] = [float(codes[v]) if v in codes else np.nan for v in values]
            c = cb.choices
            value_labels[name] = {float(k): cb.label(row["name"], lang_column[7:] if lang_column
                                                     else "en", choice=o)
                                  for o, k in codes.items()}
        elif base == "select_multiple":
            for opt in _choices(cb, row):
                out[_spss_name(f"{name}.{opt}", make_names)] = [
                    np.nan if v is None else float(opt in v.split()) for v in values]
            out[name] = ["" if v is None else v for v in values]
        elif base in ("integer", "decimal"):
            nums = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy()
            if base == "integer" and missing_codes:
                hit = np.arange(len(nums)) % 17 == 5
                nums = np.where(hit & ~np.isnan(nums), float(missing_codes[0]), nums)
                hit = np.arange(len(nums)) % 23 == 7
                nums = np.where(hit & ~np.isnan(nums), float(missing_codes[-1]), nums)
                missing[name] = [float(m) for m in missing_codes]
                value_labels[name] = {float(missing_codes[0]): "Don't know",
                                      float(missing_codes[-1]): "Refused"}
            out[name] = nums
        else:
            out[name] = ["" if v is None else v for v in values]
    for name in answers.extra:
        out[_spss_name(name, make_names)] = pd.to_numeric(pd.Series(frame[name], dtype=object),
                                                          errors="coerce").to_numpy()
    for m in ("_uuid", "_submission_time", "_index"):  # SPSS names cannot begin with "_":
        out[make_names(m)] = list(frame[m])               # X_uuid, as R's haven writes them
    data = pd.DataFrame(out)
    pyreadstat.write_sav(data, str(path), column_labels=[labels.get(c, c) for c in data.columns],
                         variable_value_labels=value_labels, missing_ranges=missing or None)
    return Path(path)


def _spss_name(name, make_names):
    """A valid SPSS variable name: R's make.names (no leading "_", no "-"), at most 64 bytes."""
    return make_names(name).replace("-", ".").encode("utf-8")[:64].decode("utf-8", "ignore")


WRITERS = {"kobo_csv": kobo_csv, "kobo_xlsx": kobo_xlsx, "kobocat_csv": kobocat_csv,
           "odk_zip": odk_zip, "r_csv": r_csv, "sav": sav}
SUFFIX = {"kobo_csv": ".csv", "kobo_xlsx": ".xlsx", "kobocat_csv": ".csv", "odk_zip": ".zip",
          "r_csv": ".csv", "sav": ".sav"}


def write_export(answers, path, dialect):
    """Write ``answers`` as ``dialect`` (one of :data:`DIALECTS`) to ``path``."""
    return WRITERS[dialect](answers, path)


def main(argv=None):
    import argparse
    import warnings

    import wpsresearch as wps

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("form")
    parser.add_argument("dialect", choices=DIALECTS)
    parser.add_argument("out")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ignore-relevant", action="store_true")
    args = parser.parse_args(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        codebook = wps.io.read_xlsform(args.form, strict=False)
    answers = generate(codebook, args.n, seed=args.seed,
                       honour_relevant=not args.ignore_relevant)
    write_export(answers, args.out, args.dialect)


if __name__ == "__main__":
    main()
