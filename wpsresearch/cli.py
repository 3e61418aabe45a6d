"""The ``wpsresearch`` command line (also ``python -m wpsresearch``, so Windows needs no make).

Every command has ``--help``.  Errors a user can cause end in one line on stderr and a
non-zero exit status (2), never a traceback; ``--debug`` shows the traceback for developers.

Examples
--------
>>> from wpsresearch.cli import main
>>> main(["--version"])  # doctest: +SKIP
wpsresearch 0.1.0
0
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from wpsresearch import __version__

__all__ = ["main", "build_parser"]

DEFAULT_SYNTH_DIR = Path("data") / "raw" / "synthetic"


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument gives one line (and the usual exit status 2)."""

    def error(self, message):  # noqa: D401 - argparse API
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


class _Progress:
    """A tiny progress reporter on stderr; tqdm when it is installed and stderr is a terminal."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.t0 = time.perf_counter()

    def step(self, text: str) -> None:
        if not self.quiet:
            print(f"[{time.perf_counter() - self.t0:6.1f}s] {text}", file=sys.stderr, flush=True)

    def bar(self, total: int, desc: str):
        """A callable ``update(k)`` for long loops (library code never prints itself)."""
        if self.quiet:
            return lambda k=1: None
        try:
            from tqdm.auto import tqdm
        except ImportError:  # pragma: no cover - tqdm is a dependency
            return lambda k=1: None
        bar = tqdm(total=total, desc=desc, file=sys.stderr, leave=False, disable=None)
        return bar.update


# ---------------------------------------------------------------------------- commands
def _cmd_synth(args, progress: _Progress) -> list[tuple[Path, str]]:
    from wpsresearch.datasets import write_synthetic_study

    import inspect

    default_out = DEFAULT_SYNTH_DIR if args.round == 1 else DEFAULT_SYNTH_DIR.with_name(f"synthetic_round{args.round}")
    out = Path(args.out) if args.out is not None else default_out
    seed = args.seed if args.seed is not None else \
        inspect.signature(write_synthetic_study).parameters["seed"].default
    progress.step(f"generating the SYNTHETIC study (round {args.round}, n={args.n:,}, seed={seed}) into {out}")
    return write_synthetic_study(out, n=args.n, seed=seed, messy=not args.clean,
                                 progress=progress.bar, round=args.round)


def _cmd_monitor(args, progress: _Progress) -> list[tuple[Path, str]]:
    from wpsresearch.monitor import publish_study, scorecard
    from wpsresearch.study import Study

    studies = [Study.load(s) for s in [*args.publish, *args.study]]
    published = studies[:len(args.publish)]
    for study in published:
        progress.step(f"publishing {study.name} to {args.db or 'data/indicators.duckdb'}")
        publish_study(study, store=args.db)
    if published:
        from wpsresearch.pipeline.monitoring import audit_store

        audit_store(args.db, published)  # every round there, nothing its policy forbids
    synthetic = True if args.synthetic else (False if args.real else None)
    progress.step(f"building the NAP 1325 scorecard from {args.db or 'data/indicators.duckdb'}")
    return scorecard(args.db, Path(args.out), synthetic=synthetic, studies=studies)


def _cmd_demo(args, progress: _Progress) -> list[tuple[Path, str]]:
    from wpsresearch.pipeline.demo import demo_summary, run_demo

    # --out is a project root: without --study, the synthetic study is the one under it
    # (generated there when missing), so the reports read the processed data this demo builds
    study = Path(args.study) if args.study else Path(args.out) / DEFAULT_SYNTH_DIR
    written = run_demo(study, out_root=Path(args.out), progress=progress,
                       regenerate=args.regenerate)
    # a short summary a person reads; the full list is in reports/<study>/manifest.json
    print("\n" + "\n".join(demo_summary(written, Path(args.out))))
    return []


def _cmd_build(args, progress: _Progress) -> list[tuple[Path, str]]:
    from wpsresearch.pipeline.build import build_study

    return build_study(args.study, out=args.out, reviewed_log=args.reviewed_log,
                       progress=progress.step)


def _split(text: str) -> tuple:
    return tuple(x.strip() for x in str(text).split(",") if x.strip())


def _cmd_report(args, progress: _Progress) -> list[tuple[Path, str]]:
    from wpsresearch.report import build_all_outputs, build_reports

    if args.lang is None:  # the study's own report languages (study.yml languages:)
        from wpsresearch.study import Study

        args.lang = ",".join(Study.load(args.study, check_form=False).languages)
    if args.all:  # every output of the study: reports, fact sheets, comparison, images, tables
        return build_all_outputs(args.study, Path(args.out), progress, langs=_split(args.lang),
                                 to=_split(args.to), workers=args.workers, notebook=args.notebook)
    return build_reports(args.study, provinces=list(_split(args.province)), langs=_split(args.lang),
                         to=_split(args.to), out_root=Path(args.out), notebook=args.notebook,
                         workers=args.workers, progress=progress)


def _cmd_check_disclosure(args, progress: _Progress) -> list[tuple[Path, str]]:
    from wpsresearch.errors import DisclosureError
    from wpsresearch.privacy.gate import check_outputs
    from wpsresearch.study import Study

    study = Study.load(args.study)
    progress.step(f"collecting identifiers from {study.submissions.name} (kept in memory only)")
    findings = check_outputs(args.paths, study)
    for finding in findings:
        print(f"FOUND  {finding}")
    if findings:
        raise DisclosureError(
            f"{len(findings)} finding(s) in the checked outputs; do not publish them",
            hint="remove the identifiers or suppress the small counts, rebuild, and check again")
    print(f"OK: no identifier from the raw data and no unsuppressed count below "
          f"{study.policy.min_cell} in {len(args.paths)} path(s)")
    return []


def _cmd_labels(args, progress: _Progress) -> list[tuple[Path, str]]:
    from wpsresearch.labels import Labels

    labels = Labels.default()
    frame = labels.to_frame()
    if args.unreviewed:
        frame = frame[~frame["reviewed"]]
    if args.source:
        frame = frame[frame["source"].str.startswith(args.source)]
    for row in frame.itertuples():
        mark = "" if row.reviewed else "  [unreviewed]"
        print(f"{row.key}\t{row.en}\t{row.ar}\t{row.source}{mark}")
    progress.step(f"{len(frame)} label(s); {int((~frame['reviewed']).sum())} with an unreviewed Arabic term")
    return []


def _cmd_study(args, progress: _Progress) -> list[tuple[Path, str]]:
    from wpsresearch.sgbv.study_indicators import check_indicators, indicator_names
    from wpsresearch.study import Study

    study = Study.load(args.study)
    form = study.read_form()
    for note in form.warnings:  # what form_repairs did, or what pyxform noticed
        progress.step(f"form: {note}")
    check_indicators(dict(study.indicators), form, file=study.root / "study.yml")
    if study.analysis_plan is not None:  # every name the plan reads: the form's or an indicator's
        study.read_plan(codebook=form, known=indicator_names(dict(study.indicators)))
    progress.step(f"{study.root / 'study.yml'} is valid")
    print(f"study:        {study.name}{'  (SYNTHETIC)' if study.synthetic else ''}")
    print(f"title (en):   {study.title_in('en')}")
    print(f"title (ar):   {study.title_in('ar')}")
    print(f"form:         {study.form}")
    print(f"submissions:  {study.submissions}")
    print(f"provinces:    {', '.join(f'{s} ({p})' for s, p in study.province_pcodes().items())}")
    print(f"design:       {dict(study.design)}")
    return []


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wpsresearch",
        description="Gender-sensitive survey research on Women, Peace and Security in Iraq: "
        "read field exports, clean with a full log, estimate with the survey design, "
        "and publish safe bilingual reports.",
        epilog="Run 'wpsresearch demo' to see the whole chain on the bundled SYNTHETIC study.",
    )
    parser.add_argument("--version", action="version", version=f"wpsresearch {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "synth", help="generate the SYNTHETIC example study (the only command that writes data/raw)",
        description="Play the field team: generate the SYNTHETIC 'Women's Safety, Justice and "
        "Reporting Survey' (XLSForm, Kobo CSV/XLSX exports with injected field messiness, "
        "study.yml, truth.json) from stated, invented parameters. The same seed gives "
        "byte-identical files.",
    )
    p.add_argument("--n", type=_interviews, default=4800,
                   help="completed interviews (default 4800 = 1,200 per province; up to 1,000,000)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the bundled study's)")
    p.add_argument("--out", default=None,
                   help="output folder (default data/raw/synthetic, or data/raw/synthetic_roundR for --round R)")
    p.add_argument("--clean", action="store_true", help="inject no field messiness")
    p.add_argument("--round", type=_round, default=1,
                   help="survey round: 1 (default) or 2, the same population later after stated, invented "
                        "changes (truth.json gives the true changes)")
    p.set_defaults(func=_cmd_synth)

    p = sub.add_parser(
        "monitor", help="NAP 1325 scorecard (HTML and PDF, en/ar) and HXL CSV from the indicator store",
        description="Read the indicator store (every published estimate of every study and round), "
        "compare rounds with design-based tests, and write a bilingual offline HTML and PDF scorecard by NAP 1325 "
        "pillar (latest value, trend, change, and the pillars and indicators with no data) plus HXL-tagged "
        "CSV files. Everything passes the export gate before it is written.",
    )
    p.add_argument("--db", default=None,
                   help="the store: a .duckdb path or duckdb: URL (default $WPSRESEARCH_INDICATOR_STORE "
                        "or data/indicators.duckdb)")
    p.add_argument("--out", default=str(Path("reports") / "monitor"), help="output folder (default reports/monitor)")
    p.add_argument("--study", action="append", default=[],
                   help="a study folder whose raw identifiers the gate looks for (repeatable)")
    p.add_argument("--publish", action="append", default=[], metavar="STUDY",
                   help="a built study folder: analyse its whole plan, publish it to the store (replacing "
                        "that round), then write the scorecard (repeatable)")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--synthetic", action="store_true", help="the scorecard of the SYNTHETIC studies")
    kind.add_argument("--real", action="store_true", help="the scorecard of the real studies")
    p.set_defaults(func=_cmd_monitor)

    p = sub.add_parser(
        "demo", help="run the whole chain on the bundled SYNTHETIC study and list what it wrote",
        description="Generate the synthetic study if it is missing, then run every stage that "
        "exists on it, and end with a short summary (reports and fact sheets per province); "
        "every file written is listed in reports/<study>/manifest.json.",
    )
    p.add_argument("--study", default=None,
                   help="study folder (default data/raw/synthetic under --out); it must sit in "
                        "--out's data/raw, where the reports look for its processed data")
    p.add_argument("--out", default=".", help="project root receiving data/processed, figures, reports")
    p.add_argument("--regenerate", action="store_true", help="regenerate the synthetic study first")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser(
        "build", help="raw export -> cleaned, pseudonymised data in data/processed/<study>",
        description="Read the study's export through its form, remove consent-less records, "
        "drop identifiers, clean with a full cleaning log, and write respondents.parquet, "
        "respondents.sav (SPSS), cleaning_log.csv/.xlsx, dictionary.csv and manifest.json.",
    )
    p.add_argument("study", help="study folder holding study.yml (e.g. data/raw/synthetic)")
    p.add_argument("--out", default=None, help="output folder (default data/processed/<study>)")
    p.add_argument("--reviewed-log", default=None,
                   help="a reviewed cleaning log (.xlsx/.csv) to re-apply after the automatic steps")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser(
        "report", help="reports of a built study from its analysis plan; --all: every output",
        description="Write the study's analysis plan into the province notebook and execute it "
        "once per province (papermill), export each language to self-contained offline HTML "
        "(and PDF, set by Typst: no browser needed), run the disclosure gate over everything, and "
        "only then publish to reports/<study>/<province>/<lang>/. With --all: every province, "
        "and also the fact sheets, the province comparison, the campaign images and the "
        "results tables (CSV/XLSX). A failing gate publishes nothing.",
    )
    p.add_argument("study", help="study folder holding study.yml")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--province", help="province slug(s), comma-separated, e.g. basra")
    where.add_argument("--all", action="store_true",
                       help="every province (in parallel) and every other output: fact sheets, "
                       "comparison, campaign images, results tables")
    p.add_argument("--lang", default=None,
                   help="languages, comma-separated (default: the study's languages, en,ar)")
    p.add_argument("--to", default="html,pdf", help="formats, comma-separated (default html,pdf)")
    p.add_argument("--out", default=".", help="project root receiving reports/ (default .)")
    p.add_argument("--workers", type=_positive_int, default=None,
                   help="provinces built in parallel (default: the number of cores)")
    p.add_argument("--notebook", default=None,
                   help="study notebook to execute (default: the packaged study notebook)")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser(
        "check-disclosure", help="scan outputs for identifiers from the raw data and small counts",
        description="Scan exported HTML, PDF, CSV/XLSX, SVG and figure sidecars for any "
        "identifier value present in the study's raw data and for unsuppressed counts below "
        "the study's min_cell. Exits non-zero with the file and location of each finding; "
        "never prints the sensitive value itself.",
    )
    p.add_argument("paths", nargs="+", help="files or folders to scan")
    p.add_argument("--study", required=True, help="study folder holding study.yml")
    p.set_defaults(func=_cmd_check_disclosure)

    p = sub.add_parser(
        "labels", help="list the bilingual label table (e.g. the unreviewed Arabic terms)",
        description="Print key, English, Arabic and source file of every label; "
        "--unreviewed lists the terms no named standard or person has confirmed yet.",
    )
    p.add_argument("--unreviewed", action="store_true", help="only labels whose Arabic is unreviewed")
    p.add_argument("--source", default=None, help="only labels from one file, e.g. sgbv")
    p.set_defaults(func=_cmd_labels)

    p = sub.add_parser("check-study", help="validate a study folder's study.yml against its form",
                       description="Read study.yml, check every key, file and column it names.")
    p.add_argument("study", help="study folder holding study.yml")
    p.set_defaults(func=_cmd_study)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1 or value > 1_000_000:
        raise argparse.ArgumentTypeError(f"must be between 1 and 1,000,000, not {value:,}")
    return value


def _round(text: str) -> int:
    from wpsresearch.datasets.rounds import ROUNDS

    value = _positive_int(text)
    if value not in ROUNDS:
        raise argparse.ArgumentTypeError(f"there is no synthetic round {value}; use one of "
                                         f"{', '.join(map(str, ROUNDS))}")
    return value


def _interviews(text: str) -> int:
    # 8 strata x 2 enumeration areas x ~12 households is the smallest sample the design allows
    value = _positive_int(text)
    if value < 96:
        raise argparse.ArgumentTypeError(f"must be between 96 and 1,000,000, not {value:,}")
    return value


def _shown(path) -> str:
    """A path relative to the current folder when it lies below it (shorter listings)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _print_written(written: list[tuple[Path, str]]) -> None:
    if not written:
        return
    print(f"\nWrote {len(written)} file(s):")
    rows = [(_shown(p), what) for p, what in written]
    width = max(len(p) for p, _ in rows)
    for path, what in rows:
        print(f"  {path:<{width}}  {what}")


