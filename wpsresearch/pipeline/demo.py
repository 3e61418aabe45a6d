"""``wpsresearch demo``: the whole chain on the bundled SYNTHETIC study.

Generate the synthetic study if it is missing, build it (raw → processed), then write every
province's report in both languages (HTML + PDF), the fact sheets, the province comparison
and the campaign figures.  Every file written is returned with a one-line description so the
command can end by listing them.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["run_demo"]


def _synthesise_if_needed(study_dir: Path, progress, regenerate: bool) -> list:
    if (study_dir / "study.yml").is_file() and not regenerate:
        progress.step(f"using the bundled SYNTHETIC study in {study_dir}")
        return []
    from wpsresearch.datasets import write_synthetic_study

    progress.step(f"generating the SYNTHETIC study into {study_dir}")
    return write_synthetic_study(study_dir, progress=progress.bar)


def run_demo(study_dir: Path, *, out_root: Path = Path("."), progress, regenerate=False) -> list:
    """Run every available stage on ``study_dir``; return ``[(path, description), ...]``."""
    from wpsresearch.pipeline.build import build_study
    from wpsresearch.study import Study

    written = list(_synthesise_if_needed(Path(study_dir), progress, regenerate))
    study = Study.load(study_dir)
    progress.step(f"study.yml valid: {study.title_in('en')}")
    processed = Path(out_root) / "data" / "processed" / study.name
    written += build_study(study_dir, out=processed, progress=progress.step)
    from wpsresearch.report import build_all_outputs

    # reports for every province and language, fact sheets, the comparison, campaign figures
    written += build_all_outputs(study_dir, Path(out_root), progress.step)
    return written
