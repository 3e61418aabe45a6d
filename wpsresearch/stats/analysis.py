"""``analyse(design, plan)``: a study's whole analysis plan through the design-based estimators.

Each plan row (:class:`~wpsresearch.io.PlanRow`) is one call to an estimator of this stage —
:func:`proportion`, :func:`mean`, :func:`quantile`, :func:`ratio`, :func:`total` and, for
``test: chisq``, :func:`crosstab` — on the design restricted to the row's ``where`` filter.
Nothing is estimated here by a formula of its own.  The result is IMPACT analysistools'
results table (one row per estimate, the same columns, values and ``analysis_key``) followed
by this package's columns, every row passed through the design's
:class:`~wpsresearch.privacy.DisclosurePolicy` exactly as the report tables are
(:meth:`Estimate.table`): a suppressed estimate keeps its row with no number.

Conventions that differ from analysistools are options of the plan
(:class:`~wpsresearch.io.AnalysisPlan`): ``missing_answers="include"`` keeps "don't know" and
"refused" in the base of a proportion as analysistools does (default: left out and counted
in ``n_missing``), ``proportion_ci="mean"`` gives srvyr's symmetric interval (default: R
``svyciprop``'s logit interval).  A binary (yes/no) indicator has one row, its "yes" share
(``analysis_var_value`` ``TRUE``); analysistools would add the complementary ``FALSE`` row.

Examples
--------
>>> import pandas as pd
>>> import wpsresearch as wps
>>> from wpsresearch.io.analysis_plan import AnalysisPlan, PlanRow
>>> df = pd.DataFrame({"q": ["yes", "no"] * 30 + ["yes"] * 40, "sex": ["f", "m"] * 50})
>>> plan = AnalysisPlan((PlanRow(2, "prop_select_one", "q", ("sex",)),))
>>> res = wps.stats.analyse(wps.stats.SurveyDesign(df), plan)
>>> res.to_frame()[["analysis_var_value", "group_var_value", "stat", "n", "n_total"]]
  analysis_var_value group_var_value  stat     n  n_total
0                yes               f   NaN  <NA>       50
1                 no               m   0.6    30       50
2                yes               m   0.4    20       50
>>> res.to_frame()["suppression_reason"].tolist()
['cell below min_cell', '', '']

All 50 women answered "yes": a 100% (its complement, 0 women saying "no", is a disclosive
cell) is suppressed; their "no" has no row, as in analysistools.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wpsresearch.errors import AnalysisPlanError, EstimationError

__all__ = ["analyse", "AnalysisResults", "RowResult", "RESULT_COLUMNS", "LOA_RESULT_COLUMNS"]

# analysistools' results table, in its order, then this package's columns
LOA_RESULT_COLUMNS = ["analysis_type", "analysis_var", "analysis_var_value", "group_var",
                      "group_var_value", "stat", "stat_low", "stat_upp", "n", "n_total", "n_w",
                      "n_w_total", "analysis_key"]
RESULT_COLUMNS = LOA_RESULT_COLUMNS + [
    "se", "df", "level", "n_missing", "suppressed", "suppression_reason", "plan_row", "section",
    "label_en", "label_ar", "nap_pillar", "sdg", "headline"]
_PAIR, _JOIN = " %/% ", " -/- "  # analysistools' key separators (variable %/% value, pairs -/-)
_ESTIMATOR_OF = {"mean": "mean", "median": "quantile", "quantile": "quantile", "total": "total",
                 "prop_select_one": "proportion", "prop_select_multiple": "proportion",
                 "ratio": "ratio"}


@dataclass(frozen=True, eq=False)
class RowResult:
    """What one plan row gave: its estimate(s), the results-table rows, its test.

    ``estimates`` holds one :class:`Estimate` (one per option for ``prop_select_multiple``,
    whose names are ``options``);
    empty when no respondent of the domain answered (``note`` says so).  ``binary``: a
    yes/no indicator, shown as its "yes" share only.
    """

    row: object
    estimates: tuple
    frame: pd.DataFrame
    test: object = None
    binary: bool = False
    note: str | None = None
    options: tuple = ()

    @property
    def estimate(self):
        """The estimate (the first one for a select_multiple), or None."""
        return self.estimates[0] if self.estimates else None

    def covariance(self) -> pd.DataFrame:
        """Design-based covariance of this row's estimates, rows and columns named by their
        ``analysis_key`` (the results table's), suppressed rows included.

        R ``vcov(svyby(..., covmat = TRUE))`` (:meth:`Estimate.vcov`): estimates of groups
        that share PSUs are correlated, which a contrast between two groups needs.  The
        options of a ``select_multiple`` are separate estimates: their cross terms are NaN,
        as are a quantile's off-diagonal terms.

        Examples
        --------
        >>> import pandas as pd
        >>> import wpsresearch as wps
        >>> from wpsresearch.io.analysis_plan import PlanRow
        >>> df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "y": [1.0, 2, 3, 4, 5, 9],
        ...                    "sex": list("fmfmfm")})
        >>> res = wps.stats.analyse(wps.stats.SurveyDesign(df, ids="psu"), PlanRow(2, "mean", "y", ("sex",)))
        >>> res[2].covariance().round(4).to_numpy().tolist()  # R: vcov(svyby(~y, ~sex, d, svymean, covmat=TRUE))
        [[1.3333, 2.3333], [2.3333, 4.3333]]
        """
        keys, blocks = [], []
        for est, option in zip(self.estimates, self.options or (None,) * len(self.estimates)):
            frame = est.to_frame().reset_index(drop=True)
            mine = _row_keys(est, frame, self.row, binary=self.binary, value=option)
            keys += mine
            blocks.append(est.vcov().to_numpy(dtype=float))
        out = np.full((len(keys), len(keys)), np.nan)
        at = 0
        for block in blocks:
            k = len(block)
            out[at:at + k, at:at + k] = block
            at += k
        wanted = [k for k in self.frame["analysis_key"] if k in set(keys)]
        full = pd.DataFrame(out, index=keys, columns=keys)
        return full.loc[wanted, wanted]


@dataclass(frozen=True, eq=False)
class AnalysisResults:
    """The results of :func:`analyse`: one :class:`RowResult` per plan row analysed.

    ``labels`` (a :class:`~wpsresearch.labels.Labels`) and ``codebook`` name the variables,
    answers and groups in report tables (:meth:`table`).
    """

    results: tuple
    plan: object = None
    labels: object = None
    codebook: object = None
    policy: object = None
    _cache: dict = field(default_factory=dict, repr=False)

    # -- access ----------------------------------------------------------------------
    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, plan_row: int) -> RowResult:
        for r in self.results:
            if r.row.row == plan_row:
                return r
        raise KeyError(f"no result for plan row {plan_row}")

    def __add__(self, other: "AnalysisResults") -> "AnalysisResults":
        return AnalysisResults(self.results + other.results, self.plan or other.plan,
                               self.labels or other.labels, self.codebook or other.codebook,
                               self.policy or other.policy)

    @classmethod
    def concat(cls, parts) -> "AnalysisResults":
        """Several results (e.g. one per analysis cell of a notebook) as one."""
        parts = list(parts)
        if not parts:
            return cls(())
        out = parts[0]
        for p in parts[1:]:
            out = out + p
        return out

    @classmethod
    def nobody(cls, plan, *, labels=None, codebook=None, policy=None) -> "AnalysisResults":
        """The results of ``plan`` on a domain without respondents: every row suppressed."""
        from wpsresearch.stats.analysis_labels import row_labels

        rows = tuple(_empty(r, row_labels(r, labels, codebook), "no respondent in the domain")
                     for r in plan)
        return cls(rows, plan, labels, codebook, policy)

    def headlines(self) -> tuple:
        """The results of the plan's headline rows, in plan order."""
        return tuple(r for r in self.results if r.row.headline)

    # -- export ----------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per estimate: analysistools' 13 columns, then ``se, df, level, n_missing,
        suppressed, suppression_reason, plan_row, section, label_en, label_ar, nap_pillar,
        sdg, headline``.  Suppressed rows keep their row, without numbers (``stat``,
        ``stat_low``, ``stat_upp``, ``se`` are NaN; a disclosive count is <NA>).  Where
        ``n_missing`` is <NA> (fewer than ``min_cell`` of the group gave no answer),
        ``n_total`` is the group's respondents (:meth:`DisclosurePolicy.published_bases`)."""
        frames = [r.frame for r in self.results if len(r.frame)]
        if not frames:
            return pd.DataFrame(columns=RESULT_COLUMNS)
        return pd.concat(frames, ignore_index=True)[RESULT_COLUMNS]

    def table(self, plan_row: int | None = None, *, lang: str = "en"):
        """The labelled, suppressed report table of one plan row (a ReportTable)."""
        from wpsresearch.stats.analysis_tables import row_table

        if plan_row is None:
            if len(self.results) != 1:
                raise AnalysisPlanError("these results hold several plan rows: say which",
                                        hint="results.table(7, lang='en')")
            result = self.results[0]
        else:
            result = self[plan_row]
        return row_table(result, lang=lang, labels=self.labels, codebook=self.codebook)

    def summary(self) -> str:
        frame = self.to_frame()
        return (f"Analysis results: {len(self.results)} plan row(s), {len(frame)} estimate(s), "
                f"{int(frame['suppressed'].sum())} suppressed")

    def __repr__(self) -> str:
        return f"<{self.summary()}>"

    def _repr_html_(self) -> str:
        import html

        return f"<p>{html.escape(self.summary())}</p>"


