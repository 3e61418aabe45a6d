"""Campaign figures: each headline number as ready-to-post images, per province and language.

``figures/<study>/<province>/<indicator>[_<group>]_<size>_<lang>.{png,svg,json}`` at
1080×1080 ("square") and 1200×675 ("landscape"); the numbers are the fact sheet's
(:mod:`wpsresearch.report.headlines`: the analysis plan's headline rows), titled with the
plan's label of each.  The
files are staged and pass the disclosure gate (it reads the SVG text and the JSON sidecar)
before they are moved into ``figures/``.
A suppressed headline gets no image; a bracketed one (DHS small base) shows its number in
brackets with the report table's caution inside the image.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from wpsresearch.io.paths import ensure_writable

__all__ = ["build_campaign_figures", "card_for"]


def card_for(finding, *, study, size: str, labels):
    """The :func:`wpsresearch.viz.campaign.campaign_card` of one key finding."""
    from wpsresearch.labels import at_level
    from wpsresearch.report.findings import format_number
    from wpsresearch.stats.report_table import in_brackets
    from wpsresearch.viz.campaign import campaign_card

    lang = finding.lang
    value = format_number(finding.estimate, percent=finding.percent) + ("%" if finding.percent else "")
    if finding.bracketed:
        # an image travels without its report: the caution of Estimate.table goes inside it
        value = in_brackets(value)
    detail = at_level(labels.get("card_detail", lang), finding.level).format(
        ci_low=format_number(finding.ci_low, percent=finding.percent),
        ci_high=format_number(finding.ci_high, percent=finding.percent), n=f"{finding.n:,}")
    source = labels.get("card_source", lang).format(source=study.title_in(lang))
    # the plan's (or the form's) label of the number, and the group it describes
    title = finding.label or labels.get(finding.indicator, lang)
    if finding.group_text:
        title = f"{title} — {finding.group_text}"
    return campaign_card(value=value, title=title,
                         detail=detail, source=source, lang=lang, size=size,
                         synthetic=study.synthetic, labels=labels,
                         caution=finding.caution if finding.bracketed else None)


def _card_name(finding, number, size, lang) -> str:
    """``<indicator>[_<group>]_<size>_<lang>``: ASCII file names, one per finding."""
    import re

    group = re.sub(r"[^A-Za-z0-9]+", "_", finding.group or "").strip("_").lower()
    stem = re.sub(r"[^A-Za-z0-9_]+", "_", finding.indicator).strip("_") or f"headline{number}"
    return f"{stem}_{group}_{size}_{lang}" if group else f"{stem}_{size}_{lang}"


def build_campaign_figures(study_dir, *, out_root=Path("."), provinces=None, langs=("en", "ar"),
                           gate=None, progress=None, prepared=None,
                           identifiers=None, publication=None) -> list[tuple[Path, str]]:
    """Write, gate and publish the campaign images of every province's headline numbers.

    ``prepared`` / ``identifiers`` / ``publication``: as
    :func:`~wpsresearch.report.factsheet.build_factsheets` (the numbers are the fact sheets').
    """
    from wpsresearch.report.publication import Publication

    pub = publication or Publication.of(study_dir, out_root=out_root, langs=langs, gate=gate,
                                        progress=progress, prepared=prepared,
                                        identifiers=identifiers)
    root = ensure_writable(pub.out_root / "figures" / pub.study.name)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for province in provinces or pub.study.provinces:
        written += _publish_province(pub, province, root)
    return written


def _publish_province(pub, province, root) -> list[tuple[Path, str]]:
    from wpsresearch.viz.campaign import SOCIAL_SIZES

    pub.say(f"{province}: campaign figures")
    stage = Path(tempfile.mkdtemp(prefix=f".staging-{province}-", dir=root))
    written = []
    try:
        staged = []
        for lang in pub.langs:
            used = set()
            for number, f in enumerate(pub.findings(province, lang), start=1):
                if f.suppressed:
                    continue
                for size in SOCIAL_SIZES:
                    name = _card_name(f, number, size, lang)
                    # two headlines of one indicator (e.g. two domains) never share a file
                    name = name if name not in used else f"{name}_{number}"
                    used.add(name)
                    card = card_for(f, study=pub.study, size=size, labels=pub.labels)
                    staged += card.save(stage / name, dpi=100)
                    card.figure.clear()
        pub.gate_staged(staged, stage)
        target = root / province
        target.mkdir(parents=True, exist_ok=True)
        for path in staged:
            dest = ensure_writable(target / path.name)
            shutil.move(str(path), str(dest))
            kind = {".png": "PNG", ".svg": "SVG", ".json": "text sidecar"}[dest.suffix]
            written.append((dest, f"{province} campaign image ({kind})"))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return written
