"""Survey indicators of intimate-partner violence and attitudes, as the DHS Program codes them.

Item lists and codings are data (``codebooks/dhs_ipv.yaml``, ``codebooks/attitudes.yaml``);
defaults follow the synthetic study's variable names, and a study with other names passes a
mapping.  Outputs are DataFrames aligned on the input index with pandas nullable dtypes:
respondents outside the denominator, and answers that cannot be decided, are ``<NA>`` — never
a silent 0.  Weighting is the statistics stage's job (feed these columns to
``wpsresearch.stats.proportion``).
"""

from __future__ import annotations

from wpsresearch.errors import InputError
from wpsresearch.sgbv.rulebook import load_yaml

__all__ = ["ipv_indicators", "attitude_indicators", "ipv_items"]


def ipv_items() -> dict[str, list[str]]:
    """Default item columns per domain (``physical``, ``sexual``, ``emotional``).

    Examples
    --------
    >>> ipv_items()["sexual"]
    ['ipv_forced_sex', 'ipv_forced_acts', 'ipv_threat_sex']
    """
    return {d: list(items) for d, items in load_yaml("dhs_ipv.yaml")["domains"].items()}


def _code(series, coding, column):
    """Item answers → 'p12' (past 12 months), 'ever' (not in 12 months), 'never' or <NA>."""
    import pandas as pd

    def key(v):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return str(v).strip()

    keys = series.map(key)
    out = pd.Series(pd.NA, index=series.index, dtype="string")
    for name, values in (("p12", "past_12m"), ("ever", "ever_not_12m"), ("never", "never")):
        out[keys.isin([str(v) for v in coding[values]])] = name
    known = [str(v) for k in ("past_12m", "ever_not_12m", "never", "missing") for v in coding[k]]
    bad = keys.notna() & ~keys.isin(known)
    if bad.any():
        raise InputError(f"unknown answer(s) {sorted(set(keys[bad]))[:5]} at index "
                         f"{list(series.index[bad])[:10]}", column=column,
                         row=list(series.index[bad]),
                         hint=f"use one of {', '.join(known)}")
    return out


def _any_of(frame, hit_values):
    """Kleene OR over items: True if any item hits; False if all are known and none hits."""
    import pandas as pd

    hit = frame.isin(hit_values).any(axis=1)
    complete = frame.notna().all(axis=1)
    out = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    out[hit] = True
    out[~hit & complete] = False
    return out


def _denominator(df, den, age_range):
    import pandas as pd

    need = [den["sex_column"], den["marital_column"], den["age_column"]]
    need += [den["module_column"]] if den.get("module_column") else []
    absent = [c for c in need if c not in df.columns]
    if absent:
        raise InputError("columns needed for the IPV denominator are missing", column=absent,
                         hint="pass denominator={...} with your study's names")
    age = pd.to_numeric(df[den["age_column"]], errors="coerce")
    women = df[den["sex_column"]].astype("string").eq(den["female"]).fillna(False)
    partnered = df[den["marital_column"]].astype("string").isin(den["ever_partnered"]).fillna(False)
    module = (df[den["module_column"]].astype("string").isin(den["module_yes"]).fillna(False)
              if den.get("module_column") else pd.Series(True, index=df.index))
    lo, hi = age_range
    in_age = (age >= lo) & ((age <= hi) if hi is not None else True)
    base = women & partnered & module
    return (base & in_age.fillna(False)).astype(bool), base.astype(bool), age


