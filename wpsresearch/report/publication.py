"""What every publishing stage of a study shares: the analysed study, where its outputs go and
how they are checked — and the estimates several stages publish, computed once.

Fact sheets, campaign images and the results tables publish the same estimates: the analysis
plan on each province's part of the design (:func:`wpsresearch.stats.analyse` on
``design.subset(domain)``, as the province notebook runs it), of which the headline rows are
the fact sheet's numbers and the campaign images'.  A :class:`Publication` computes each
province's results once, when a stage first asks, and keeps them for the others; so does it
for the fact sheets' map of the governorates, the same for every province.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Publication", "PublishOptions", "StudyOutputs"]


@dataclass(frozen=True)
class PublishOptions:
    """Where a study's outputs go and how they are checked: the same for every publishing
    stage (province reports, comparison, fact sheets, campaign images, results tables).

    Attributes
    ----------
    out_root : Path
        Project root receiving ``reports/<study>/`` and ``figures/<study>/``.
    langs, to : tuple
        Languages (``"en"``, ``"ar"``) and formats (``"html"``, ``"pdf"``) published.
    gate : callable, optional
        The gate (default :func:`wpsresearch.privacy.scan_outputs`).
    progress : callable or object with ``.step(text)``, optional
    identifiers : dict or callable, optional
        What the gate looks for (:func:`~wpsresearch.privacy.gate.study_identifiers`), or a
        function giving it; default: read from the raw export when first needed.
    """

    out_root: Path = Path(".")
    langs: tuple = ("en", "ar")
    to: tuple = ("html", "pdf")
    gate: object = None
    progress: object = None
    identifiers: object = None

    def of(self, study) -> "StudyOutputs":
        """These options for ``study`` (a :class:`~wpsresearch.study.Study`): its
        ``reports/<study>/`` folder made, its identifiers read lazily when not given."""
        from wpsresearch.io.paths import ensure_writable
        from wpsresearch.report.pipeline import lazy_identifiers

        reports = ensure_writable(Path(self.out_root).resolve() / "reports" / study.name)
        reports.mkdir(parents=True, exist_ok=True)
        ids = lazy_identifiers(study) if self.identifiers is None else self.identifiers
        return StudyOutputs(study, reports, self.langs, self.to, self.gate, self.progress, ids)


@dataclass(frozen=True)
class StudyOutputs:
    """:class:`PublishOptions` applied to one study: what a notebook report's export, gate
    and publication share (``reports``: the study's ``reports/<study>/`` folder)."""

    study: object
    reports: Path
    langs: tuple
    to: tuple
    gate: object
    progress: object
    identifiers: object

    def say(self, text: str) -> None:
        from wpsresearch.report.pipeline import _say

        _say(self.progress, text)

    def gate_staged(self, paths, root) -> None:
        """Run the disclosure gate over staged ``paths`` (raises when it finds anything)."""
        from wpsresearch.privacy.gate import run_gate

        ids = self.identifiers() if callable(self.identifiers) else self.identifiers
        run_gate(paths, identifiers=ids, policy=self.study.policy, root=root, gate=self.gate)


@dataclass(frozen=True, eq=False)
class Publication:
    """The context of one study's publication (a frozen dataclass; its caches fill as used).

    Attributes
    ----------
    analysis : StudyAnalysis
        The study's analysis data, design, plan, form and labels
        (:func:`~wpsresearch.report.plan_report.prepare`).
    out_root : Path
        Project root receiving ``reports/<study>/`` and ``figures/<study>/``.
    identifiers : dict
        What the disclosure gate looks for (:func:`~wpsresearch.privacy.gate.study_identifiers`).
    langs, to : tuple
        Languages (``"en"``, ``"ar"``) and formats (``"html"``, ``"pdf"``) published.
    gate : callable, optional
        The gate (default :func:`wpsresearch.privacy.scan_outputs`).
    progress : callable or object with ``.step(text)``, optional
    """

    analysis: object
    out_root: Path
    identifiers: dict
    langs: tuple = ("en", "ar")
    to: tuple = ("html", "pdf")
    gate: object = None
    progress: object = None
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, study_dir, *, out_root=Path("."), langs=("en", "ar"), to=("html", "pdf"),
           gate=None, progress=None, prepared=None, identifiers=None) -> "Publication":
        """The context of ``study_dir``; ``prepared`` / ``identifiers`` when the caller has
        them already (else read here)."""
        from wpsresearch.privacy.gate import study_identifiers
        from wpsresearch.report.plan_report import prepare

        analysis = prepared or prepare(study_dir)
        identifiers = study_identifiers(analysis.study) if identifiers is None else identifiers
        return cls(analysis, Path(out_root).resolve(), identifiers, tuple(langs), tuple(to),
                   gate, progress)

    @property
    def study(self):
        return self.analysis.study

    @property
    def labels(self):
        return self.analysis.labels

    def say(self, text: str) -> None:
        from wpsresearch.report.pipeline import _say

        _say(self.progress, text)

    def gate_staged(self, paths, root) -> None:
        """Run the disclosure gate over staged ``paths`` (raises when it finds anything)."""
        from wpsresearch.privacy.gate import run_gate

        run_gate(paths, identifiers=self.identifiers, policy=self.study.policy, root=root,
                 gate=self.gate)

    # -- estimates, computed once ---------------------------------------------------------
    def domain(self, province: str):
        """The province's rows of the analysis data (a boolean Series)."""
        from wpsresearch.report.headlines import province_domain

        return self._cached(("domain", province), lambda: province_domain(
            self.analysis.frame, province, study=self.study))

    def results(self, province: str | None = None):
        """The whole analysis plan on ``province``'s part of the design (the whole design
        for ``None``): :class:`~wpsresearch.stats.AnalysisResults`."""
        return self._cached(("results", province), lambda: self._analyse(province,
                                                                         self.analysis.plan))

    def headline_rows(self) -> tuple:
        from wpsresearch.report.headlines import headline_rows

        a = self.analysis
        return self._cached("headline_rows", lambda: headline_rows(a.study, a.plan, a.frame))

    def findings(self, province: str, lang: str) -> list:
        """The headline numbers of ``province`` as key findings in ``lang``."""
        from wpsresearch.report.plan_report import plan_findings

        def compute():
            rows = self.headline_rows()
            if all(row in self.analysis.plan.rows for row in rows):
                results = self.results(province)  # the plan's own headline rows
            else:  # study.yml's headline_indicators, read as rows of their own
                import dataclasses

                part = dataclasses.replace(self.analysis.plan, rows=tuple(rows))
                results = self._cached(("headlines", province), lambda: self._analyse(province, part))
            return plan_findings(results, lang=lang)

        return self._cached(("findings", province, lang), compute)

    def _analyse(self, province, plan):
        import wpsresearch as wps

        a = self.analysis
        design = a.design
        if province is not None:
            domain = self.domain(province)
            if not bool(domain.any()):  # nobody there: every estimate suppressed
                return wps.stats.AnalysisResults.nobody(plan, labels=a.labels, codebook=a.form,
                                                        policy=a.study.policy)
            design = design.subset(domain)
        return wps.stats.analyse(design, plan, labels=a.labels, codebook=a.form)

    def cached(self, key, compute):
        """``compute()`` once per ``key`` for the life of this publication."""
        return self._cached(("user", key), compute)

    def _cached(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]
