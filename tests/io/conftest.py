"""Small field exports written in every dialect the readers accept, from one set of answers.

The answers (SUBMISSIONS, ROSTER) are written out as each exporter writes them, following
the documented formats (DESIGN.md "Facts worth knowing": Kobo CSV ';' quoted with metadata
last and q/option 1/0 columns; legacy KoBoCAT ',' with '.' paths, True/False and n/a; R's
read.csv/write.csv make.names headers and NA; ODK Central ',' with '-' paths, KEY /
PARENT_KEY).  Every rendering must read back to the same answers.
"""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

import wpsresearch as wps

FORM_FIELDS = [  # (kobo path, form name)
    ("start", "start"), ("end", "end"), ("today", "today"),
    ("intro/consent", "consent"), ("location/governorate", "governorate"),
    ("location/psu", "psu"), ("location/weight", "weight"), ("household/hh_size", "hh_size"),
    ("respondent/respondent_name", "respondent_name"), ("respondent/gps", "gps"),
    ("respondent/age", "age"), ("respondent/interview_date", "interview_date"),
    ("help/help_sought", "help_sought"), ("help/help_sought_other", "help_sought_other"),
]
OPTIONS = ["police", "fpd", "family", "no_one", "other"]
META = ["_id", "_uuid", "_submission_time", "_index"]

SUBMISSIONS = [
    {"start": "2024-05-01T09:00:00", "end": "2024-05-01T09:40:00", "today": "2024-05-01",
     "consent": "yes", "governorate": "basra", "psu": "101", "weight": "1.5", "hh_size": "6",
     "respondent_name": "فاطمة الزهراء", "gps": "30.5 47.8 5 10", "age": "٣٥",
     "interview_date": "2024-05-01", "help_sought": "police family", "help_sought_other": None,
     "_id": "1001", "_uuid": "u-1", "_submission_time": "2024-05-01T10:00:00", "_index": "1"},
    {"start": "2024-05-02T09:00:00", "end": "2024-05-02T09:50:00", "today": "2024-05-02",
     "consent": "yes", "governorate": "kirkuk", "psu": "202", "weight": "2.25",
     "hh_size": "۴", "respondent_name": "ڕێژین ئەحمەد", "gps": "35.4 44.4 300 8",
     "age": "41", "interview_date": "2024-05-02", "help_sought": "other",
     "help_sought_other": "شيخ العشيرة", "_id": "1002", "_uuid": "u-2",
     "_submission_time": "2024-05-02T10:00:00", "_index": "2"},
    {"start": "2024-05-03T09:00:00", "end": "2024-05-03T09:05:00", "today": "2024-05-03",
     "consent": "no", "governorate": None, "psu": None, "weight": None, "hh_size": None,
     "respondent_name": None, "gps": None, "age": None, "interview_date": None,
     "help_sought": None, "help_sought_other": None, "_id": "1003", "_uuid": "u-3",
     "_submission_time": "2024-05-03T10:00:00", "_index": "3"},
    {"start": "2024-05-04T09:00:00", "end": "2024-05-04T10:00:00", "today": "2024-05-04",
     "consent": "yes", "governorate": "salah_ad_din", "psu": "303", "weight": "0.8",
     "hh_size": "3", "respondent_name": "Sara Ali; \"Umm Omar\"", "gps": "34.6 43.7 120 15",
     "age": "29", "interview_date": "2024-05-04", "help_sought": "no_one",
     "help_sought_other": None, "_id": "1004", "_uuid": "u-4",
     "_submission_time": "2024-05-04T10:00:00", "_index": "4"},
]
ROSTER = [  # (parent _index, member_sex, member_age)
    ("1", "female", "35"), ("1", "male", "٤٠"), ("1", "female", "7"),
    ("2", "female", "41"), ("4", "male", "60"), ("4", "female", "29"),
]
GEO = ["latitude", "longitude", "altitude", "precision"]


