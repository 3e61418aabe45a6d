"""Double coding: read several coders' codes, measure agreement per code, list disagreements.

Codes arrive *wide* (one row per unit and coder, one column per code — or a dict of one frame
per coder, indexed by unit) or *long* (one row per unit, coder and code, with an optional
``value`` column; without it a row means "code applied" and every other code of a unit that
coder coded is 0).  All coders must have coded the same units unless ``allow_missing=True``
(Krippendorff's alpha then uses what is there).
"""

from __future__ import annotations

from dataclasses import dataclass

from wpsresearch.errors import EstimationError, InputError
from wpsresearch.sgbv.reliability import (cohen_kappa, fleiss_kappa, krippendorff_alpha,
                                          percent_agreement)

__all__ = ["CodingSet", "read_coding", "agreement_report", "disagreement_table", "ReliabilityReport"]


@dataclass(frozen=True)
class CodingSet:
    """Codes of several coders in long form: ``unit, coder, code, value``."""

    data: object  # DataFrame

    @property
    def coders(self) -> list:
        return sorted(self.data["coder"].unique())

    @property
    def codes(self) -> list:
        return list(dict.fromkeys(self.data["code"]))

    def matrix(self, code):
        """Coders × units matrix of one code (NaN = not coded)."""
        sub = self.data[self.data["code"] == code]
        return sub.pivot(index="coder", columns="unit", values="value").reindex(self.coders)


def _from_wide(frames, unit, coder, codes):
    import pandas as pd

    if isinstance(frames, dict):
        parts = []
        for name, frame in frames.items():
            f = frame.reset_index() if unit not in frame.columns else frame.copy()
            if unit not in f.columns:
                f = f.rename(columns={f.columns[0]: unit})
            parts.append(f.assign(**{coder: name}))
        frames = pd.concat(parts, ignore_index=True)
    for col in (unit, coder):
        if col not in frames.columns:
            raise InputError("wide coding data needs unit and coder columns", column=col)
    codes = codes or [c for c in frames.columns if c not in (unit, coder)]
    long = frames.melt(id_vars=[unit, coder], value_vars=codes, var_name="code", value_name="value")
    return long.rename(columns={unit: "unit", coder: "coder"})


def _from_long(frame, unit, coder, code, codes):
    import pandas as pd

    for col in (unit, coder, code):
        if col not in frame.columns:
            raise InputError("long coding data needs unit, coder and code columns", column=col)
    f = frame.rename(columns={unit: "unit", coder: "coder", code: "code"})
    if "value" in f.columns:
        return f[["unit", "coder", "code", "value"]]
    codes = codes or sorted(f["code"].dropna().unique())
    coded_units = f[["unit", "coder"]].drop_duplicates()
    grid = coded_units.merge(pd.DataFrame({"code": codes}), how="cross")
    applied = f.dropna(subset=["code"])[["unit", "coder", "code"]].drop_duplicates().assign(value=1)
    out = grid.merge(applied, on=["unit", "coder", "code"], how="left")
    out["value"] = out["value"].fillna(0)
    return out


def _numeric_codes(value):
    """Codes as numbers: booleans → 1/0, numbers kept; text categories (``"yes"``, ``"tribal"``)
    become 0, 1, 2 … in sorted order, which is right for nominal agreement only."""
    import pandas as pd

    value = value.map(lambda v: int(v) if isinstance(v, bool) else v).astype(object)
    value = value.where(value.notna(), None)
    numeric = pd.to_numeric(value, errors="coerce")
    text = value.notna() & numeric.isna()
    if not text.any():
        return numeric.astype(float)
    cats = sorted({str(v) for v in value[value.notna()]})
    return value.map(lambda v: None if v is None else float(cats.index(str(v)))).astype(float)


def read_coding(data, *, layout="wide", unit="unit", coder="coder", code="code", codes=None,
                allow_missing=False) -> CodingSet:
    """Read coders' codes (wide or long) and check that every coder coded the same units.

    Codes may be 1/0, booleans, numbers or text categories (text is compared as nominal
    categories; give numbers for ordinal/interval/ratio agreement).

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"stigma": [1, 0, 1]}, index=["u1", "u2", "u3"])
    >>> b = pd.DataFrame({"stigma": [1, 1, 1]}, index=["u1", "u2", "u3"])
    >>> read_coding({"amal": a, "huda": b}).coders
    ['amal', 'huda']
    """

    if layout == "wide":
        long = _from_wide(data, unit, coder, codes)
    elif layout == "long":
        long = _from_long(data, unit, coder, code, codes)
    else:
        raise InputError(f"layout must be 'wide' or 'long', not {layout!r}")
    dup = long.duplicated(["unit", "coder", "code"], keep=False)
    if dup.any():
        raise InputError("a coder coded the same unit and code twice",
                         row=list(long.index[dup])[:20], hint="keep one row per unit, coder and code")
    long = long.assign(value=_numeric_codes(long["value"]))
    if not allow_missing:
        units = long.groupby("coder")["unit"].apply(lambda s: set(s))
        every = set.union(*units)
        gaps = {c: sorted(every - u, key=str) for c, u in units.items() if every - u}
        if gaps:
            shown = "; ".join(f"{c} lacks {g[:5]}" + (f" (+{len(g) - 5})" if len(g) > 5 else "")
                              for c, g in gaps.items())
            raise InputError(f"coders' files cover different units: {shown}",
                             hint="give every coder the same units, or pass allow_missing=True")
    return CodingSet(data=long.reset_index(drop=True))


