"""The headline numbers of a province, shared by fact sheets and campaign figures.

Each headline is one call to ``wps.stats`` on the province domain of the full design and one
:func:`~wpsresearch.report.findings.key_finding`, the same calls the province notebook makes
in its key-findings cell, so the three outputs cannot disagree.  Which numbers: the study's
own ``headline_indicators`` (``study.yml``) when it declares them, else :data:`HEADLINES`
(:func:`headline_specs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

__all__ = ["HEADLINES", "Headline", "headline_findings", "headline_specs", "province_design",
           "province_domain"]

# (indicator, estimator, by, where): the fact sheet's 4-6 numbers when a study declares no
# ``headline_indicators``; also how a declared plain name among them is presented
HEADLINES = (
    ("ipv_any_12m", "proportion", None, None),
    ("harass_public_yes", "proportion", "sex", {"sex": "female"}),
    ("reported_formal", "proportion", None, None),
    ("unsafe_night", "proportion", "sex", {"sex": "female"}),
    ("trust_police_index", "mean", "sex", {"sex": "female"}),
    ("heard_1325_yes", "proportion", None, None),
)

_DECLARE = ("declare the headlines in study.yml, e.g. headline_indicators: [ipv_any_12m, "
            "{indicator: harass_public_yes, by: sex, where: female}]; each name must be a column "
            "of the processed data (or one wps.report.add_indicators adds) and have a sentence "
            "finding_<name> in the label table")


@dataclass(frozen=True)
class Headline:
    """One headline number: ``estimator`` (``"proportion"`` or ``"mean"``; ``None`` = from
    the column: 0/1 or True/False gives a proportion) of ``indicator``, optionally ``by`` a
    column and shown for the group ``where`` (e.g. ``{"sex": "female"}``)."""

    indicator: str
    estimator: str | None = None
    by: str | None = None
    where: dict | None = None

    def columns(self) -> list:
        return [c for c in (self.indicator, self.by, *(self.where or {})) if c]


def _parse(entry, where_text):
    from wpsresearch.errors import ReportError

    if isinstance(entry, Headline):
        return entry
    if isinstance(entry, (tuple, list)):
        return Headline(*entry)
    if isinstance(entry, str):
        known = {h[0]: h for h in HEADLINES}
        return Headline(*known[entry]) if entry in known else Headline(entry)
    if isinstance(entry, dict) and isinstance(entry.get("indicator"), str):
        unknown = set(entry) - {"indicator", "estimator", "by", "where"}
        estimator, by, where = entry.get("estimator"), entry.get("by"), entry.get("where")
        if not unknown and estimator in (None, "proportion", "mean"):
            if where is not None and not isinstance(where, dict):
                if by is None:
                    raise ReportError(f"headline {entry['indicator']!r} of {where_text} has "
                                      "'where' without 'by'", hint=_DECLARE)
                where = {by: where}
            return Headline(entry["indicator"], estimator, by,
                            {str(k): v for k, v in where.items()} if where else None)
    raise ReportError(f"cannot read the headline {entry!r} of {where_text}", hint=_DECLARE)


def headline_specs(study=None, columns=None, *, labels=None) -> tuple:
    """The study's headline numbers: its declared ``headline_indicators``, else :data:`HEADLINES`.

    An entry of ``headline_indicators`` in ``study.yml`` is a name (presented as in
    :data:`HEADLINES` when listed there, else the whole domain, proportion or mean from the
    column) or a mapping ``{indicator: ..., estimator: proportion|mean, by: sex, where: female}``.

    Parameters
    ----------
    study : Study, optional
    columns : list of str, optional
        The analysis frame's columns: every headline's columns must be among them, and every
        headline needs its sentence ``finding_<indicator>`` in the label table.
    labels : Labels, optional

    Returns
    -------
    tuple of Headline

    Raises
    ------
    ReportError
        An entry that cannot be read, or a column a headline needs that the data lack
        (naming the column and how to declare the headlines).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from wpsresearch.report.headlines import headline_specs
    >>> study = SimpleNamespace(name="mine", headline_indicators=(
    ...     "ipv_any_12m", {"indicator": "trusts_police", "by": "sex", "where": "female"}))
    >>> [(h.indicator, h.by, h.where) for h in headline_specs(study)]
    [('ipv_any_12m', None, None), ('trusts_police', 'sex', {'sex': 'female'})]
    >>> len(headline_specs())  # no study, or none declared: the package's default six
    6
    """
    from wpsresearch.errors import ReportError

    name = getattr(study, "name", None)
    where_text = f"study {name!r}" if name else "the study"
    declared = tuple(getattr(study, "headline_indicators", None) or ())
    specs = tuple(_parse(e, where_text) for e in (declared or HEADLINES))
    if columns is not None:
        present = set(columns)
        for spec in specs:
            missing = [c for c in spec.columns() if c not in present]
            if missing:
                source = "declared in study.yml" if declared else "a default headline"
                raise ReportError(
                    f"the headline {spec.indicator!r} ({source}) needs the column "
                    f"{missing[0]!r}, which the data of {where_text} do not have",
                    column=missing[0], hint=_DECLARE)
        _check_sentences(specs, labels, where_text)
    return specs


def _check_sentences(specs, labels, where_text):
    from wpsresearch.errors import ReportError
    from wpsresearch.labels import Labels

    labels = labels or Labels.default()
    for spec in specs:
        if f"finding_{spec.indicator}" not in labels:
            raise ReportError(
                f"the headline {spec.indicator!r} of {where_text} has no sentence "
                f"'finding_{spec.indicator}' in the label table",
                hint="add it (en and ar, placeholders {value} {ci_low} {ci_high} {n} {group}) "
                     "to a wpsresearch/labels/*.csv file, or pass labels= with it")


def province_design(study):
    """``(frame, design)``: the processed respondents with :func:`add_indicators`, and the
    study's full design (``study.design``, ``study.policy``)."""
    import wpsresearch as wps
    from wpsresearch.report.indicators import add_indicators

    df = add_indicators(study.read_processed())
    return df, wps.stats.SurveyDesign(df, **study.design, policy=study.policy)


