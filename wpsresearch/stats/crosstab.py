"""Weighted two-way tables and design-based tests of association (R ``svytable``, ``svychisq``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from wpsresearch.errors import EstimationError
from wpsresearch.stats.answers import MISSING, drop_missing_categories
from wpsresearch.stats.distributions import f_sf
from wpsresearch.stats.distributions import scipy_stats as stats
from wpsresearch.stats.replicates import replicate_totals, replicate_variance

__all__ = ["Crosstab", "TestResult", "crosstab"]

TESTS = ("F", "Chisq", "adjWald", "Wald", "lincom", "saddlepoint")


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # a result, not a pytest test class
    """A design-based test of association.

    ``statistic``: F for ``"F"`` and ``"adjWald"``, Pearson's X^2 for ``"Chisq"`` (as R
    prints it; the p-value uses X^2 divided by the mean generalised design effect).
    ``ndf``/``ddf``: numerator and denominator degrees of freedom (``ddf`` is inf for
    ``"Chisq"``, whose ``ndf`` is the chi-square df).
    """

    method: str
    statistic: float
    ndf: float
    ddf: float
    pvalue: float

    def __str__(self):
        return (f"{self.method}: statistic = {self.statistic:.5g}, ndf = {self.ndf:.5g}, "
                f"ddf = {self.ddf:.5g}, p-value = {self.pvalue:.4g}")

    def summary(self) -> str:
        """One line as R prints it: method, statistic, ndf, ddf, p-value."""
        return str(self)

    def to_frame(self) -> pd.DataFrame:
        """One row: ``method, statistic, ndf, ddf, pvalue`` (a test holds no counts)."""
        return pd.DataFrame([{"method": self.method, "statistic": self.statistic,
                              "ndf": self.ndf, "ddf": self.ddf, "pvalue": self.pvalue}])

    def table(self, lang: str = "en", labels=None, *, name: str | None = None,
              digits: int = 2):
        """The test as a one-row report table: test, statistic, degrees of freedom, p-value.

        Parameters
        ----------
        lang : {"en", "ar"}
        labels : Labels, optional
            Headers, the test's name and ``name`` come from the label table
            (``stats_test*``, ``stats_ndf``, ``stats_ddf``, ``stats_pvalue``).
        name : str, optional
            Label key (or text) of what was tested, e.g. ``"reported_formal"``: shown in a first
            ``Indicator`` column.
        digits : int
            Decimals of the statistic and degrees of freedom; p-values have three
            (``<0.001`` below that), as :meth:`GLMResult.table` prints them.

        Returns
        -------
        ReportTable
            No unweighted counts: a test statistic is not a count, so no row carries
            ``data-n`` and the table says nothing about how many people were asked.

        See Also
        --------
        stacked_table : several tests (one per indicator) in one table.

        Examples
        --------
        >>> from wpsresearch.stats import TestResult
        >>> t = TestResult("Rao-Scott F", 5.8443, 0.99997, 13.9996, 0.02999)
        >>> t.table(name="reported_formal").frame.iloc[0].tolist()
        ['Reported to police, Family Protection Directorate or court', 'Rao-Scott F test', '5.84', '1.00', '14.00', '0.030']
        >>> "data-n" in t._repr_html_()
        False
        """
        return TestResult.stacked_table({name: self}, lang=lang, labels=labels, digits=digits)

    @staticmethod
    def stacked_table(tests, *, lang: str = "en", labels=None, digits: int = 2):
        """Several tests as one report table, one row per tested indicator.

        Parameters
        ----------
        tests : dict of str -> TestResult
            Label key (or text) of each indicator -> its test; a ``None`` key leaves out
            the ``Indicator`` column (all keys must then be ``None``: a single test).
        lang : {"en", "ar"}
        labels : Labels, optional
        digits : int

        Returns
        -------
        ReportTable

        Examples
        --------
        >>> from wpsresearch.stats import TestResult
        >>> tests = {"ipv_any_12m": TestResult("Rao-Scott F", 2.51, 2.7, 54.1, 0.0731),
        ...          "help_none": TestResult("Rao-Scott F", 11.2, 2.9, 58.3, 2e-5)}
        >>> t = TestResult.stacked_table(tests, lang="ar")
        >>> t.frame.columns.tolist()[:2], t.frame.iloc[1, 0]
        (['المؤشر', 'الاختبار'], 'لم تطلب أي مساعدة')
        """
        from wpsresearch.stats.report_table import ReportTable, _setup

        if not tests:
            raise EstimationError("no tests to tabulate")
        labels, _ = _setup(lang, labels, None)
        rows = [_test_row(name, result, lang, labels, digits) for name, result in tests.items()]
        frame = pd.DataFrame(rows)
        if all(name is None for name in tests):
            frame = frame.drop(columns=labels.get("stats_variable", lang))
        size = len(frame)
        names = list(tests)
        caption = (labels.get("stats_caption_test", lang).format(title=labels.get(names[0], lang))
                   if size == 1 and names[0] is not None else labels.get("stats_caption_tests", lang))
        # hidden_n: there is no base to show or to mark up as data-n (not a disclosive one)
        return ReportTable(frame, np.zeros(size, dtype=bool), np.zeros(size, dtype=np.int64),
                           [labels.get("stats_note_test", lang)], lang,
                           hidden_n=np.ones(size, dtype=bool), caption=caption)

    def _repr_html_(self):
        return self.table()._repr_html_()


# how each test of Crosstab.test names itself -> its label (the name readers see)
_TEST_LABELS = {"Rao-Scott F": "stats_test_rao_scott_f",
                "Rao-Scott Chisq": "stats_test_rao_scott_chisq",
                "adjusted Wald F": "stats_test_adjusted_wald"}


def _test_row(name, result, lang, labels, digits) -> dict:
    """The cells of one test in ``lang``: numbers in Western digits, as report tables print."""
    def number(value):
        return "" if not np.isfinite(value) else f"{value:,.{digits}f}"

    p = "<0.001" if result.pvalue < 0.001 else f"{result.pvalue:.3f}"
    if lang == "ar" and p.startswith("<"):
        # isolated, so the bidi algorithm does not move "<" to the other side of the number
        p = f"\u2066{p}\u2069"
    method = labels.get(_TEST_LABELS.get(result.method, ""), lang, default=result.method)
    return {labels.get("stats_variable", lang): None if name is None else labels.get(name, lang),
            labels.get("stats_test", lang): method,
            labels.get("stats_statistic", lang): number(result.statistic),
            labels.get("stats_ndf", lang): number(result.ndf),
            labels.get("stats_ddf", lang): number(result.ddf),
            labels.get("stats_pvalue", lang): p}


@dataclass(frozen=True, eq=False)
class Crosstab:
    """Weighted counts of ``row`` x ``col`` with percentages and tests.

    Attributes
    ----------
    counts : DataFrame
        Estimated population counts (R ``svytable``).
    unweighted : DataFrame
        Respondents in each cell.
    n_missing : int
        Respondents left out because ``row`` or ``col`` is missing.
    row_missing, col_missing : Series
        Respondents of each row (column) level left out because the *other* variable is
        missing: the group's missing-answer count that its published base would give away
        by subtraction (:meth:`DisclosurePolicy.published_bases`).
    """

    row: str
    col: str
    counts: pd.DataFrame
    unweighted: pd.DataFrame
    n_missing: int
    _design: object
    _valid: np.ndarray
    _row_codes: np.ndarray
    _col_codes: np.ndarray
    row_missing: pd.Series = None
    col_missing: pd.Series = None

    @property
    def row_percent(self) -> pd.DataFrame:
        """Percentages within each row (rows sum to 100)."""
        return self.counts.div(self.counts.sum(axis=1), axis=0) * 100

    @property
    def col_percent(self) -> pd.DataFrame:
        """Percentages within each column (columns sum to 100)."""
        return self.counts.div(self.counts.sum(axis=0), axis=1) * 100

    def to_frame(self) -> pd.DataFrame:
        """Long table: one row per cell with count, unweighted n and both percentages."""
        long = self.counts.stack().rename("count").reset_index()
        long.columns = [self.row, self.col, "count"]
        long["n"] = self.unweighted.stack().to_numpy()
        long["row_percent"] = self.row_percent.stack().to_numpy()
        long["col_percent"] = self.col_percent.stack().to_numpy()
        return long

    def summary(self) -> str:
        return (f"Weighted counts of {self.row} by {self.col}\n{self.counts.round(1)}\n"
                f"{self.test('F')}")

    def _repr_html_(self):
        # what a notebook shows is the report table, with the design's disclosure rules
        # (small rows suppressed) and its caption: never the raw weighted counts
        return self.table()._repr_html_()

    def table(self, lang: str = "en", labels=None, *, percent: str = "row", digits: int = 1):
        """Row (or column) percentages for a report, with the design's disclosure rules.

        A whole row (column) on fewer than ``min_n`` respondents is suppressed and one on
        ``min_n`` to ``2*min_n - 1`` is bracketed (DHS); a cell is suppressed when its
        unweighted count, or the rest of its row (column), is disclosive under the policy.

        Parameters
        ----------
        lang : {"en", "ar"}
        labels : Labels, optional
        percent : {"row", "col"}
        digits : int

        Returns
        -------
        ReportTable
        """
        from wpsresearch.stats.report_table import crosstab_report_table

        if percent not in ("row", "col"):
            raise EstimationError(f"percent must be 'row' or 'col', not {percent!r}")
        return crosstab_report_table(self, lang=lang, labels=labels, percent=percent,
                                     digits=digits)

    def test(self, statistic: str = "F") -> TestResult:
        """Test of association, exactly as R ``svychisq(~row + col, design, statistic=)``.

        Parameters
        ----------
        statistic : {"F", "Chisq", "adjWald", "Wald", "lincom", "saddlepoint"}
            ``"F"``: Rao-Scott second-order correction (R's default).  ``"Chisq"``: Pearson
            X^2 with the first-order (mean eigenvalue) correction.  ``"adjWald"``: the
            adjusted Wald test.  ``"Wald"``: the Wald statistic over its ``ndf``, F on
            ``(ndf, degf)``.  ``"lincom"``: Pearson's X^2 against its exact asymptotic
            law, a linear combination of chi-squares (against the F-type reference with
            ``d0 * degf`` denominator degrees of freedom, as R); ``"saddlepoint"``: the
            saddlepoint approximation of that law (R's ``pFsum``).  Those two have no
            ``ndf``/``ddf`` (NaN), as R prints none.  R computes ``"lincom"`` with the
            ``CompQuadForm`` package and, when it is not installed, silently gives the
            saddlepoint p-value instead (see :mod:`wpsresearch.stats.chisq_mixtures`).

        Returns
        -------
        TestResult
        """
        if statistic not in TESTS:
            raise EstimationError(f"statistic must be one of {TESTS}, not {statistic!r}")
        if statistic in ("adjWald", "Wald"):
            return _adjusted_wald(self, adjusted=statistic == "adjWald")
        return _rao_scott(self, statistic)


def _codes(values: pd.Series):
    if isinstance(values.dtype, pd.CategoricalDtype):
        levels = [c for c in values.cat.categories if (values == c).any()]
    else:
        levels = sorted(values.dropna().unique().tolist(), key=lambda v: (str(type(v)), v))
    return pd.Categorical(values, categories=levels).codes.astype(np.int64), levels


def crosstab(design, row: str, col: str, *, missing=MISSING) -> Crosstab:
    """Weighted two-way table with row and column percentages and design-based tests.

    Answers in the ``missing`` categories ("don't know", "refused" ...) are left out, as
    missing values are (R ``svytable`` drops NA); pass ``missing=()`` to keep them.

    Parameters
    ----------
    design : SurveyDesign
    row, col : str
        Categorical columns; respondents missing either are left out (``n_missing``).

    Returns
    -------
    Crosstab

    Notes
    -----
    R equivalent: ``svytable(~row + col, design)`` and ``svychisq(~row + col, design)``.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"sex": ["f", "m", "f", "m", "f", "m"],
    ...                    "reported": ["yes", "no", "no", "no", "yes", "yes"],
    ...                    "w": [2.0, 1, 1, 1, 1, 2]})
    >>> ct = wps.stats.crosstab(wps.stats.SurveyDesign(df, weights="w"), "reported", "sex")
    >>> ct.counts
    sex         f    m
    reported
    no        1.0  2.0
    yes       3.0  2.0
    """
    rv = drop_missing_categories(design.column(row), missing)
    cv = drop_missing_categories(design.column(col), missing)
    miss = (rv.isna() | cv.isna()).to_numpy()
    valid = design._domain & ~miss
    rcode, rlev = _codes(rv[valid])
    ccode, clev = _codes(cv[valid])
    full_r = np.full(len(rv), -1, dtype=np.int64)
    full_c = np.full(len(rv), -1, dtype=np.int64)
    full_r[valid], full_c[valid] = rcode, ccode
    if len(rlev) < 2 or len(clev) < 2:
        raise EstimationError(f"a crosstab needs at least two levels in each of '{row}' and "
                              f"'{col}' among the respondents", column=[row, col])
    w = design._weights[valid]
    cell = rcode * len(clev) + ccode
    size = len(rlev) * len(clev)
    counts = np.bincount(cell, w, minlength=size).reshape(len(rlev), len(clev))
    unw = np.bincount(cell, minlength=size).reshape(len(rlev), len(clev))
    idx = pd.Index(rlev, name=row)
    cols = pd.Index(clev, name=col)
    # a group (a row or column level) whose other answer is missing: counted per level
    only_row = design._domain & rv.notna().to_numpy() & cv.isna().to_numpy()
    only_col = design._domain & cv.notna().to_numpy() & rv.isna().to_numpy()
    row_missing = rv[only_row].astype(object).value_counts().reindex(rlev, fill_value=0)
    col_missing = cv[only_col].astype(object).value_counts().reindex(clev, fill_value=0)
    return Crosstab(row, col, pd.DataFrame(counts, index=idx, columns=cols),
                    pd.DataFrame(unw, index=idx, columns=cols),
                    int((design._domain & miss).sum()), design, valid, full_r, full_c,
                    row_missing.rename_axis(row).astype(int), col_missing.rename_axis(col).astype(int))


def _cell_matrix(ct: Crosstab):
    """Sparse 0/1 indicators of the cells; R's interaction() has the row factor varying fastest."""
    nr, nc = ct.counts.shape
    rows = np.flatnonzero(ct._valid)
    cell = ct._row_codes[rows] + nr * ct._col_codes[rows]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cell)), shape=(len(ct._valid), nr * nc))


