"""Turn pyxform's survey tree into the Codebook's tables (one row per element).

pyxform (the XLSForm reference implementation) has already resolved every alias, legacy
syntax (``select one from LIST``, ``begin lgroup``), loop (``begin loop over LIST`` becomes
one group per choice), ``or_other`` (an ``<name>_other`` text question and an ``other``
choice) and header spelling by the time this module sees the form; nothing here re-parses
a type or a header.  What is added: the spreadsheet row of each element (pyxform's tree
does not keep it, so :mod:`wpsresearch.io.xlsform` writes it into a marker column that
pyxform carries along as an unknown column), the XLSForm name of each type, the label of
each language as a ``label::<language>`` column, and a unique ``name`` per element.

Names: the form's name, unless that name is used by more than one element (allowed in
different groups or repeats); then every element with that name is known by its full
slash path, ``group/sub/name``, the way KoboToolbox writes its export headers.
"""

from __future__ import annotations

import os
import re

__all__ = ["SURVEY_ROW", "CHOICES_ROW", "GENERATED_NAME", "survey_frames", "canonical_type"]

# Columns added to the sheets before pyxform reads them; pyxform keeps unknown columns on
# each element (``extra_data``) and on each choice, and never writes them to the XForm.
SURVEY_ROW = "wpsresearch_survey_row"
CHOICES_ROW = "wpsresearch_choices_row"

_KEEP = ["relevant", "constraint", "required", "choice_filter", "calculation", "appearance",
         "repeat_count", "default", "read_only"]
_BIND = {"relevant": "relevant", "constraint": "constraint", "required": "required",
         "calculation": "calculate", "read_only": "readonly"}
_SIBLING_OTHER = re.compile(r"selected\(\.\./([^,\s)]+), 'other'\)")
# Names pyxform gives the elements it adds for table-list groups and unnamed notes (the row
# number is the sheet row that made it add them); exports may or may not carry them.
GENERATED_NAME = re.compile(r"^(?:generated_note_name_|generated_table_list_label_|"
                            r"reserved_name_for_field_list_labels_)(\d+)$")


def _spec_types() -> frozenset:
    from wpsresearch.io.codebook import QUESTION_TYPES

    return QUESTION_TYPES | {"note"}


def canonical_type(element) -> str:
    """The XLSForm spec's name of an element's type (``"q int"`` → ``"integer"``).

    pyxform keeps each row's type as written after de-aliasing (``"add text prompt"``,
    ``"select all that apply"``, ``"photo"``); exports and the cleaning stage need one name
    per kind of answer.  The name is found in pyxform's own type table: the spec name whose
    definition (bind type, control, preload) is the same as the written type's.
    """
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
    from pyxform.section import GroupedSection, RepeatingSection

    if isinstance(element, RepeatingSection):
        return "begin_repeat"
    if isinstance(element, GroupedSection):
        return "begin_group"
    written = getattr(element, "type", None) or ""
    control = (getattr(element, "control", None) or {}).get("tag") or \
        (QUESTION_TYPE_DICT.get(written, {}).get("control") or {}).get("tag")
    if control in ("select1", "select", "odk:rank") or written == "select one external":
        return _select_type(element, written, control)
    spec = _spec_types()
    if written in spec:
        return written
    definition = QUESTION_TYPE_DICT.get(written)
    if definition is None:
        return written
    for name in _SPEC_ORDER:
        if name in spec and QUESTION_TYPE_DICT.get(name) == definition:
            return name
    bare = written.removeprefix("uri:")
    if bare in spec:
        return bare
    return _by_definition(definition, written)


# Spec names looked up in pyxform's table, most common first (several spec names share a
# definition only where the spec itself calls them aliases: gps/location/geopoint, ...).
_SPEC_ORDER = ("integer", "decimal", "text", "calculate", "note", "date", "time", "datetime",
               "geopoint", "geotrace", "geoshape", "image", "audio", "video", "file",
               "barcode", "acknowledge", "start", "end", "today", "deviceid", "subscriberid",
               "simserial", "phonenumber", "username", "email", "range", "audit",
               "start-geopoint", "background-audio", "background-geopoint", "xml-external",
               "hidden")


def _by_definition(definition: dict, written: str) -> str:
    """Types outside the spec's list (``percentage``, ``trigger``, ``osm``…) by what they hold."""
    bind = definition.get("bind") or {}
    control = definition.get("control") or {}
    if control.get("mediatype") == "osm/*":
        return "osm"
    if control.get("tag") == "trigger":
        return "acknowledge"
    kind = bind.get("type")
    return {"int": "integer", "decimal": "decimal", "string": "text", "date": "date",
            "time": "time", "dateTime": "datetime", "geopoint": "geopoint",
            "geotrace": "geotrace", "geoshape": "geoshape", "barcode": "barcode",
            "binary": "file"}.get(kind, written)


