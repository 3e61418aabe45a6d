"""A readable disclosure-risk report for a microdata file, before anyone shares it."""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from wpsresearch.errors import InputError
from wpsresearch.privacy.microdata_risk import (
    household_risk,
    individual_risk,
    key_frequencies,
    l_diversity,
)

__all__ = ["RiskReport", "risk_report"]

# OCHA Centre for Humanitarian Data: microdata are shared after SDC when global risk < 3%.
GLOBAL_RISK_THRESHOLD = 0.03


def _mad(x: np.ndarray) -> float:
    return 1.4826 * float(np.median(np.abs(x - np.median(x))))  # R's mad() constant


@dataclass(frozen=True)
class RiskReport:
    """Disclosure risk of microdata on a set of key variables (see :func:`risk_report`)."""

    keys: tuple
    weights: str | None
    sensitive: str | None
    k: int
    records: object          # DataFrame: fk, Fk, risk (+ household_risk, l-diversity)
    key_summary: object      # DataFrame: n_categories, mean_size, min_size per key
    n: int
    expected_reidentifications: float
    global_risk: float
    n_high_risk: int
    violations: dict         # {k: number of records with fk < k}
    household_expected_reidentifications: float | None = None

    @property
    def global_risk_pct(self) -> float:
        return 100.0 * self.global_risk

    @property
    def household_global_risk(self) -> float | None:
        h = self.household_expected_reidentifications
        return None if h is None else h / self.n

    def high_risk_count(self, mad_factor: float = 3.0) -> int:
        """Records with ``risk > median + mad_factor * mad`` and ``risk > 0.1``.

        sdcMicro prints this with ``mad_factor=3`` in ``print(measure_risk(...))`` and with 2
        in ``print(sdcObj, "risk")``.
        """
        r = self.records["risk"].to_numpy()
        return int(((r > np.median(r) + mad_factor * _mad(r)) & (r > 0.1)).sum())

    def to_frame(self):
        """One row per record: ``fk``, ``Fk``, ``risk`` and, when asked, household risk and
        l-diversity (same index as the data; no key values)."""
        return self.records.copy()

    def summary(self) -> str:
        lines = [
            f"Disclosure risk on keys {list(self.keys)} ({self.n} records"
            + (f", weights '{self.weights}')" if self.weights else ", unweighted)"),
            *(f"  records violating {k}-anonymity (fk < {k}): {v}"
              for k, v in sorted(self.violations.items())),
            f"  expected re-identifications: {self.expected_reidentifications:.2f} "
            f"({self.global_risk_pct:.2f} % of records)",
            f"  records with much higher risk than the main part: {self.n_high_risk}",
        ]
        if self.household_expected_reidentifications is not None:
            lines.append(f"  household (hierarchical) expected re-identifications: "
                         f"{self.household_expected_reidentifications:.2f} "
                         f"({100 * self.household_global_risk:.2f} %)")
        if self.sensitive:
            ld = self.records["l_distinct"]
            lines.append(f"  l-diversity of '{self.sensitive}': min {int(ld.min())}, "
                         f"records with l < 2: {int((ld < 2).sum())}")
        verdict = "below" if self.global_risk < GLOBAL_RISK_THRESHOLD else "ABOVE"
        lines.append(f"  global risk is {verdict} the 3 % threshold OCHA's Centre for "
                     "Humanitarian Data uses before sharing microdata")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()

    def to_html(self) -> str:
        """A self-contained HTML report a researcher can read (no scripts, no external links)."""
        e = html.escape
        ok = self.global_risk < GLOBAL_RISK_THRESHOLD
        rows = "".join(
            f"<tr><td>Records violating {k}-anonymity (fewer than {k} records share the "
            f"combination)</td><td>{v}</td></tr>" for k, v in sorted(self.violations.items())
        )
        hh = ""
        if self.household_expected_reidentifications is not None:
            hh = (f"<tr><td>Expected re-identifications counting households</td>"
                  f"<td>{self.household_expected_reidentifications:.2f} "
                  f"({100 * self.household_global_risk:.2f} %)</td></tr>")
        ld = ""
        if self.sensitive:
            low = int((self.records["l_distinct"] < 2).sum())
            ld = (f"<tr><td>Records whose group has a single value of "
                  f"<code>{e(self.sensitive)}</code> (l-diversity &lt; 2: the group's answer is "
                  f"known)</td><td>{low}</td></tr>")
        worst = self.records.sort_values("risk", ascending=False).head(10)
        return (
            "<section class='wps-risk-report'>"
            "<h2>Disclosure risk of the microdata</h2>"
            f"<p>Key variables (what an intruder might know): <code>{e(', '.join(self.keys))}</code>; "
            f"{self.n} records; weights: <code>{e(self.weights or 'none')}</code>.</p>"
            f"<p><strong>{'Global risk is below' if ok else 'Global risk is ABOVE'} the 3 % "
            "threshold</strong> that OCHA's Centre for Humanitarian Data applies before sharing "
            "microdata.</p><table><tbody>"
            f"{rows}<tr><td>Expected re-identifications</td><td>"
            f"{self.expected_reidentifications:.2f} ({self.global_risk_pct:.2f} %)</td></tr>"
            f"<tr><td>Records with much higher risk than the main part</td>"
            f"<td>{self.n_high_risk}</td></tr>{hh}{ld}</tbody></table>"
            "<h3>Key variables</h3>" + self.key_summary.to_html(float_format="%.1f") +
            "<h3>Highest-risk records (row numbers only)</h3>"
            + worst[["fk", "Fk", "risk"]].to_html(float_format="%.4f") +
            "<p>What to do: recode keys into broader groups (<code>global_recode</code>), "
            "top-code extreme values (<code>top_bottom_code</code>) or suppress single key values "
            "(<code>local_suppression</code>), then run this report again.</p></section>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def _key_summary(df, keys):
    import pandas as pd

    rows = []
    for k in keys:
        sizes = df[k].value_counts(dropna=True)
        rows.append({"key": k, "n_categories": len(sizes), "mean_size": float(sizes.mean()),
                     "min_size": int(sizes.min()) if len(sizes) else 0})
    return pd.DataFrame(rows).set_index("key")


def risk_report(df, keys, weights=None, sensitive=None, k: int = 3, *, hid=None,
                alpha: float = 1.0, method: str = "approx") -> RiskReport:
    """Re-identification risk of microdata, as R's sdcMicro reports it.

    Parameters
    ----------
    df : DataFrame
    keys : list of str
        Key variables (quasi-identifiers: district, age group, sex, displacement ...).
    weights : str, optional
        Sampling-weight column.  Without weights the file is treated as the population
        (sdcMicro ``survey=FALSE``): risk = ``1/fk``.
    sensitive : str, optional
        Sensitive variable for l-diversity (e.g. ``ipv_any_12m``).
    k : int, default 3
        k-anonymity level reported besides 2, 3 and 5.
    hid : str, optional
        Household id column: adds household (hierarchical) risk.
    alpha, method
        See :func:`key_frequencies` and :func:`individual_risk`.

    Returns
    -------
    RiskReport

    Notes
    -----
    R/SPSS equivalent: ``sdcMicro::measure_risk(x, keyVars, w)`` and ``ldiversity``.
    Missing key values match any value (sdcMicro's default); see
    :mod:`wpsresearch.privacy.microdata_risk`.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import risk_report
    >>> df = pd.DataFrame({"district": ["a", "a", "a", "b"], "sex": ["f", "f", "f", "m"]})
    >>> rep = risk_report(df, keys=["district", "sex"])
    >>> rep.violations[2], round(rep.expected_reidentifications, 2)
    (1, 2.0)
    """
    import pandas as pd

    keys = tuple(keys)
    if not keys:
        raise InputError("risk_report needs at least one key variable")
    if hid is not None and hid not in df.columns:
        raise InputError("household id column not in the data", column=hid)
    fk, Fk = key_frequencies(df, keys, weights, alpha=alpha)
    risk = individual_risk(fk, Fk, method=method, survey=weights is not None)
    records = pd.DataFrame({"fk": fk, "Fk": Fk, "risk": risk}, index=df.index)
    hh_er = None
    if hid is not None:
        records["household_risk"] = household_risk(risk, df[hid])
        hh_er = float(records["household_risk"].sum())
    if sensitive is not None:
        ld = l_diversity(df, keys, sensitive)
        records["l_distinct"] = ld["distinct"]
        records["l_entropy"] = ld["entropy"]
    n = len(df)
    er = float(risk.sum())
    high = int(((risk > np.median(risk) + 3 * _mad(risk)) & (risk > 0.1)).sum())
    levels = sorted({2, 3, 5, int(k)})
    return RiskReport(
        keys=keys, weights=weights if isinstance(weights, str) else (None if weights is None else "weights"),
        sensitive=sensitive, k=int(k), records=records, key_summary=_key_summary(df, keys), n=n,
        expected_reidentifications=er, global_risk=er / n if n else 0.0, n_high_risk=high,
        violations={lv: int((fk < lv).sum()) for lv in levels},
        household_expected_reidentifications=hh_er,
    )
