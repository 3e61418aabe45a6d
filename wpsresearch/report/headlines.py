"""The headline numbers of a province, shared by fact sheets, campaign images and the notebook.

Headlines are the analysis plan's rows marked ``headline: yes`` (a study that still lists
``headline_indicators`` in ``study.yml`` and marks no plan row gets those, read as plan rows).
Each is :func:`wpsresearch.stats.analyse` on the province domain of the full design, turned into
key findings by :func:`~wpsresearch.report.plan_report.plan_findings` — the same calls the
province notebook makes in its key-findings cells, so the outputs cannot disagree.
"""

from __future__ import annotations

__all__ = ["headline_rows", "headline_results", "headline_findings", "province_design",
           "province_domain"]

_DECLARE = ("mark the headline numbers in the analysis plan (column headline: yes); each needs "
            "a yes/no indicator, a mean or a ratio")


def _legacy_row(entry, number, frame, where_text):
    """A ``headline_indicators`` entry of study.yml as a plan row."""
    from wpsresearch.errors import ReportError
    from wpsresearch.io.analysis_plan import PlanRow
    from wpsresearch.io.plan_where import parse_where

    if isinstance(entry, str):
        entry = {"indicator": entry}
    if not isinstance(entry, dict) or not isinstance(entry.get("indicator"), str) or \
            set(entry) - {"indicator", "estimator", "by", "where"}:
        raise ReportError(f"cannot read the headline {entry!r} of {where_text}", hint=_DECLARE)
    name, by, value = entry["indicator"], entry.get("by"), entry.get("where")
    if value is not None and by is None:
        raise ReportError(f"headline {name!r} of {where_text} has 'where' without 'by'",
                          hint=_DECLARE)
    if name not in frame.columns:
        raise ReportError(f"the headline {name!r} of {where_text} needs the column {name!r}, "
                          "which the analysis data do not have", column=name, hint=_DECLARE)
    kind = entry.get("estimator") or ("prop_select_one" if _is_binary(frame[name]) else "mean")
    kind = {"proportion": "prop_select_one"}.get(kind, kind)
    where = parse_where(f"`{by}` == {str(value)!r}") if value is not None else None
    return PlanRow(number, kind, name, where=where, headline=True, section="none")


def _is_binary(column) -> bool:
    import pandas as pd

    if pd.api.types.is_bool_dtype(column):
        return True
    values = pd.to_numeric(column, errors="coerce").dropna().unique()
    return bool(len(values)) and set(values) <= {0, 1}


def headline_rows(study, plan, frame, *, required: bool = True) -> tuple:
    """The plan's headline rows; else the study's ``headline_indicators`` as plan rows.

    Raises
    ------
    ReportError
        Neither declares a headline (naming the study and how to declare them), unless
        ``required=False`` (then an empty tuple).
    """
    from wpsresearch.errors import ReportError

    rows = plan.headlines() if plan is not None else ()
    if rows:
        return rows
    name = getattr(study, "name", None)
    where_text = f"study {name!r}" if name else "the study"
    legacy = tuple(getattr(study, "headline_indicators", None) or ())
    if not legacy:
        if not required:
            return ()
        raise ReportError(f"{where_text} declares no headline numbers", hint=_DECLARE)
    return tuple(_legacy_row(e, 10_000 + i, frame, where_text) for i, e in enumerate(legacy))


def province_design(study):
    """``(frame, design)``: the study's analysis data (processed respondents and indicators)
    and its full design (``study.design``, ``study.policy``)."""
    import wpsresearch as wps
    from wpsresearch.report.indicators import analysis_frame

    df = analysis_frame(study)
    return df, wps.stats.study_design(df, study)


def province_domain(df, province: str, *, study=None):
    """Rows of ``df`` in ``province`` (a slug or an ADM1 p-code), matched on ``adm1_pcode``.

    Places are matched by OCHA p-code, the data contract (DESIGN.md): governorate *names*
    differ in spelling and script between studies (``Basrah``, ``البصرة``), p-codes do not.
    A study of one province whose data name no governorate is that province.

    Raises
    ------
    ReportError
        ``df`` has no ``adm1_pcode`` column (and the study has several provinces).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"adm1_pcode": ["IQG02", "IQG13"], "governorate": ["البصرة", "كركوك"]})
    >>> province_domain(df, "basra").tolist()
    [True, False]
    """
    import pandas as pd

    from wpsresearch.errors import ReportError
    from wpsresearch.geo.places import province_pcode

    name = getattr(study, "name", None)
    where = f"study {name!r}" if name else "the data"
    pcode = province_pcode(province)
    if "adm1_pcode" not in df.columns:
        provinces = tuple(getattr(study, "provinces", ()) or ())
        if len(provinces) == 1 and province_pcode(provinces[0]) == pcode:
            return pd.Series(True, index=df.index)
        raise ReportError(
            f"{where} has no 'adm1_pcode' column to select the province {province!r} by",
            column="adm1_pcode",
            hint="places are matched on OCHA p-codes, not names (DESIGN.md): name the "
                 "governorate question in study.yml (admin_columns: {adm1: ...}) so that the "
                 "build adds 'adm1_pcode'")
    # a province without respondents gives an empty domain: its numbers are then suppressed
    return (df["adm1_pcode"].astype("string") == pcode).fillna(False).astype(bool)


def headline_results(design, domain, rows, *, labels=None, codebook=None, plan=None):
    """:func:`wpsresearch.stats.analyse` of the headline ``rows`` on ``design.subset(domain)``
    (a province without respondents: every headline suppressed)."""
    import dataclasses

    import wpsresearch as wps
    from wpsresearch.io.analysis_plan import AnalysisPlan

    base = plan if plan is not None else AnalysisPlan(())
    part = dataclasses.replace(base, rows=tuple(rows))
    if not bool(domain.any()):
        return wps.stats.AnalysisResults.nobody(part, labels=labels, codebook=codebook,
                                                policy=design.policy)
    return wps.stats.analyse(design.subset(domain), part, labels=labels, codebook=codebook)


def headline_findings(design, domain, rows, *, lang: str, labels=None, codebook=None, plan=None):
    """The headline ``rows`` of ``design.subset(domain)`` as key findings in ``lang``."""
    from wpsresearch.report.plan_report import plan_findings

    results = headline_results(design, domain, rows, labels=labels, codebook=codebook, plan=plan)
    return plan_findings(results, lang=lang)