@dataclass(frozen=True)
class ReliabilityReport:
    """Agreement per code and overall (all codes pooled, each unit × code one item)."""

    table: object  # DataFrame
    level: str

    def to_frame(self):
        return self.table.copy()

    def table_labelled(self, lang="en", labels=None):
        """The table with codes and statistics labelled in ``lang`` (``text_<code>`` keys)."""
        from wpsresearch.labels import Labels

        labels = labels or Labels.default()
        return self.table.rename(
            index=lambda c: labels.get(f"text_{c}", lang, default=labels.get(str(c), lang)),
            columns=lambda c: labels.get(str(c), lang))

    def summary(self) -> str:
        return f"Inter-coder agreement ({self.level})\n" + self.table.round(3).to_string()

    def _repr_html_(self) -> str:
        return self.table.round(3).to_html()


def _row(matrix, level):
    import numpy as np

    m = matrix.to_numpy(dtype=float)
    row = {"n_units": int(((~np.isnan(m)).sum(axis=0) >= 2).sum())}
    for name, fn in (("percent_agreement", lambda: percent_agreement(m)),
                     ("krippendorff_alpha", lambda: krippendorff_alpha(m, level)),
                     ("cohen_kappa", lambda: cohen_kappa(m[0], m[1]).kappa if m.shape[0] == 2 else np.nan),
                     ("fleiss_kappa", lambda: fleiss_kappa(ratings=m.T[~np.isnan(m).any(axis=0)]).kappa)):
        try:
            row[name] = float(fn())
        except (EstimationError, InputError, ZeroDivisionError, ValueError):
            row[name] = np.nan  # e.g. a code nobody applied: chance-corrected agreement undefined
    return row


def agreement_report(coding: CodingSet, *, level="nominal") -> ReliabilityReport:
    """Percent agreement, Krippendorff's alpha, Cohen's kappa (two coders) and Fleiss' kappa
    per code, plus an ``overall`` row pooling all codes.

    A statistic that is undefined for a code (e.g. no coder ever applied it) is NaN.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"stigma": [1, 0, 1, 0], "police": [0, 0, 1, 1]})
    >>> b = pd.DataFrame({"stigma": [1, 0, 1, 1], "police": [0, 0, 1, 1]})
    >>> rep = agreement_report(read_coding({"a": a, "b": b}))
    >>> rep.table.loc[["police", "stigma"], "percent_agreement"].tolist()
    [1.0, 0.75]
    """
    import pandas as pd

    rows = {code: _row(coding.matrix(code), level) for code in coding.codes}
    pooled = coding.data.assign(unit=coding.data["unit"].astype(str) + "|" + coding.data["code"].astype(str))
    rows["overall"] = _row(pooled.pivot(index="coder", columns="unit", values="value"), level)
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "code"
    return ReliabilityReport(table=table, level=level)


def disagreement_table(coding: CodingSet, texts=None):
    """Units and codes on which the coders differ, one column per coder, for reconciliation.

    ``texts`` (a Series indexed by unit) adds the text so coders can discuss it.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"stigma": [1, 0]}, index=["u1", "u2"])
    >>> b = pd.DataFrame({"stigma": [1, 1]}, index=["u1", "u2"])
    >>> disagreement_table(read_coding({"a": a, "b": b}))[["unit", "code", "a", "b"]].values.tolist()
    [['u2', 'stigma', 0.0, 1.0]]
    """
    wide = coding.data.pivot_table(index=["unit", "code"], columns="coder", values="value",
                                   aggfunc="first", dropna=False).reset_index()
    coders = coding.coders
    values = wide[coders]
    differ = values.nunique(axis=1, dropna=True) > 1
    out = wide[differ].reset_index(drop=True)
    out.columns.name = None
    if texts is not None:
        out.insert(2, "text", out["unit"].map(texts))
    return out
