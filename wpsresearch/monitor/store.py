"""The indicator store: every published estimate, with its provenance, in embedded DuckDB.

One file (default ``data/indicators.duckdb``) collects the estimates of every study and
round so the next round, another province or the NAP 1325 review can use them.

What goes in (:func:`publish_results`): the rows of ``AnalysisResults.to_frame()`` that
passed the export gate.  A suppressed estimate never enters: only its key (indicator,
group, reason) is kept in ``withheld``, so the scorecard can say "suppressed" without a
number.  Every stored estimate is checked again against the study's
:class:`~wpsresearch.privacy.DisclosurePolicy` (its base and, for a percentage, its
numerator and complement); a row that breaks it stops the publication (fail closed).

Synthetic and real rows are never mixed without the flag (docs/monitoring.md):

* every view carries ``synthetic`` as its first column, and the study name and labels of a
  synthetic row say SYNTHETIC;
* ``real_estimates`` and ``synthetic_estimates`` hold one kind each;
* :meth:`IndicatorStore.query` refuses a result that mixes both kinds without a
  ``synthetic`` column.

Re-publishing a study round replaces its rows; publishing the same content again writes
nothing, so the file stays byte-identical.

Examples
--------
>>> from wpsresearch.monitor import IndicatorStore
>>> with IndicatorStore.open("duckdb::memory:") as store:
...     store.query("SELECT count(*) AS n FROM estimates")["n"].tolist()
[0]
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from wpsresearch.errors import DisclosureError, InputError
# the results contract (analysistools' table, then ours): one definition, in the stats stage
from wpsresearch.stats.analysis import RESULT_COLUMNS

__all__ = ["IndicatorStore", "publish_results", "RESULT_COLUMNS", "DEFAULT_LOCATION", "ENV_LOCATION"]

DEFAULT_LOCATION = Path("data") / "indicators.duckdb"
ENV_LOCATION = "WPSRESEARCH_INDICATOR_STORE"

_PROPORTIONS = ("prop_select_one", "prop_select_multiple")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS publications (
    study VARCHAR NOT NULL, round_date DATE NOT NULL, synthetic BOOLEAN NOT NULL,
    title_en VARCHAR, title_ar VARCHAR, fieldwork_end DATE,
    province_pcodes VARCHAR, district_pcodes VARCHAR, package_version VARCHAR,
    manifest_sha256 VARCHAR, manifest VARCHAR, n_estimates INTEGER, n_withheld INTEGER,
    content_sha256 VARCHAR NOT NULL, PRIMARY KEY (study, round_date));
CREATE TABLE IF NOT EXISTS estimate_rows (
    synthetic BOOLEAN NOT NULL, study VARCHAR NOT NULL, round_date DATE NOT NULL,
    area VARCHAR NOT NULL, adm1_pcode VARCHAR, adm2_pcode VARCHAR,
    indicator_id VARCHAR NOT NULL, analysis_type VARCHAR NOT NULL, analysis_var VARCHAR NOT NULL,
    analysis_var_value VARCHAR NOT NULL, label_en VARCHAR, label_ar VARCHAR,
    nap_pillar VARCHAR, sdg VARCHAR, group_var VARCHAR NOT NULL, group_value VARCHAR NOT NULL,
    estimate DOUBLE NOT NULL, se DOUBLE NOT NULL, ci_low DOUBLE, ci_high DOUBLE, df DOUBLE,
    level DOUBLE, n INTEGER NOT NULL, suppression_status VARCHAR NOT NULL, method VARCHAR,
    headline BOOLEAN, section VARCHAR, plan_row INTEGER, analysis_key VARCHAR NOT NULL,
    wording VARCHAR, denominator VARCHAR, signature VARCHAR NOT NULL,
    package_version VARCHAR, manifest_sha256 VARCHAR, group_label_en VARCHAR, group_label_ar VARCHAR);
CREATE TABLE IF NOT EXISTS withheld (
    synthetic BOOLEAN NOT NULL, study VARCHAR NOT NULL, round_date DATE NOT NULL, area VARCHAR,
    indicator_id VARCHAR NOT NULL, label_en VARCHAR, label_ar VARCHAR, nap_pillar VARCHAR,
    sdg VARCHAR, group_var VARCHAR, group_value VARCHAR, reason VARCHAR, group_label_en VARCHAR,
    group_label_ar VARCHAR);
CREATE TABLE IF NOT EXISTS covariances (
    synthetic BOOLEAN NOT NULL, study VARCHAR NOT NULL, round_date DATE NOT NULL,
    plan_row INTEGER NOT NULL, key_a VARCHAR NOT NULL, key_b VARCHAR NOT NULL,
    covariance DOUBLE NOT NULL);
"""
_TABLES = ("publications", "estimate_rows", "withheld", "covariances")
_GROUP_LABELS = ("group_label_en", "group_label_ar")

