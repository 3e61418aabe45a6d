"""The report table of an ``Estimate``: labelled, suppressed and formatted as survey reports print.

Rules (DHS Guide to DHS Statistics, "Presentation of results"): an estimate on fewer than
``min_n`` (25) unweighted cases is suppressed (shown as ``*``), one on ``min_n`` to
``2*min_n - 1`` (25-49) cases is shown in brackets.  A percentage is also suppressed when its
unweighted numerator, or the unweighted complement in its base, is disclosive under the
:class:`~wpsresearch.privacy.DisclosurePolicy` (``min_cell``, zeros).  A coefficient of
variation (se / estimate) above ``cv_flag`` is marked as imprecise.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wpsresearch.errors import ReportError
from wpsresearch.labels import at_level

__all__ = ["ReportTable", "build_report_table", "crosstab_report_table", "published_counts",
           "answer_label", "answer_labels", "table_caption", "value_label",
           "bracket_note", "in_brackets", "place_names", "PLACE_COLUMNS"]

SUPPRESSED = "*"
CV_MARK = "\u2020"  # dagger
BASE_MARK = "\u2021"  # double dagger: the base shown is the group's respondents
# p-code columns of the data contract -> the label of the place they name
PLACE_COLUMNS = {"adm1_pcode": "governorate", "adm2_pcode": "district"}
# a yes/no answer held as a boolean is printed as a reader says it, never "True"/"False"
_BOOLEAN_LABELS = {"True": "stats_yes", "False": "stats_no"}


@dataclass(frozen=True, eq=False)
class ReportTable:
    """A formatted estimate table ready for a report.

    Attributes
    ----------
    frame : DataFrame
        Text cells, headers in the report language.
    suppressed : ndarray of bool
        True where the estimate was suppressed.
    counts : ndarray of int
        Published unweighted base of each row (:meth:`DisclosurePolicy.published_bases`): the
        group's respondents where fewer than ``min_cell`` of them gave no answer (else the
        answer base would give that small count away by subtraction), rounded to
        ``policy.round_to`` when the policy rounds; exported as ``data-n`` in HTML for the
        disclosure gate.
    footnotes : list of str
    lang : str
    hidden_n : ndarray of bool
        True where the base itself is disclosive (no ``n`` shown, no ``data-n``).
    bracketed : ndarray of bool
        True where the estimate is shown in brackets (DHS: ``min_n`` to ``2*min_n - 1``
        cases), with :func:`bracket_note` among the footnotes.
    caption : str
        What the table shows, in ``lang``: the HTML ``<caption>``, the first thing a screen
        reader says of a table (WCAG 1.3.1).  The estimators give every table one from the
        label table (:func:`table_caption`); :meth:`with_caption` replaces it.
    """

    frame: pd.DataFrame
    suppressed: np.ndarray
    counts: np.ndarray
    footnotes: list
    lang: str
    hidden_n: np.ndarray = None
    bracketed: np.ndarray = None
    codes: dict = None  # p-code column -> (header of the names shown, p-code of each row)
    caption: str = None

    def __post_init__(self):
        for name in ("hidden_n", "bracketed"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, np.zeros(len(self.counts), dtype=bool))
        if self.codes is None:
            object.__setattr__(self, "codes", {})

    def with_caption(self, caption: str) -> "ReportTable":
        """The same table under another caption (text in the table's language).

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> t = ReportTable(pd.DataFrame({"n": ["40"]}), np.zeros(1, bool), np.array([40]), [], "en")
        >>> t.with_caption("Respondents").caption, t.caption is None
        ('Respondents', True)
        >>> "<caption>Respondents</caption>" in t.with_caption("Respondents")._repr_html_()
        True
        """
        return dataclasses.replace(self, caption=caption)

    def to_frame(self) -> pd.DataFrame:
        """The published cells; a place shown by name keeps its p-code in a column before it."""
        out = self.frame.copy()
        for column, (header, codes) in self.codes.items():
            if header in out.columns and column not in out.columns:
                out.insert(out.columns.get_loc(header), column, list(codes))
        return out

    def _repr_html_(self):
        direction = ' dir="rtl"' if self.lang == "ar" else ""
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.frame.columns)
        places = {list(self.frame.columns).index(h): codes for h, codes in self.codes.values()
                  if h in self.frame.columns}
        body = []
        for i, row in enumerate(self.frame.itertuples(index=False)):
            cells = "".join(
                f'<td data-pcode="{html.escape(str(places[j][i]))}">{html.escape(str(v))}</td>'
                if j in places else f"<td>{html.escape(str(v))}</td>" for j, v in enumerate(row))
            flag = ' data-suppressed="true"' if self.suppressed[i] else ""
            # a base below min_cell is itself disclosive: it is neither shown nor marked up
            count = "" if self.hidden_n[i] else f' data-n="{int(self.counts[i])}"'
            body.append(f"<tr{count}{flag}>{cells}</tr>")
        notes = "".join(f"<li>{html.escape(t)}</li>" for t in self.footnotes)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (f'<div class="wps-table"{direction}><table>{caption}<thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table><ul class=\"notes\">{notes}</ul></div>")

    def __str__(self):
        return self.frame.to_string(index=False) + "\n" + "\n".join(self.footnotes)

    # the plain-text form (what a notebook keeps beside the HTML) shows only what is
    # published, never the hidden unweighted counts
    __repr__ = __str__


def published_counts(n, policy) -> np.ndarray:
    """Unweighted counts as they may be published: rounded to ``policy.round_to``, half up.

    Every exported copy of a count (the shown ``n``, ``data-n``, footnotes) goes through
    this one function, so a rounded table cannot leak its exact base in its markup.
    Whether a count is disclosive is decided on the exact count, before rounding.

    Notes
    -----
    Round half up to the base, the ONS/ABS convention for published counts, as
    :meth:`wpsresearch.privacy.SuppressedTable.to_frame` does.

    Examples
    --------
    >>> from wpsresearch.privacy import DisclosurePolicy
    >>> published_counts([62, 63, 151], DisclosurePolicy(round_to=5)).tolist()
    [60, 65, 150]
    >>> published_counts([62, 63], DisclosurePolicy()).tolist()
    [62, 63]
    """
    return policy.round_counts(n)  # the one rounding rule (DisclosurePolicy)


def in_brackets(text: str) -> str:
    """How a bracketed estimate is printed (DHS: ``(23.4)``).

    >>> in_brackets("23.4")
    '(23.4)'
    """
    return f"({text})"


def bracket_note(labels, lang, policy) -> str:
    """The caution printed with bracketed estimates, as in a report table's footnotes
    (label ``stats_note_bracketed``); key findings and campaign cards reuse it.

    >>> from wpsresearch.labels import Labels
    >>> from wpsresearch.privacy import DisclosurePolicy
    >>> bracket_note(Labels.default(), "en", DisclosurePolicy())[:40]
    '( ) Figures in parentheses are based on '
    """
    return "( ) " + labels.get("stats_note_bracketed", lang).format(
        min_n=policy.min_n, max_n=2 * policy.min_n - 1)


def place_names(column, values, lang):
    """Names in ``lang`` of the p-codes in ``values`` when ``column`` is a p-code column
    (``adm1_pcode``, ``adm2_pcode``), else ``None``.  A code not in the COD-AB names table
    stays as written.

    Examples
    --------
    >>> place_names("adm2_pcode", ["IQG02Q06", "IQG99Q99"], "ar")
    ['الزبير', 'IQG99Q99']
    >>> place_names("sex", ["female"], "en") is None
    True
    """
    if column not in PLACE_COLUMNS:
        return None
    table = _names_of_places()
    key = "name_ar" if lang == "ar" else "name_en"
    return [table.get(str(v), {}).get(key) or str(v) for v in values]


def table_caption(labels, lang, title, groups=()) -> str:
    """The caption of a report table: what it shows and, when its rows are groups, which
    ("Trusts the police, by sex"), in ``lang`` (labels ``stats_caption_by``,
    ``stats_caption_and``).  A title that names its groups already is left as it is.

    Parameters
    ----------
    labels : Labels
    lang : {"en", "ar"}
    title : str
        What the numbers are, already in ``lang`` (an indicator's label).
    groups : list of str
        Columns whose groups are the rows (``by``); p-code columns are named as places.

    Examples
    --------
    >>> from wpsresearch.labels import Labels
    >>> lab = Labels.default()
    >>> table_caption(lab, "en", "Trusts the police", ["sex", "adm1_pcode"])
    'Trusts the police, by sex and governorate'
    >>> table_caption(lab, "ar", "يثق بالشرطة", ["sex"])
    'يثق بالشرطة حسب الجنس'
    >>> table_caption(lab, "en", "Partner violence by governorate", ["adm1_pcode"])
    'Partner violence by governorate'
    >>> table_caption(lab, "en", "Sexual violence", ["sex"])
    'Sexual violence, by sex'
    """
    names = []
    for group in groups:
        name = labels.get(PLACE_COLUMNS.get(group, group), lang)
        # "Sex" reads "by sex"; an acronym ("IDP status") keeps its capitals
        if lang == "en" and name[:1].isupper() and name[1:2].islower():
            name = name[0].lower() + name[1:]
        names.append(name)
    if not names:
        return title
    phrase = names[0] if len(names) == 1 else labels.get("stats_caption_and", lang).format(
        first=("، " if lang == "ar" else ", ").join(names[:-1]), second=names[-1])
    by = labels.get("stats_caption_by", lang)
    # "… by sex" once: not when the title says it already (a word inside another, "sex" in
    # "sexual violence", does not count)
    said = by.format(title="", groups=phrase).strip(" ,،").casefold()
    if re.search(rf"(?<!\w){re.escape(said)}(?!\w)", title.casefold()):
        return title
    return by.format(title=title, groups=phrase)


@functools.lru_cache(maxsize=1)
def _names_of_places() -> dict:
    from wpsresearch.geo.places import districts, governorates

    out = {}
    for frame in (governorates(), districts()):
        out.update(frame[["name_en", "name_ar"]].to_dict("index"))
    return out


def answer_label(value, count, lang, labels, policy) -> str:
    """The label of an answer as a report prints it: the form's (label table's) label of a
    choice; a typed answer (not a choice) only when the one rule for printing free text allows
    it (:func:`wpsresearch.privacy.free_text.answer_shown`), else "Other answer (not shown)".

    >>> from wpsresearch.labels import Labels
    >>> from wpsresearch.privacy import DisclosurePolicy
    >>> answer_label("Ask Rezan at the centre", 3, "en", Labels.default(), DisclosurePolicy())[:12]
    'Other answer'

    A yes/no answer held as a boolean reads "Yes" / "No" (labels ``stats_yes``, ``stats_no``):

    >>> answer_label(True, 40, "en", Labels.default(), DisclosurePolicy())
    'Yes'
    >>> answer_label(False, 40, "ar", Labels.default(), DisclosurePolicy())
    'لا'
    """
    from wpsresearch.privacy.free_text import HIDDEN_ANSWER_LABEL, answer_shown

    key = str(value)
    if key in labels or key in _BOOLEAN_LABELS or answer_shown(key, count, policy):
        return value_label(value, lang, labels)
    return labels.get(HIDDEN_ANSWER_LABEL, lang)


def answer_labels(values, counts, lang, labels, policy) -> list:
    """:func:`answer_label` of each answer, made distinct (a chart draws one bar per name:
    two hidden answers are "Other answer … (1)" and "(2)")."""
    return _unique([answer_label(v, k, lang, labels, policy) for v, k in zip(values, counts)])


def _by_cells(out, column, values, lang, labels, codes, counts=None, policy=None):
    """Add the shown column of a ``by`` (or row) variable: place names for p-codes; with
    ``counts`` (respondents of each row: a crosstab's answers) answers as :func:`answer_label`
    prints them."""
    names = place_names(column, values, lang)
    if names is None:
        out[labels.get(column, lang)] = [
            value_label(v, lang, labels) if counts is None
            else answer_label(v, k, lang, labels, policy) for v, k in zip(values, counts or values)]
        return
    header = labels.get(PLACE_COLUMNS[column], lang)
    out[header] = names
    codes[column] = (header, [str(v) for v in values])


def value_label(value, lang, labels) -> str:
    """The label of a value a reader sees (a group of a ``by`` column, a chart's category, a
    finding's group): the label table's, "Yes" / "No" for a boolean (labels ``stats_yes``,
    ``stats_no``; a study's own label of "True" wins), else the value as written.  The one
    rule for tables, charts and findings.

    >>> from wpsresearch.labels import Labels
    >>> value_label(True, "ar", Labels.default()), value_label("female", "en", Labels.default())
    ('نعم', 'Women')
    """
    key = str(value)
    if key not in labels and key in _BOOLEAN_LABELS:
        return labels.get(_BOOLEAN_LABELS[key], lang)
    return labels.get(key, lang, default=key)


def _unique(names) -> list:
    """Column names made unique ("Other answer (not shown)" twice gets a number)."""
    seen: dict = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if names.count(name) == 1 else f"{name} ({seen[name]})")
    return out


def _fmt(value, digits):
    return "" if not np.isfinite(value) else f"{value:,.{digits}f}"


def _row_rules(frame, kind, policy, by=()):
    n = frame["n"].to_numpy()
    rule = np.array([policy.small_base_rule(int(v)) for v in n], dtype=object)
    suppress = rule == "suppress"
    if kind == "proportion":
        k = frame["n_level"].to_numpy()
        disclosive = np.array([policy.cell_is_disclosive(int(a)) or
                               policy.cell_is_disclosive(int(b)) for a, b in zip(k, n - k)])
        suppress = suppress | disclosive
        if "level" in frame.columns and len(frame):
            suppress = _complementary(frame, suppress, list(by) + ["variable"])
    bracket = ~suppress & (rule == "bracket")
    return suppress, bracket


def _complementary(frame, suppress, keys):
    """Secondary suppression across the levels of one answer: the shares of a group add up
    to 100%, so one hidden level would be recovered by subtraction.  When exactly one level
    of a group is hidden, the next-smallest shown level is hidden too."""
    suppress = suppress.copy()
    keys = [k for k in keys if k in frame.columns]
    groups = _key_groups(frame, keys)
    if groups is None:
        groups = frame.groupby(keys, sort=False, dropna=False).indices
    for rows in groups.values():
        rows = np.asarray(rows)
        hidden = suppress[rows]
        if len(rows) > 1 and hidden.sum() == 1:
            shown = rows[~hidden]
            partner = shown[np.argmin(frame["n_level"].to_numpy()[shown])]
            suppress[partner] = True
    return suppress


def _key_tuples(frame, keys):
    """Each row's values of ``keys`` as a tuple, or None when a key is missing somewhere
    (pandas' own rules for missing keys then apply: the callers fall back to them).

    Hand-written for speed: a report table's few rows grouped in Python rather than by a
    pandas groupby or drop_duplicates (0.1-0.2 s of every province notebook's tables)."""
    columns = [frame[k] for k in keys]
    if any(c.isna().any() for c in columns):
        return None
    return list(zip(*(c.tolist() for c in columns)))


def _key_groups(frame, keys):
    """``{key: row positions}`` of the rows of each value of ``keys`` (all rows when no keys),
    as ``frame.groupby(keys, sort=False, dropna=False).indices``; None with missing keys."""
    if not keys:
        return {None: np.arange(len(frame))}
    tuples = _key_tuples(frame, keys)
    if tuples is None:
        return None
    groups: dict = {}
    for i, key in enumerate(tuples):
        groups.setdefault(key, []).append(i)
    return {k: np.asarray(v, dtype=np.intp) for k, v in groups.items()}


def _setup(lang, labels, policy):
    from wpsresearch.labels import LANGUAGES, Labels
    from wpsresearch.privacy import DisclosurePolicy

    if lang not in LANGUAGES:
        raise ReportError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    return (Labels.default() if labels is None else labels,
            DisclosurePolicy() if policy is None else policy)


def crosstab_report_table(ct, *, lang, labels, percent, digits) -> ReportTable:
    """Percentages of a Crosstab with DHS base rules and the disclosure policy per cell."""
    labels, policy = _setup(lang, labels, ct._design.policy)
    unw = ct.unweighted if percent == "row" else ct.unweighted.T
    pct = ct.row_percent if percent == "row" else ct.col_percent.T
    base = unw.sum(axis=1).to_numpy()
    rule = np.array([policy.small_base_rule(int(v)) for v in base], dtype=object)
    suppress_row = rule == "suppress"
    bracket = rule == "bracket"
    cells = unw.to_numpy()
    out = pd.DataFrame(index=range(len(pct)))
    codes = {}
    _by_cells(out, pct.index.name, list(pct.index), lang, labels, codes, base.tolist(), policy)
    level_names = place_names(pct.columns.name, list(pct.columns), lang) or _unique([
        answer_label(level, int(unw[level].sum()), lang, labels, policy) for level in pct.columns])
    any_cell = False
    for j, level in enumerate(pct.columns):
        column = []
        for i in range(len(pct)):
            cell_bad = (policy.cell_is_disclosive(int(cells[i, j])) or
                        policy.cell_is_disclosive(int(base[i] - cells[i, j])))
            any_cell |= cell_bad and not suppress_row[i]
            if suppress_row[i] or cell_bad:
                column.append(SUPPRESSED)
            else:
                text = _fmt(pct.iloc[i, j], digits)
                column.append(in_brackets(text) if bracket[i] else text)
        out[level_names[j]] = column
    hidden = np.array([policy.cell_is_disclosive(int(v)) for v in base], dtype=bool)
    # a row's base is the group's answer base: the same rule as every published base, or the
    # group's respondents (published elsewhere) would give its small missing count away
    missing = _crosstab_missing(ct, percent, pct.index)
    shown_n, raised = policy.published_bases(base, missing)
    raised = raised & ~hidden
    out[labels.get("n", lang)] = [SUPPRESSED if h else f"{int(v):,}" + (BASE_MARK if r else "")
                                  for v, h, r in zip(shown_n, hidden, raised)]
    marks = _RowMarks(suppress_row | any_cell, bracket, np.zeros(len(base), dtype=bool), 0.3)
    notes = _footnotes(labels, lang, policy, marks,
                       int(ct.n_missing) - int(missing[raised].sum()), raised.any())
    # each row's shares add up to 100: the table is the columns' variable by the rows' groups
    caption = table_caption(labels, lang, labels.get(str(pct.columns.name), lang), [pct.index.name])
    return ReportTable(out, suppress_row, shown_n, notes, lang, hidden, bracket, codes, caption)


def _crosstab_missing(ct, percent, levels) -> np.ndarray:
    """Respondents of each shown row left out because the other variable is missing."""
    by_level = ct.row_missing if percent == "row" else ct.col_missing
    if by_level is None:
        return np.zeros(len(levels), dtype=np.int64)
    return by_level.reindex(levels, fill_value=0).to_numpy(dtype=np.int64)


def row_flags(est, policy=None):
    """``(suppressed, bracketed, hidden_n)`` of each row of ``est``'s report table
    (:attr:`ReportTable.suppressed`, ``bracketed``, ``hidden_n``), without building the table:
    the one rule :func:`build_report_table` applies.  ``policy``: default ``est.policy``, else
    the default :class:`~wpsresearch.privacy.DisclosurePolicy`."""
    if policy is None:
        from wpsresearch.privacy import DisclosurePolicy

        policy = est.policy if est.policy is not None else DisclosurePolicy()
    frame = est.frame
    suppress, bracket = _row_rules(frame, est.kind, policy, est.by)
    hidden = np.array([policy.cell_is_disclosive(int(v)) for v in frame["n"].to_numpy()],
                      dtype=bool)
    return suppress, bracket, hidden


def build_report_table(est, *, lang, labels, cv_flag, digits) -> ReportTable:
    labels, policy = _setup(lang, labels, est.policy)
    frame = est.frame
    pct = est.kind == "proportion"
    scale = 100.0 if pct else 1.0
    suppress, bracket, hidden = row_flags(est, policy)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = frame["se"].to_numpy() / np.abs(frame["estimate"].to_numpy())
    imprecise = ~suppress & (cv > cv_flag)
    # the table's columns by header, made into a frame once at the end: a frame grown a
    # column at a time (DataFrame.__setitem__) was a quarter of a province notebook's tables
    out: dict = {}
    codes = {}
    for col in est.by:
        _by_cells(out, col, frame[col].tolist(), lang, labels, codes)
    if frame["variable"].nunique() > 1 or not est.by:
        out[labels.get("stats_variable", lang)] = [labels.get(v, lang) for v in frame["variable"]]
    if "level" in frame.columns:
        variables = frame["variable"].unique()
        names = (place_names(variables[0], frame["level"].tolist(), lang)
                 if len(variables) == 1 else None)
        out[labels.get("stats_level", lang)] = names or [
            answer_label(v, k, lang, labels, policy)
            for v, k in zip(frame["level"], frame.get("n_level", [None] * len(frame)))]
        if names:
            codes[variables[0]] = (labels.get("stats_level", lang), frame["level"].astype(str).tolist())
    values, cis = [], []
    for i in range(len(frame)):
        e, lo, hi = (frame[c].iloc[i] * scale for c in ("estimate", "ci_low", "ci_high"))
        if suppress[i]:
            values.append(SUPPRESSED)
            cis.append("")
            continue
        text = _fmt(e, digits)
        text = in_brackets(text) if bracket[i] else text
        values.append(text + (CV_MARK if imprecise[i] else ""))
        interval = f"{_fmt(lo, digits)} \u2013 {_fmt(hi, digits)}"
        # in Arabic text a "low – high" run is reordered by the bidi algorithm unless isolated
        cis.append(f"\u2066{interval}\u2069" if lang == "ar" else interval)
    out[labels.get("stats_percent" if pct else "estimate", lang)] = values
    out[at_level(labels.get("ci", lang), est.conf_level)] = cis
    n = frame["n"].to_numpy()
    missing = frame["n_missing"].to_numpy()
    shown_n, raised = policy.published_bases(n, missing)
    raised = raised & ~hidden
    out[labels.get("n", lang)] = [SUPPRESSED if h else f"{int(v):,}" + (BASE_MARK if r else "")
                                  for v, h, r in zip(shown_n, hidden, raised)]
    # the missing answers of a raised row are behind its mark, not in the total: a total
    # that counted them would give the small count away again by subtraction
    notes = _footnotes(labels, lang, policy, _RowMarks(suppress, bracket, imprecise, cv_flag),
                       _missing_total(frame, missing, raised, est.by), raised.any())
    variables = frame["variable"].unique()
    title = (labels.get(str(variables[0]), lang) if len(variables) == 1
             else labels.get("stats_caption_estimates", lang))
    return ReportTable(pd.DataFrame(out, index=frame.index).reset_index(drop=True), suppress,
                       shown_n, notes, lang, hidden, bracket, codes,
                       table_caption(labels, lang, title, est.by))


def _missing_total(frame, missing, raised, by) -> int:
    """Respondents without an answer over the table's groups (once per group: the levels of
    one answer share it), leaving out the groups whose base was raised."""
    keys = [c for c in (*by, "variable") if c in frame.columns]
    keep = ~raised
    if not keys:
        return int(np.max(missing[keep], initial=0))
    tuples = _key_tuples(frame, keys) if np.asarray(missing).dtype.kind in "iu" else None
    if tuples is None:
        sub = frame.loc[keep, keys].assign(_m=missing[keep])
        return int(sub.drop_duplicates(keys)["_m"].sum())
    first = {}  # the first kept row of each group, as drop_duplicates keeps it
    for key, m, kept in zip(tuples, missing.tolist(), keep.tolist()):
        if kept and key not in first:
            first[key] = m
    return int(sum(first.values()))


@dataclass(frozen=True, eq=False)
class _RowMarks:
    """Which rows of a table are suppressed, bracketed (small base) or marked imprecise
    (coefficient of variation above ``cv_flag``)."""

    suppress: np.ndarray
    bracket: np.ndarray
    imprecise: np.ndarray
    cv_flag: float


def _footnotes(labels, lang, policy, marks: _RowMarks, n_missing, raised_base=False):
    suppress, bracket, imprecise, cv_flag = (marks.suppress, marks.bracket, marks.imprecise,
                                             marks.cv_flag)
    notes = []
    if suppress.any():
        notes.append(SUPPRESSED + " " + labels.get("stats_note_suppressed", lang).format(
            min_n=policy.min_n, min_cell=policy.min_cell))
    if bracket.any():
        notes.append(bracket_note(labels, lang, policy))
    if imprecise.any():
        notes.append(CV_MARK + " " + labels.get("stats_note_cv", lang).format(
            cv=f"{cv_flag:.0%}"))
    if n_missing:
        # a small count of refusals is itself disclosive (e.g. "3 refused the IPV items")
        shown = (f"{int(published_counts([n_missing], policy)[0]):,}"
                 if not policy.cell_is_disclosive(n_missing)
                 else ("< " if lang == "en" else "أقل من ") + f"{policy.min_cell}")
        notes.append(labels.get("stats_note_missing", lang).format(n_missing=shown))
    if raised_base:
        notes.append(BASE_MARK + " " + labels.get("stats_note_base_raised", lang).format(
            min_cell=policy.min_cell))
    return notes