def _select_type(element, written: str, control) -> str:
    from pyxform.constants import EXTERNAL_INSTANCE_EXTENSIONS

    if written == "select one external":
        return "select_one_external"
    if control == "odk:rank":
        return "rank"
    kind = "select_one" if control == "select1" else "select_multiple"
    itemset = str(getattr(element, "itemset", None) or "")
    if os.path.splitext(itemset)[1] in EXTERNAL_INSTANCE_EXTENSIONS:
        return f"{kind}_from_file"
    if itemset.startswith("${"):
        # choices are the answers given to a question of a repeat ("select_one ${name}")
        return f"{kind}_from_repeat"
    return kind


def _labels(value, default_language: str) -> dict:
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items() if isinstance(v, str) and v.strip()}
    if isinstance(value, str) and value.strip():
        return {default_language: value}
    return {}


def _marker(element, key):
    extra = getattr(element, "extra_data", None) or {}
    value = extra.get(key)
    return int(value) if value not in (None, "") else None


def _generated_row(element, parents, root, last_row):
    """Sheet row of an element pyxform generated (it carries no marker): the row that made
    pyxform generate it."""
    name = str(element.name)
    hit = GENERATED_NAME.match(name)
    if hit:
        return int(hit.group(1))
    siblings = {str(s.name): _marker(s, SURVEY_ROW)
                for s in (parents[-1] if parents else root).children}
    for suffix in ("_other", "_count"):  # or_other text question; repeat_count node
        if name.endswith(suffix) and siblings.get(name[: -len(suffix)]) is not None:
            return siblings[name[: -len(suffix)]]
    if parents and getattr(parents[-1], "type", None) == "loop":
        return _marker(parents[-1], SURVEY_ROW)  # one group per choice of a loop's list
    return last_row


def _is_generated_meta(element, root) -> bool:
    """pyxform's own ``meta`` group (instanceID, instanceName, entities): Kobo metadata."""
    # identity tests only: pyxform's == compares whole subtrees as JSON (slow)
    return ((element.parent is root or element.parent is None) and str(element.name) == "meta"
            and _marker(element, SURVEY_ROW) is None)


def _records(survey, raw_types: dict, default_language: str) -> list:
    """One dict per element of the tree, in form order (depth first)."""
    from pyxform.section import Section

    records, last_row = [], None
    stack = [(child, []) for child in reversed(survey.children)]
    while stack:
        element, parents = stack.pop()
        if _is_generated_meta(element, survey):
            # the form's own metadata rows (audit) sit in it; pyxform's (instanceID) do not
            stack += [(child, [element]) for child in reversed(element.children)
                      if _marker(child, SURVEY_ROW) is not None]
            continue
        row = _marker(element, SURVEY_ROW)
        generated = row is None
        if generated:
            row = _generated_row(element, parents, survey, last_row)
        last_row = row
        raw = None if generated else raw_types.get(row)
        records.append(_record(element, parents, row, raw, generated, default_language))
        if isinstance(element, Section):  # a question's children are its OSM tags
            stack += [(child, [*parents, element]) for child in reversed(element.children)]
    return records


def _record(element, parents, row, raw, generated, default_language):
    from pyxform.section import RepeatingSection
    from pyxform.xls2json import RE_SELECT

    base = canonical_type(element)
    bind = getattr(element, "bind", None) or {}
    control = getattr(element, "control", None) or {}
    extra = getattr(element, "extra_data", None) or {}
    list_name = (getattr(element, "itemset", None) or getattr(element, "list_name", None)
                 or extra.get("itemset") or extra.get("query"))
    if getattr(element, "type", None) == "loop":
        list_name = _loop_list(raw)
    select = RE_SELECT.search(raw or "")
    record = {
        "_element": element,
        "_path": _instance_path(element, parents),
        "form_name": str(element.name),
        "type": raw if raw is not None else base,
        "base_type": base,
        "list_name": list_name if list_name else None,
        "or_other": bool(select and select.group("specify_other")),
        "group": "/".join(str(p.name) for p in parents) or None,
        "_repeat": next((p for p in reversed(parents) if isinstance(p, RepeatingSection)),
                        None),
        "sheet_row": row,
        "_labels": _labels(getattr(element, "label", None), default_language),
        "_generated": generated,
    }
    for column, key in _BIND.items():
        record[column] = bind.get(key) or None
    sibling = _SIBLING_OTHER.fullmatch(record["relevant"] or "") if generated else None
    if sibling:
        # pyxform writes the or_other question's condition as XPath (../q); the codebook
        # keeps conditions as a form author writes them, ${q}
        record["relevant"] = f"selected(${{{sibling.group(1)}}}, 'other')"
    record["appearance"] = control.get("appearance") or None
    record["repeat_count"] = control.get("jr:count") or None
    record["choice_filter"] = getattr(element, "choice_filter", None) or None
    record["default"] = getattr(element, "default", None) or None
    return record