# Views: the flag first; a synthetic row's study and labels say so.
_VIEWS = """
CREATE OR REPLACE VIEW estimates AS
SELECT synthetic,
       CASE WHEN synthetic THEN study || ' (SYNTHETIC)' ELSE study END AS study,
       round_date, area, adm1_pcode, adm2_pcode, indicator_id,
       CASE WHEN synthetic THEN 'SYNTHETIC: ' || label_en ELSE label_en END AS label_en,
       CASE WHEN synthetic THEN 'مُصطنعة: ' || label_ar ELSE label_ar END AS label_ar,
       nap_pillar, sdg, group_var, group_value, group_label_en, group_label_ar,
       estimate, se, ci_low, ci_high, df, level, n,
       suppression_status, method, headline, section, analysis_type, analysis_var,
       analysis_var_value, analysis_key, plan_row, wording, denominator, signature,
       package_version, manifest_sha256
FROM estimate_rows;
CREATE OR REPLACE VIEW real_estimates AS SELECT * FROM estimates WHERE NOT synthetic;
CREATE OR REPLACE VIEW synthetic_estimates AS SELECT * FROM estimates WHERE synthetic;
CREATE OR REPLACE VIEW group_contrasts AS
SELECT a.synthetic, CASE WHEN a.synthetic THEN a.study || ' (SYNTHETIC)' ELSE a.study END AS study,
       a.round_date, a.plan_row, a.indicator_id, a.analysis_type, a.group_var,
       a.group_value AS first_value, b.group_value AS second_value, a.area AS first_area,
       b.area AS second_area, a.estimate AS first_estimate, b.estimate AS second_estimate,
       a.estimate - b.estimate AS difference,
       sqrt(greatest(va.covariance + vb.covariance - 2 * c.covariance, 0)) AS se,
       least(a.df, b.df) AS df, a.signature
FROM estimate_rows a
JOIN estimate_rows b ON b.study = a.study AND b.round_date = a.round_date AND b.plan_row = a.plan_row
     AND b.indicator_id = a.indicator_id AND b.group_var = a.group_var AND b.group_value > a.group_value
JOIN covariances c ON c.study = a.study AND c.round_date = a.round_date AND c.plan_row = a.plan_row
     AND c.key_a = least(a.analysis_key, b.analysis_key) AND c.key_b = greatest(a.analysis_key, b.analysis_key)
JOIN covariances va ON va.study = a.study AND va.round_date = a.round_date AND va.plan_row = a.plan_row
     AND va.key_a = a.analysis_key AND va.key_b = a.analysis_key
JOIN covariances vb ON vb.study = a.study AND vb.round_date = a.round_date AND vb.plan_row = a.plan_row
     AND vb.key_a = b.analysis_key AND vb.key_b = b.analysis_key
WHERE a.group_var <> '';
CREATE OR REPLACE VIEW studies AS
SELECT synthetic, CASE WHEN synthetic THEN study || ' (SYNTHETIC)' ELSE study END AS study,
       round_date, title_en, title_ar, fieldwork_end, province_pcodes, district_pcodes,
       package_version, manifest_sha256, n_estimates, n_withheld
FROM publications;
"""

_ORDER = ["synthetic", "study", "round_date", "area", "indicator_id", "group_var", "group_value", "analysis_key"]


def _resolve(location) -> str:
    """A DuckDB database path from a path, a ``duckdb:`` URL or the environment/default."""
    if location is None:
        location = os.environ.get(ENV_LOCATION) or str(DEFAULT_LOCATION)
    text = str(location)
    if text.startswith("duckdb:"):
        text = text[len("duckdb:"):]
        if text.startswith("//"):
            text = text[2:]
        if text in ("", ":memory:"):
            return ":memory:"
    if text == ":memory:":
        return text
    path = Path(text).expanduser()
    if path.suffix not in (".duckdb", ".db"):
        raise InputError(f"the indicator store must be a .duckdb file, not {text!r}",
                         hint="e.g. data/indicators.duckdb or duckdb:///path/to/indicators.duckdb")
    from wpsresearch.io.paths import ensure_writable

    return str(ensure_writable(path))