def expected_main() -> list[dict]:
    """The answers as the readers must return them (form names, dummies, gps parts)."""
    out = []
    for sub in SUBMISSIONS:
        row = {name: sub[name] for _, name in FORM_FIELDS}
        chosen = (sub["help_sought"] or "").split()
        for option in OPTIONS:
            row[f"help_sought__{option}"] = (None if sub["help_sought"] is None
                                             else ("1" if option in chosen else "0"))
        parts = sub["gps"].split() if sub["gps"] else [None] * 4
        for part, value in zip(GEO, parts):
            row[f"_gps_{part}"] = value
        row["_uuid"] = sub["_uuid"]
        out.append(row)
    return out


def _kobo_header(sep="/", opt_sep="/"):
    header = []
    for path, name in FORM_FIELDS:
        header.append(path.replace("/", sep))
        if name == "help_sought":
            header += [f"{path.replace('/', sep)}{opt_sep}{o}" for o in OPTIONS]
        if name == "gps":
            header += [f"_{name}_{p}" for p in GEO]
    return header + META


def _kobo_row(sub, *, true="1", false="0", empty=""):
    row = []
    for _, name in FORM_FIELDS:
        value = sub[name]
        row.append(empty if value is None else value)
        if name == "help_sought":
            chosen = (value or "").split()
            row += [empty if value is None else (true if o in chosen else false) for o in OPTIONS]
        if name == "gps":
            row += (value.split() if value else [empty] * 4)
    return row + [sub[m] for m in META]


def render_csv(rows, *, delimiter=";", quoting=csv.QUOTE_ALL) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def kobo_csv_text(hxl=False) -> str:
    rows = [_kobo_header()]
    if hxl:
        rows.append(["#date+start", "#date+end", "", "#consent"] + [""] * (len(rows[0]) - 4))
    rows += [_kobo_row(s) for s in SUBMISSIONS]
    return render_csv(rows)


def legacy_csv_text() -> str:
    rows = [_kobo_header(sep=".", opt_sep=".")]
    rows += [_kobo_row(s, true="True", false="False", empty="n/a") for s in SUBMISSIONS]
    return render_csv(rows, delimiter=",", quoting=csv.QUOTE_MINIMAL)


def r_csv_text() -> str:
    """write.csv(read.csv(kobo_csv)) with an Excel pass: make.names, NA, BOM, serial dates."""
    header = [wps.io.make_names(h) for h in _kobo_header()]
    header[0] = "X.U.FEFF." + header[0]
    rows = [header]
    date_col = header.index("respondent.interview_date")
    for sub in SUBMISSIONS:
        row = _kobo_row(sub, empty="NA")
        if row[date_col] != "NA":  # Excel stored the date as its serial number
            import datetime as dt

            day = dt.date.fromisoformat(row[date_col])
            row[date_col] = str((day - dt.date(1899, 12, 30)).days)
        rows.append(row)
    return render_csv(rows, delimiter=",", quoting=csv.QUOTE_MINIMAL)


def labels_csv_text(lang_column="label::English (en)") -> str:
    form = wps.io.example_form()
    header = []
    for name in _kobo_header():
        base = name.split("/")[-1]
        if name.startswith("help/help_sought/"):
            header.append(f"{form.label('help_sought', lang_column[7:])}/"
                          f"{form.label('help_sought', lang_column[7:], choice=base)}")
        elif name in META or name.startswith("_gps") or base in ("start", "end", "today",
                                                                  "weight"):
            header.append(name)
        else:
            header.append(form.label(base, lang_column[7:]))
    rows = [header]
    for sub in SUBMISSIONS:
        row = _kobo_row(sub)
        for i, name in enumerate(_kobo_header()):
            base = name.split("/")[-1]
            if base in ("consent", "governorate") and row[i]:
                row[i] = form.label(base, lang_column[7:], choice=row[i])
            if base == "help_sought" and row[i]:
                row[i] = " ".join(form.label("help_sought", lang_column[7:], choice=c)
                                  for c in row[i].split())
        rows.append(row)
    return render_csv(rows)


def _xlsx_cell(value):
    if value == "":
        return None
    if value.isascii() and value.isdigit():
        return int(value)
    if value.isascii() and value.replace(".", "", 1).isdigit():
        return float(value)
    return value


