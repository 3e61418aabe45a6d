"""Survey indicators of intimate-partner violence and attitudes, as the DHS Program codes them.

Item lists and codings are data (``codebooks/dhs_ipv.yaml``, ``codebooks/attitudes.yaml``); a
study names its own questions (``items=``, ``denominator=``; in ``study.yml`` the
``indicators:`` block, see :mod:`wpsresearch.sgbv.study_indicators`).  Outputs are DataFrames
aligned on the input index with pandas nullable dtypes: respondents outside the denominator,
and answers that cannot be decided, are ``<NA>`` — never a silent 0.  Weighting is the
statistics stage's job (feed these columns to ``wpsresearch.stats.proportion``).
"""

from __future__ import annotations

from wpsresearch.errors import InputError
from wpsresearch.sgbv.rulebook import load_yaml

__all__ = ["ipv_indicators", "attitude_indicators", "ipv_items", "IPV_OUTPUTS", "ATTITUDE_OUTPUTS"]

IPV_OUTPUTS = tuple(["ipv_denominator"] + [f"ipv_{d}_{w}" for d in ("physical", "sexual", "emotional", "any")
                                           for w in ("12m", "ever")]
                    + ["sdg_5_2_1_denominator", "sdg_5_2_1"])
ATTITUDE_OUTPUTS = ("beating_justified_any", "beating_justified_n")