# ---------------------------------------------------------------------------- analyse
def analyse(design, plan, *, labels=None, codebook=None, rows=None) -> AnalysisResults:
    """Run an analysis plan (or one of its rows) on a survey design.

    Parameters
    ----------
    design : SurveyDesign
        The study's design, possibly a domain (``design.subset(...)``, e.g. a province);
        its data hold every column the plan reads (the study's constructed indicators
        included: ``wps.sgbv.add_indicators``).
    plan : AnalysisPlan or PlanRow
        From :func:`wpsresearch.io.read_analysis_plan` (or ``study.read_plan()``).
    labels : Labels, optional
        Names in report tables; default the package table.  The plan's and the form's
        labels are layered on top.
    codebook : Codebook, optional
        The form: question and answer labels (``label::…`` columns) for report tables.
    rows : iterable of int, optional
        Only these plan rows (spreadsheet row numbers).

    Returns
    -------
    AnalysisResults

    Raises
    ------
    AnalysisPlanError
        A row reads a column the data do not have, or asks for an estimate the data cannot
        give (e.g. the mean of a text answer): naming the plan row and column.

    Notes
    -----
    R equivalent: ``analysistools::create_analysis(srvyr::as_survey_design(...), loa)``;
    each row is R ``survey``'s ``svymean``/``svyciprop``/``svyquantile``/``svyratio``/
    ``svytotal`` (``svyby`` for ``group_var``) and ``svychisq`` for ``test: chisq``.
    """
    from wpsresearch.io.analysis_plan import AnalysisPlan, PlanRow

    if isinstance(plan, PlanRow):
        plan = AnalysisPlan((plan,))
    wanted = None if rows is None else {int(r) for r in rows}
    selected = tuple(r for r in plan if wanted is None or r.row in wanted)
    plan_part = dataclasses.replace(plan, rows=selected)
    plan_part.check_columns(design.data.columns, what="the analysis data", codebook=codebook)
    options = {"missing": () if plan.missing_answers == "include" else None,
               "ci": plan.proportion_ci}
    out = []
    for row in selected:
        try:
            out.append(_analyse_row(design, row, options, labels, codebook, plan.path))
        except EstimationError as exc:
            raise AnalysisPlanError(f"{row.describe()}: {exc.message}", file=plan.path,
                                    row=row.row, column="analysis_var",
                                    hint=exc.hint or "check the analysis type against the "
                                    "question's type in the form") from None
    return AnalysisResults(tuple(out), plan, labels, codebook, design.policy)