def _instance_path(element, parents) -> str:
    """Where the answer sits in the submission (what exports write): pyxform's XPath
    without the root.  It differs from the group nesting only in "flat" forms (settings
    ``flat``, an ODK Tables option), whose groups add no level; such a group has no node of
    its own and keeps its nesting path."""
    nesting = "/".join([*(str(p.name) for p in parents), str(element.name)])
    xpath = element.get_xpath().split("/")[2:]
    return "/".join(xpath) if xpath and xpath[-1] == str(element.name) else nesting


def _loop_list(raw):
    """The list a ``begin loop over LIST`` row loops over, parsed as pyxform parses it."""
    from pyxform.xls2json import RE_BEGIN_CONTROL

    match = RE_BEGIN_CONTROL.search(raw or "")
    return match.group("list_name") if match else None


def _unique_names(records) -> None:
    """``name``: the form's name, or the full path where the form uses the name twice."""
    from collections import Counter

    counts = Counter(r["form_name"] for r in records)
    for record in records:
        record["name"] = (record["form_name"] if counts[record["form_name"]] == 1
                          else record["_path"])
    by_element = {id(r["_element"]): r["name"] for r in records}
    for record in records:
        repeat = record.pop("_repeat")
        record["repeat"] = by_element.get(id(repeat)) if repeat is not None else None


def _restore_repeat_count(records) -> None:
    """pyxform moves a ``repeat_count`` expression into a generated ``<repeat>_count``
    calculate and points the repeat at it; the codebook keeps the expression as written."""
    generated = {(r["group"], r["form_name"]): r for r in records if r["_generated"]}
    for record in records:
        count = record["repeat_count"]
        if record["base_type"] != "begin_repeat" or not count:
            continue
        node = generated.get((record["group"], f"{record['form_name']}_count"))
        if node is not None and count == "${" + node["form_name"] + "}":
            record["repeat_count"] = node["calculation"]


def survey_frames(survey, raw_types: dict, *, default_language: str):
    """``(variables, choices, languages)`` frames of a converted form (see module doc).

    ``survey`` is pyxform's Survey (builder output, built from sheets with the row
    markers), ``raw_types`` the type cell of each survey-sheet row as written,
    ``default_language`` the language pyxform files unsuffixed labels under.
    """
    import pandas as pd

    records = _records(survey, raw_types, default_language)
    _unique_names(records)
    _restore_repeat_count(records)
    languages: list = []
    for record in records:
        if not record["_generated"]:
            languages += [lang for lang in record["_labels"] if lang not in languages]
    choices, choice_languages = _choices_frame(survey, default_language)
    languages += [lang for lang in choice_languages if lang not in languages]
    label_columns = [f"label::{lang}" for lang in languages]
    rows = []
    for record in records:
        row = {k: v for k, v in record.items() if not k.startswith("_")}
        row["path"] = record["_path"]
        for lang in languages:
            row[f"label::{lang}"] = record["_labels"].get(lang)
        rows.append(row)
    columns = ["name", "type", "base_type", "list_name", "or_other", "group", "repeat", *_KEEP,
               *label_columns, "path", "form_name", "sheet_row"]
    variables = pd.DataFrame.from_records(rows, columns=columns)
    variables["sheet_row"] = variables["sheet_row"].astype("Int64")
    choices = choices.reindex(columns=_choice_columns(choices, label_columns))
    return variables, choices, languages


def _choice_columns(choices, label_columns):
    own = [c for c in choices.columns if c.startswith("label::")]
    extra = [c for c in choices.columns
             if c not in ("list_name", "name", "sheet_row") and not c.startswith("label::")]
    labels = [c for c in label_columns if c in own] + [c for c in own if c not in label_columns]
    return ["list_name", "name", *labels, *extra, "sheet_row"]


def _choices_frame(survey, default_language):
    """Choices of every list (pyxform's, so an ``or_other`` list has its ``other``)."""
    import pandas as pd

    lists = getattr(survey, "choices", None) or {}
    records, languages = [], []
    for list_name, itemset in lists.items():
        options = getattr(itemset, "options", itemset)
        for option in options:
            extra = dict(getattr(option, "extra_data", None) or {})
            row = extra.pop(CHOICES_ROW, None)
            labels = _labels(getattr(option, "label", None), default_language)
            if row is not None:
                languages += [lang for lang in labels if lang not in languages]
            record = {"list_name": str(list_name), "name": str(option.name)}
            record.update({f"label::{lang}": text for lang, text in labels.items()})
            for key, value in extra.items():
                if isinstance(value, str | int | float) and not isinstance(value, bool):
                    record[str(key)] = str(value)
            record["sheet_row"] = int(row) if row not in (None, "") else None
            records.append(record)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(
        columns=["list_name", "name", "sheet_row"])
    if "sheet_row" in frame:
        frame["sheet_row"] = frame["sheet_row"].astype("Int64")
    return frame, languages
