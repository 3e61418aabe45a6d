"""``GLMResult``: coefficients of a survey GLM with design-based inference (statsmodels-like)."""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd
from wpsresearch.stats.distributions import t_ppf, t_sf

from wpsresearch.errors import EstimationError

__all__ = ["GLMResult"]


@dataclass(frozen=True, eq=False)
class GLMResult:
    """Result of :func:`wpsresearch.stats.glm`.

    Attributes
    ----------
    params, bse, tvalues, pvalues : pandas.Series
        Coefficients, design-based standard errors, t statistics and two-sided p-values on
        ``df_resid`` degrees of freedom (R ``summary(svyglm(...))``).
    cov_params : pandas.DataFrame
        Sandwich covariance of the coefficients (R ``vcov``).
    df_resid : int
        R ``df.residual``: ``degf(design) + 1 - p``.
    n, n_missing : int
        Respondents used, and respondents of the domain dropped for missing values.
    """

    formula: str
    family: str
    params: pd.Series
    bse: pd.Series
    tvalues: pd.Series
    pvalues: pd.Series
    cov_params: pd.DataFrame
    df_resid: int
    n: int
    n_missing: int
    conf_level: float = 0.95
    policy: object = None
    cell_counts: dict = None  # logistic models: term -> (with outcome, without), unweighted
    # logistic models: term -> (with outcome, without) in its predictor's reference category
    reference_cells: dict = None

    @classmethod
    def build(cls, formula, names, fit, cov, df_resid, *, n_missing, level, policy):
        """The result of ``fit`` (:class:`~wpsresearch.stats.regression.ModelFit`) with its
        design-based covariance ``cov``."""
        family, beta, n = fit.family, fit.beta, len(fit.kept)
        params = pd.Series(beta, index=names, name="estimate")
        bse = pd.Series(np.sqrt(np.diag(cov)), index=names, name="se")
        t = params / bse
        p = pd.Series(2 * t_sf(np.abs(t.to_numpy()), df_resid) if df_resid > 0
                      else np.nan, index=names, name="pvalue")
        return cls(formula, family, params, bse, t.rename("t"), p,
                   pd.DataFrame(cov, index=names, columns=names), int(df_resid), int(n),
                   int(n_missing), level, policy)

    @property
    def is_logistic(self) -> bool:
        return "binomial" in self.family

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wald intervals with t quantiles on ``df_resid`` (columns ``ci_low``, ``ci_high``)."""
        if not 0 < alpha < 1:
            raise EstimationError(f"alpha must be between 0 and 1, not {alpha!r}")
        q = t_ppf(1 - alpha / 2, self.df_resid) if self.df_resid > 0 else np.nan
        return pd.DataFrame({"ci_low": self.params - q * self.bse,
                             "ci_high": self.params + q * self.bse})

    def odds_ratios(self, alpha: float = 0.05) -> pd.DataFrame:
        """Odds ratios ``exp(b)`` with intervals ``exp(ci)`` (logistic models only)."""
        if not self.is_logistic:
            raise EstimationError("odds ratios need a binomial (logistic) model",
                                  hint=f"this model is {self.family}")
        ci = np.exp(self.conf_int(alpha))
        return pd.DataFrame({"odds_ratio": np.exp(self.params), "ci_low": ci["ci_low"],
                             "ci_high": ci["ci_high"]})

    def to_frame(self) -> pd.DataFrame:
        """One row per term: ``term, estimate, se, t, pvalue, ci_low, ci_high`` (+ odds ratio)."""
        ci = self.conf_int(1 - self.conf_level)
        out = pd.DataFrame({"term": self.params.index, "estimate": self.params.to_numpy(),
                            "se": self.bse.to_numpy(), "t": self.tvalues.to_numpy(),
                            "pvalue": self.pvalues.to_numpy(),
                            "ci_low": ci["ci_low"].to_numpy(),
                            "ci_high": ci["ci_high"].to_numpy()})
        if self.is_logistic:
            ors = self.odds_ratios(1 - self.conf_level)
            out["odds_ratio"] = ors["odds_ratio"].to_numpy()
            out["or_ci_low"] = ors["ci_low"].to_numpy()
            out["or_ci_high"] = ors["ci_high"].to_numpy()
        return out

    def summary(self) -> str:
        head = (f"Survey-weighted {self.family} GLM: {self.formula}\n"
                f"n = {self.n} ({self.n_missing} dropped for missing values), "
                f"df.residual = {self.df_resid}")
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            return head + "\n" + self.to_frame().to_string(index=False)

    def __repr__(self):
        return f"GLMResult({self.family}, {len(self.params)} terms)\n" + self.summary()

    def _repr_html_(self):
        cap = html.escape(f"Survey-weighted {self.family} GLM: {self.formula} "
                          f"(n = {self.n}, df = {self.df_resid})")
        body = self.to_frame().to_html(index=False, float_format=lambda v: f"{v:.4g}")
        return f"<div><p><strong>{cap}</strong></p>{body}</div>"

    def table(self, lang: str = "en", labels=None, *, digits: int = 2):
        """Coefficient table for reports (odds ratios for a logistic model), labelled.

        Terms are looked up in the label table (unknown terms stay as written).  For a
        logistic model, a term whose category holds fewer than ``min_cell`` respondents with,
        or without, the outcome is suppressed; so is every term of a predictor whose
        REFERENCE category holds that few (each of its odds ratios is a comparison with that
        group), and then the intercept (the odds in the reference groups); every term when
        the outcome itself is that rare.  The respondents used are given as ``n`` on every
        row (``data-n`` in HTML), rounded when the policy rounds.

        Returns
        -------
        ReportTable
        """
        from wpsresearch.labels import at_level
        from wpsresearch.stats.report_table import ReportTable, _fmt, _setup, published_counts

        labels, policy = _setup(lang, labels, self.policy)
        frame = self.to_frame()
        ratio = self.is_logistic
        est = frame["odds_ratio"] if ratio else frame["estimate"]
        lo = frame["or_ci_low"] if ratio else frame["ci_low"]
        hi = frame["or_ci_high"] if ratio else frame["ci_high"]
        out = pd.DataFrame({
            labels.get("stats_term", lang): [labels.get(t, lang, default=t) for t in frame["term"]],
            labels.get("stats_odds_ratio" if ratio else "estimate", lang):
                [_fmt(v, digits) for v in est],
            at_level(labels.get("ci", lang), self.conf_level): [f"{_fmt(a, digits)} \u2013 {_fmt(b, digits)}"
                                     for a, b in zip(lo, hi)],
            labels.get("stats_pvalue", lang): [("<0.001" if p < 0.001 else f"{p:.3f}")
                                              for p in frame["pvalue"]],
        })
        shown_n = int(published_counts([self.n], policy)[0])
        counts = np.full(len(out), shown_n, dtype=int)
        note = labels.get("stats_note_glm", lang).format(n=f"{shown_n:,}", df=self.df_resid)
        suppressed = np.zeros(len(out), dtype=bool)
        if self.cell_counts:
            from wpsresearch.stats.report_table import SUPPRESSED

            intercept = self.cell_counts.get("(Intercept)", (self.n, self.n))
            reference = self.reference_cells or {}
            for i, term in enumerate(frame["term"]):
                # a category's odds ratio is suppressed when few respondents with (or without)
                # the outcome are in it, or in the reference category it is compared with;
                # all rows when the outcome itself is rare
                # the intercept is the odds of the reference groups themselves
                own = (sum(reference.values(), ()) if term == "(Intercept)"
                       else reference.get(term, ()))
                cells = self.cell_counts.get(term, intercept) + own + intercept
                suppressed[i] = any(policy.cell_is_disclosive(k) for k in cells)
            for col in out.columns[1:]:
                out.loc[suppressed, col] = SUPPRESSED
            if suppressed.any():
                note += " " + SUPPRESSED + " " + labels.get("stats_note_suppressed", lang).format(
                    min_n=policy.min_n, min_cell=policy.min_cell)
        outcome = labels.get(self.formula.split("~")[0].strip(), lang)
        caption = labels.get("stats_caption_glm_logistic" if ratio else "stats_caption_glm",
                             lang).format(title=outcome)
        return ReportTable(out, suppressed, counts, [note], lang, caption=caption)