def _domain(design, row, path):
    """The design restricted to the row's ``where`` filter (None when nobody is left)."""
    if row.where is None:
        return design if design.n else None
    mask = row.where.mask(design.data).to_numpy() & (design.row_weights > 0)
    if not mask.any():
        return None
    return design.subset(mask)


def _analyse_row(design, row, options, labels, codebook, path) -> RowResult:
    from wpsresearch.stats.analysis_labels import row_labels

    here = _domain(design, row, path)
    texts = row_labels(row, labels, codebook)
    kind = row.analysis_type
    if kind == "prop_select_multiple":
        return _select_multiple(here, row, options, texts)
    if here is None:
        return _empty(row, texts, "no respondent in the domain")
    if kind == "ratio":
        here = _ratio_design(here, row)
        if here is None:
            return _empty(row, texts, "no respondent with a non-zero denominator")
    variable = row.numerator if kind == "ratio" else row.analysis_var
    valid = _answered(here, variable, kind, options)
    if kind == "ratio":
        valid &= _answered(here, row.denominator, kind, options)
    if not valid.any():
        return _empty(row, texts, "no answer in the domain")
    est = _estimate(here, row, options)
    binary = kind == "prop_select_one" and _is_binary(here, variable, options)
    test = _test(here, row, options) if row.test else None
    frame = _result_rows(est, here, row, valid, texts, binary=binary,
                         choices=_form_choices(codebook, variable))
    return RowResult(row, (est,), frame, test, binary)