def kobo_xlsx(path):
    workbook = openpyxl.Workbook()
    main = workbook.active
    main.title = "Example WPS form"
    main.append(_kobo_header())
    for sub in SUBMISSIONS:  # Kobo writes numbers as numbers in XLSX
        main.append([_xlsx_cell(v) for v in _kobo_row(sub)])
    roster = workbook.create_sheet("roster")
    roster.append(["household/roster/member_sex", "household/roster/member_age", "_index",
                   "_parent_table_name", "_parent_index", "_submission__uuid"])
    for i, (parent, sex, age) in enumerate(ROSTER, start=1):
        uuid = next(s["_uuid"] for s in SUBMISSIONS if s["_index"] == parent)
        roster.append([sex, int(age) if age.isascii() else age, i, "Example WPS form",
                       int(parent), uuid])
    workbook.save(path)
    return path


def odk_rows():
    header = []
    for path, name in FORM_FIELDS:
        header.append(path.replace("/", "-"))
        if name == "gps":
            header += [f"{path.replace('/', '-')}-{p}" for p in
                       ("Latitude", "Longitude", "Altitude", "Accuracy")]
    header = ["SubmissionDate", *header, "meta-instanceID", "KEY", "SubmitterID", "ReviewState"]
    rows = [header]
    for sub in SUBMISSIONS:
        row = [sub["_submission_time"]]
        for _, name in FORM_FIELDS:
            row.append(sub[name] or "")
            if name == "gps":
                row += (sub["gps"].split() if sub["gps"] else [""] * 4)
        key = f"uuid:{sub['_uuid']}"
        rows.append(row + [key, key, "7", ""])
    return rows


def odk_zip(path):
    roster = [["member_sex", "member_age", "PARENT_KEY", "KEY"]]
    counts: dict = {}
    for parent, sex, age in ROSTER:
        uuid = next(s["_uuid"] for s in SUBMISSIONS if s["_index"] == parent)
        counts[uuid] = counts.get(uuid, 0) + 1
        roster.append([sex, age, f"uuid:{uuid}",
                       f"uuid:{uuid}/household/roster[{counts[uuid]}]"])
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("wps_example.csv", render_csv(odk_rows(), delimiter=",",
                                                       quoting=csv.QUOTE_MINIMAL))
        archive.writestr("wps_example-roster.csv", render_csv(roster, delimiter=",",
                                                              quoting=csv.QUOTE_MINIMAL))
    return path


@pytest.fixture(scope="session")
def form_path(tmp_path_factory):
    return wps.io.write_example_form(tmp_path_factory.mktemp("form") / "form.xlsx")


@pytest.fixture(scope="session")
def form(form_path):
    return wps.io.read_xlsform(form_path)


@pytest.fixture(scope="session")
def render():
    """The rendering functions of this module (so tests need not import conftest).

    Built from this module's own globals: under pytest's default import mode several
    ``conftest`` modules share that name, so ``sys.modules[__name__]`` may be another one.
    """
    import types

    return types.SimpleNamespace(**{k: v for k, v in globals().items()
                                    if callable(v) and not k.startswith("__")})


# -- pyxform as the reference for reading forms ---------------------------------------------
def _pyxform_definition(pyxform_type: str) -> tuple:
    """What a pyxform type string stands for: (bind type, control, media, preload)."""
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    definition = QUESTION_TYPE_DICT.get(pyxform_type, {})
    bind, control = definition.get("bind") or {}, definition.get("control") or {}
    # XForms' default bind type is string ("trigger" has none; "acknowledge" says string)
    return (bind.get("type") or "string", control.get("tag"), control.get("mediatype"),
            str(bind.get("jr:preloadParams") or "").removeprefix("uri:"))


