"""Turn a raw text table (any export dialect) into the SurveyData shape, through the form.

Order matters: headers are mapped first (the dialect they reveal decides which strings mean
"missing"), then text is repaired or refused, then values are normalised.  Each step that
changes something says so in ``notes`` (they become ``SourceInfo.warnings``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wpsresearch.errors import EncodingProblem, FormError, InputError
from wpsresearch.io.decoding import find_lost_characters, repair_mojibake
from wpsresearch.io.header_map import LABEL, R_MANGLED, dummy_name, match_headers

__all__ = ["Shaped", "TableOrigin", "shape_table", "strip_bom_header"]

_BOM_PREFIXES = ("\ufeff", "X.U.FEFF.", "ï..", "ï»¿")
_DUMMY_TEXT = {"True": "1", "False": "0", "true": "1", "false": "0", "TRUE": "1",
               "FALSE": "0", "1.0": "1", "0.0": "0"}
_SERIAL = re.compile(r"^\d{4,5}(\.\d+)?$")


@dataclass(frozen=True)
class TableOrigin:
    """Where a raw table comes from and what its reader already knows of it.

    Attributes
    ----------
    file : path-like or str
        The file (or server form) named in errors.
    sheet : str, optional
        The workbook sheet, when there is one.
    scope : str, optional
        The repeat group the table holds (``None``: the main table).
    encoding_strict : bool
        The file was decoded as Windows-1256: a '?' may be a lost letter anywhere.
    legacy_na : bool
        An older export dialect: "NA" / "n/a" may stand for a missing value.
    scan_mojibake, scan_lost : bool
        False when the reader established on the file's bytes that nothing can be found.
    server_export : bool
        KoboToolbox or ODK Central, which write a column for every question of the form
        version, so missing questions next to unknown columns mean another version.
    """

    file: object
    sheet: str | None = None
    scope: str | None = None
    encoding_strict: bool = False
    legacy_na: bool = False
    scan_mojibake: bool = True
    scan_lost: bool = True
    server_export: bool = False


@dataclass
class Shaped:
    frame: object
    match: object
    notes: list = field(default_factory=list)
    mojibake_repaired: bool = False


def strip_bom_header(header: list, notes: list) -> list:
    """Remove a byte-order mark left in front of the first column name."""
    if not header:
        return header
    first = header[0]
    for prefix in _BOM_PREFIXES:
        if first.startswith(prefix) and len(first) > len(prefix):
            notes.append(f"byte-order mark removed from the first header ({first!r})")
            return [first[len(prefix):], *header[1:]]
    return header


def _table_fields(codebook, scope) -> set:
    """Names of the fields an export of ``scope`` (None = the main table) has a column for."""
    v = codebook.variables
    here = v["repeat"].isna() if scope is None else (v["repeat"] == scope)
    return set(v.loc[here & ~v["base_type"].isin(list(_NO_COLUMN)), "name"])


def _check_fit(match, header, codebook, *, file, sheet, scope=None):
    meta = {h for h, t in match.targets.items() if t.kind == "metadata"}
    fields = [h for h in match.targets if h not in meta]
    unknown = match.unknown
    if not fields and not unknown and meta and not _table_fields(codebook, scope):
        return  # a form that asks everything inside a repeat: its main sheet is metadata only
    if not fields:
        raise FormError(
            "none of the columns matches a question of the form (first columns: "
            f"{', '.join(header[:5])})", file=file, sheet=sheet, row=1,
            hint="check that this export belongs to this form, and that the delimiter is ';' "
            "or ',' (a file with one long column was split on the wrong delimiter)")
    if len(unknown) > len(fields):
        raise FormError(
            f"{len(unknown)} columns are not in the form and only {len(fields)} are: the "
            "export and the form do not match", file=file, sheet=sheet, row=1,
            column=unknown, hint="use the form version the data were collected with "
            "(KoboToolbox: Form > Versions; ODK Central: the form's version history)")


def _rename(frame, match, *, file, sheet):
    seen: dict = {}
    for header in frame.columns:
        name = match.renamed(header)
        if name in seen:
            raise InputError(f"two columns hold the same form field '{name}'", file=file,
                             sheet=sheet, row=1, column=[seen[name], header],
                             hint="delete one of them (an export merged with a second "
                             "export, or a column added by hand)")
        seen[name] = header
    return frame.rename(columns={h: match.renamed(h) for h in frame.columns})


def _repair_text(frame, source_rows, notes, origin: TableOrigin):
    file, sheet = origin.file, origin.sheet
    repaired = 0
    for name in frame.columns if origin.scan_mojibake else ():
        col = frame[name]
        has = col.str.contains("[طظ]", regex=True).fillna(False).to_numpy(dtype=bool)
        if not has.any():
            continue
        fixed = col[has].map(repair_mojibake)
        changed = (fixed != col[has]).fillna(False)
        if changed.any():
            repaired += int(changed.sum())
            frame.loc[fixed.index[changed.to_numpy()], name] = fixed[changed]
    if repaired:
        notes.append(f"{repaired} cell(s) of UTF-8 text that had been read as Windows-1256 "
                     "(mojibake such as 'ط§ظ„') were repaired")
    candidates = [c for c in frame.columns if origin.scan_lost
                  and frame[c].str.contains("?", regex=False).fillna(False).any()]
    if candidates:
        rows, cols = find_lost_characters(frame[candidates], strict=origin.encoding_strict,
                                          source_rows=source_rows)
        if cols:
            raise EncodingProblem(
                "characters were lost ('?' in place of Arabic letters or digits): the file "
                "was saved in a code page (Windows-1256) that cannot hold them", file=file,
                sheet=sheet, row=rows, column=cols,
                hint="export the data again from the server as UTF-8 CSV or XLSX and do not "
                "re-save it with Excel's plain 'CSV' option (use 'CSV UTF-8')")
    return repaired > 0


def _to_na(frame, words, notes, reason, columns=None):
    count = 0
    for name in frame.columns if columns is None else columns:
        hit = frame[name].isin(words).fillna(False)
        if hit.any():
            count += int(hit.sum())
            frame.loc[hit.to_numpy(), name] = None
    if count:
        notes.append(f"{count} cell(s) holding {sorted(words)} read as empty ({reason})")


_FREE_TEXT = {"text", "calculate", "barcode", "hidden", None}


def _typed_columns(frame, codebook, match) -> list:
    types = dict(zip(codebook.variables["name"], codebook.variables["base_type"]))
    out = []
    for target in match.targets.values():
        if target.kind == "field" and types.get(target.name) in _FREE_TEXT:
            continue
        if target.kind == "metadata" and target.name not in ("_id", "_index", "_parent_index"):
            continue
        out.append(target.name)
    return [c for c in out if c in frame.columns]


def _excel_dates(frame, codebook, notes):
    import pandas as pd

    types = dict(zip(codebook.variables["name"], codebook.variables["base_type"]))
    converted = 0
    for name in frame.columns:
        base = types.get(name)
        if base not in ("date", "today", "start", "end", "datetime"):
            continue
        col = frame[name]
        iso_midnight = col.str.endswith("T00:00:00").fillna(False) & (base in ("date", "today"))
        if iso_midnight.any():
            frame.loc[iso_midnight.to_numpy(), name] = col[iso_midnight].str.slice(0, 10)
        serial = col.str.match(_SERIAL).fillna(False).to_numpy(dtype=bool)
        if not serial.any():
            continue
        # Excel's 1900 date system counts days from 1899-12-30 (its 1900 leap-year bug).
        days = pd.to_numeric(col[serial], errors="coerce")
        stamps = pd.Timestamp("1899-12-30") + pd.to_timedelta(days, unit="D")
        text = stamps.dt.strftime("%Y-%m-%d") if base in ("date", "today") else \
            stamps.dt.round("s").dt.strftime("%Y-%m-%dT%H:%M:%S")
        frame.loc[serial, name] = text.astype("string").to_numpy()
        converted += int(serial.sum())
    if converted:
        notes.append(f"{converted} Excel serial date number(s) in date columns converted to "
                     "ISO dates (the file had been opened in Excel)")


def _dummies(frame, codebook, match, notes):
    """Normalise select_multiple dummies to "1"/"0"; derive them when the export has none."""
    for target in match.targets.values():
        if target.kind == "option" and target.name in frame.columns:
            col = frame[target.name]
            if col.isin(list(_DUMMY_TEXT)).any():  # legacy KoBoCAT writes True/False
                frame[target.name] = col.replace(_DUMMY_TEXT)
    derived = []
    for question in codebook.select_multiple():
        if question not in frame.columns:
            continue
        options = codebook.choices_for(question)["name"].tolist()
        names = [dummy_name(question, o) for o in options]
        if any(n in frame.columns for n in names):
            continue
        parent = frame[question]
        tokens = parent.fillna("").str.split()
        position = frame.columns.get_loc(question) + 1
        for offset, (option, name) in enumerate(zip(options, names)):
            values = tokens.map(lambda t, o=option: "1" if o in t else "0").astype("string")
            frame.insert(position + offset, name, values.where(parent.notna()))
        derived.append(question)
    if derived:
        notes.append(f"0/1 columns derived from the answers of {', '.join(derived)} (the export "
                     "had only the space-separated column)")


def _labels_to_names(frame, codebook, match, notes):
    """Labels export: choice labels (any form language) back to choice names."""
    label_cols = [c for c in codebook.choices.columns if c.startswith("label::")]
    selects = set(codebook.select_one()) | set(codebook.select_multiple())
    changed = 0
    for header, target in match.targets.items():
        if target.kind != "field" or target.name not in selects or target.name not in frame:
            continue
        options = codebook.choices_for(target.name)
        lookup = {}
        for column in label_cols:
            for name, label in zip(options["name"], options[column]):
                if isinstance(label, str) and label.strip():
                    lookup.setdefault(" ".join(label.split()), name)
        col = frame[target.name]
        if target.name in codebook.select_multiple():
            mapped = col.map(lambda v: _split_labels(v, lookup), na_action="ignore")
        else:
            mapped = col.map(lambda v: lookup.get(" ".join(v.split()), v), na_action="ignore")
        mapped = mapped.astype("string")
        changed += int((mapped != col).fillna(False).sum())
        frame[target.name] = mapped
    if changed:
        notes.append(f"{changed} answer(s) given as choice labels mapped back to choice names")


def _split_labels(value, lookup):
    text = " ".join(value.split())
    if text in lookup:
        return lookup[text]
    parts = [p.strip() for p in text.split(";")] if ";" in text else None
    if parts and all(p in lookup for p in parts):
        return " ".join(lookup[p] for p in parts)
    out, rest = [], text
    while rest:
        hit = next((lab for lab in sorted(lookup, key=len, reverse=True)
                    if rest == lab or rest.startswith(lab + " ")), None)
        if hit is None:
            return value
        out.append(lookup[hit])
        rest = rest[len(hit):].strip()
    return " ".join(out)


def shape_table(frame, source_rows, codebook, origin: TableOrigin, *, notes=None) -> Shaped:
    """Map headers through the form, repair/refuse text, normalise values (see module).

    ``origin`` (:class:`TableOrigin`) names the file, sheet and repeat, and says what the
    reader already established on the file's bytes (its ``scan_*`` flags False skip the
    per-column searches) and whether it is a server export (see :class:`TableOrigin`)."""
    file, sheet, scope = origin.file, origin.sheet, origin.scope
    notes = [] if notes is None else notes
    header = strip_bom_header(list(frame.columns), notes)
    frame.columns = header
    match = match_headers(header, codebook, scope=scope)
    _check_fit(match, header, codebook, file=file, sheet=sheet, scope=scope)
    frame = _rename(frame, match, file=file, sheet=sheet)
    repaired = _repair_text(frame, source_rows, notes, origin)
    levels = set(match.levels.values())
    if R_MANGLED in levels:
        _to_na(frame, ["NA"], notes, "R writes missing values as NA")
    elif origin.legacy_na:
        # A ','-file may have passed through R without a tell-tale header (X_uuid): there
        # "NA" in a number, date or choice column is R's missing value; in free text it
        # may be an answer, so it is left alone there.
        _to_na(frame, ["NA"], notes, "R writes missing values as NA",
               columns=_typed_columns(frame, codebook, match))
    if origin.legacy_na:
        _to_na(frame, ["n/a"], notes, "legacy KoBoCAT exports write skipped questions as n/a")
    if LABEL in levels:
        _labels_to_names(frame, codebook, match, notes)
    _excel_dates(frame, codebook, notes)
    _dummies(frame, codebook, match, notes)
    if match.unknown:
        notes.append(f"{len(match.unknown)} column(s) not in the form kept under their own "
                     f"name: {', '.join(match.unknown[:20])}")
    for header_name, names in match.ambiguous.items():
        notes.append(f"column '{header_name}' could be any of {names}; kept unmapped")
    _warn_mismatch(match, codebook, file=file, sheet=sheet, scope=scope,
                   versions=origin.server_export)
    return Shaped(frame, match, notes, repaired)


# Types whose answers an export always has a column for (Kobo and ODK Central write every
# question of the form version, answered or not); notes, groups and attachments aside.
_NO_COLUMN = {"begin_group", "end_group", "begin_repeat", "end_repeat", "note", "audit",
              "xml-external", "csv-external", ""}


def _warn_mismatch(match, codebook, *, file, sheet, scope, versions):
    """Say so when the export and the form do not match, instead of reading on quietly.

    A header that spells two fields (a name the form uses in two groups, exported without
    group paths) cannot be placed; questions of the form missing from the export while the
    export has columns the form does not know mean another version of the form.
    """
    import warnings

    from wpsresearch.errors import WpsWarning

    where = f"{file}" + (f", sheet '{sheet}'" if sheet else "")
    for header, names in match.ambiguous.items():
        warnings.warn(f"{where}: column '{header}' could be any of {', '.join(names)} (the "
                      "form uses that name more than once); it is kept under its own name, "
                      "not read as any of them. Export with full group names (KoboToolbox: "
                      "'Include groups in headers')", WpsWarning, stacklevel=5)
    if not versions:
        return
    v = codebook.variables
    here = v["repeat"].isna() if scope is None else (v["repeat"] == scope)
    from wpsresearch.io.form_tree import GENERATED_NAME

    expected = {n for n in v.loc[here & ~v["base_type"].isin(list(_NO_COLUMN)), "name"]
                if not GENERATED_NAME.match(str(n).rsplit("/", 1)[-1])}
    present = {t.question or t.name for t in match.targets.values()}
    missing = sorted(expected - present)
    unknown = [h for h in match.unknown if h not in match.ambiguous]
    if missing and unknown:
        warnings.warn(
            f"{where}: {len(missing)} question(s) of the form have no column in the export "
            f"({', '.join(missing[:8])}{'…' if len(missing) > 8 else ''}) and "
            f"{len(unknown)} column(s) are not in the form ({', '.join(unknown[:8])}"
            f"{'…' if len(unknown) > 8 else ''}): the export may come from another version of "
            "the form. Use the form version the data were collected with (KoboToolbox: Form "
            "> Versions; ODK Central: the form's versions)", WpsWarning, stacklevel=5)
