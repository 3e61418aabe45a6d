"""The monitoring framework as data: NAP 1325 pillars and sectors, SDG/WPS indicators.

``framework.yml`` (shipped beside this module) lists Iraq's INAP II pillars, the eight
sectors of the national WPS coordination reports and the SDG indicators a survey can
measure, each with English and Arabic titles and a ``reviewed`` flag for the Arabic (the
label table's rule).  A study's analysis plan points into it with its ``nap_pillar`` and
``sdg`` columns; :meth:`Framework.check_plan` refuses a code the framework does not define,
naming the code and the plan rows that use it.  The plan reader (``io``) applies it when it
reads a plan, and the indicator store (``monitor``) again when it stores results, so the
framework sits in a shared layer both can import.

Examples
--------
>>> from wpsresearch.framework import Framework
>>> fw = Framework.load()
>>> fw.pillar_codes
('participation', 'protection', 'prevention')
>>> fw.sdg["16.1.4"].en
'Proportion of population that feel safe walking alone around the area they live after dark'
>>> fw.normalise_sdg("SDG 5.2.1"), fw.normalise_nap("Climate change")
('5.2.1', 'climate_change')
>>> fw.normalise_sdg("5.9.9")
Traceback (most recent call last):
...
wpsresearch.errors.InputError: column 'sdg': unknown SDG indicator code '5.9.9'. What to do: ...
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from wpsresearch.errors import InputError

__all__ = ["Framework", "FrameworkEntry"]

_SDG_CODE = re.compile(r"^(\d{1,2})\.([0-9a-z])\.(\d{1,2})$")
_TOP_KEYS = {"version", "nap", "sdg"}
_NAP_KEYS = {"pillars", "sectors"}
_ENTRY_KEYS = {"en", "ar", "reviewed", "note"}
_SDG_KEYS = _ENTRY_KEYS | {"nap", "measured_by"}
_MEASURED_BY = {"survey", "administrative"}


@dataclass(frozen=True)
class FrameworkEntry:
    """One pillar, sector or SDG indicator: code, titles, whether the Arabic is reviewed."""

    code: str
    kind: str            # "pillar", "sector" or "sdg"
    en: str
    ar: str
    reviewed: bool
    nap: str | None = None          # SDG indicators: the pillar/sector they report under
    measured_by: str | None = None  # SDG indicators: "survey" or "administrative"
    note: str | None = None

    def title(self, lang: str = "en") -> str:
        """The title in ``lang`` (``"en"`` or ``"ar"``)."""
        return self.ar if lang == "ar" else self.en


def _lines(text: str) -> dict:
    """1-based line of every mapping key, by its path (``("sdg", "5.2.1", "en")``)."""
    import yaml

    out: dict = {}

    def walk(node, path):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                p = (*path, str(k.value))
                out[p] = k.start_mark.line + 1
                walk(v, p)

    try:
        walk(yaml.compose(text), ())
    except yaml.YAMLError:
        pass
    return out


class _Reader:
    """Validates the parsed YAML, raising errors that name the file, line and key."""

    def __init__(self, path, lines):
        self.path, self.lines = path, lines

    def fail(self, message, path=(), hint=None):
        row = None
        for k in range(len(path), 0, -1):
            row = self.lines.get(tuple(path[:k]))
            if row:
                break
        raise InputError(f"{'.'.join(path) + ': ' if path else ''}{message}", file=self.path,
                         row=row, hint=hint or "see the comments at the top of framework.yml")

    def mapping(self, value, path, allowed=None, required=()):
        if not isinstance(value, dict) or not value:
            self.fail("must be a non-empty mapping", path)
        for key in value:
            if allowed is not None and key not in allowed:
                self.fail(f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})", (*path, str(key)))
        for key in required:
            if key not in value:
                self.fail(f"missing key '{key}'", path)
        return value

    def entry(self, code, value, path, kind):
        allowed = _SDG_KEYS if kind == "sdg" else _ENTRY_KEYS
        value = self.mapping(value, path, allowed, ("en", "ar", "reviewed"))
        for lang in ("en", "ar"):
            if not isinstance(value[lang], str) or not value[lang].strip():
                self.fail(f"'{lang}' must be a non-empty text", (*path, lang))
        if not isinstance(value["reviewed"], bool):
            self.fail("'reviewed' must be true or false", (*path, "reviewed"))
        if kind == "sdg" and value.get("measured_by", "survey") not in _MEASURED_BY:
            self.fail(f"'measured_by' must be one of {sorted(_MEASURED_BY)}", (*path, "measured_by"))
        return FrameworkEntry(code=code, kind=kind, en=" ".join(value["en"].split()),
                              ar=" ".join(value["ar"].split()), reviewed=value["reviewed"],
                              nap=value.get("nap"), measured_by=value.get("measured_by", "survey")
                              if kind == "sdg" else None, note=value.get("note"))


@dataclass(frozen=True)
class Framework:
    """The NAP 1325 / SDG monitoring framework (load it with :meth:`load`).

    Attributes
    ----------
    pillars, sectors, sdg : mapping of code -> FrameworkEntry
        INAP II pillars, the coordination reports' sectors, SDG/WPS indicators (in file order).
    source : str
        Where it was read from.
    """

    pillars: MappingProxyType
    sectors: MappingProxyType
    sdg: MappingProxyType
    source: str

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path=None) -> "Framework":
        """Read and validate a framework YAML (default: the one shipped with the package).

        Raises
        ------
        InputError
            Naming the file, the line and the key: unknown keys, missing titles, a malformed
            SDG code, an indicator pointing at an undefined pillar or sector.
        """
        if path is None:
            return _shipped()
        return cls._read(path)

    @classmethod
    def _read(cls, path=None) -> "Framework":
        import yaml

        if path is None:
            text = resources.files("wpsresearch.framework").joinpath("framework.yml").read_text(encoding="utf-8")
            source = "wpsresearch/framework/framework.yml"
        else:
            source = str(path)
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"cannot read the framework ({type(exc).__name__})", file=source,
                                 hint="give a UTF-8 YAML file like wpsresearch/framework/framework.yml") from None
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError(f"not valid YAML ({getattr(exc, 'problem', exc)})", file=source,
                             row=mark.line + 1 if mark else None,
                             hint="check the indentation and quote SDG codes (\"5.2.1\")") from None
        return cls._from_mapping(raw, _Reader(source, _lines(text)), source)

    @classmethod
    def _from_mapping(cls, raw, r: _Reader, source: str) -> "Framework":
        r.mapping(raw, (), _TOP_KEYS, ("version", "nap", "sdg"))
        if raw["version"] != 1:
            r.fail(f"unsupported version {raw['version']!r} (this wpsresearch reads version 1)", ("version",))
        nap = r.mapping(raw["nap"], ("nap",), _NAP_KEYS, ("pillars", "sectors"))
        groups = {}
        for group, kind in (("pillars", "pillar"), ("sectors", "sector")):
            items = r.mapping(nap[group], ("nap", group))
            for code in items:
                if not re.fullmatch(r"[a-z][a-z0-9_]*", str(code)):
                    r.fail(f"code '{code}' must be a lower-case slug (letters, digits, _)", ("nap", group, str(code)))
            groups[group] = {str(c): r.entry(str(c), v, ("nap", group, str(c)), kind) for c, v in items.items()}
        nap_codes = set(groups["pillars"]) | set(groups["sectors"])
        sdg = {}
        for code, value in r.mapping(raw["sdg"], ("sdg",)).items():
            code = str(code)
            if not _SDG_CODE.match(code):
                r.fail(f"'{code}' is not an SDG indicator code like \"5.2.1\" (quote it in YAML)", ("sdg", code))
            entry = r.entry(code, value, ("sdg", code), "sdg")
            if entry.nap is not None and entry.nap not in nap_codes:
                r.fail(f"names pillar/sector '{entry.nap}', which the framework does not define",
                       ("sdg", code, "nap"))
            sdg[code] = entry
        freeze = MappingProxyType
        return cls(pillars=freeze(groups["pillars"]), sectors=freeze(groups["sectors"]),
                   sdg=freeze(sdg), source=source)

    # ------------------------------------------------------------------ codes
    @property
    def pillar_codes(self) -> tuple:
        return tuple(self.pillars)

    @property
    def nap_codes(self) -> tuple:
        """Every code a plan's ``nap_pillar`` may name: the pillars, then the other sectors."""
        return tuple(self.pillars) + tuple(c for c in self.sectors if c not in self.pillars)

    def nap_entry(self, code: str) -> FrameworkEntry:
        """The pillar (or, if no pillar has that code, the sector) ``code``."""
        return self.pillars.get(code) or self.sectors[code]

    def normalise_nap(self, value, *, file=None, row=None):
        """``value`` as a framework pillar/sector code (``"Climate change"`` -> ``climate_change``);
        ``None`` for an empty cell.

        Raises
        ------
        InputError
            For a code the framework does not define (naming it and the allowed codes).
        """
        if _blank(value):
            return None
        code = re.sub(r"[\s\-]+", "_", str(value).strip().lower())
        if code not in self.pillars and code not in self.sectors:
            raise InputError(f"unknown NAP pillar/sector code '{value}'", file=file, row=row, column="nap_pillar",
                             hint=f"use one of {', '.join(self.nap_codes)} (wpsresearch/framework/framework.yml)")
        return code

    def normalise_sdg(self, value, *, file=None, row=None):
        """``value`` as SDG codes joined by ``"; "`` (``"SDG 5.2.1"`` -> ``"5.2.1"``);
        ``None`` for an empty cell.  Several codes may be separated by ``;`` or ``,``.

        Raises
        ------
        InputError
            For a code the framework does not define.
        """
        if _blank(value):
            return None
        codes = []
        for part in re.split(r"[;,]", str(value)):
            code = re.sub(r"^sdg\s*", "", part.strip().lower()).strip()
            if not code:
                continue
            if code not in self.sdg:
                raise InputError(f"unknown SDG indicator code '{part.strip()}'", file=file, row=row, column="sdg",
                                 hint=f"use one of {', '.join(self.sdg)}, or add the indicator to the framework")
            codes.append(code)
        return "; ".join(dict.fromkeys(codes)) or None

    def check_plan(self, frame, *, file=None, sheet=None, error=InputError):
        """Normalised ``nap_pillar`` and ``sdg`` columns of an analysis plan or results frame.

        Parameters
        ----------
        frame : pandas.DataFrame
            With ``nap_pillar`` and/or ``sdg`` columns (and ``plan_row``, the plan's row, when
            it is a results frame: errors then name the plan's rows).
        file, sheet : str, optional
            The plan's file name (and sheet), for error messages.
        error : type, optional
            The :class:`~wpsresearch.errors.InputError` subclass to raise (the plan reader
            raises :class:`~wpsresearch.errors.AnalysisPlanError`).

        Returns
        -------
        pandas.DataFrame
            ``nap_pillar`` and ``sdg`` (codes or None), same index as ``frame``.

        Raises
        ------
        InputError
            Listing *every* unknown code and the rows that use it.
        """
        import pandas as pd

        rows = frame["plan_row"] if "plan_row" in frame else pd.Series(range(2, len(frame) + 2), index=frame.index)
        out = pd.DataFrame(index=frame.index)
        problems: dict = {}
        for column, norm in (("nap_pillar", self.normalise_nap), ("sdg", self.normalise_sdg)):
            values = frame[column] if column in frame else pd.Series(None, index=frame.index, dtype=object)
            cache, result = {}, []
            for value, row in zip(values, rows):
                key = None if _blank(value) else str(value)
                if key not in cache:
                    try:
                        cache[key] = norm(value)
                    except InputError:
                        cache[key] = _BAD
                if cache[key] is _BAD:
                    problems.setdefault((column, key), []).append(_row(row))
                    result.append(None)
                else:
                    result.append(cache[key])
            out[column] = pd.Series(result, index=frame.index, dtype=object)
        if problems:
            parts = [f"{col} '{code}' (plan row{'s' if len(r) > 1 else ''} {', '.join(map(str, sorted(set(r))))})"
                     for (col, code), r in problems.items()]
            bad_rows = sorted({r for rows_ in problems.values() for r in rows_}, key=str)
            raise error(
                f"unknown framework code{'s' if len(parts) > 1 else ''}: " + "; ".join(parts), file=file,
                sheet=sheet, row=bad_rows[0] if len(bad_rows) == 1 else bad_rows,
                column=sorted({c for c, _ in problems}),
                hint=f"nap_pillar must be one of {', '.join(self.nap_codes)}; sdg one of {', '.join(self.sdg)} "
                     "(wpsresearch/framework/framework.yml)")
        return out

    def to_frame(self):
        """Every entry as a row: ``kind, code, en, ar, reviewed, nap, measured_by``."""
        import pandas as pd

        entries = [*self.pillars.values(), *self.sectors.values(), *self.sdg.values()]
        return pd.DataFrame([{"kind": e.kind, "code": e.code, "en": e.en, "ar": e.ar, "reviewed": e.reviewed,
                              "nap": e.nap, "measured_by": e.measured_by} for e in entries])


_BAD = object()


@functools.lru_cache(maxsize=1)
def _shipped() -> Framework:
    """The framework shipped with the package, read once (it is immutable)."""
    return Framework._read(None)


def _blank(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        pass
    return not str(value).strip()


def _row(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return value