def _form_choices(codebook, question):
    """The choice codes of a select question of the form (None: not known)."""
    from wpsresearch.stats.analysis_labels import form_texts

    _, answers = form_texts(codebook)
    return frozenset(answers[question]) if question in answers else None


def _estimate(design, row, options, variable=None):
    from wpsresearch.stats import means, proportions, quantiles

    by = list(row.group_var) or None
    kind = row.analysis_type
    if kind in ("prop_select_one", "prop_select_multiple"):
        kw = {} if options["missing"] is None else {"missing": options["missing"]}
        return proportions.proportion(design, variable or row.analysis_var, by=by, ci=options["ci"],
                                      level=row.level, **kw)
    if kind == "mean":
        return means.mean(design, row.analysis_var, by=by, level=row.level)
    if kind == "total":
        return means.total(design, row.analysis_var, by=by, level=row.level)
    if kind == "median":
        return quantiles.quantile(design, row.analysis_var, [0.5], by=by, level=row.level)
    if kind == "quantile":
        return quantiles.quantile(design, row.analysis_var, list(row.probs), by=by, level=row.level)
    return means.ratio(design, row.numerator, row.denominator, by=by, level=row.level)


def _ratio_design(design, row):
    """analysistools' ratio rules: a missing numerator counts as 0 (``numerator_NA_to_0``),
    a zero denominator leaves the row out (``filter_denominator_0``)."""
    from wpsresearch.stats.means import numeric_column

    data = design.data
    if row.numerator_na_to_0:
        filled = numeric_column(design, row.numerator).fillna(0.0)
        data = data.assign(**{row.numerator: filled})
        # the same design (clusters, weights, domain) over the filled column
        design = dataclasses.replace(design, data=data)
    if row.filter_denominator_0:
        den = numeric_column(design, row.denominator)
        keep = (den != 0).fillna(True).to_numpy() & (design.row_weights > 0)
        if not keep.any():
            return None
        design = design.subset(keep)
    return design


def _answered(design, variable, kind, options) -> np.ndarray:
    """Rows of the domain (and of a group) whose answer enters the base."""
    from wpsresearch.stats.answers import MISSING, drop_missing_categories

    values = design.column(variable)
    if kind in ("prop_select_one", "prop_select_multiple"):
        missing = MISSING if options["missing"] is None else options["missing"]
        values = drop_missing_categories(values, missing)
    return values.notna().to_numpy() & (design.row_weights > 0)


def _is_binary(design, variable, options) -> bool:
    from wpsresearch.stats.answers import MISSING, drop_missing_categories, is_binary

    missing = MISSING if options["missing"] is None else options["missing"]
    return is_binary(drop_missing_categories(design.column(variable), missing))


def _test(design, row, options):
    from wpsresearch.stats.crosstab import crosstab

    kw = {} if options["missing"] is None else {"missing": options["missing"]}
    try:
        return crosstab(design, row.analysis_var, row.group_var[0], **kw).test()
    except EstimationError:  # one group or one answer in this domain: nothing to test
        return None


def _select_multiple(design, row, options, texts) -> RowResult:
    from wpsresearch.stats.analysis_labels import option_columns

    columns = option_columns(design.data.columns if design is not None else (), row.analysis_var)
    if design is None or not columns:
        return _empty(row, texts, "no respondent in the domain" if design is None
                      else "no option column")
    ests, frames, shown = [], [], []
    for option, column in columns:
        valid = _answered(design, column, row.analysis_type, options)
        if not valid.any():
            continue
        est = _estimate(design, row, options, variable=column)
        ests.append(est)
        shown.append(option)
        frames.append(_result_rows(est, design, row, valid, texts, binary=True, value=option))
    if not frames:
        return _empty(row, texts, "no answer in the domain")
    return RowResult(row, tuple(ests), pd.concat(frames, ignore_index=True), None, True,
                     options=tuple(shown))