def _rao_scott(ct: Crosstab, statistic: str) -> TestResult:
    d = ct._design
    nr, nc = ct.counts.shape
    mm = _cell_matrix(ct)
    w = np.where(ct._valid, d._weights, 0.0)
    W = w.sum()
    mean2 = np.asarray(mm.T @ w).ravel() / W
    # R: svymean(mm, design) -- scores are zero outside the non-missing rows (w = 0 there)
    if d._replicates is not None:
        ones = sparse.csr_matrix(np.ones((len(w), 1)))
        means_r = replicate_totals(d._replicates, w, mm) / replicate_totals(d._replicates, w, ones)
        V = replicate_variance(d._replicates, mean2, means_r, full=True)
    else:
        scores = (mm.toarray() - mean2[None, :]) * (w / W)[:, None]
        V = d.variance_of_totals(scores, full=True)
    # R: N = nrow(model.matrix(..., na.action=na.pass)), the rows of the design including
    # missing answers (a subset of an uncalibrated design holds only the domain's rows);
    # it scales the Pearson statistic printed for "Chisq" (the F and p-values do not move)
    N = int(len(d.data) if d._adjustments else d._domain.sum())
    rows_f = np.tile(np.arange(nr), nc)
    cols_f = np.repeat(np.arange(nc), nr)
    X1 = np.column_stack([np.ones(nr * nc)] + [(rows_f == i).astype(float) for i in range(1, nr)]
                         + [(cols_f == j).astype(float) for j in range(1, nc)])
    X12 = np.column_stack([((rows_f == i) & (cols_f == j)).astype(float)
                           for j in range(1, nc) for i in range(1, nr)])
    q, _ = np.linalg.qr(X1)
    Cmat = X12 - q @ (q.T @ X12)
    inv = np.where(mean2 == 0, 0.0, 1.0 / np.where(mean2 == 0, 1.0, mean2))
    denom = Cmat.T @ (np.diag(inv) / N) @ Cmat
    numr = Cmat.T @ np.diag(inv) @ V @ np.diag(inv) @ Cmat
    delta = np.linalg.solve(denom, numr)
    trace = np.trace(delta)
    d0 = trace**2 / np.trace(delta @ delta)
    pearson = _pearson(ct.counts.to_numpy() * N / ct.counts.to_numpy().sum())
    # R: nu = PSUs - strata of the design as given, missing answers included
    nu = d.df
    if statistic == "F":
        f = pearson / trace
        return TestResult("Rao-Scott F", float(f), float(d0), float(d0 * nu),
                          float(f_sf(f, d0, d0 * nu)))
    if statistic in ("lincom", "saddlepoint"):
        from wpsresearch.stats.chisq_mixtures import pf_sum_exact, pf_sum_saddlepoint

        eigen = np.linalg.eigvals(delta).real
        tail = pf_sum_exact if statistic == "lincom" else pf_sum_saddlepoint
        # R: replicate designs use the chi-square mixture alone (pchisqsum), Taylor designs
        # the F-type reference on d0 * degf (pFsum)
        ddf = float("inf") if d._replicates is not None else float(d0 * nu)
        name = ("Rao-Scott exact asymptotic" if statistic == "lincom"
                else "Rao-Scott saddlepoint")
        return TestResult(name, float(pearson), float("nan"), float("nan"),
                          tail(float(pearson), eigen, ddf))
    k = delta.shape[0]
    p = stats.chi2.sf(pearson / (trace / k), k)
    return TestResult("Rao-Scott Chisq", float(pearson), float(k), float("inf"), float(p))