def ipv_indicators(df, *, items=None, age_range=(15, 49), denominator=None, refused="missing"):
    """Intimate-partner violence indicators per respondent, DHS style, plus SDG 5.2.1.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents.  Default columns follow the synthetic study: ``sex, marital_status, age,
        ipv_private`` and the DHS d105/d103 items ``ipv_push … ipv_insult`` answered
        ``often | sometimes | not_past_12m | never`` (``refused``/99 allowed).
    items : dict, optional
        ``{"physical": [...], "sexual": [...], "emotional": [...]}`` item columns of your study.
    age_range : tuple
        Inclusive ages of the DHS denominator; default (15, 49) as DHS.  The synthetic study's
        respondents are all 18+, so its denominator is 18–49 in practice.  ``(15, None)``: no
        upper limit.
    denominator : dict, optional
        Overrides of ``codebooks/dhs_ipv.yaml`` ``denominator`` (column names and codes);
        ``{"module_column": None}`` when the study has no "interviewed in private" column.
    refused : {"missing", "no"}
        A refused/unknown item: ``"missing"`` (default) makes a domain <NA> unless another of
        its items is "yes"; ``"no"`` counts it as not experienced, as the DHS Stata code does
        (``gen x = 0 if v044==1`` then ``replace x = 1 if d105*==1|2``) and as the synthetic
        study's ``truth.json`` defines its estimands.

    Returns
    -------
    pandas.DataFrame
        ``ipv_denominator`` (bool), ``ipv_{physical,sexual,emotional,any}_{12m,ever}`` and
        ``sdg_5_2_1_denominator`` / ``sdg_5_2_1`` (``boolean``).  Past 12 months = often or
        sometimes; ever = often, sometimes or not in the past 12 months; ``any`` = physical or
        sexual.  Outside the denominator: <NA>.  A refused item gives <NA> unless another item
        of the domain is already "yes" (stricter than DHS's Stata loop, which counts it as 0).

    Notes
    -----
    DHS Program: ``dv_prtnr_phy(_12m)``, ``dv_prtnr_sex(_12m)``, ``dv_prtnr_emot(_12m)``,
    ``dv_prtnr_phy_sex_any`` in ``Chap17_DV/DV_prtnr.do``.  SDG 5.2.1: ever-partnered women
    15+, physical, sexual or psychological violence by a partner in the previous 12 months.

    Examples
    --------
    >>> import pandas as pd
    >>> never = {c: "never" for d in ipv_items().values() for c in d}
    >>> df = pd.DataFrame([{**never, "ipv_slap": "sometimes"}, {**never, "ipv_insult": "not_past_12m"}])
    >>> df = df.assign(sex="female", marital_status="married", age=[30, 52], ipv_private="yes")
    >>> out = ipv_indicators(df)
    >>> out["ipv_physical_12m"].tolist(), out["sdg_5_2_1"].tolist()
    ([True, <NA>], [True, False])
    """
    import pandas as pd

    rules = load_yaml("dhs_ipv.yaml")
    den = {**rules["denominator"], **(denominator or {})}
    items = items or ipv_items()
    cols = [c for d in items.values() for c in d]
    absent = [c for c in cols if c not in df.columns]
    if absent:
        raise InputError("IPV item column(s) missing", column=absent,
                         hint="pass items={'physical': [...], 'sexual': [...], 'emotional': [...]}")
    in_dhs, base, age = _denominator(df, den, age_range)
    if refused not in ("missing", "no"):
        raise InputError(f"refused must be 'missing' or 'no', not {refused!r}")
    coded = pd.DataFrame({c: _code(df[c], rules["coding"], c) for c in cols}, index=df.index)
    if refused == "no":
        coded = coded.fillna("never")  # outside the denominator rows are <NA> anyway
    out = pd.DataFrame(index=df.index)
    out["ipv_denominator"] = in_dhs
    needed = {"physical", "sexual"} | set(rules["sdg_5_2_1"]["domains"])
    if needed - set(items):
        raise InputError(f"the IPV item mapping lacks the domain(s) {sorted(needed - set(items))}",
                         hint="items= must map physical, sexual and emotional to their item columns")
    flags = {}
    for domain, dom_items in items.items():
        flags[f"{domain}_12m"] = _any_of(coded[dom_items], ["p12"])
        flags[f"{domain}_ever"] = _any_of(coded[dom_items], ["p12", "ever"])
    for when in ("12m", "ever"):
        flags[f"any_{when}"] = flags[f"physical_{when}"] | flags[f"sexual_{when}"]
    for name, values in flags.items():
        out[f"ipv_{name}"] = values.where(in_dhs, pd.NA).astype("boolean")
    sdg = rules["sdg_5_2_1"]
    in_sdg = base & (age >= sdg["min_age"]).fillna(False)
    sdg_value = flags[f"{sdg['domains'][0]}_12m"]
    for d in sdg["domains"][1:]:
        sdg_value = sdg_value | flags[f"{d}_12m"]
    out["sdg_5_2_1_denominator"] = in_sdg.astype(bool)
    out["sdg_5_2_1"] = sdg_value.where(in_sdg, pd.NA).astype("boolean")
    out.attrs["wpsresearch"] = {
        "age_range": tuple(age_range), "source": rules["source"],
        "refused_rule": ("refused item -> <NA> unless another item is yes" if refused == "missing"
                         else "refused item counted as not experienced (DHS Stata)")}
    return out


