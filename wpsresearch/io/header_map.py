"""Map export column headers back to form names, through the form.

Every export dialect spells a form field differently: Kobo ``respondent/age``, legacy
KoBoCAT ``respondent.age``, ODK Central ``respondent-age``, R's ``read.csv`` ``X_uuid`` and
``help_sought.police``, a Kobo "labels" export ``How old are you?``.  Guessing back from a
header (e.g. "replace dots by slashes") breaks on names that contain dots or dashes, so the
mapping goes the other way: for each field the form defines, build every spelling each
dialect would write, then look the headers up.  A spelling that two fields share is
ambiguous and matches nothing; a header no spelling matches is kept under its own name and
reported as unknown.

Output names: the codebook's names, i.e. form names without group paths (``age``), or the
full path (``respondent/age``, ``household/age``) for a name the form uses in two groups or
repeats, so that each column lands on its own field; select_multiple dummies
``<question>__<choice>`` (``help_sought__police``); geopoint parts ``_gps_latitude``,
``_gps_longitude``, ``_gps_altitude``, ``_gps_precision``; metadata keep their Kobo names
(``_uuid``, ``_submission_time``, ``meta/instanceID``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Target", "HeaderMatch", "match_headers", "make_names", "dummy_name",
           "KOBO_METADATA"]

# Kobo/KoBoCAT metadata columns (main table and repeat sheets), spelled as Kobo writes them.
KOBO_METADATA = (
    "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
    "_submitted_by", "_tags", "_index", "__version__", "_version_", "_xform_id_string",
    "_attachments", "_geolocation", "_duration", "_parent_index", "_parent_table_name",
    "_submission__id", "_submission__uuid", "_submission__submission_time",
    "_submission__validation_status", "_submission__notes", "_submission__status",
    "_submission__submitted_by", "_submission___version__", "_submission__tags",
    "meta/instanceID", "meta/instanceName", "meta/rootUuid", "meta/deprecatedID",
    "meta/audit", "formhub/uuid",
)
# ODK Central metadata, kept under Central's names (PARENT_KEY/KEY link repeats).
ODK_METADATA = (
    "SubmissionDate", "KEY", "PARENT_KEY", "SubmitterID", "SubmitterName",
    "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState", "DeviceID",
    "Edits", "FormVersion", "instanceID",
)
_GEO_PARTS = (("latitude", "Latitude"), ("longitude", "Longitude"),
              ("altitude", "Altitude"), ("precision", "Accuracy"))
_R_RESERVED = {"if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE",
               "FALSE", "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_",
               "NA_character_", "NA_complex_", "in"}
# Level of a spelling: the lower, the more certain.  Ties at the best level are ambiguous.
EXACT, OTHER_SEPARATOR, R_MANGLED, LABEL = 0, 1, 2, 3
_DIALECT = {EXACT: "kobo", OTHER_SEPARATOR: "separator", R_MANGLED: "r", LABEL: "labels"}


def make_names(text: str) -> str:
    """R's ``make.names``: what ``read.csv`` does to a header.

    Examples
    --------
    >>> make_names("_uuid"), make_names("help_sought/police"), make_names("1st")
    ('X_uuid', 'help_sought.police', 'X1st')
    """
    out = "".join(c if (c.isalnum() or c in "._") else "." for c in text)
    first_ok = out[:1].isalpha() or (out[:1] == "." and not out[1:2].isdigit())
    if not first_ok:
        out = "X" + out
    return out + "." if out in _R_RESERVED else out


def dummy_name(question: str, choice: str) -> str:
    """Column name of a select_multiple dummy: ``help_sought__police``."""
    return f"{question}__{choice}"


@dataclass(frozen=True)
class Target:
    name: str               # output column name
    kind: str               # "field", "option", "geopoint", "metadata"
    question: str | None = None
    option: str | None = None


@dataclass
class HeaderMatch:
    targets: dict = field(default_factory=dict)      # header -> Target
    levels: dict = field(default_factory=dict)       # header -> spelling level
    unknown: list = field(default_factory=list)
    ambiguous: dict = field(default_factory=dict)    # header -> [candidate names]

    def renamed(self, header: str) -> str:
        target = self.targets.get(header)
        return target.name if target else header

    def dialects(self) -> set:
        return {_DIALECT[level] for level in self.levels.values()}

    def fields(self) -> set:
        return {t.question or t.name for t in self.targets.values() if t.kind != "metadata"}


def _norm_label(text) -> str:
    text = re.sub(r"<[^>]+>", "", str(text))
    return " ".join(text.replace("*", "").split())


# Spellings less certain than the full path: a shortened path (inside the field's repeat, or
# no group at all) counts this much more; a field of another table than the one being read
# counts OTHER_TABLE more.  Both are multiples of 10 so that ``level % 10`` stays the dialect.
SHORTENED, OTHER_TABLE = 10, 20


def _paths(groups: list, repeat: str | None):
    """``(groups, penalty)`` that may precede a field: its full path, the path inside its
    repeat, no group at all (the last two only when they differ from the full path)."""
    out = [(groups, 0)]
    if repeat and repeat in groups:
        out.append((groups[groups.index(repeat) + 1:], SHORTENED))
    if groups:
        out.append(([], SHORTENED))
    return out


class _Spellings:
    def __init__(self):
        self.table: dict = {}

    def add(self, spelling: str, level: int, target: Target, *, penalty: int = 0):
        level = level + penalty
        best = self.table.get(spelling)
        if best is None or level < best[0]:
            self.table[spelling] = (level, {target})
        elif level == best[0]:
            best[1].add(target)

    def add_dialects(self, parts: list, target: Target, penalty: int, suffix=None):
        for sep, level in (("/", EXACT), (".", OTHER_SEPARATOR), ("-", OTHER_SEPARATOR)):
            base = sep.join(parts)
            level_here = EXACT if len(parts) == 1 else level
            if suffix is None:
                self.add(base, level_here, target, penalty=penalty)
                self.add(make_names(base), R_MANGLED, target, penalty=penalty)
                continue
            for opt_sep in ("/", ".", "-") if sep == "/" else (sep, "/"):
                spelled = f"{base}{opt_sep}{suffix}"
                self.add(spelled, level_here if opt_sep == "/" else OTHER_SEPARATOR, target,
                         penalty=penalty)
                self.add(make_names(spelled), R_MANGLED, target, penalty=penalty)


def _form_name(row) -> str:
    """The name as the form writes it (the codebook's ``name`` may be a full path)."""
    written = row.get("form_name")
    return written if isinstance(written, str) and written else row["name"]


def _group_labels(variables, label_columns):
    """``{group path: {label column: label}}`` of every group and repeat."""
    begins = variables[variables["base_type"].isin(["begin_group", "begin_repeat"])]
    out = {}
    for _, row in begins.iterrows():
        group = row["group"] if isinstance(row["group"], str) and row["group"] else ""
        path = f"{group}/{_form_name(row)}" if group else _form_name(row)
        out[path] = {c: row.get(c) for c in label_columns}
    return out


def _export_path(row) -> list:
    """The field's path in the submission, as exports spell it (groups, then the name)."""
    path = row.get("path")
    if isinstance(path, str) and path:
        return path.split("/")
    groups = row["group"].split("/") if isinstance(row["group"], str) and row["group"] else []
    return [*groups, _form_name(row)]


def _field_spellings(sp, row, choices_by_list, label_columns, group_labels, penalty):
    *groups, name = _export_path(row)
    base = row["base_type"]
    repeat = row["repeat"] if isinstance(row["repeat"], str) else None
    repeat = repeat.rsplit("/", 1)[-1] if repeat else None  # a repeat's own form name
    key = row["name"]  # the codebook's unique name: the output column
    target = Target(key, "field", key)
    for prefix, shortened in _paths(groups, repeat):
        here = penalty + shortened
        sp.add_dialects(prefix + [name], target, here)
        if base == "select_multiple":
            for choice in choices_by_list.get(row["list_name"], []):
                sp.add_dialects(prefix + [name], Target(dummy_name(key, choice), "option",
                                key, choice), here, suffix=choice)
        if base == "geopoint":
            for kobo, odk in _GEO_PARTS:
                part = Target(f"_{key}_{kobo}", "geopoint", key, kobo)
                for sep in ("/", ".", "-"):
                    path = sep.join(prefix + [name])
                    level = EXACT if sep == "/" or not prefix else OTHER_SEPARATOR
                    sp.add(f"_{path}_{kobo}", level, part, penalty=here)
                    sp.add(make_names(f"_{path}_{kobo}"), R_MANGLED, part, penalty=here)
                    sp.add(f"{path}-{odk}", OTHER_SEPARATOR, part, penalty=here)
                    sp.add(make_names(f"{path}-{odk}"), R_MANGLED, part, penalty=here)
    for column in label_columns:
        label = row.get(column)
        if not isinstance(label, str) or not label.strip():
            continue
        group_path = [_norm_label(group_labels.get("/".join(groups[:i + 1]), {}).get(column)
                                  or g) for i, g in enumerate(groups)]
        for spelled in (_norm_label(label), "/".join(group_path + [_norm_label(label)])):
            sp.add(spelled, LABEL, target, penalty=penalty)
        if base == "select_multiple":
            for choice, labels in choices_by_list.get(row["list_name"], {}).items():
                text = labels.get(column)
                if isinstance(text, str) and text.strip():
                    sp.add(f"{_norm_label(label)}/{_norm_label(text)}", LABEL,
                           Target(dummy_name(key, choice), "option", key, choice),
                           penalty=penalty)


def build_spellings(codebook, *, scope: str | None = None) -> dict:
    """``{spelling: (level, {Target, ...})}`` for every field of the form.

    ``scope`` is the repeat whose table is being read (None = main table); fields of other
    tables are still spelled, one level less certain, because some exports (the MSNA
    template data) flatten repeat questions into the main table.
    """
    variables, choices = codebook.variables, codebook.choices
    label_columns = [c for c in variables.columns if c.startswith("label::")]
    choice_labels = [c for c in choices.columns if c.startswith("label::")]
    choices_by_list: dict = {}
    for row in choices.itertuples(index=False):
        labels = dict(zip(choice_labels, row[2:2 + len(choice_labels)]))
        choices_by_list.setdefault(row.list_name, {})[row.name] = {
            c: labels.get(c) for c in label_columns}
    group_labels = _group_labels(variables, label_columns)
    sp = _Spellings()
    skip = {"begin_group", "end_group", "begin_repeat", "end_repeat", "note", ""}
    for _, row in variables.iterrows():
        if row["base_type"] in skip or not isinstance(row["name"], str) or not row["name"]:
            continue
        repeat = row["repeat"] if isinstance(row["repeat"], str) else None
        penalty = 0 if repeat == scope else OTHER_TABLE
        _field_spellings(sp, row, choices_by_list, label_columns, group_labels, penalty)
    # A field the form defines wins over a metadata spelling (the form's own audit row
    # sits at meta/audit in pyxform's tree).
    fields = set(sp.table)
    for meta in KOBO_METADATA:
        target = Target(meta, "metadata", None)
        spellings = [(meta, EXACT), (make_names(meta), R_MANGLED)]
        if "/" in meta:
            spellings += [(meta.replace("/", "."), OTHER_SEPARATOR),
                          (meta.replace("/", "-"), OTHER_SEPARATOR)]
        for spelled, level in spellings:
            if spelled not in fields:
                sp.add(spelled, level, target)
    for meta in ODK_METADATA:
        if meta not in fields:
            sp.add(meta, EXACT, Target(meta, "metadata", None))
    # REACH/IMPACT cleaning templates rename _uuid to uuid (msna_template_data.csv does);
    # a form question named uuid still wins, being spelled at a more certain level.
    sp.add("uuid", OTHER_SEPARATOR, Target("_uuid", "metadata", None))
    return sp.table


def match_headers(headers, codebook, *, scope: str | None = None) -> HeaderMatch:
    """Match each header to the form field whose spelling it is (see module docstring).

    Examples
    --------
    >>> import wpsresearch.io as wio
    >>> form = wio.example_form()
    >>> m = match_headers(["X_uuid", "intro.consent", "help/help_sought/police", "zzz"], form)
    >>> [m.renamed(h) for h in ["X_uuid", "intro.consent", "help/help_sought/police"]]
    ['_uuid', 'consent', 'help_sought__police']
    >>> m.unknown
    ['zzz']
    """
    table = build_spellings(codebook, scope=scope)
    out = HeaderMatch()
    for header in headers:
        hit = table.get(header)
        if hit is None:
            hit = table.get(_norm_label(header))
            if hit is not None and hit[0] % 10 != LABEL:
                hit = None
        if hit is None:
            out.unknown.append(header)
        elif len(hit[1]) > 1:
            out.ambiguous[header] = sorted(t.name for t in hit[1])
            out.unknown.append(header)
        else:
            out.targets[header] = next(iter(hit[1]))
            out.levels[header] = hit[0] % 10
    return out
