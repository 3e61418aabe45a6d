"""``StudyRecord``: what the indicator store keeps about one round of one study (provenance).

Built from a :class:`~wpsresearch.study.Study` and its processed data
(:meth:`StudyRecord.from_study`) or by hand for results from elsewhere.  It holds no
microdata: a name, titles, the synthetic flag, when fieldwork took place, the places it
covered (p-codes) and the checksums of the processed files the estimates came from.

Examples
--------
>>> from wpsresearch.monitor import StudyRecord
>>> r = StudyRecord(study="wps_survey", title_en="WPS survey", round_date="2026-03-01",
...                 synthetic=False, province_pcodes=("IQG02",))
>>> r.round_date, r.area
('2026-03-01', 'IQG02')
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, field

from wpsresearch.errors import InputError

__all__ = ["StudyRecord"]


def _iso_date(value, what: str) -> str:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    try:
        return _dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise InputError(f"{what} must be a date like 2026-03-01, not {value!r}",
                         hint="give the fieldwork date as YYYY-MM-DD") from None


@dataclass(frozen=True)
class StudyRecord:
    """Provenance of one study round in the indicator store.

    Parameters
    ----------
    study : str
        The study's name (its folder name, ``Study.name``).
    title_en, title_ar : str
    round_date : date or str
        When the round's fieldwork began (``YYYY-MM-DD``): the time axis of every trend.
    synthetic : bool
        SYNTHETIC data: every row and every output then says so.
    province_pcodes, district_pcodes : tuple of str
        The governorates (ADM1) and districts (ADM2) the study covered.
    fieldwork_end : date or str, optional
    manifest : dict, optional
        The processed data's ``manifest.json`` (input and output checksums).
    """

    study: str
    title_en: str
    round_date: str
    synthetic: bool
    province_pcodes: tuple = ()
    district_pcodes: tuple = ()
    title_ar: str = ""
    fieldwork_end: str | None = None
    manifest: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        if not str(self.study).strip():
            raise InputError("a study record needs the study's name")
        object.__setattr__(self, "round_date", _iso_date(self.round_date, "round_date"))
        if self.fieldwork_end is not None:
            object.__setattr__(self, "fieldwork_end", _iso_date(self.fieldwork_end, "fieldwork_end"))
        if not isinstance(self.synthetic, bool):
            raise InputError(f"synthetic must be true or false, not {self.synthetic!r}")
        object.__setattr__(self, "province_pcodes", tuple(sorted(self.province_pcodes)))
        object.__setattr__(self, "district_pcodes", tuple(sorted(self.district_pcodes)))
        if self.synthetic and "SYNTHETIC" not in self.title_en.upper():
            object.__setattr__(self, "title_en", f"{self.title_en} (SYNTHETIC)")

    @property
    def area(self) -> str:
        """The places an estimate of the whole sample describes: its p-codes joined by ``+``."""
        return "+".join(self.province_pcodes) or "IQ"

    @property
    def manifest_json(self) -> str:
        """The manifest's checksums as canonical JSON (inputs and outputs only; no paths)."""
        keep = {k: self.manifest[k] for k in ("inputs", "outputs", "wpsresearch_version") if k in self.manifest}
        return json.dumps(keep, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @property
    def manifest_sha256(self) -> str:
        """SHA-256 of :attr:`manifest_json`: one value to cite the exact processed data."""
        return hashlib.sha256(self.manifest_json.encode("utf-8")).hexdigest() if self.manifest else ""

    @classmethod
    def from_study(cls, study, *, round_date=None) -> "StudyRecord":
        """The record of a built study: names and places from ``study.yml``, checksums from
        ``data/processed/<study>/manifest.json``, fieldwork dates from the processed data.

        Parameters
        ----------
        study : Study
        round_date : date or str, optional
            When fieldwork began.  By default the earliest interview date in the processed
            data, read from the columns the form declares as ``start`` or ``today``.

        Raises
        ------
        InputError
            When the study has not been built, or no fieldwork date can be found and none is given.
        """
        folder = study.processed_dir
        path = folder / "manifest.json"
        if not path.is_file():
            raise InputError("the study has not been built (no manifest.json)", file=path,
                             hint=f"run: wpsresearch build {study.root}")
        manifest = json.loads(path.read_text(encoding="utf-8"))
        start, end = _fieldwork_dates(study)
        if round_date is None and start is None:
            raise InputError("no fieldwork date: the form has no 'start' or 'today' question with values",
                             file=study.form, hint="pass round_date='YYYY-MM-DD' (when fieldwork began)")
        districts = ()
        try:
            frame = study.read_processed("respondents")
            if "adm2_pcode" in frame:
                districts = tuple(sorted({str(v) for v in frame["adm2_pcode"].dropna().unique()}))
        except InputError:
            pass
        return cls(study=study.name, title_en=study.title_in("en"), title_ar=study.title_in("ar"),
                   round_date=round_date if round_date is not None else start, fieldwork_end=end,
                   synthetic=bool(study.synthetic), province_pcodes=tuple(study.province_pcodes().values()),
                   district_pcodes=districts, manifest=manifest)


def _fieldwork_dates(study):
    """Earliest and latest interview date from the form's ``start``/``today`` columns."""
    import pandas as pd


    v = study.read_form().variables
    names = v.loc[v["base_type"].isin(["start", "today"]), "name"].tolist()
    try:
        frame = study.read_processed("respondents")
    except InputError:
        return None, None
    dates = []
    for name in names:
        if name in frame:
            values = pd.to_datetime(frame[name].astype("string").str.slice(0, 10), errors="coerce").dropna()
            dates.append(values)
    if not dates or not any(len(d) for d in dates):
        return None, None
    values = pd.concat(dates)
    return values.min().date().isoformat(), values.max().date().isoformat()