def _one_line_warnings(command: str, *, debug: bool):
    """The package's warnings as one line each on stderr (``wpsresearch build: warning:
    …``), not Python's ``file:line: WpsWarning:`` and a line of the package's source; each
    distinct message once.  ``--debug`` keeps Python's format."""
    import contextlib
    import warnings

    from wpsresearch.errors import WpsWarning

    if debug:
        return contextlib.nullcontext()
    seen: set = set()

    def show(message, category, filename, lineno, file=None, line=None):
        if not issubclass(category, WpsWarning):
            return _python_show(message, category, filename, lineno, file, line)
        text = " ".join(str(message).split())
        if text not in seen:
            seen.add(text)
            print(f"wpsresearch {command}: warning: {text}", file=sys.stderr, flush=True)

    stack = contextlib.ExitStack()
    stack.enter_context(warnings.catch_warnings())
    warnings.showwarning = show
    return stack


def _python_show(message, category, filename, lineno, file=None, line=None):
    import warnings

    return warnings._showwarning_orig(message, category, filename, lineno, file, line) \
        if hasattr(warnings, "_showwarning_orig") else \
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def main(argv=None) -> int:
    """Entry point; returns the exit status (0 success, 2 user error, 1 internal error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from wpsresearch.errors import WpsError

    progress = _Progress(quiet=args.quiet)
    try:
        with _one_line_warnings(args.command, debug=args.debug):
            written = args.func(args, progress)
    except WpsError as exc:
        if args.debug:
            raise
        print(f"wpsresearch {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"wpsresearch {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal bug: say so in one line, point at --debug
        if args.debug:
            raise
        print(
            f"wpsresearch {args.command}: internal error ({type(exc).__name__}: {exc}). "
            "This is a bug in wpsresearch: run again with --debug and report the traceback.",
            file=sys.stderr,
        )
        return 1
    _print_written(written or [])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
