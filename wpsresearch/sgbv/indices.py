"""Likert indices (trust in police, perceived safety) with Cronbach's alpha and its Feldt CI.

Standard scales are data (``codebooks/indices.yaml``); a study names its item questions.  Cronbach's alpha is computed by
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
    """Score Likert items by ``spec`` and average them.

    ``spec``: ``{"items": {question: {answer: score} or a scale name}, "min_items": 1}``;
    scale names are the standard scales of ``codebooks/indices.yaml`` (``trust_4``,
    ``agree_4``, ``safe_4``).  A respondent's index is the mean of her answered items
    ("don't know"/"refused" excluded), <NA> when fewer than ``min_items`` are answered.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"T1": ["a_lot", "not_at_all", "dont_know"], "T2": ["agree", "disagree", "agree"]})
    >>> likert_index(df, {"items": {"T1": "trust_4", "T2": "agree_4"}}, name="t").scores.round(2).tolist()
    [2.5, 0.5, 2.0]
    """
    import pandas as pd

    scales = load_yaml("indices.yaml")["scales"]
    item_map = {}
    for col, scoring in dict(spec["items"]).items():
        if isinstance(scoring, str):
            if scoring not in scales:
                raise InputError(f"unknown scale {scoring!r} for the item {col!r} of {name}",
                                 column=col, hint=f"use one of {', '.join(scales)} or give "
                                 "{answer: score} for each answer")
            scoring = scales[scoring]
        item_map[col] = {str(k): v for k, v in dict(scoring).items()}
    if not item_map:
        raise InputError(f"the index {name} has no items", hint="items: {question: scale}")
    absent = [c for c in item_map if c not in df.columns]
    if absent:
        raise InputError(f"item question(s) of {name} are not in the data", column=absent)
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


def _standard_index(df, items, name, min_items):
    rules = load_yaml("indices.yaml")
    spec = {"items": items, "min_items": min_items or rules[name]["min_items"]}
    return likert_index(df, spec, name=name, missing=tuple(rules["missing"]))


def trust_police_index(df, items, *, min_items=None):
    """Trust-in-police index (0–3, high = trust), with Cronbach's alpha.

    ``items``: your questions on trust in the police (how much do you trust the police, do
    they treat people fairly, do they respond quickly …), each with its scale (``trust_4``:
    a_lot 3 … not_at_all 0; ``agree_4``: strongly_agree 3 … strongly_disagree 0) or its own
    ``{answer: score}``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Q41": ["a_lot", "not_at_all", "somewhat", "98"],
    ...     "Q42": ["agree", "strongly_disagree", "agree", "disagree"],
    ...     "Q43": ["strongly_agree", "disagree", "disagree", "99"]})
    >>> res = trust_police_index(df, {"Q41": "trust_4", "Q42": "agree_4", "Q43": "agree_4"})
    >>> res.scores.round(2).tolist()
    [2.67, 0.33, 1.67, 1.0]
    """
    return _standard_index(df, items, "trust_police_index", min_items)


def safety_index(df, items, *, min_items=None):
    """Perceived-safety index (0–3, high = safe), e.g. walking alone by day and at night
    (scale ``safe_4``: very_safe 3 … very_unsafe 0), with Cronbach's alpha."""
    return _standard_index(df, items, "safety_index", min_items)