def _empty(row, texts, note) -> RowResult:
    """A plan row with nothing to estimate in this domain: one suppressed results row."""
    frame = pd.DataFrame([_base_record(row, texts)])
    frame["analysis_var_value"] = pd.NA
    frame["group_var_value"] = pd.NA
    for c in ("stat", "stat_low", "stat_upp", "n_w", "n_w_total", "se", "df"):
        frame[c] = np.nan
    for c in ("n", "n_total", "n_missing"):
        frame[c] = pd.array([0], dtype="Int64")
    frame["suppressed"] = True
    frame["suppression_reason"] = note
    frame["analysis_key"] = _key(row, frame.iloc[0]["analysis_var_value"], ())
    return RowResult(row, (), frame[RESULT_COLUMNS], None, False, note)


def _base_record(row, texts) -> dict:
    name = (f"{row.numerator}{_PAIR}{row.denominator}" if row.analysis_type == "ratio"
            else row.analysis_var)
    return {"analysis_type": row.analysis_type, "analysis_var": name,
            "group_var": _PAIR.join(row.group_var) if row.group_var else pd.NA,
            "level": row.level, "plan_row": row.row, "section": row.section or pd.NA,
            "label_en": texts["en"], "label_ar": texts["ar"],
            "nap_pillar": row.nap_pillar or pd.NA, "sdg": row.sdg or pd.NA,
            "headline": bool(row.headline)}


def _key(row, value, groups) -> str:
    if row.analysis_type == "ratio":
        analysed = f"{row.numerator}{_PAIR}NA{_JOIN}{row.denominator}{_PAIR}NA"
    else:
        analysed = f"{row.analysis_var}{_PAIR}{'NA' if pd.isna(value) else value}"
    pairs = _JOIN.join(f"{g}{_PAIR}{v}" for g, v in groups) if groups else f"NA{_PAIR}NA"
    return f"{row.analysis_type} @/@ {analysed} @/@ {pairs}"


def _value_text(est, frame, row, binary, value):
    if value is not None:
        return [value] * len(frame)
    if row.analysis_type == "ratio":
        return ["NA" + _PAIR + "NA"] * len(frame)
    if row.analysis_type == "quantile":
        return [f"{float(p):g}" for p in frame["level"]]
    if row.analysis_type == "prop_select_one":
        if binary:
            return ["TRUE"] * len(frame)
        return [str(v) for v in frame["level"]]
    return [pd.NA] * len(frame)


def _groups(frame, by) -> list:
    """``[(group_var, value), ...]`` of each estimate's row (``[]`` without groups)."""
    if not by:
        return [()] * len(frame)
    return [list(zip(by, [str(v) for v in vals])) for vals in frame[by].itertuples(index=False)]


def _row_keys(est, frame, row, *, binary, value=None) -> list:
    """The ``analysis_key`` of each row of ``est.to_frame()`` (the results table's keys)."""
    values = _value_text(est, frame, row, binary, value)
    return [_key(row, v, g) for v, g in zip(values, _groups(frame, list(row.group_var)))]


def _weight_sums(design, valid, by, frame) -> np.ndarray:
    """Sum of weights of the answered rows of each group of ``frame`` (analysistools' n_w)."""
    w = np.where(valid, design.row_weights, 0.0)
    if not by:
        return np.full(len(frame), w.sum())
    keys = design.data[list(by)].astype("string")
    sums = pd.Series(w).groupby([keys[c].to_numpy() for c in by], dropna=True).sum()
    index = [tuple(str(v) for v in t) if len(by) > 1 else str(t[0])
             for t in frame[list(by)].itertuples(index=False)]
    return sums.reindex(index).fillna(0.0).to_numpy(dtype=float)


