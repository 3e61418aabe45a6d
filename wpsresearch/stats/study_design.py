"""A study's survey design: ``study.yml``'s ``design:`` block on its processed data.

:class:`~wpsresearch.stats.SurveyDesign` validates a design against the data (clusters nested
in strata, no missing weights, one PSU per stratum …) and says what is wrong in R's and
Python's words (``nest=True``).  A scholar wrote her design in ``study.yml``, not in Python:
here the same problem names that file, its ``design:`` line and the key to change.
"""

from __future__ import annotations

from wpsresearch.errors import DesignError, StudyConfigError

__all__ = ["study_design"]

# SurveyDesign's keyword, as a study.yml design key says it
_YAML_WORDS = (("pass nest=True", "add nest: true to design: in study.yml"),
               ("nest=True", "nest: true"), ("lonely_psu=", "lonely_psu: "))


def _design_line(study) -> int | None:
    from wpsresearch.study import _key_lines

    try:
        text = (study.root / "study.yml").read_text(encoding="utf-8")
    except OSError:
        return None
    return _key_lines(text).get("design")


def study_design(frame, study, **options):
    """``SurveyDesign(frame, **study.design, policy=study.policy, **options)``; a design
    that does not fit the data is a :class:`~wpsresearch.errors.StudyConfigError` naming
    ``study.yml`` and its ``design:`` line.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> from types import SimpleNamespace
    >>> from wpsresearch.privacy import DisclosurePolicy
    >>> df = pd.DataFrame({"psu": [1, 2, 1, 2], "stratum": ["a", "a", "b", "b"], "y": [1, 2, 3, 4]})
    >>> study = SimpleNamespace(root=pathlib.Path(tempfile.mkdtemp()),
    ...                         design={"ids": "psu", "strata": "stratum"}, policy=DisclosurePolicy())
    >>> study_design(df, study)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    wpsresearch.errors.StudyConfigError: ...study.yml, column 'psu': the design in study.yml does not fit the processed data: clusters are not nested in strata... What to do: if cluster numbers restart within each stratum, add nest: true to design: in study.yml.
    """
    from wpsresearch.stats.design import SurveyDesign

    if len(frame) == 0:
        from wpsresearch.errors import InputError

        processed = getattr(study, "processed_dir", None)
        raise InputError(
            "the processed data hold no interview: every record was removed by the build",
            file=(processed / "deletion_log.csv") if processed is not None else None,
            hint="the deletion log says why each was removed (e.g. consent: check "
                 "consent.column and consent.yes in study.yml against the export's answers)")
    try:
        return SurveyDesign(frame, **dict(study.design), policy=study.policy, **options)
    except DesignError as exc:
        hint = exc.hint or "correct the design: block of study.yml"
        for python, yaml in _YAML_WORDS:
            hint = hint.replace(python, yaml)
        raise StudyConfigError(
            f"the design in study.yml does not fit the processed data: {exc.message}",
            file=study.root / "study.yml", row=_design_line(study), column=exc.column,
            hint=hint) from None
