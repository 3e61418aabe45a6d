"""A study: one folder of raw inputs described by its ``study.yml``.

``Study.load(folder)`` reads and validates ``study.yml`` (see DESIGN.md, "study.yml"): unknown
keys, missing files, malformed blocks and design columns the form does not define are all
refused with a :class:`~wpsresearch.errors.StudyConfigError` naming the file, the line and what
to do.  Nothing is read from the submissions at load time: loading is cheap.

Examples
--------
>>> import wpsresearch as wps
>>> study = wps.Study.load(wps.datasets.example_study_dir())   # doctest: +SKIP
>>> study.synthetic, study.provinces                           # doctest: +SKIP
(True, ('basra', 'kirkuk', 'baghdad', 'salah_ad_din'))

A folder without ``study.yml`` is refused:

>>> import tempfile
>>> wps.Study.load(tempfile.mkdtemp())  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
wpsresearch.errors.StudyConfigError: ...study.yml: no study.yml in this folder. What to do: ...
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from wpsresearch.errors import StudyConfigError, WpsError
from wpsresearch.io.yaml_text import _yaml_loader, load_yaml

__all__ = ["Study", "STUDY_KEYS", "CHECK_KEYS", "enumerator_column"]

# The names forms give the question naming the enumerator (REACH: enum_id, enumerator_id;
# others: interviewer, enqueteur, data_collector); checks.enumerator_column overrides.
_ENUMERATOR = re.compile(r"^(enum|enumerator|interviewer|enqueteur|data_?collector|collector)"
                         r"(_?(id|code|name|number|no|nb))?$", re.IGNORECASE)


def enumerator_column(checks, columns) -> str:
    """The column naming each interview's enumerator: ``checks.enumerator_column`` when
    study.yml sets it, else the first of ``columns`` named as forms name it (``enumerator``,
    ``enum_id``, ``enumerator_code``, ``interviewer`` …), else ``"enumerator"``.

    Examples
    --------
    >>> enumerator_column({}, ["consent", "enum_id", "age"])
    'enum_id'
    >>> enumerator_column({"enumerator_column": "team_member"}, ["enum_id"])
    'team_member'
    >>> enumerator_column({}, ["consent"])
    'enumerator'
    """
    checks = dict(checks or {})
    if checks.get("enumerator_column"):
        return str(checks["enumerator_column"])
    names = [str(c) for c in columns]
    if "enumerator" in names:
        return "enumerator"
    return next((c for c in names if _ENUMERATOR.match(c.rsplit("/", 1)[-1])), "enumerator")

# key -> (required, expected python type(s), description); the README's study.yml section and
# this table are the whole schema.
STUDY_KEYS = {
    "title": (True, (dict, str), "study title, {en: ..., ar: ...}"),
    "synthetic": (False, bool, "true when the data are synthetic: every output then says SYNTHETIC"),
    "form": (True, str, "the XLSForm file, relative to the study folder"),
    "form_repairs": (False, bool, "true: read a form pyxform refuses for a repairable reason "
                                  "(label-only designer-note rows, a choice repeated in a list, a "
                                  "missing choice list) with the repairs listed; default false"),
    "submissions": (True, str, "the export: Kobo .csv/.xlsx, ODK Central .csv/.zip, SPSS .sav"),
    "sampling_frame": (False, str, "optional sampling-frame CSV (PSU list with selection probabilities)"),
    "languages": (False, list, "report languages, e.g. [en, ar]"),
    "provinces": (True, list, "provinces: slugs, p-codes or names in English or Arabic, e.g. [basra, Kirkuk, نينوى]"),
    "design": (True, dict, "survey design: ids, strata, weights, fpc, lonely_psu, nest"),
    "consent": (True, dict, "consent question: {column: consent, yes: 'yes'}"),
    "pii_columns": (False, list, "declared direct identifiers (dropped before anything is written)"),
    "keep_columns": (False, list, "export columns outside the form to keep in processed data "
                                  "(checked for identifiers; everything else not in the form is dropped)"),
    "missing_codes": (False, dict, "special codes per variable, e.g. {default: {98: dont_know}}"),
    "checks": (False, dict, "cleaning-check thresholds"),
    "disclosure": (False, dict, "disclosure control: min_cell, zeros_disclosive, min_n, ..."),
    "key_variables": (False, list, "quasi-identifiers for the disclosure-risk report"),
    "admin_columns": (False, dict, "questions holding governorate/district: {adm1: governorate, adm2: district}"),
    "headline_indicators": (False, list, "indicators for key findings and fact sheets (when the "
                            "analysis plan marks no headline rows)"),
    "analysis_plan": (False, (str, dict), "the analysis plan (list of analysis), CSV or XLSX: "
                      "analysis_plan.csv, or {file: ..., missing_answers: exclude|include, "
                      "proportion_ci: logit|mean}"),
    "indicators": (False, dict, "the package's standard indicators mapped to this form's "
                   "questions, e.g. {dhs_ipv: {physical: [...], sexual: [...], ...}}"),
    "report_cells": (False, str, "study-specific notebook cells (py:percent or .ipynb) added "
                     "below the plan's part of the province report"),
    "secret_env": (False, str, "environment variable holding the pseudonymisation secret"),
}
# study.yml ``checks:`` keys and what each does (clean.clean_survey reads them; docs list them).
CHECK_KEYS = {
    "min_duration_minutes": "flag interviews shorter than this (default 10)",
    "max_duration_minutes": "flag interviews longer than this (default: none)",
    "audit_files": "Kobo media export (ZIP) holding each submission's audit.csv, relative to the study folder",
    "outlier_method": "sd (default: |x - mean| > outlier_sd SD) or iqr (Tukey's fences)",
    "outlier_sd": "SDs from the mean for an outlier, raw and log(x + 1) scales (default 3)",
    "outlier_iqr": "IQRs beyond the quartiles for an outlier with outlier_method: iqr (default 1.5)",
    "outlier_min_unique": "skip numeric questions with at most this many distinct values",
    "soft_duplicate_max_differences": "flag interviews differing from another of the same enumerator in at most this many answers (default 7)",
    "enumerator_column": "question naming the enumerator (default enumerator, else the form's "
                         "enum_id / enumerator_code / interviewer …)",
    "duplicate_columns": "questions whose repeated combination flags a duplicate interview",
    "missingness_threshold": "flag interviews leaving more than this share of asked questions empty (default 0.5)",
    "gps_column": "geopoint question checked against the sampled point",
    "sample_point_column": "question holding the sampled point's id (default psu)",
    "frame_point_column": "sampling-frame column with the point id (default: sample_point_column)",
    "frame_latitude": "sampling-frame latitude column (default latitude)",
    "frame_longitude": "sampling-frame longitude column (default longitude)",
    "max_distance_m": "flag GPS points farther than this from their sampled point (default 500)",
    "collection_start": "first day of data collection (YYYY-MM-DD): earlier interview dates are flagged",
    "collection_end": "last day of data collection (YYYY-MM-DD): later interview dates are flagged",
}
_SUBKEYS = {
    "design": {"ids", "strata", "weights", "fpc", "lonely_psu", "nest"},
    "consent": {"column", "yes"},
    "checks": set(CHECK_KEYS),
    "disclosure": {"min_cell", "zeros_disclosive", "min_n", "district_maps_for_sgbv", "round_to"},
    "admin_columns": {"adm1", "adm2"},
}
_LANGUAGES = {"en", "ar"}
_LONELY = {"fail", "remove", "adjust", "average"}


def _key_lines(text: str) -> dict[str, int]:
    """Line number (1-based) of every top-level and second-level key, for error messages."""
    import yaml

    lines: dict[str, int] = {}
    try:
        node = yaml.compose(text, Loader=_yaml_loader())
    except yaml.YAMLError:
        return lines
    if not isinstance(node, yaml.MappingNode):
        return lines
    for k, v in node.value:
        lines[str(k.value)] = k.start_mark.line + 1
        if isinstance(v, yaml.MappingNode):
            for k2, _ in v.value:
                lines[f"{k.value}.{k2.value}"] = k2.start_mark.line + 1
    return lines


def _suggest(key: str, allowed) -> str:
    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    return f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(sorted(allowed))}"


def _plan_entry(entry, folder: Path, fail):
    """``analysis_plan:`` as a file name or ``{file: ..., <plan option>: ...}``: (path, options)."""
    from wpsresearch.io.analysis_plan import PLAN_OPTIONS

    if entry is None:
        return None, {}
    options = {}
    if isinstance(entry, dict):
        unknown = [k for k in entry if k != "file" and k not in PLAN_OPTIONS]
        if unknown:
            fail(f"unknown key 'analysis_plan.{unknown[0]}'", "analysis_plan",
                 _suggest(str(unknown[0]), {"file", *PLAN_OPTIONS}))
        if not isinstance(entry.get("file"), str):
            fail("analysis_plan needs its file: analysis_plan: {file: analysis_plan.csv}",
                 "analysis_plan")
        options = {k: v for k, v in entry.items() if k != "file"}
        for key, value in options.items():
            if value not in PLAN_OPTIONS[key]:
                fail(f"analysis_plan.{key} must be one of {', '.join(PLAN_OPTIONS[key])}, "
                     f"not {value!r}", "analysis_plan")
        entry = entry["file"]
    path = (folder / entry).resolve()
    if not path.is_file():
        fail(f"'analysis_plan' names {entry!r}, which does not exist in {folder}", "analysis_plan",
             "put the plan (CSV or XLSX) in the study folder or correct 'analysis_plan'")
    return path, options


def _as_tuple(value) -> tuple:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


@dataclass(frozen=True)
class Study:
    """A validated ``study.yml`` and the folder it describes.

    Attributes mirror the keys of ``study.yml``; paths (``form``, ``submissions``,
    ``sampling_frame``) are absolute.  ``name`` is the folder name (``synthetic``), used for
    ``data/processed/<name>`` and ``reports/<name>``.
    """

    root: Path
    name: str
    title: MappingProxyType
    synthetic: bool
    form: Path
    submissions: Path
    provinces: tuple
    design: MappingProxyType
    consent: MappingProxyType
    languages: tuple = ("en", "ar")
    sampling_frame: Path | None = None
    pii_columns: tuple = ()
    keep_columns: tuple = ()
    form_repairs: bool = False
    missing_codes: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    checks: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    disclosure: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    key_variables: tuple = ()
    admin_columns: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    headline_indicators: tuple = ()
    secret_env: str | None = None
    analysis_plan: Path | None = None
    plan_options: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    indicators: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    report_cells: Path | None = None

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, folder, *, check_form: bool = True) -> "Study":
        """Read and validate ``<folder>/study.yml``.

        Parameters
        ----------
        folder : path-like
            The study folder (holding ``study.yml``, the form and the submissions), or the
            path of ``study.yml`` itself.
        check_form : bool, default True
            Also read the XLSForm and check that the design, consent and PII columns are
            questions it defines.

        Raises
        ------
        StudyConfigError
            Naming ``study.yml``, the line, and what to do.
        """
        import yaml

        folder = Path(folder)
        path = folder if folder.name == "study.yml" else folder / "study.yml"
        folder = path.parent
        if not path.is_file():
            raise StudyConfigError(
                "no study.yml in this folder", file=path,
                hint="copy data/raw/synthetic/study.yml next to your form and export and edit it",
            )
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise StudyConfigError(
                f"study.yml is not UTF-8 text (byte {exc.start})", file=path,
                hint="save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)",
            ) from None
        try:
            raw = load_yaml(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise StudyConfigError(
                f"study.yml is not valid YAML ({getattr(exc, 'problem', exc)})", file=path,
                row=(mark.line + 1) if mark is not None else None,
                hint="check the indentation and that text with ':' or '#' is quoted",
            ) from None
        if not isinstance(raw, dict):
            raise StudyConfigError("study.yml must be a mapping of keys to values", file=path,
                                   hint="start from data/raw/synthetic/study.yml")
        study = cls._from_mapping(raw, folder=folder, path=path, lines=_key_lines(text))
        if check_form:
            study._check_against_form(path, _key_lines(text))
            if study.analysis_plan is not None:
                study.read_plan()  # its columns and values (names: against the built data)
        return study

    @classmethod
    def _from_mapping(cls, raw: dict, *, folder: Path, path: Path, lines: dict) -> "Study":
        def fail(msg, key=None, hint=None):
            raise StudyConfigError(msg, file=path, row=lines.get(key) if key else None, hint=hint)

        for key in raw:
            if key not in STUDY_KEYS:
                fail(f"unknown key '{key}'", key, _suggest(str(key), STUDY_KEYS))
        for key, (required, typ, desc) in STUDY_KEYS.items():
            if required and key not in raw:
                fail(f"missing required key '{key}' ({desc})", hint=f"add '{key}:' to study.yml")
            if key in raw and raw[key] is not None and not isinstance(raw[key], typ):
                names = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
                fail(f"'{key}' must be a {names} ({desc})", key)
        for block, allowed in _SUBKEYS.items():
            for sub in raw.get(block) or {}:
                if sub not in allowed:
                    fail(f"unknown key '{block}.{sub}'", f"{block}.{sub}", _suggest(str(sub), allowed))

        title = raw["title"]
        title = {"en": title} if isinstance(title, str) else dict(title)
        if not title.get("en"):
            fail("title needs an English text: title: {en: ..., ar: ...}", "title")
        synthetic = bool(raw.get("synthetic", False))
        if synthetic and "SYNTHETIC" not in str(title.get("en", "")).upper():
            fail("a synthetic study's English title must say SYNTHETIC", "title",
                 "add '(SYNTHETIC)' to title.en")

        def existing(key):
            rel = raw.get(key)
            if rel is None:
                return None
            p = (folder / rel).resolve()
            if not p.is_file():
                fail(f"'{key}' names {rel!r}, which does not exist in {folder}", key,
                     f"put the file in the study folder or correct '{key}'")
            return p

        languages = tuple(raw.get("languages") or ("en", "ar"))
        bad = [lang for lang in languages if lang not in _LANGUAGES]
        if bad:
            fail(f"unsupported language(s) {bad}", "languages", "use en and/or ar")

        from wpsresearch.geo.places import province_slug_of

        if not raw["provinces"]:
            fail("'provinces' is empty", "provinces", "list at least one province slug")
        # a scholar writes the names she knows (Basrah, البصرة, NINEWA): each becomes the
        # package's slug, which names report folders and notebook parameters
        slugs = []
        for p in raw["provinces"]:
            try:
                slugs.append(province_slug_of(str(p)))
            except StudyConfigError as exc:
                fail(exc.message, "provinces", exc.hint)
        provinces = tuple(dict.fromkeys(slugs))

        design = dict(raw["design"])
        if design.get("lonely_psu", "fail") not in _LONELY:
            fail(f"design.lonely_psu must be one of {sorted(_LONELY)}", "design.lonely_psu")
        consent = dict(raw["consent"])
        if not consent.get("column"):
            fail("consent.column is required: records without consent never enter processing",
                 "consent", "name the consent question, e.g. consent: {column: consent, yes: 'yes'}")
        consent.setdefault("yes", "yes")
        disclosure = dict(raw.get("disclosure") or {})
        from wpsresearch.privacy.policy import DisclosurePolicy

        try:
            DisclosurePolicy.from_study(disclosure)
        except WpsError as exc:
            fail(exc.message, "disclosure")
        secret_env = raw.get("secret_env")
        if secret_env is not None and not str(secret_env).replace("_", "").isalnum():
            fail("secret_env must be an environment-variable name, not the secret itself",
                 "secret_env", "e.g. secret_env: WPSRESEARCH_SECRET_MYSTUDY")

        both = sorted(set(map(str, raw.get("keep_columns") or ())) & set(map(str, raw.get("pii_columns") or ())))
        if both:
            fail(f"keep_columns names declared identifier column(s) {', '.join(both)}: an "
                 "identifier is never kept in processed data", "keep_columns",
                 "remove them from keep_columns (pii_columns are dropped before anything is written)")
        plan_path, plan_options = _plan_entry(raw.get("analysis_plan"), folder, fail)
        indicators = raw.get("indicators") or {}
        for family, spec in indicators.items():
            if not isinstance(spec, (dict, list)):
                fail(f"indicators.{family} must be a mapping of its items to your questions",
                     f"indicators.{family}",
                     "e.g. indicators: {dhs_ipv: {physical: [q1, q2], sexual: [q3], ...}}")
        freeze = MappingProxyType
        return cls(
            root=folder.resolve(),
            name=folder.resolve().name,
            title=freeze(title),
            synthetic=synthetic,
            form=existing("form"),
            submissions=existing("submissions"),
            sampling_frame=existing("sampling_frame"),
            languages=languages,
            provinces=provinces,
            design=freeze(design),
            consent=freeze(consent),
            pii_columns=tuple(raw.get("pii_columns") or ()),
            keep_columns=tuple(str(c) for c in raw.get("keep_columns") or ()),
            form_repairs=bool(raw.get("form_repairs", False)),
            missing_codes=freeze(dict(raw.get("missing_codes") or {})),
            checks=freeze(dict(raw.get("checks") or {})),
            disclosure=freeze(disclosure),
            key_variables=tuple(raw.get("key_variables") or ()),
            admin_columns=freeze(dict(raw.get("admin_columns") or {})),
            headline_indicators=tuple(raw.get("headline_indicators") or ()),
            secret_env=secret_env,
            analysis_plan=plan_path,
            plan_options=freeze(plan_options),
            indicators=freeze(dict(indicators)),
            report_cells=existing("report_cells"),
        )

    def read_form(self):
        """The study's form as a :class:`~wpsresearch.io.Codebook`, read as pyxform reads it.

        With ``form_repairs: true`` in study.yml, a form pyxform refuses for a repairable
        reason is read with ``strict=False``: the study's author asked for the repairs, so
        they are not raised as warnings again on every read but listed in the codebook's
        ``warnings`` (``wpsresearch check-study`` and ``build`` print them).
        """
        import warnings

        from wpsresearch.errors import WpsWarning
        from wpsresearch.io import read_xlsform

        if not self.form_repairs:
            return read_xlsform(self.form)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", WpsWarning)
            return read_xlsform(self.form, strict=False)

    def _check_against_form(self, path: Path, lines: dict) -> None:
        codebook = self.read_form()
        names = set(codebook.names)
        # a design column may come from outside the form (weights merged into the export after
        # fieldwork): it must then be kept (keep_columns), or the build would drop it
        kept = set(self.keep_columns)
        wanted = [("consent", self.consent["column"])]
        for key in ("ids", "strata", "weights", "fpc"):
            for col in _as_tuple(self.design.get(key)):
                if col is not None and col not in kept:
                    wanted.append((f"design.{key}", col))
        wanted += [("pii_columns", c) for c in self.pii_columns]
        wanted += [(f"admin_columns.{k}", c) for k, c in self.admin_columns.items()]
        missing = [(k, c) for k, c in wanted if c not in names]
        adm1 = self.admin_columns.get("adm1", "governorate")
        if len(self.provinces) > 1 and adm1 not in names and not missing:
            # several provinces: each interview's governorate must come from the data
            raise StudyConfigError(
                f"the study has {len(self.provinces)} provinces, but the form has no question "
                f"'{adm1}' saying which governorate each interview is in", file=path,
                row=lines.get("admin_columns") or lines.get("provinces"),
                hint="name the question that holds the governorate: admin_columns: {adm1: "
                     "<question>} (its answers may be names in English or Arabic, p-codes or "
                     "choices labelled with the names)")
        if not missing:
            self._check_consent_answer(codebook, path, lines)
        if missing:
            key, col = missing[0]
            others = ", ".join(f"'{c}'" for _, c in missing[1:])
            more = f" (also: {others})" if others else ""
            raise StudyConfigError(
                f"{key} names column '{col}', which the form {self.form.name} does not define{more}",
                file=path, row=lines.get(key) or lines.get(key.split(".")[0]), column=col,
                hint="use the question's `name` from the form's survey sheet",
            )

    def _check_consent_answer(self, codebook, path: Path, lines: dict) -> None:
        """consent.yes must be a choice of a select consent question: a "Yes" or "1" where the
        form's choice is named ``yes`` removed every interview as consent-less."""
        column, yes = self.consent["column"], str(self.consent.get("yes"))
        row = codebook.question(column)
        if row["base_type"] not in ("select_one", "select_multiple"):
            return
        choices = [str(c) for c in dict.fromkeys(codebook.choices_for(column)["name"])]
        if not choices or yes in choices:
            return
        labels = {c: codebook.label(column, "en", choice=c) for c in choices}
        close = [c for c in choices if c.casefold() == yes.casefold()
                 or str(labels[c]).casefold() == yes.casefold()]
        shown = ", ".join(f"{c} ({labels[c]})" if labels[c] != c else c for c in choices[:8])
        raise StudyConfigError(
            f"consent.yes is {yes!r}, which is not a choice of the consent question "
            f"'{column}' (its choices: {shown}): every interview would be removed as consent-less",
            file=path, row=lines.get("consent.yes") or lines.get("consent"), column=column,
            hint=(f"write yes: {close[0]!r} (the choice's name, as the export writes it)"
                  if close else "write the name of the choice that means consent given"))

    # ------------------------------------------------------------------ helpers
    def read_plan(self, *, codebook=None, known=()):
        """The study's analysis plan (:func:`wpsresearch.io.read_analysis_plan`), with the
        plan-wide options of ``study.yml``.

        Raises
        ------
        StudyConfigError
            The study names no ``analysis_plan``.
        AnalysisPlanError
            A bad column or value in the plan (naming its row and column).
        """
        from wpsresearch.io.analysis_plan import read_analysis_plan

        if self.analysis_plan is None:
            raise StudyConfigError(
                "this study has no analysis plan", file=self.root / "study.yml",
                hint="write one row per analysis in analysis_plan.csv (IMPACT list-of-analysis "
                     "columns) and add 'analysis_plan: analysis_plan.csv' to study.yml")
        return read_analysis_plan(self.analysis_plan, codebook=codebook, known=known,
                                  **dict(self.plan_options))

    @property
    def policy(self):
        """The study's :class:`~wpsresearch.privacy.DisclosurePolicy`."""
        from wpsresearch.privacy.policy import DisclosurePolicy

        return DisclosurePolicy.from_study(dict(self.disclosure))

    def enumerator_column(self, columns) -> str:
        """:func:`enumerator_column` of this study's ``checks`` among ``columns``."""
        return enumerator_column(self.checks, columns)

    def title_in(self, lang: str = "en") -> str:
        """The title in ``lang`` (falls back to English)."""
        return self.title.get(lang) or self.title["en"]

    def province_pcodes(self) -> dict[str, str]:
        """``{slug: adm1_pcode}`` for the study's provinces."""
        from wpsresearch.geo.places import province_pcode

        return {p: province_pcode(p) for p in self.provinces}

    # ------------------------------------------------------------------ data on disk
    @property
    def processed_dir(self) -> Path:
        """Where ``wpsresearch build`` writes this study: ``data/processed/<name>``."""
        from wpsresearch.io.processed import processed_folder

        return processed_folder(self.root, self.name)

    def read_submissions(self):
        """The raw export (read-only), read through the study's form: a ``SurveyData``."""
        from wpsresearch.io.exports import read_export

        return read_export(self.submissions, form=self.read_form())

    def read_processed(self, table: str = "respondents"):
        """A cleaned table that ``wpsresearch build`` wrote (``respondents`` or a repeat).

        Notebooks start here: the data are consented, cleaned, typed and pseudonymised.

        Raises
        ------
        InputError
            When the study has not been built yet (says which command builds it).
        """
        from wpsresearch.io.processed import read_processed

        return read_processed(self.processed_dir, table, build_hint=f"wpsresearch build {self.root}")
