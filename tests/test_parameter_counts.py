"""No function of the package takes more than eight parameters, unless it is public API.

Where a group of parameters travels together it becomes a small frozen dataclass (a chart's
style, the publishing options, a table's origin, a fitted model …; docs/architecture.md,
"Parameters").  The public functions below keep the keyword signatures users and notebooks
call them with; each says why.  The checker reads the source with ``ast`` (nothing is
imported), and is shown to fail on a planted function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import wpsresearch

PACKAGE = Path(wpsresearch.__file__).resolve().parent
LIMIT = 8

NOT_CHECKED: tuple = ()  # every folder of the package is checked

# "module path:qualified name" -> why it keeps its keyword signature
PUBLIC_EXCEPTIONS = {
    "viz/maps.py:choropleth": "wps.viz.choropleth, the documented map call notebooks use",
    "viz/bar_charts.py:bar_chart": "wps.viz.bar_chart, the documented chart call notebooks use",
    "viz/campaign.py:campaign_card": "documented card call (doctest); report.campaign builds it",
    "stats/design.py:SurveyDesign.from_replicates": "R svrepdesign's arguments, one for one",
    "stats/proportions.py:proportion": "wps.stats.proportion: R svyciprop/svymean keywords",
    "stats/means.py:ratio": "wps.stats.ratio: R svyratio keywords",
    "stats/quantiles.py:quantile": "wps.stats.quantile: R svyquantile keywords",
    "report/pipeline.py:build_reports": "wps.report.build_reports, the CLI's and notebooks' call",
    "report/factsheet.py:build_factsheets": "wps.report.build_factsheets (builds a Publication)",
    "report/all_outputs.py:build_all_outputs": "wps.report.build_all_outputs, `report --all`",
    "report/comparison.py:build_comparison": "wps.report.build_comparison (builds PublishOptions)",
    "report/campaign.py:build_campaign_figures": "wps.report.build_campaign_figures",
    "monitor/store.py:publish_results": "wps.monitor.publish_results, the indicator store's entry",
    "privacy/text_redaction.py:ChangeLog.add": "protocol of CleaningLog.add: one REACH log row",
    "clean/log.py:CleaningLog.add": "one REACH cleaning-log row: its columns, one keyword each",
    "clean/log.py:CleaningLog.add_many": "CleaningLog.add for many rows (same columns)",
    "clean/log.py:CleaningLog.add_masked": "CleaningLog.add for the rows of a mask (same columns)",
    "clean/pipeline.py:clean_survey": "wps.clean.clean_survey, every step's switch, documented",
    "clean/fieldwork.py:flag_gps_distance": "wps.clean.flag_gps_distance: export and sampling-frame column names",
}


def parameter_count(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Parameters a caller can pass (``self``/``cls`` not counted; ``*args``/``**kw`` one each)."""
    args = node.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return len(names) + (args.vararg is not None) + (args.kwarg is not None)


def _functions(tree: ast.AST):
    """(qualified name, node) of every function, methods as ``Class.method``."""
    def walk(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield prefix + child.name, child
                yield from walk(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)
    yield from walk(tree, "")


def too_many(root: Path, *, limit: int = LIMIT, skip=NOT_CHECKED) -> dict[str, int]:
    """``{"path:name": count}`` of the functions under ``root`` above ``limit`` parameters."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if any(rel.startswith(prefix) for prefix in skip):
            continue
        for name, node in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            count = parameter_count(node)
            if count > limit:
                found[f"{rel}:{name}"] = count
    return found


def test_no_function_takes_more_than_eight_parameters_unless_public():
    over = too_many(PACKAGE)
    unexplained = {k: v for k, v in over.items() if k not in PUBLIC_EXCEPTIONS}
    assert not unexplained, (
        f"functions taking more than {LIMIT} parameters: {unexplained}; group the ones that "
        "travel together in a frozen dataclass (docs/architecture.md, 'Parameters')")


def test_every_exception_is_still_needed_and_says_why():
    over = too_many(PACKAGE)
    stale = sorted(set(PUBLIC_EXCEPTIONS) - set(over))
    assert not stale, f"no longer above {LIMIT} parameters, drop from PUBLIC_EXCEPTIONS: {stale}"
    assert all(reason.strip() and "\n" not in reason for reason in PUBLIC_EXCEPTIONS.values())


def test_a_planted_nine_parameter_function_is_caught(tmp_path):
    (tmp_path / "stage").mkdir()
    (tmp_path / "stage" / "planted.py").write_text(
        "def fine(a, b, c, d, e, f, g, h):\n    pass\n\n\n"
        "class Thing:\n"
        "    def method(self, a, b, c, d, e, f, g, h):\n        pass\n\n"
        "    def planted(self, a, b, c, d, e, f, g, *, h, i):\n        pass\n\n\n"
        "def outer():\n"
        "    def inner(a, b, c, d, e, f, g, h, *rest):\n        pass\n", encoding="utf-8")
    assert too_many(tmp_path) == {"stage/planted.py:Thing.planted": 9,
                                  "stage/planted.py:outer.inner": 9}
    assert too_many(tmp_path, skip=("stage/",)) == {}


@pytest.mark.parametrize("source, count", [
    ("def f(self, a): pass", 1),
    ("def f(a, /, b, *c, d, **e): pass", 5),
    ("async def f(cls, *, a=1): pass", 1),
])
def test_parameter_count_reads_every_kind_of_parameter(source, count):
    node = ast.parse(source).body[0]
    assert parameter_count(node) == count
