"""Likert indices (trust in police, perceived safety) with Cronbach's alpha and its Feldt CI.

Item scorings are data (``codebooks/indices.yaml``).  Cronbach's alpha is written here (ten
lines) because no installed library gives it with the Feldt interval: statsmodels has none, and
pingouin is not a dependency.
"""

from __future__ import annotations

from dataclasses import dataclass

from wpsresearch.errors import EstimationError, InputError
from wpsresearch.sgbv.rulebook import load_yaml

__all__ = ["cronbach_alpha", "CronbachAlpha", "ScaleIndex", "likert_index",
           "trust_police_index", "safety_index"]


@dataclass(frozen=True)
class CronbachAlpha:
    """Cronbach's alpha with a Feldt confidence interval (complete cases only)."""

    alpha: float
    ci_low: float
    ci_high: float
    n: int
    k: int
    level: float = 0.95

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([{"alpha": self.alpha, "ci_low": self.ci_low, "ci_high": self.ci_high,
                              "n": self.n, "k": self.k}])

    def summary(self) -> str:
        return (f"Cronbach's alpha = {self.alpha:.3f} ({self.level:.0%} CI {self.ci_low:.3f} to "
                f"{self.ci_high:.3f}; Feldt), n = {self.n} complete cases, k = {self.k} items")

    def _repr_html_(self) -> str:
        return f"<p>{self.summary()}</p>"


def cronbach_alpha(items, *, level=0.95):
    """Cronbach's alpha of item scores (rows = respondents), with the Feldt (1987) CI.

    Parameters
    ----------
    items : pandas.DataFrame or 2-D array
        Numeric item scores; rows with any missing item are dropped (listwise, as SPSS
        RELIABILITY and R ``psych::alpha(use="complete")``).
    level : float
        Confidence level.

    Returns
    -------
    CronbachAlpha

    Notes
    -----
    alpha = k/(k-1) · (1 − Σ s²_i / s²_total) with sample variances (Cronbach 1951).  CI:
    ``1 − (1 − alpha)·F`` with F quantiles on (n−1, (n−1)(k−1)) degrees of freedom (Feldt,
    Woodruff & Salih 1987, formulas 6–7; as R ``cocron::cronbach.alpha.CI``).  Checked
    against the pingouin documentation example (alpha 0.591719, CI 0.195 to 0.840).
    R/SPSS equivalent: ``psych::alpha``; SPSS ``RELIABILITY /MODEL=ALPHA``.

    Examples
    --------
    >>> import pandas as pd
    >>> res = cronbach_alpha(pd.DataFrame({"a": [4, 3, 5, 2], "b": [5, 4, 5, 3], "c": [4, 3, 5, 2]}))
    >>> round(res.alpha, 4)
    0.9796
    """
    import pandas as pd
    from scipy import stats

    frame = pd.DataFrame(items).apply(pd.to_numeric, errors="coerce").dropna()
    x = frame.to_numpy(dtype=float)
    n, k = x.shape
    if k < 2 or n < 2:
        raise EstimationError(f"Cronbach's alpha needs at least 2 items and 2 complete cases (got {k}, {n})")
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        raise EstimationError("the total score has no variance: alpha is undefined")
    alpha = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total_var)
    tail = (1 - level) / 2
    f_hi, f_lo = stats.f.ppf([1 - tail, tail], n - 1, (n - 1) * (k - 1))
    return CronbachAlpha(alpha=float(alpha), ci_low=float(1 - (1 - alpha) * f_hi),
                         ci_high=float(1 - (1 - alpha) * f_lo), n=int(n), k=int(k), level=level)


@dataclass(frozen=True)
class ScaleIndex:
    """A Likert index: per-respondent scores plus the scale's reliability."""

    name: str
    scores: object  # pandas.Series, Float64, aligned on the input index
    item_scores: object  # pandas.DataFrame, Int64
    reliability: CronbachAlpha

    def to_frame(self):
        out = self.item_scores.copy()
        out[self.name] = self.scores
        out.attrs["cronbach_alpha"] = self.reliability.alpha
        return out

    def summary(self) -> str:
        return f"{self.name}: mean of {list(self.item_scores.columns)}; {self.reliability.summary()}"

    def _repr_html_(self) -> str:
        return f"<p>{self.summary()}</p>"


def likert_index(df, spec, *, name="index", missing=("dont_know", "refused", "98", "99")):
    """Score Likert items by ``spec`` ({item: {answer: score}}) and average them.

    A respondent's index is the mean of her answered items ("don't know"/"refused" excluded),
    <NA> when fewer than ``spec.get('min_items', 1)`` items are answered.
    """
    import pandas as pd

    item_map = spec["items"]
    absent = [c for c in item_map if c not in df.columns]
    if absent:
        raise InputError("index item column(s) missing", column=absent)
    scored = {}
    for col, scoring in item_map.items():
        text = df[col].map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v))
                           else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip())
        bad = text.notna() & ~text.isin(list(scoring) + list(missing))
        if bad.any():
            raise InputError(f"unknown answer(s) {sorted(set(text[bad]))[:5]}", column=col,
                             row=list(df.index[bad])[:50], hint=f"use one of {', '.join(scoring)}")
        scored[col] = text.map(scoring).astype("Int64")
    items = pd.DataFrame(scored, index=df.index)
    answered = items.notna().sum(axis=1)
    scores = items.astype("Float64").mean(axis=1, skipna=True)
    scores = scores.where(answered >= spec.get("min_items", 1), pd.NA).astype("Float64")
    return ScaleIndex(name=name, scores=scores.rename(name), item_scores=items,
                      reliability=cronbach_alpha(items.astype("Float64").astype(float)))


def trust_police_index(df):
    """Trust-in-police index (0–3, high = trust): ``trust_police, police_treat_fairly,
    police_respond_quickly`` scored as in ``codebooks/indices.yaml``, with Cronbach's alpha.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"trust_police": ["a_lot", "not_at_all", "somewhat", "98"],
    ...     "police_treat_fairly": ["agree", "strongly_disagree", "agree", "disagree"],
    ...     "police_respond_quickly": ["strongly_agree", "disagree", "disagree", "99"]})
    >>> res = trust_police_index(df)
    >>> res.scores.round(2).tolist()
    [2.67, 0.33, 1.67, 1.0]
    """
    rules = load_yaml("indices.yaml")
    return likert_index(df, rules["trust_police_index"], name="trust_police_index",
                        missing=tuple(rules["missing"]))


def safety_index(df):
    """Perceived-safety index (0–3, high = safe) from ``safe_day, safe_night``, with alpha."""
    rules = load_yaml("indices.yaml")
    return likert_index(df, rules["safety_index"], name="safety_index",
                        missing=tuple(rules["missing"]))
