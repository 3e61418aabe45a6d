"""GBVIMS incident classification, context flags and incident count tables.

The rules live in ``codebooks/gbvims_classification.yaml`` (the Classification Tool's ordered
questions) and ``codebooks/gbvims_context.yaml`` (the Incident Recorder's derived context flags
and the UN CRSV definition); this module applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wpsresearch.errors import InputError
from wpsresearch.sgbv.rulebook import coded_values, load_csv, load_yaml, parse_yes_no

__all__ = ["classify_incidents", "incident_counts", "IncidentCounts", "gbv_types",
           "context_columns", "incident_field_codes", "check_incident_fields"]


def gbv_types() -> list[str]:
    """The GBVIMS type ids in the Classification Tool's order, ending with ``non_gbv``.

    Examples
    --------
    >>> gbv_types()[0], gbv_types()[-1]
    ('rape', 'non_gbv')
    """
    rules = load_yaml("gbvims_classification.yaml")
    return [q["type"] for q in rules["questions"]] + [rules["otherwise"]]


def incident_field_codes() -> dict[str, list[str]]:
    """Standard GBVIMS incident fields and their codes (``incident_fields.csv``)."""
    fields: dict[str, list[str]] = {}
    for row in load_csv("incident_fields.csv"):
        fields.setdefault(row["field"], []).append(row["code"])
    return fields


def check_incident_fields(cases, *, referral_prefix="referral_"):
    """Check every standard GBVIMS coded field present in ``cases`` against its code list.

    Columns named like a field in ``incident_fields.csv`` are checked against that field's
    codes; ``<referral_prefix><service>`` columns (e.g. ``referral_medical``) against the
    referral outcomes.  Returns the list of columns checked.

    Raises
    ------
    InputError
        Naming the column, the unknown codes and their rows.

    Examples
    --------
    >>> import pandas as pd
    >>> check_incident_fields(pd.DataFrame({"time_of_day": ["morning", None],
    ...                                     "referral_legal": ["referred", "no_referral_declined"]}))
    ['time_of_day', 'referral_legal']
    """
    codes = incident_field_codes()
    checked = []
    for col in cases.columns:
        if col in codes:
            field_codes = codes[col]
        elif (isinstance(col, str) and col.startswith(referral_prefix)
              and col[len(referral_prefix):] in codes["referral_service"]):
            field_codes = codes["referral_outcome"]
        else:
            continue
        coded_values(cases[col], field_codes, column=col)
        checked.append(col)
    return checked


def context_columns() -> list[str]:
    """Names of the context columns the flag rules read (all optional)."""
    cols: list[str] = []

    def walk(cond):
        if "any" in cond:
            for c in cond["any"]:
                walk(c)
        elif cond["column"] not in cols:
            cols.append(cond["column"])

    for flag in load_yaml("gbvims_context.yaml")["flags"]:
        walk(flag["condition"])
    return cols


def _first_yes(answers, questions, otherwise):
    """Type by the tool's ordered questions: the first yes wins; an unanswered question
    before the first yes leaves the incident unclassified (<NA>)."""
    import pandas as pd

    gbv_type = pd.Series(pd.NA, index=answers.index, dtype="string")
    undecided = pd.Series(True, index=answers.index)
    for q in questions:
        ans = answers[q["column"]]
        hit = undecided & ans.eq(True).fillna(False).astype(bool)
        gbv_type[hit] = q["type"]
        # a missing answer blocks every later question for that incident
        undecided &= ~hit & ans.notna().astype(bool)
    gbv_type[undecided] = otherwise
    return gbv_type


def _condition(cond, cases, cache):
    import pandas as pd

    if "any" in cond:
        parts = [_condition(c, cases, cache) for c in cond["any"]]
        out = parts[0]
        for p in parts[1:]:
            out = out | p  # Kleene OR: True | NA = True
        return out
    col = cond["column"]
    if col not in cases.columns:
        return pd.Series(pd.NA, index=cases.index, dtype="boolean")
    if col not in cache:
        cache[col] = _parse_context(cases[col], col)
    values = cache[col]
    if "is" in cond:
        want = str(cond["is"]).lower() in {"yes", "true"}
        return values == want
    if "in" in cond:
        return values.isin(cond["in"]).astype("boolean").mask(values.isna())
    if "less_than" in cond:
        return (values < cond["less_than"]).astype("boolean")
    if "present_except" in cond:
        none = {str(v).strip().casefold() for v in cond["present_except"]}
        present = ~values.str.strip().str.casefold().isin(none)
        return present.astype("boolean").mask(values.isna())
    raise InputError(f"unknown condition {cond!r} in gbvims_context.yaml")


def _parse_context(series, col):
    import pandas as pd

    codes = incident_field_codes()
    if col == "age_at_incident":
        num = pd.to_numeric(series, errors="coerce")
        bad = series.notna() & num.isna()
        if bad.any():
            raise InputError(f"age at incident is not a number at index {list(series.index[bad])[:10]}",
                             column=col, row=list(series.index[bad]))
        return num.astype("Float64")
    if col in codes:
        return coded_values(series, codes[col], column=col)
    if col == "harmful_traditional_practice":  # free text: only presence matters
        text = series.astype("string").str.strip()
        return text.where(text.ne(""), pd.NA)
    return parse_yes_no(series, column=col)


def _flags(gbv_type, answers, cases):
    import pandas as pd

    rules = load_yaml("gbvims_context.yaml")
    out = {}
    cache: dict = {}
    for flag in rules["flags"]:
        if "when_type_in" in flag:
            applies = gbv_type.isin(flag["when_type_in"]).astype("boolean").mask(gbv_type.isna())
        else:
            applies = pd.Series(False, index=cases.index, dtype="boolean")
            for col in flag["when_answer_any"]:
                applies = applies | answers[col]
        out[flag["id"]] = (applies & _condition(flag["condition"], cases, cache)).astype("boolean")
    return out


def classify_incidents(cases):
    """GBVIMS type and context flags for each incident record.

    Parameters
    ----------
    cases : pandas.DataFrame
        One row per incident with one yes/no column per Classification Tool question, in the
        tool's order: ``q_penetration, q_sexual_contact, q_physical_assault, q_forced_marriage,
        q_denial_of_resources, q_psychological_abuse``.  Answers may be booleans, 1/0 or yes/no
        text in English or Arabic.  Optional context columns (see ``context_columns()`` and
        ``codebooks/gbvims_context.yaml``): ``perpetrator_relationship, age_at_incident,
        goods_money_exchanged, abduction_type, harmful_traditional_practice,
        perpetrator_armed_actor, conflict_link``.

    Returns
    -------
    pandas.DataFrame
        Aligned on ``cases.index``: ``gbv_type`` (``string``; <NA> when a question before the
        first "yes" is unanswered) and the boolean flags ``ipv, possible_sexual_exploitation,
        possible_sexual_slavery, child_sexual_abuse, early_marriage,
        harmful_traditional_practice, crsv`` (<NA> when the
        value a flag needs is missing or its column is absent).

    Raises
    ------
    InputError
        A question column is missing, or an answer/code is not recognised (names the column and
        the rows).

    Notes
    -----
    The first "yes" wins (GBVIMS User Guide ch. 3): rape with beating is ``rape``; forced
    marriage with beating is ``physical_assault``.  Context is never a type.

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"q_penetration": ["no", "نعم"], "q_sexual_contact": [0, 1],
    ...     "q_physical_assault": [True, True], "q_forced_marriage": ["yes", "no"],
    ...     "q_denial_of_resources": ["no", "no"], "q_psychological_abuse": ["no", "no"],
    ...     "perpetrator_relationship": ["intimate_partner_former_partner", "no_relation"],
    ...     "age_at_incident": [16, 30]})
    >>> out = classify_incidents(cases)
    >>> out["gbv_type"].tolist()
    ['physical_assault', 'rape']
    >>> out["ipv"].tolist(), out["early_marriage"].tolist()
    ([True, False], [False, False])
    """
    import pandas as pd

    rules = load_yaml("gbvims_classification.yaml")
    questions = rules["questions"]
    missing = [q["column"] for q in questions if q["column"] not in cases.columns]
    if missing:
        raise InputError("the incident records lack Classification Tool question column(s)",
                         column=missing, hint="one yes/no column per question, named as in "
                         "wpsresearch/sgbv/codebooks/gbvims_classification.yaml")
    answers = pd.DataFrame({q["column"]: parse_yes_no(cases[q["column"]], column=q["column"])
                            for q in questions}, index=cases.index)
    gbv_type = _first_yes(answers, questions, rules["otherwise"])
    out = pd.DataFrame({"gbv_type": gbv_type, **_flags(gbv_type, answers, cases)})
    out.attrs["wpsresearch"] = {
        "unclassified": int(gbv_type.isna().sum()),
        "absent_context_columns": [c for c in context_columns() if c not in cases.columns],
    }
    return out


@dataclass(frozen=True)
class IncidentCounts:
    """Counts of reported incidents, always carrying the GBVIMS caveat (not prevalence)."""

    counts: object  # pandas.DataFrame
    caveat: dict = field(default_factory=dict)
    synthetic: bool = False

    def to_frame(self):
        """The counts with the caveat in ``attrs["caveat"]`` (both languages)."""
        df = self.counts.copy()
        df.attrs["caveat"] = dict(self.caveat)
        df.attrs["synthetic"] = self.synthetic
        return df

    def table(self, lang="en", labels=None):
        """Counts with labelled rows/columns in ``lang``; the caveat is in ``attrs``."""
        from wpsresearch.labels import Labels

        labels = labels or Labels.default()
        df = self.to_frame().rename(index=lambda k: labels.get(str(k), lang),
                                    columns=lambda k: labels.get(str(k), lang))
        df.attrs["caveat"] = self.caveat[lang]
        return df

    def summary(self) -> str:
        stamp = "SYNTHETIC DATA. " if self.synthetic else ""
        return f"{stamp}{self.caveat['en']}\n{self.counts.to_string()}\n{self.caveat['ar']}"

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        from html import escape

        stamp = "<p><strong>SYNTHETIC DATA</strong></p>" if self.synthetic else ""
        return (f"{stamp}<p>{escape(self.caveat['en'])}</p>"
                f"<p dir='rtl' lang='ar'>{escape(self.caveat['ar'])}</p>" + self.counts.to_html())


def incident_counts(classified, by=None, *, column="gbv_type", synthetic=False):
    """Counts of reported incidents by GBVIMS type (and ``by`` groups), with the caveat.

    Parameters
    ----------
    classified : pandas.DataFrame
        Output of :func:`classify_incidents`, joined with any grouping columns.
    by : str or list of str, optional
        Grouping columns (e.g. ``"province"``); they become the table's columns.
    column : str
        The column to count (``gbv_type`` or a context flag).
    synthetic : bool
        Stamp the table SYNTHETIC.

    Returns
    -------
    IncidentCounts
        ``.counts`` has every GBVIMS type as a row (zeros kept: suppression is the privacy
        stage's job) and ``.caveat`` the GBVIMS caveat in English and Arabic.

    Examples
    --------
    >>> import pandas as pd
    >>> t = incident_counts(pd.DataFrame({"gbv_type": ["rape", "physical_assault", "rape"]}))
    >>> int(t.counts.loc["rape", "incidents"])
    2
    >>> "not prevalence" in t.summary()
    True
    """
    import pandas as pd

    if column not in classified.columns:
        raise InputError("column to count is missing", column=column,
                         hint="pass the output of classify_incidents")
    by = [by] if isinstance(by, str) else list(by or [])
    absent = [b for b in by if b not in classified.columns]
    if absent:
        raise InputError("grouping column(s) missing", column=absent)
    rows = gbv_types() if column == "gbv_type" else [True, False]
    if by:
        counts = pd.crosstab(classified[column], [classified[b] for b in by], dropna=True)
        counts = counts.reindex(rows, fill_value=0)
    else:
        counts = classified[column].value_counts().reindex(rows, fill_value=0).to_frame("incidents")
    counts.index.name = column
    caveat = load_yaml("gbvims_context.yaml")["caveat"]
    return IncidentCounts(counts=counts, caveat=dict(caveat), synthetic=bool(synthetic))
