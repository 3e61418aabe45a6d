"""The monitoring step of the demo: every round of the SYNTHETIC study built, published to the
indicator store and reported in the NAP 1325 scorecard.

:func:`monitor_rounds` (called by ``wpsresearch demo`` after the first round's reports):

1. the later rounds of the synthetic study sit beside the first
   (``data/raw/synthetic_round2``; written by ``wpsresearch synth --round 2`` when missing —
   the synthetic generator is the only writer of ``data/raw``), and each is built;
2. every round is analysed as its reports are (its whole analysis plan, suppressed by its
   disclosure policy) and published to ``data/indicators.duckdb``
   (:func:`wpsresearch.monitor.publish_study`);
3. the store is audited — it must hold every round and no value that is suppressed or below
   a round's policy thresholds — and the scorecard (HTML and PDF in English and Arabic, HXL
   CSV) is written to ``reports/monitor`` through the export gate.

:func:`publish_and_report` is steps 2–3 for any built studies (``wpsresearch monitor
--publish``).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["monitor_rounds", "build_later_rounds", "generated_first_round", "publish_and_report", "publish_round",
           "round_folders", "store_in", "audit_store"]


def round_folders(study_dir) -> dict:
    """``{round: folder}`` of the synthetic study whose first round is ``study_dir``: later
    rounds sit beside it as ``<name>_round<r>`` (``data/raw/synthetic_round2``)."""
    from wpsresearch.datasets.rounds import ROUNDS

    study_dir = Path(study_dir)
    return {r: study_dir if r == 1 else study_dir.with_name(f"{study_dir.name}_round{r}") for r in ROUNDS}


def audit_store(store, studies) -> None:
    """Refuse a store that misses one of ``studies`` or holds anything their policies forbid.

    Raises
    ------
    ReportError
        Naming the missing study rounds, or the audit's problems (suppressed values, bases
        below a policy's ``min_n``, numbers in ``withheld``).
    """
    from wpsresearch.errors import ReportError
    from wpsresearch.monitor import IndicatorStore

    with IndicatorStore.open(store, read_only=True) as st:
        held = set(st.query("SELECT synthetic, study FROM publications")["study"])
        missing = sorted({s.name for s in studies} - held)
        if missing:
            raise ReportError(f"the indicator store lacks the study round(s) {', '.join(missing)}",
                              file=st.location, hint="publish them: wpsresearch monitor --publish <study>")
        problems = sorted({f'{s.name}: {p}' for s in studies for p in st.audit(s.policy, study=s.name)})
        if problems:
            raise ReportError("the indicator store holds what no output may show: " + "; ".join(problems),
                              file=st.location, hint="this is a bug: report it; nothing was published")


def store_in(out_root) -> Path:
    """The indicator store of the project ``out_root``: ``data/indicators.duckdb``."""
    return Path(out_root) / "data" / "indicators.duckdb"


def publish_round(study, *, store, step) -> None:
    """Publish one built study round to ``store`` and say what happened."""
    from wpsresearch.monitor import publish_study

    out = publish_study(study, store=store)
    step(f"indicator store: {study.name} {'published' if out['written'] else 'unchanged'} "
         f"({out['estimates']} estimates, {out['withheld']} withheld for disclosure)")


def publish_and_report(study_dirs, *, store, out_dir, progress=None, published=()) -> list:
    """Publish each built study to ``store``, audit it, write the scorecard to ``out_dir``.

    ``published``: those of ``study_dirs`` already published to ``store`` (by the demo's
    second process): audited and reported, not analysed again.

    Returns
    -------
    list of (Path, str)
        The scorecard's files (the store is listed first).
    """
    from wpsresearch.monitor import scorecard
    from wpsresearch.study import Study

    step = progress or (lambda text: None)
    studies = [Study.load(d) for d in study_dirs]
    done = {Path(d).resolve() for d in published}
    for study in studies:
        if Path(study.root).resolve() not in done:
            publish_round(study, store=store, step=step)
    audit_store(store, studies)
    kinds = {bool(s.synthetic) for s in studies}
    written = scorecard(store, out_dir, studies=studies, synthetic=kinds.pop() if len(kinds) == 1 else None)
    step(f"NAP 1325 scorecard written to {out_dir} (passed the export gate)")
    return [(Path(store), "the indicator store: every published estimate of every study round (DuckDB)"),
            *written]


def generated_first_round(study_dir) -> bool:
    """Whether ``study_dir`` is round 1 of the study ``wpsresearch synth`` generates: the only
    study whose later rounds the demo can make.  Its ``truth.json`` (written by the generator
    alone) gives the seed and scale; another synthetic study (``synthetic: true`` in its
    study.yml, e.g. a test study) has no generated later rounds."""
    import json

    from wpsresearch.study import Study

    study_dir = Path(study_dir)
    if not Study.load(study_dir, check_form=False).synthetic:
        return False
    try:
        truth = json.loads((study_dir / "truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(truth, dict) and {"seed", "scale", "population"} <= set(truth) and "round" not in truth


def build_later_rounds(study_dir, *, out_root=Path("."), progress, regenerate: bool = False) -> list:
    """Generate (when missing) and build the later rounds of the synthetic study whose first
    round is ``study_dir``; return what was written.  A study that is not the one
    ``wpsresearch synth`` generates has no later rounds (:func:`generated_first_round`):
    nothing is done."""
    from wpsresearch.pipeline.build import build_study
    from wpsresearch.study import Study

    study_dir, out_root = Path(study_dir), Path(out_root)
    if not generated_first_round(study_dir):
        return []
    written = []
    for r, folder in round_folders(study_dir).items():
        if r == 1:
            continue
        if regenerate or not (folder / "study.yml").is_file():
            from wpsresearch.datasets import write_synthetic_study

            progress.step(f"generating round {r} of the SYNTHETIC study into {folder}")
            written += write_synthetic_study(folder, round=r, progress=progress.bar, first_round=study_dir)
        name = Study.load(folder).name
        progress.step(f"building round {r} of the SYNTHETIC study")
        written += build_study(folder, out=out_root / "data" / "processed" / name, progress=progress.step)
    return written


def monitor_rounds(study_dir, *, out_root=Path("."), progress, regenerate: bool = False,
                   later=None) -> list:
    """The demo's monitoring step on the synthetic study whose first round is ``study_dir``
    (already built): build the later rounds, publish every round, audit, write the scorecard.

    ``progress`` is the CLI's progress object (``.step(text)``, ``.bar``).  ``later``: the
    later rounds already being built in a second process
    (:class:`~wpsresearch.pipeline.later_rounds.LaterRounds`); without it they are built here.
    When that process was told round 1 is built, it also published every round and wrote the
    scorecard: this waits for it and shows its steps.
    A study that is not the one ``wpsresearch synth`` generates has no later rounds
    (:func:`generated_first_round`): nothing is done.
    """
    study_dir, out_root = Path(study_dir), Path(out_root)
    if not generated_first_round(study_dir):
        return []
    if later is None:
        written = build_later_rounds(study_dir, out_root=out_root, progress=progress, regenerate=regenerate)
        published = ()
    else:  # built and published to the store by the second process
        written, published = later.finish(progress), later.published
        if later.reported:  # told round 1 was built, it published every round and wrote the scorecard
            return written
    written += publish_and_report(list(round_folders(study_dir).values()), store=store_in(out_root),
                                  out_dir=out_root / "reports" / "monitor", progress=progress.step,
                                  published=published)
    return written