@dataclass
class IndicatorStore:
    """An open indicator store (use :meth:`open`, preferably as a context manager).

    Attributes
    ----------
    location : str
        The database file (or ``:memory:``).
    read_only : bool
    """

    location: str
    read_only: bool = False
    _con: object = None

    @classmethod
    def open(cls, location=None, *, read_only: bool = False) -> "IndicatorStore":
        """Open (and create, unless ``read_only``) the store.

        Parameters
        ----------
        location : path, ``duckdb:`` URL or None
            ``None``: the ``WPSRESEARCH_INDICATOR_STORE`` environment variable, else
            ``data/indicators.duckdb``.  ``duckdb::memory:`` for a throw-away store.
        read_only : bool
            Open an existing store for queries only (the file is never touched).
        """
        import duckdb

        where = _resolve(location)
        if where != ":memory:":
            if read_only and not Path(where).is_file():
                raise InputError("no indicator store here yet", file=where,
                                 hint="publish a study round first: wps.monitor.publish_study(study, results)")
            Path(where).parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(where, read_only=read_only and where != ":memory:")
        except duckdb.Error as exc:
            raise InputError(f"cannot open the indicator store ({type(exc).__name__}: {exc})", file=where,
                             hint="is another program writing to it? close it and try again") from None
        store = cls(location=where, read_only=read_only, _con=con)
        if not read_only or where == ":memory:":
            store._ensure_schema()
        return store

    def _ensure_schema(self):
        have = {r[0] for r in self._con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        if not {*_TABLES, "estimates", "studies", "group_contrasts"} <= have:
            self._con.execute(_SCHEMA)
            self._con.execute(_VIEWS)
        # a store written before the group labels were kept gains their columns (only then:
        # an up-to-date store is never touched, so re-publishing leaves its file byte-identical)
        columns = {(t, c) for t, c in self._con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'").fetchall()}
        missing = [(t, c) for t in ("estimate_rows", "withheld") for c in _GROUP_LABELS if (t, c) not in columns]
        if missing:
            for table, column in missing:
                self._con.execute(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR")
            self._con.execute(_VIEWS)

    def close(self):
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ reading
    def query(self, sql: str, params=None):
        """Run SQL on the store; a DataFrame.

        Raises
        ------
        InputError
            When the result mixes synthetic and real rows without a ``synthetic`` column
            (select it, or query ``real_estimates`` / ``synthetic_estimates``).
        """
        import duckdb

        try:
            frame = self._con.execute(sql, params or []).df()
        except duckdb.Error as exc:
            raise InputError(f"the SQL query failed ({type(exc).__name__}: {exc})",
                             hint="the views are estimates, real_estimates, synthetic_estimates, studies, "
                                  "withheld (docs/monitoring.md)") from None
        if "synthetic" not in frame.columns and len(frame) and self._mixes_kinds(sql, params, frame):
            raise InputError(
                "this query's result mixes synthetic and real rows without the 'synthetic' column",
                hint="add 'synthetic' to the SELECT list, or query real_estimates or synthetic_estimates")
        return frame

    def _mixes_kinds(self, sql, params, frame) -> bool:
        """Does the result differ from what the query gives on the synthetic rows alone *and*
        from what it gives on the real rows alone?  Then it mixes both (checked on scratch
        copies of the store holding one kind each)."""
        kinds = {r[0] for r in self._con.execute("SELECT DISTINCT synthetic FROM estimate_rows").fetchall()}
        kinds |= {r[0] for r in self._con.execute("SELECT DISTINCT synthetic FROM withheld").fetchall()}
        if len(kinds) < 2:
            return False
        import duckdb

        tables = {t: self._con.execute(f"SELECT * FROM {t}").df() for t in _TABLES}
        whole = sorted(map(repr, frame.itertuples(index=False, name=None)))
        differs = 0
        for flag in (True, False):
            cur = duckdb.connect()  # a scratch copy holding one kind only (the store is small)
            try:
                cur.execute(_SCHEMA)
                for name, frame in tables.items():
                    part = frame[frame["synthetic"] == flag]
                    if len(part):
                        cur.register("_t", part)
                        cur.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _t")
                        cur.unregister("_t")
                cur.execute(_VIEWS)
                one = cur.execute(sql, params or []).df()
                differs += sorted(map(repr, one.itertuples(index=False, name=None))) != whole
            finally:
                cur.close()
        return differs == 2

    def estimates(self, *, synthetic: bool | None = None):
        """All stored estimates (the ``estimates`` view), sorted; ``synthetic`` filters one kind."""
        where = "" if synthetic is None else f"WHERE synthetic = {bool(synthetic)}"
        return self.query(f"SELECT * FROM estimates {where} ORDER BY {', '.join(_ORDER)}")

    def studies(self):
        """One row per published study round (the ``studies`` view)."""
        return self.query("SELECT * FROM studies ORDER BY synthetic, study, round_date")

    def audit(self, policy, *, study: str | None = None) -> list:
        """Problems with what the store holds, checked against ``policy`` (empty = clean).

        Every stored estimate must have a value and a standard error, a published base of at
        least ``policy.min_n`` and the status ``published`` or ``bracketed``; ``withheld`` holds
        keys only.  ``study``: that study's rows only (each study has its own policy).  The
        demo and the tests call this on the whole database.
        """
        problems = []
        only = "" if study is None else " AND study = ?"
        params = [] if study is None else [str(study)]
        checks = [
            ("an estimate without a value or standard error",
             "estimate IS NULL OR se IS NULL OR isnan(estimate) OR isnan(se)"),
            (f"a base below min_n {policy.min_n}", f"n < {int(policy.min_n)}"),
            ("an unknown suppression status", "suppression_status NOT IN ('published', 'bracketed')"),
        ]
        for what, where in checks:
            n = self._con.execute(f"SELECT count(*) FROM estimate_rows WHERE ({where}){only}", params).fetchone()[0]
            if n:
                problems.append(f"{n} row(s) with {what}")
        cols = {r[0] for r in self._con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'withheld'").fetchall()}
        if cols & {"estimate", "se", "ci_low", "ci_high", "n"}:
            problems.append("the withheld table holds numbers")
        return problems

    def covariance(self, first, second) -> float:
        """The stored design-based covariance of two published estimates of one study round
        and plan row (rows of ``estimates`` or ``estimate_rows``; the same row twice: its
        variance).

        Raises
        ------
        EstimationError
            When the store has none: the round was published from a results frame, not
            ``AnalysisResults``, or one of them is not a published grouped estimate.
        """
        from wpsresearch.errors import EstimationError

        a, b = dict(first), dict(second)
        keys = sorted([str(a["analysis_key"]), str(b["analysis_key"])])
        study = str(a["study"])
        found = self._con.execute(
            "SELECT covariance FROM covariances WHERE (study = ? OR study || ' (SYNTHETIC)' = ?) "
            "AND round_date = ? AND plan_row = ? AND key_a = ? AND key_b = ?",
            [study, study, str(a["round_date"])[:10], int(a["plan_row"]), *keys]).fetchall()
        if not found:
            raise EstimationError(
                "the store holds no covariance for these estimates",
                hint="publish the round with wps.stats.analyse's AnalysisResults (not its frame), or compute "
                     "the contrast from the study with group_contrast()")
        return float(found[0][0])

    def withheld(self):
        """Estimates that were suppressed: keys and reason only, never a value."""
        return self.query("SELECT * FROM withheld ORDER BY synthetic, study, round_date, indicator_id, "
                          "group_var, group_value")

    # ------------------------------------------------------------------ writing
    def _replace(self, record, rows, withheld, covariances, content: str, version: str) -> bool:
        old = self._con.execute("SELECT content_sha256 FROM publications WHERE study = ? AND round_date = ?",
                                [record.study, record.round_date]).fetchall()
        if old and old[0][0] == content:
            return False
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            for table in _TABLES:
                con.execute(f"DELETE FROM {table} WHERE study = ? AND round_date = ?", [record.study, record.round_date])
            con.execute("INSERT INTO publications VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                record.study, record.round_date, record.synthetic, record.title_en, record.title_ar,
                record.fieldwork_end, ";".join(record.province_pcodes), ";".join(record.district_pcodes),
                version, record.manifest_sha256, record.manifest_json, len(rows), len(withheld), content])
            con.register("_rows", rows)
            con.execute("INSERT INTO estimate_rows BY NAME SELECT * FROM _rows")
            con.unregister("_rows")
            for name, frame in (("withheld", withheld), ("covariances", covariances)):
                if len(frame):
                    con.register("_frame", frame)
                    con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _frame")
                    con.unregister("_frame")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return True


def _text(series):
    return series.astype("string").fillna("").str.strip()


def _check_columns(results):
    import pandas as pd

    if not isinstance(results, pd.DataFrame):
        to_frame = getattr(results, "to_frame", None)
        if to_frame is None:
            raise InputError("publish_results() takes AnalysisResults or its .to_frame()")
        results = to_frame()
    missing = [c for c in RESULT_COLUMNS if c not in results.columns]
    if missing:
        raise InputError(f"the results lack the contract's column(s) {', '.join(missing)}", column=missing,
                         hint="pass wps.stats.analyse(...).to_frame() (docs/architecture.md, contract)")
    return results


def _places(values):
    """``(adm1, adm2)`` p-codes named by group values (p-codes or province slugs), else None."""
    import re

    from wpsresearch.geo.places import PROVINCE_SLUGS, province_pcode

    adm1 = adm2 = None
    for v in values:
        if re.fullmatch(r"IQG\d\dQ\d\d", v):
            adm2, adm1 = v, v[:5]
        elif re.fullmatch(r"IQG\d\d", v) and adm1 is None:
            adm1 = v
        elif v in PROVINCE_SLUGS and adm1 is None:
            adm1 = province_pcode(v)
    return adm1, adm2


def _split(text):
    return [p.strip() for p in str(text).split("%/%")] if str(text).strip() else []


def _signature(*parts) -> str:
    norm = "\x1f".join(" ".join(str(p or "").lower().split()) for p in parts)
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def _disclosure_problems(frame, policy):
    """Row positions whose published numbers break the policy (the gate should have caught them)."""
    bad = []
    for i, r in enumerate(frame.itertuples(index=False)):
        base = int(r.n_total) if r.n_total == r.n_total else 0
        if policy.small_base_rule(base) == "suppress":
            bad.append((i, f"base {base} below min_n {policy.min_n}"))
        elif r.analysis_type in _PROPORTIONS and policy.proportion_is_disclosive(int(r.n), base):
            bad.append((i, f"numerator or complement below min_cell {policy.min_cell}"))
    return bad


def publish_results(store: IndicatorStore, results, record, *, policy, framework=None,
                    wording=None, denominators=None, answers=None,
                    method: str = "design-based (wpsresearch.stats)") -> dict:
    """Append (or replace) one study round's published estimates in the store.

    Parameters
    ----------
    store : IndicatorStore
    results : AnalysisResults or DataFrame
        ``wps.stats.analyse(...)`` or its ``.to_frame()`` (the contract's columns).
    record : StudyRecord
        Study, round, synthetic flag, places and manifest checksums.
    policy : DisclosurePolicy
        The study's policy: every stored estimate is checked against it again.
    framework : Framework, optional
        Default: the shipped one.  Unknown ``nap_pillar``/``sdg`` codes are errors.
    wording : mapping, optional
        ``analysis_var -> question text`` (the form's label): part of the comparability
        signature, so rounds asked with different wordings are never compared.
    denominators : mapping, optional
        ``plan_row -> who is asked`` (the plan's ``where``), also part of the signature.
    answers : mapping, optional
        ``question -> answer -> {"en": text, "ar": text}`` (the form's choice labels,
        :func:`wpsresearch.stats.analysis_labels.form_texts`): each group's name in both
        languages (``group_label_en``/``_ar``; places are named by their p-code).
    method : str
        How the estimates were made (stored with each row).

    Returns
    -------
    dict
        ``{"written": bool, "estimates": k, "withheld": m, "covariances": c}``; ``written`` is
        False when the store already held exactly this content (nothing is written: the file
        is unchanged).  ``c``: covariances of grouped estimates kept for group contrasts
        (only when ``results`` is ``AnalysisResults``).

    Raises
    ------
    DisclosureError
        When an unsuppressed row breaks the policy (nothing is written).
    InputError
        For missing contract columns or unknown framework codes.
    """
    import pandas as pd

    from wpsresearch import __version__
    from wpsresearch.framework import Framework

    if store.read_only:
        raise InputError("the indicator store was opened read-only", file=store.location)
    analysed = results
    results = _check_columns(results).reset_index(drop=True)
    framework = framework or Framework.load()
    codes = framework.check_plan(results)
    wording, denominators = dict(wording or {}), dict(denominators or {})
    suppressed = results["suppressed"].fillna(True).astype(bool) | results["stat"].isna() | results["se"].isna()
    shown = results[~suppressed].reset_index(drop=True)
    shown_codes = codes[~suppressed.to_numpy()].reset_index(drop=True)
    bad = _disclosure_problems(shown, policy)
    if bad:
        rows = [int(shown["plan_row"].iloc[i]) if pd.notna(shown["plan_row"].iloc[i]) else i for i, _ in bad]
        raise DisclosureError(
            f"{len(bad)} estimate(s) marked publishable break the disclosure policy ({bad[0][1]}); "
            "nothing was stored", row=rows, hint="suppress them (wps.stats.analyse applies the study's policy)")
    n_pub, _ = policy.published_bases(shown["n_total"].fillna(0).to_numpy(),
                                      shown["n_missing"].fillna(0).to_numpy())
    rows = _rows(shown, shown_codes, record, n_pub, policy, (wording, denominators, method))
    held = results[suppressed].reset_index(drop=True)
    withheld = _withheld(held, codes[suppressed.to_numpy()].reset_index(drop=True), record)
    for frame, source in ((rows, shown), (withheld, held)):
        for column, texts in zip(_GROUP_LABELS, _group_labels(source, answers or {})):
            frame[column] = texts
    rows = rows.sort_values(_ORDER, kind="stable").reset_index(drop=True)
    withheld = withheld.sort_values(["indicator_id", "group_var", "group_value"], kind="stable").reset_index(drop=True)
    covariances = _covariances(analysed, shown, record)
    digest = hashlib.sha256()
    for frame in (rows, withheld, covariances):
        digest.update(pd.util.hash_pandas_object(frame.astype("string"), index=False).to_numpy().tobytes())
    digest.update(repr((record, record.manifest_json, __version__)).encode("utf-8"))
    written = store._replace(record, rows, withheld, covariances, digest.hexdigest(), __version__)
    return {"written": written, "estimates": len(rows), "withheld": len(withheld),
            "covariances": len(covariances)}


_COVARIANCE_COLUMNS = ["synthetic", "study", "round_date", "plan_row", "key_a", "key_b", "covariance"]


def _covariances(analysed, shown, record):
    """The design-based covariance of every pair of *published* estimates of one grouped plan
    row and one indicator (variances included): what a contrast between two groups of the
    round needs (``group_contrasts`` view, :func:`~wpsresearch.monitor.change.stored_contrast`).

    Only for ``AnalysisResults`` (a bare results frame carries no covariance).  Never a
    suppressed estimate's: its variance would give its value away.  Pairs are stored once,
    ``key_a <= key_b``.
    """
    import math

    import pandas as pd

    from wpsresearch.errors import EstimationError

    row_results = getattr(analysed, "results", None)
    out = []
    if row_results is not None and len(shown):
        grouped = shown[_text(shown["group_var"]) != ""]
        keys_of: dict = {}  # plan row -> indicator value -> published keys
        for plan_row, key, value in zip(grouped["plan_row"], _text(grouped["analysis_key"]),
                                        _text(grouped["analysis_var_value"])):
            keys_of.setdefault(int(plan_row), {}).setdefault(value, []).append(key)
        date = pd.to_datetime(record.round_date).date()
        for result in row_results:
            wanted = keys_of.get(int(result.row.row))
            if not wanted or not result.estimates:
                continue
            try:
                cov = result.covariance()
            except EstimationError:  # an estimate that keeps no covariance
                continue
            for keys in wanted.values():
                keys = sorted(k for k in keys if k in cov.index)
                for i, a in enumerate(keys):
                    for b in keys[i:]:
                        value = float(cov.at[a, b])
                        if math.isfinite(value):
                            out.append((record.synthetic, record.study, date, int(result.row.row), a, b, value))
    frame = pd.DataFrame(out, columns=_COVARIANCE_COLUMNS)
    return frame.sort_values(["plan_row", "key_a", "key_b"], kind="stable").reset_index(drop=True)


def _group_labels(frame, answers):
    """``(english, arabic)`` name of each row's group from the form's answer labels (several
    grouping questions joined by ", "); None when the form does not label every part."""
    en, ar = [], []
    for gvar, gval in zip(_text(frame["group_var"]), _text(frame["group_var_value"])):
        parts = list(zip(_split(gvar), _split(gval)))
        texts = [dict(answers.get(v, {}).get(x) or {}) for v, x in parts]
        for lang, out in (("en", en), ("ar", ar)):
            names = [t.get(lang) or t.get("en" if lang == "ar" else "ar") for t in texts]
            out.append(", ".join(names) if parts and all(names) else None)
    return en, ar


def _group_places(frame, record):
    adm1, adm2, area = [], [], []
    for gv in _text(frame["group_var_value"]):
        a1, a2 = _places(_split(gv))
        adm1.append(a1)
        adm2.append(a2)
        area.append(a2 or a1 or record.area)
    return adm1, adm2, area


def _indicator_ids(frame):
    var, value = _text(frame["analysis_var"]), _text(frame["analysis_var_value"])
    return [v if not x else f"{v}={x}" for v, x in zip(var, value)]


def _rows(shown, codes, record, n_pub, policy, notes):
    import pandas as pd

    from wpsresearch import __version__ as version

    adm1, adm2, area = _group_places(shown, record)
    ids = _indicator_ids(shown)
    atype, var, value = _text(shown["analysis_type"]), _text(shown["analysis_var"]), _text(shown["analysis_var_value"])
    plan_row = pd.to_numeric(shown["plan_row"], errors="coerce")
    wording, denominators, method = notes
    words = [wording.get(v, "") for v in var]
    dens = [denominators.get(int(p), "") if p == p else "" for p in plan_row]
    # DHS: an estimate on 25-49 cases is shown in brackets; the store keeps that status
    status = ["bracketed" if policy.small_base_rule(int(b)) == "bracket" else "published"
              for b in shown["n_total"].fillna(0)]
    return pd.DataFrame({
        "synthetic": record.synthetic, "study": record.study, "round_date": pd.to_datetime(record.round_date).date(),
        "area": area, "adm1_pcode": adm1, "adm2_pcode": adm2, "indicator_id": ids,
        "analysis_type": atype, "analysis_var": var, "analysis_var_value": value,
        "label_en": _text(shown["label_en"]), "label_ar": _text(shown["label_ar"]),
        "nap_pillar": codes["nap_pillar"], "sdg": codes["sdg"],
        "group_var": _text(shown["group_var"]), "group_value": _text(shown["group_var_value"]),
        "estimate": shown["stat"].astype(float), "se": shown["se"].astype(float),
        "ci_low": shown["stat_low"].astype(float), "ci_high": shown["stat_upp"].astype(float),
        "df": shown["df"].astype(float), "level": shown["level"].astype(float),
        "n": n_pub.astype("int64"), "suppression_status": status, "method": f"{method}",
        "headline": shown["headline"].fillna(False).astype(bool), "section": _text(shown["section"]),
        "plan_row": plan_row.astype("Int64"), "analysis_key": _text(shown["analysis_key"]),
        "wording": words, "denominator": dens,
        "signature": [_signature(a, v, x, w, d) for a, v, x, w, d in zip(atype, var, value, words, dens)],
        "package_version": version, "manifest_sha256": record.manifest_sha256,
    })


def _withheld(held, codes, record):
    import pandas as pd

    _, _, area = _group_places(held, record) if len(held) else ([], [], [])
    return pd.DataFrame({
        "synthetic": record.synthetic, "study": record.study,
        "round_date": pd.to_datetime(record.round_date).date(), "area": area,
        "indicator_id": _indicator_ids(held), "label_en": _text(held["label_en"]),
        "label_ar": _text(held["label_ar"]), "nap_pillar": codes["nap_pillar"], "sdg": codes["sdg"],
        "group_var": _text(held["group_var"]), "group_value": _text(held["group_var_value"]),
        "reason": _text(held["suppression_reason"]),
    })