def _result_rows(est, design, row, valid, texts, *, binary, value=None, choices=None) -> pd.DataFrame:
    """analysistools' rows for one estimate, suppressed as its report table is.

    The columns are made first and the frame once (beside the plan row's texts): adding them
    to a frame one at a time (DataFrame.__setitem__, some thirty per plan row) was a third
    of analysing a row.
    """
    from wpsresearch.stats.analysis_tables import disclosure_flags

    frame = est.to_frame().reset_index(drop=True)
    by = list(row.group_var)
    base = pd.DataFrame([_base_record(row, texts)] * len(frame))
    values = pd.Series(_value_text(est, frame, row, binary, value))
    levels = row.analysis_type == "prop_select_one" and not binary and "n_level" in frame.columns
    if levels:
        values = pd.Series(_shown_answers(values, frame["n_level"], est.policy, choices))
    groups = _groups(frame, by)
    stat = frame["estimate"].to_numpy(dtype=float)
    n_total = frame["n"].to_numpy()
    n_w_total = _weight_sums(design, valid, by, frame)
    share = stat if row.analysis_type.startswith("prop") else 1.0
    columns = {
        "analysis_var_value": values,
        "group_var_value": [_PAIR.join(v for _, v in g) if g else pd.NA for g in groups],
        "stat": stat, "stat_low": frame["ci_low"].to_numpy(dtype=float),
        "stat_upp": frame["ci_high"].to_numpy(dtype=float),
        "se": frame["se"].to_numpy(dtype=float),
        "df": np.broadcast_to(np.asarray(est.df, dtype=float), (len(frame),)),
        "n_total": n_total,
        "n": frame["n_level"].to_numpy() if "n_level" in frame.columns else n_total,
        "n_w_total": n_w_total, "n_w": n_w_total * share,
        "n_missing": frame["n_missing"].to_numpy(),
        # the keys of the values as printed: a typed answer that may not be shown is not in
        # its key either (covariance() matches the printed rows only)
        "analysis_key": [_key(row, v, g) for v, g in zip(values, groups)],
    }
    suppressed, reasons, hidden = disclosure_flags(est)
    _publishable(columns, suppressed, reasons, hidden, est.policy)
    out = pd.concat([base, pd.DataFrame(columns)], axis=1)[RESULT_COLUMNS]
    if levels:
        # analysistools lists the answers given in each group (srvyr groups by the answer):
        # an answer nobody in the group gave has no row
        out = out[frame["n_level"].to_numpy() > 0].reset_index(drop=True)
    return out


def _shown_answers(values, counts, policy, choices) -> list:
    """A typed answer (not one of the form's choices: an open answer, an answer outside the
    choice list) is the row's value only when the one rule for printing free text allows it
    (:func:`wpsresearch.privacy.free_text.answer_shown`); else ``[answer not shown 1]``,
    ``[answer not shown 2]`` … (one number per answer, so each row keeps its own key)."""
    from wpsresearch.privacy import DisclosurePolicy
    from wpsresearch.privacy.free_text import HIDDEN_ANSWER, answer_shown
    from wpsresearch.stats.answers import MISSING

    policy = policy or DisclosurePolicy()
    out, hidden = [], {}
    for v, k in zip(values, counts):
        choice = None if choices is None else (str(v) in choices or str(v) in MISSING)
        if answer_shown(v, int(k), policy, choice=choice):
            out.append(v)
        else:
            hidden.setdefault(v, f"{HIDDEN_ANSWER[:-1]} {len(hidden) + 1}]")
            out.append(hidden[v])
    return out


def _publishable(columns, suppressed, reasons, hidden, policy) -> None:
    """No number of a suppressed estimate, no disclosive count, counts rounded as published
    (``columns``: a result row's columns by name, changed in place)."""
    from wpsresearch.privacy import DisclosurePolicy
    from wpsresearch.stats.report_table import published_counts

    policy = policy or DisclosurePolicy()
    columns["suppressed"] = suppressed
    columns["suppression_reason"] = reasons
    for c in ("stat", "stat_low", "stat_upp", "se", "n_w"):
        columns[c] = np.where(suppressed, np.nan, columns[c])
    columns["n_w_total"] = np.where(hidden, np.nan, columns["n_w_total"])
    # a base is published by the one rule for bases: where fewer than min_cell of the group
    # gave no answer (their count is blanked) the base is the group's respondents, or the
    # group's size, published elsewhere, would give that small count away by subtraction
    count = {c: pd.Series(columns[c]) for c in ("n", "n_total", "n_missing")}
    bases, _ = policy.published_bases(count["n_total"].to_numpy(dtype=int),
                                      count["n_missing"].to_numpy(dtype=float))
    for c, blank in (("n", suppressed), ("n_total", hidden),
                     ("n_missing", [policy.cell_is_disclosive(int(v)) and v > 0
                                    for v in count["n_missing"]])):
        counts = pd.array(bases if c == "n_total" else published_counts(count[c].to_numpy(dtype=int), policy),
                          dtype="Int64")
        counts[np.asarray(blank, dtype=bool)] = pd.NA
        columns[c] = counts