def _pearson(table):
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.nansum((table - expected) ** 2 / expected))


def _adjusted_wald(ct: Crosstab, adjusted: bool = True) -> TestResult:
    d = ct._design
    nr, nc = ct.counts.shape
    n = len(ct._valid)
    rows = np.flatnonzero(ct._valid)
    mm = _cell_matrix(ct)
    mr = sparse.csr_matrix((np.ones(len(rows)), (rows, ct._row_codes[rows])), shape=(n, nr))
    mc = sparse.csr_matrix((np.ones(len(rows)), (rows, ct._col_codes[rows])), shape=(n, nc))
    one = sparse.csr_matrix((np.ones(len(rows)), (rows, np.zeros(len(rows), int))), shape=(n, 1))
    allx = sparse.hstack([mm, mr, mc, one]).tocsr()
    w = np.where(ct._valid, d._weights, 0.0)
    scores = sparse.diags(w) @ allx
    cells = np.asarray(scores.sum(axis=0)).ravel()
    if d._replicates is not None:
        V0 = replicate_variance(d._replicates, cells, replicate_totals(d._replicates, w, allx),
                                full=True)
    elif d._adjustments:
        V0 = d.variance_of_totals(scores.toarray(), full=True)
    else:
        V0 = d.variance_of_totals(scores.tocsr(), full=True)
    rows_f = np.tile(np.arange(nr), nc)
    cols_f = np.repeat(np.arange(nc), nr)
    tot = cells[nr * nc + nr + nc]
    rt, ctot = cells[nr * nc: nr * nc + nr], cells[nr * nc + nr: nr * nc + nr + nc]
    jcb = np.hstack([
        np.eye(nr * nc),
        -(rows_f[:, None] == np.arange(nr)[None, :]).astype(float) * (ctot[cols_f] / tot)[:, None],
        -(cols_f[:, None] == np.arange(nc)[None, :]).astype(float) * (rt[rows_f] / tot)[:, None],
        (rt[rows_f] * ctot[cols_f] / tot**2)[:, None],
    ])
    Y = cells[: nr * nc] - rt[rows_f] * ctot[cols_f] / tot
    V = jcb @ V0 @ jcb.T
    use = np.arange(nr * nc).reshape(nc, nr).T[1:, 1:].T.ravel()
    stat = float(Y[use] @ np.linalg.solve(V[np.ix_(use, use)], Y[use]))
    nu = d.df
    ndf = (nr - 1) * (nc - 1)
    if not adjusted:  # R svychisq(statistic="Wald")
        f = stat / ndf
        return TestResult("Wald F", f, float(ndf), float(nu), float(f_sf(f, ndf, nu)))
    ddf = nu - ndf + 1
    f = stat * ddf / (ndf * nu)
    return TestResult("adjusted Wald F", f, float(ndf), float(ddf),
                      float(f_sf(f, ndf, ddf)))