def province_domain(df, province: str, *, study=None):
    """Rows of ``df`` in ``province`` (a slug or an ADM1 p-code), matched on ``adm1_pcode``.

    Places are matched by OCHA p-code, the data contract (DESIGN.md): governorate *names*
    differ in spelling and script between studies (``Basrah``, ``البصرة``), p-codes do not.

    Raises
    ------
    ReportError
        ``df`` has no ``adm1_pcode`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"adm1_pcode": ["IQG02", "IQG13"], "governorate": ["البصرة", "كركوك"]})
    >>> province_domain(df, "basra").tolist()
    [True, False]
    """
    from wpsresearch.errors import ReportError
    from wpsresearch.geo.places import province_pcode

    name = getattr(study, "name", None)
    where = f"study {name!r}" if name else "the data"
    if "adm1_pcode" not in df.columns:
        raise ReportError(
            f"{where} has no 'adm1_pcode' column to select the province {province!r} by",
            column="adm1_pcode",
            hint="places are matched on OCHA p-codes, not names (DESIGN.md): map the "
                 "governorate names to p-codes when cleaning (wps.clean.match_place_names) "
                 "and keep them as 'adm1_pcode'")
    pcode = province_pcode(province)
    # a province without respondents gives an empty domain: its numbers are then suppressed
    return (df["adm1_pcode"].astype("string") == pcode).fillna(False).astype(bool)


def headline_findings(design, domain, *, lang: str, labels=None, headlines=None) -> list:
    """The headlines of ``design.subset(domain)`` as key findings in ``lang``.

    ``headlines``: from :func:`headline_specs` (default: :data:`HEADLINES`); their columns
    are checked against the design's data first (a :class:`ReportError`, not a KeyError).
    """
    import wpsresearch as wps
    from wpsresearch.report.findings import key_finding

    specs = headline_specs(SimpleNamespace(headline_indicators=headlines),
                           columns=design.data.columns, labels=labels)
    here = design.subset(domain)
    out = []
    for spec in specs:
        estimator = spec.estimator or _estimator_of(design.data[spec.indicator])
        est = getattr(wps.stats, estimator)(here, spec.indicator, by=spec.by)
        out.append(key_finding(est, spec.indicator, lang=lang, where=spec.where, labels=labels))
    return out


def _estimator_of(column) -> str:
    """A 0/1 or True/False indicator is a proportion; anything else (an index) a mean."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(column):
        return "proportion"
    values = pd.to_numeric(column, errors="coerce").dropna().unique()
    return "proportion" if len(values) and set(values) <= {0, 1} else "mean"