class PyxformReference:
    """pyxform's own reading of a form, in the terms the codebook is compared on."""

    def __init__(self, survey, pyxform_json, workbook):
        from collections import Counter

        self.default_language = pyxform_json.get("default_language") or "default"
        self.sheet = [r for r in (workbook.survey or [])]
        self.elements = [e for e in (self._element(x) for x in survey.iter_descendants())
                         if e is not None]
        self.counts = Counter(e["name"] for e in self.elements)
        self.choices = {name: [(c["name"], self._labels(c.get("label"))) for c in options]
                        for name, options in (pyxform_json.get("choices") or {}).items()}

    def _labels(self, value) -> dict:
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if isinstance(v, str) and v.strip()}
        return {self.default_language: value} if isinstance(value, str) and value.strip() \
            else {}

    def _row_of(self, name):
        for number, row in enumerate(self.sheet, start=2):
            if any(str(k).strip().lower() == "name" and str(v).strip() == name
                   for k, v in row.items()):
                return number, row
        return None, None

    def sheet_name(self, number: int):
        row = self.sheet[number - 2]
        return next((str(v).strip() for k, v in row.items()
                     if str(k).strip().lower() == "name"), None)

    def _element(self, element):
        from pyxform.section import RepeatingSection
        from pyxform.survey import Survey
        from pyxform.xls2json import RE_BEGIN_CONTROL

        if isinstance(element, Survey):
            return None
        ancestors = []
        parent = element.parent
        while parent is not None and not isinstance(parent, Survey):
            ancestors.append(parent)
            parent = parent.parent
        nesting = [str(a.name) for a in reversed(ancestors)]
        # the export path is the instance XPath (a "flat" form's groups add no level; such
        # a group has no node of its own)
        parts = element.get_xpath().split("/")[2:]
        if not parts or parts[-1] != str(element.name):
            parts = [*nesting, str(element.name)]
        # pyxform's metadata group (instanceID, entities); the form's audit row sits in it
        if (nesting + [str(element.name)])[0] == "meta" and (not nesting or
                                                             element.type != "audit"):
            return None
        repeat = next((a for a in ancestors if isinstance(a, RepeatingSection)), None)
        number, row = self._row_of(str(element.name))
        extra = getattr(element, "extra_data", None) or {}
        list_name = getattr(element, "itemset", None) or extra.get("itemset")
        if element.type == "loop":
            raw = next((" ".join(str(v).split()) for k, v in row.items()
                        if str(k).strip().lower() == "type"), "")
            list_name = RE_BEGIN_CONTROL.search(raw).group("list_name")
        from_loop = element.parent is not None and getattr(element.parent, "type", "") == "loop"
        return {"name": str(element.name), "path": "/".join(parts), "type": element.type,
                "group": "/".join(nesting) or None,
                "repeat": str(repeat.name) if repeat is not None else None,
                "list_name": list_name or None,
                "labels": self._labels(getattr(element, "label", None)),
                "control": (getattr(element, "control", None) or {}).get("tag"),
                "row_name": None if number is None or from_loop else str(element.name)}

    @staticmethod
    def same_type(ours: str, element: dict) -> bool:
        import os

        theirs = element["type"]
        if ours == "begin_group":
            return theirs in ("group", "loop")
        if ours == "begin_repeat":
            return theirs == "repeat"
        if ours == "select_one_external":
            return theirs == "select one external"
        tag = element["control"] or _pyxform_definition(theirs)[1]
        kinds = {"select1": "select_one", "select": "select_multiple", "odk:rank": "rank"}
        if tag in kinds:
            itemset = element["list_name"] or ""
            suffix = ("_from_file" if os.path.splitext(itemset)[1] in (".csv", ".xml",
                                                                       ".geojson")
                      else "_from_repeat" if itemset.startswith("${") else "")
            return ours == kinds[tag] + suffix
        return _pyxform_definition(ours) == _pyxform_definition(theirs)


def _pyxform_reference(path):
    """pyxform's reading of ``path``, or the exception pyxform refuses it with."""
    import copy
    import re
    import warnings

    from pyxform.builder import create_survey_element_from_dict
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform
    from pyxform.xls2xform import convert

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            convert(str(path), validate=False)  # what "pyxform converts the form" means
        except Exception as exc:  # noqa: BLE001 - any refusal is the reference
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            exc.first_line = " ".join(re.sub(r"\[row\s*:\s*\d+\]", "", first).split())
            return exc
        workbook = get_xlsform(str(path))
        pyxform_json = workbook_to_json(copy.deepcopy(workbook), warnings=[])
        survey = create_survey_element_from_dict(copy.deepcopy(pyxform_json))
        return PyxformReference(survey, pyxform_json, workbook)


@pytest.fixture(scope="session")
def pyxform_reference():
    """``pyxform_reference(path)``: pyxform's reading of a form (see PyxformReference)."""
    return _pyxform_reference
