"""The disclosure gate between the staging folder and ``reports/``.

The gate is a callable ``gate(paths, *, identifiers, policy) -> list[finding]``; the default
is :func:`wpsresearch.privacy.scan_outputs`.  An empty list passes.  Anything else — findings,
or a gate that cannot run — publishes nothing: the build fails closed.  Messages name files
and rules, never the values found (those are what must not leak).
"""

from __future__ import annotations

from pathlib import Path

from wpsresearch.errors import ReportError

__all__ = ["default_gate", "run_gate"]


def default_gate():
    """:func:`wpsresearch.privacy.scan_outputs`, imported lazily (before any work is done).

    Raises
    ------
    ReportError
        When the scanner is not available: reports are never published unchecked.
    """
    try:
        from wpsresearch.privacy import scan_outputs
    except ImportError:
        raise ReportError(
            "the disclosure gate wpsresearch.privacy.scan_outputs is not available, so nothing "
            "can be published", hint="update wpsresearch; reports are never published unchecked",
        ) from None
    return scan_outputs


def _describe(finding, root: Path) -> str:
    where = getattr(finding, "file", None) or getattr(finding, "path", None)
    try:
        where = Path(where).relative_to(root) if where is not None else "?"
    except ValueError:
        where = Path(where).name
    rule = next((str(getattr(finding, a)) for a in ("kind", "rule", "check", "reason", "code")
                 if getattr(finding, a, None)), type(finding).__name__)
    location = getattr(finding, "location", None)
    return f"{where}{', ' + str(location) if location else ''}: {rule}"


def run_gate(gate, paths, *, identifiers, policy, root: Path) -> int:
    """Run ``gate`` over ``paths``; return how many files it read, or raise ReportError."""
    try:
        findings = list(gate(list(paths), identifiers=identifiers, policy=policy) or [])
    except ReportError:
        raise
    except Exception as exc:
        raise ReportError(f"the disclosure gate failed to run ({type(exc).__name__}); nothing was "
                          "published", hint="run 'wpsresearch check-disclosure' on the staged files") from None
    if findings:
        shown = "; ".join(_describe(f, root) for f in findings[:10])
        more = f" (+{len(findings) - 10} more)" if len(findings) > 10 else ""
        raise ReportError(
            f"the disclosure gate found {len(findings)} problem(s), so nothing was published: "
            f"{shown}{more}",
            hint="fix the notebook (suppress the cells, drop the identifiers) and build again",
        )
    return len(paths)
