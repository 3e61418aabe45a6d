"""Likert indices (trust in police, perceived safety) with Cronbach's alpha and its Feldt CI.

Item scorings are data (``codebooks/indices.yaml``).  Cronbach's alpha is computed by
:func:`wpsresearch.stats.cronbach_alpha` (re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass

from wpsresearch.errors import InputError
from wpsresearch.io.missing import MISSING_CATEGORIES
from wpsresearch.sgbv.rulebook import load_yaml
# one implementation of alpha for the whole package, kept in stats (issue 6)
from wpsresearch.sgbv.scale_reliability import CronbachAlpha, cronbach_alpha

__all__ = ["cronbach_alpha", "CronbachAlpha", "ScaleIndex", "likert_index",
           "trust_police_index", "safety_index"]


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


def likert_index(df, spec, *, name="index", missing=MISSING_CATEGORIES):
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