def attitude_indicators(df, *, items=None):
    """Attitudes to wife-beating: at least one reason justified, and number of reasons (DHS).

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents with the five DHS v744a–e items (default names ``justify_goes_out,
        justify_neglects_children, justify_argues, justify_refuses_sex, justify_burns_food``)
        answered ``yes | no | 98`` (98 = don't know; ``refused``/99 allowed).
    items : list of str, optional
        Your study's five item columns, in the DHS order a–e.

    Returns
    -------
    pandas.DataFrame
        ``justify_any_reason`` (``boolean``) and ``justify_n_reasons`` (``Int64``).  "Don't
        know" counts as "no" (0), as DHS does (``recode v744x (8=0)`` in DV_viol.do); this is
        recorded in ``attrs["wpsresearch"]``.  A refused/missing item gives <NA> for the count,
        and for "any" unless another item is "yes".

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"justify_goes_out": ["yes", "98"], "justify_neglects_children": ["yes", "no"],
    ...     "justify_argues": ["no", "no"], "justify_refuses_sex": ["no", "98"], "justify_burns_food": ["no", "no"]})
    >>> out = attitude_indicators(df)
    >>> out["justify_n_reasons"].tolist(), out["justify_any_reason"].tolist()
    ([2, 0], [True, False])
    >>> out.attrs["wpsresearch"]["dont_know"]
    'counted as 0 (not justified), as DHS does'
    """
    import pandas as pd

    rules = load_yaml("attitudes.yaml")
    items = list(items or rules["items"])
    absent = [c for c in items if c not in df.columns]
    if absent:
        raise InputError("attitude item column(s) missing", column=absent,
                         hint="pass items=[...] with your study's five v744a-e columns")
    coding = rules["coding"]
    coded = {}
    for c in items:
        series = df[c].map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v))
                           else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip())
        known = [str(v) for k in coding for v in coding[k]]
        bad = series.notna() & ~series.isin(known)
        if bad.any():
            raise InputError(f"unknown answer(s) {sorted(set(series[bad]))[:5]}", column=c,
                             row=list(df.index[bad]), hint=f"use one of {', '.join(known)}")
        val = pd.Series(pd.NA, index=df.index, dtype="Int64")
        val[series.isin([str(v) for v in coding["yes"]])] = 1
        val[series.isin([str(v) for v in coding["no"] + coding["dont_know_as_no"]])] = 0
        coded[c] = val
    frame = pd.DataFrame(coded)
    n = frame.sum(axis=1, skipna=False).astype("Int64")
    any_yes = frame.eq(1).any(axis=1)
    out = pd.DataFrame(index=df.index)
    out["justify_any_reason"] = pd.Series(pd.NA, index=df.index, dtype="boolean")
    out.loc[any_yes.fillna(False).astype(bool), "justify_any_reason"] = True
    out.loc[n.eq(0).fillna(False).astype(bool), "justify_any_reason"] = False
    out["justify_n_reasons"] = n
    out.attrs["wpsresearch"] = {"dont_know": "counted as 0 (not justified), as DHS does",
                                "source": rules["source"]}
    return out