def ipv_items() -> dict[str, list[str]]:
    """The DHS item codes of each domain (``physical``, ``sexual``, ``emotional``).

    A study maps its own questions to the domains; these codes say which DHS question
    (d105a … d103c) belongs where (``codebooks/dhs_ipv.yaml`` describes each).

    Examples
    --------
    >>> ipv_items()["sexual"]
    ['d105h', 'd105k', 'd105i']
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


_DENOMINATOR_KEYS = {"sex", "female", "marital", "ever_partnered", "age", "private", "private_yes"}


def _denominator(df, den, age_range):
    import pandas as pd

    rules = load_yaml("dhs_ipv.yaml")["denominator"]
    unknown = sorted(set(den) - _DENOMINATOR_KEYS)
    if unknown:
        raise InputError(f"unknown key(s) {unknown} in the IPV denominator",
                         hint=f"keys: {', '.join(sorted(_DENOMINATOR_KEYS))}")
    required = [k for k in ("sex", "marital", "age") if not den.get(k)]
    if required:
        raise InputError(f"the IPV denominator needs the question(s) {required} "
                         "(women, ever partnered, aged 15-49)",
                         hint="pass denominator={'sex': ..., 'marital': ..., 'age': ..., "
                              "'private': ...} with your form's question names")
    need = [den["sex"], den["marital"], den["age"]] + ([den["private"]] if den.get("private") else [])
    absent = [c for c in need if c not in df.columns]
    if absent:
        raise InputError("question(s) of the IPV denominator are not in the data", column=absent,
                         hint="name your form's questions in the denominator mapping")

    def among(column, codes):
        return df[column].astype("string").isin([str(c) for c in codes]).fillna(False)

    age = pd.to_numeric(df[den["age"]], errors="coerce")
    women = among(den["sex"], den.get("female") or rules["female"])
    partnered = among(den["marital"], den.get("ever_partnered") or rules["ever_partnered"])
    private = (among(den["private"], den.get("private_yes") or rules["private_yes"])
               if den.get("private") else pd.Series(True, index=df.index))
    lo, hi = age_range
    in_age = (age >= lo) & ((age <= hi) if hi is not None else True)
    base = women & partnered & private
    return (base & in_age.fillna(False)).astype(bool), base.astype(bool), age


def _coding(rules, answers):
    coding = {k: list(v) for k, v in rules["coding"].items()}
    for key, values in (answers or {}).items():
        if key not in coding:
            raise InputError(f"unknown answer group {key!r} of the IPV items",
                             hint=f"groups: {', '.join(coding)}")
        coding[key] = [str(v) for v in (values if isinstance(values, (list, tuple)) else [values])]
    return coding


def ipv_indicators(df, *, items, denominator, age_range=(15, 49), answers=None, refused="missing"):
    """Intimate-partner violence indicators per respondent, DHS style, plus SDG 5.2.1.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents.
    items : dict
        ``{"physical": [...], "sexual": [...], "emotional": [...]}``: your form's questions
        for the DHS d105/d103 items (:func:`ipv_items` lists the DHS codes of each domain);
        ``emotional`` may be left out (then no emotional or SDG 5.2.1 indicator).
    denominator : dict
        Your form's questions: ``sex``, ``marital`` (marital status), ``age`` and, when the
        module was administered in private (DHS v044), ``private``; and their codes when
        they differ from DHS's: ``female`` (default ``[female]``), ``ever_partnered``
        (``[married, divorced, widowed, separated]``), ``private_yes`` (``["yes"]``).
    age_range : tuple
        Inclusive ages of the DHS denominator; default (15, 49) as DHS.  ``(15, None)``: no
        upper limit.
    answers : dict, optional
        Your item answers when they are not DHS's: ``{"past_12m": [...], "ever_not_12m":
        [...], "never": [...], "missing": [...]}`` (default: ``often``/``sometimes``/1/2,
        ``not_past_12m``/3, ``never``/0, ``refused``/``dont_know``/98/99).
    refused : {"missing", "no"}
        A refused/unknown item: ``"missing"`` (default) makes a domain <NA> unless another of
        its items is "yes"; ``"no"`` counts it as not experienced, as the DHS Stata code does
        (``gen x = 0 if v044==1`` then ``replace x = 1 if d105*==1|2``).

    Returns
    -------
    pandas.DataFrame
        ``ipv_denominator`` (bool), ``ipv_{physical,sexual,emotional,any}_{12m,ever}`` and
        ``sdg_5_2_1_denominator`` / ``sdg_5_2_1`` (``boolean``).  Past 12 months = often or
        sometimes; ever = often, sometimes or not in the past 12 months; ``any`` = physical or
        sexual.  Outside the denominator: <NA>.

    Notes
    -----
    DHS Program: ``dv_prtnr_phy(_12m)``, ``dv_prtnr_sex(_12m)``, ``dv_prtnr_emot(_12m)``,
    ``dv_prtnr_phy_sex_any`` in ``Chap17_DV/DV_prtnr.do``.  SDG 5.2.1: ever-partnered women
    15+, physical, sexual or psychological violence by a partner in the previous 12 months.

    Examples
    --------
    >>> import pandas as pd
    >>> items = {"physical": ["Q21", "Q22"], "sexual": ["Q23"], "emotional": ["Q24"]}
    >>> never = {c: "never" for d in items.values() for c in d}
    >>> df = pd.DataFrame([{**never, "Q22": "sometimes"}, {**never, "Q24": "not_past_12m"}])
    >>> df = df.assign(Q1="female", Q3="married", Q2=[30, 52])
    >>> out = ipv_indicators(df, items=items, denominator={"sex": "Q1", "marital": "Q3", "age": "Q2"})
    >>> out["ipv_physical_12m"].tolist(), out["sdg_5_2_1"].tolist()
    ([True, <NA>], [True, False])
    """
    import pandas as pd

    rules = load_yaml("dhs_ipv.yaml")
    items = {d: [items[d]] if isinstance(items[d], str) else list(items[d]) for d in items}
    missing_domains = sorted({"physical", "sexual"} - {d for d, v in items.items() if v})
    if missing_domains or set(items) - set(rules["domains"]):
        raise InputError(f"the IPV item mapping needs the domains physical and sexual (lacks the "
                         f"domain(s) {missing_domains}); known domains: {list(rules['domains'])}",
                         hint="items= must map physical, sexual (and emotional) to your questions")
    cols = [c for d in items.values() for c in d]
    absent = [c for c in cols if c not in df.columns]
    if absent:
        raise InputError("IPV item question(s) are not in the data", column=absent,
                         hint="items= names your form's questions for each domain")
    in_dhs, base, age = _denominator(df, dict(denominator), age_range)
    if refused not in ("missing", "no"):
        raise InputError(f"refused must be 'missing' or 'no', not {refused!r}")
    coding = _coding(rules, answers)
    coded = pd.DataFrame({c: _code(df[c], coding, c) for c in cols}, index=df.index)
    if refused == "no":
        coded = coded.fillna("never")  # outside the denominator rows are <NA> anyway
    out = pd.DataFrame(index=df.index)
    out["ipv_denominator"] = in_dhs
    flags = {}
    for domain, dom_items in items.items():
        flags[f"{domain}_12m"] = _any_of(coded[dom_items], ["p12"])
        flags[f"{domain}_ever"] = _any_of(coded[dom_items], ["p12", "ever"])
    for when in ("12m", "ever"):
        flags[f"any_{when}"] = flags[f"physical_{when}"] | flags[f"sexual_{when}"]
    for name, values in flags.items():
        out[f"ipv_{name}"] = values.where(in_dhs, pd.NA).astype("boolean")
    sdg = rules["sdg_5_2_1"]
    if set(sdg["domains"]) <= set(items):
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


def attitude_indicators(df, *, items, answers=None):
    """Attitudes to wife-beating: at least one reason justified, and number of reasons (DHS).

    Parameters
    ----------
    df : pandas.DataFrame
    items : list of str
        Your form's questions for the DHS v744a–e items (goes out without telling him,
        neglects the children, argues with him, refuses sex, burns the food), in that order.
    answers : dict, optional
        Your answer codes when they are not DHS's: ``{"yes": [...], "no": [...],
        "dont_know_as_no": [...], "missing": [...]}`` (default yes/1, no/0,
        dont_know/98/8, refused/99).

    Returns
    -------
    pandas.DataFrame
        ``beating_justified_any`` (``boolean``) and ``beating_justified_n`` (``Int64``).  "Don't
        know" counts as "no" (0), as DHS does (``recode v744x (8=0)`` in DV_viol.do); this is
        recorded in ``attrs["wpsresearch"]``.  A refused/missing item gives <NA> for the count,
        and for "any" unless another item is "yes".

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Q31": ["yes", "98"], "Q32": ["yes", "no"], "Q33": ["no", "no"],
    ...                    "Q34": ["no", "98"], "Q35": ["no", "no"]})
    >>> out = attitude_indicators(df, items=["Q31", "Q32", "Q33", "Q34", "Q35"])
    >>> out["beating_justified_n"].tolist(), out["beating_justified_any"].tolist()
    ([2, 0], [True, False])
    >>> out.attrs["wpsresearch"]["dont_know"]
    'counted as 0 (not justified), as DHS does'
    """
    import pandas as pd

    rules = load_yaml("attitudes.yaml")
    items = [items] if isinstance(items, str) else list(items or ())
    if not items:
        raise InputError("no attitude items given", hint="items= lists your form's v744a-e questions")
    absent = [c for c in items if c not in df.columns]
    if absent:
        raise InputError("attitude item question(s) are not in the data", column=absent,
                         hint="items= lists your form's questions for the DHS v744a-e items")
    coding = {k: [str(v) for v in vals] for k, vals in rules["coding"].items()}
    for key, values in (answers or {}).items():
        if key not in coding:
            raise InputError(f"unknown answer group {key!r} of the attitude items",
                             hint=f"groups: {', '.join(coding)}")
        coding[key] = [str(v) for v in (values if isinstance(values, (list, tuple)) else [values])]
    coded = {}
    known = [v for k in coding for v in coding[k]]
    for c in items:
        series = df[c].map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v))
                           else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip())
        bad = series.notna() & ~series.isin(known)
        if bad.any():
            raise InputError(f"unknown answer(s) {sorted(set(series[bad]))[:5]}", column=c,
                             row=list(df.index[bad]), hint=f"use one of {', '.join(known)}")
        val = pd.Series(pd.NA, index=df.index, dtype="Int64")
        val[series.isin(coding["yes"])] = 1
        val[series.isin(coding["no"] + coding["dont_know_as_no"])] = 0
        coded[c] = val
    frame = pd.DataFrame(coded)
    n = frame.sum(axis=1, skipna=False).astype("Int64")
    any_yes = frame.eq(1).any(axis=1)
    out = pd.DataFrame(index=df.index)
    out["beating_justified_any"] = pd.Series(pd.NA, index=df.index, dtype="boolean")
    out.loc[any_yes.fillna(False).astype(bool), "beating_justified_any"] = True
    out.loc[n.eq(0).fillna(False).astype(bool), "beating_justified_any"] = False
    out["beating_justified_n"] = n
    out.attrs["wpsresearch"] = {"dont_know": "counted as 0 (not justified), as DHS does",
                                "source": rules["source"]}
    return out
