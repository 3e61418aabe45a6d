"""Choropleth maps on the bundled OCHA COD-AB boundaries (governorates and districts).

Every map carries the attribution of ``wpsresearch/data/boundaries/SOURCE.md`` (short form,
label ``viz_map_attribution``) under it.  Suppressed and unreliable areas are hatched, never
coloured, so a reader cannot take a colour for a number that was not published.  SGBV
indicators are refused at district level unless the study allows it
(``disclosure.district_maps_for_sgbv``): a district map of rape reports can stigmatise a
place (DESIGN.md, "Reports").  What is an SGBV indicator is decided from the values and the
SGBV stage's own registry (:func:`wpsresearch.sgbv.is_sgbv_column`), not by the caller
remembering a flag.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from wpsresearch.errors import DisclosureError, InputError
from wpsresearch.viz.cell_status import cell_status, estimate_frame, shown_bases
from wpsresearch.viz.figure_notes import data_note_text, draw_note, draw_synthetic_stamp
from wpsresearch.viz.figure_output import Chart
from wpsresearch.viz.label_use import LabelUse
from wpsresearch.viz.typefaces import text_font

# the bar charts' line breaking, measured with the font drawn (one rule for both figures)
from wpsresearch.viz.text_metrics import wrap_to_width

__all__ = ["choropleth", "load_boundaries"]

_LEVELS = {"adm1": "iraq_adm1.geojson", "adm2": "iraq_adm2.geojson"}
_WIDTH_IN, _HEIGHT_IN = 7.0, 8.0   # a report page; a fact sheet passes its column's size
_MIN_WIDTH_IN = 3.0
_MIN_MAP_IN = 1.0                  # inches left for the areas themselves
_MARGIN_IN = 0.14
_SIDE_BAR_BELOW_IN = 5.0           # narrower maps stand their colour bar beside the areas
_HATCH = {"suppressed": "////", "unreliable": "...."}


@functools.lru_cache(maxsize=2)
def _read_boundaries(level: str):
    from importlib import resources

    import geopandas

    path = resources.files("wpsresearch.data").joinpath("boundaries", _LEVELS[level])
    with resources.as_file(path) as p:
        return geopandas.read_file(p)


def load_boundaries(level: str = "adm1"):
    """The COD-AB polygons (EPSG:4326) of ``"adm1"`` (18 governorates) or ``"adm2"`` (101 districts).

    Examples
    --------
    >>> from wpsresearch.viz import load_boundaries
    >>> g = load_boundaries("adm1")
    >>> len(g), g.crs.to_epsg(), sorted(g.columns)[:3]
    (18, 4326, ['adm1_pcode', 'geometry', 'iso_3166_2'])
    """
    if level not in _LEVELS:
        raise InputError(f"level must be 'adm1' or 'adm2', not {level!r}")
    return _read_boundaries(level).copy()


def _values_frame(values, key):
    """Estimates keyed by p-code, with a ``status`` column."""
    import pandas as pd

    if isinstance(values, pd.Series):
        # a bare Series carries no counts: it must already be safe to publish; NaN = suppressed
        frame = pd.DataFrame({key: values.index.astype(str), "estimate": values.to_numpy(float)})
        frame["status"] = ["suppressed" if v != v else "ok" for v in frame["estimate"]]
        for col in ("ci_low", "ci_high", "n"):
            frame[col] = float("nan")
        return frame
    frame = estimate_frame(values)
    if key not in frame.columns:
        raise InputError(f"the estimates need a column {key!r} holding OCHA p-codes", column=key,
                         hint="estimate by adm1_pcode (or adm2_pcode for a district map)")
    policy = getattr(values, "policy", None)
    frame["status"] = cell_status(frame, policy).to_numpy()  # on the exact bases
    frame["n"] = shown_bases(frame, policy).to_numpy()  # what is shown: the published bases
    return frame


def _cells(frame, key, names, lang, labels, scale):
    cells = []
    for row in frame.itertuples(index=False):
        pcode = getattr(row, key)
        cell = {"pcode": pcode, "category": names.get(pcode, pcode), "group": None,
                "status": row.status}
        if row.status == "suppressed":
            cell.update(shown=labels.get("viz_suppressed_marker", lang), estimate=None,
                        ci_low=None, ci_high=None, n=None)
        else:
            est = round(float(row.estimate) * scale, 1)
            lo, hi = (None if v != v else round(float(v) * scale, 1) for v in (row.ci_low, row.ci_high))
            text = f"{est:.1f}"
            cell.update(shown=f"({text})" if row.status == "unreliable" else text, estimate=est,
                        ci_low=lo, ci_high=hi, n=None if row.n != row.n else int(row.n))
        cells.append(cell)
    return cells


@dataclass(frozen=True)
class _Areas:
    """The areas a map draws: their shapes, the p-code column naming them, a cell each
    (name, status and the number shown), and the colour scale (colormap and value range)."""

    shapes: object
    key: str
    cells: list
    cmap: object
    norm: object


def _draw_areas(ax, areas: _Areas, lang):
    """Colour (or hatch) each area and label it with its name and value; return the labels."""
    from matplotlib import patheffects

    shapes, key, cells, cmap, norm = areas.shapes, areas.key, areas.cells, areas.cmap, areas.norm

    by_code = {c["pcode"]: c for c in cells}
    status = [by_code[code]["status"] for code in shapes[key]]
    # one collection per kind of area (drawing them one by one cost a call each)
    ok = [s == "ok" for s in status]
    if any(ok):
        shapes.geometry[ok].plot(ax=ax, edgecolor="white", linewidth=0.6, color=[
            cmap(norm(by_code[code]["estimate"])) for code in shapes[key][ok]])
    for kind, hatch in _HATCH.items():
        part = [s == kind for s in status]
        if any(part):
            shapes.geometry[part].plot(ax=ax, facecolor="white", edgecolor="#444444",
                                       linewidth=0.6, hatch=hatch)
    notes = []
    for code, geom in zip(shapes[key], shapes.geometry):
        cell = by_code[code]
        pt = geom.representative_point()
        # offset 0 for now; _separate_labels moves a label that overlaps another, and the
        # leader line (clipped to the label's own box until then) points to its area
        notes.append(ax.annotate(
            f"{cell['category']}\n{cell['shown']}", (pt.x, pt.y), xytext=(0, 0),
            textcoords="offset points", ha="center", va="center",
            fontproperties=text_font(lang, size=7), color="#111111",
            # a white halo round the letters (not a box) leaves the area's colour visible
            path_effects=[patheffects.withStroke(linewidth=2.2, foreground="white")],
            arrowprops={"arrowstyle": "-", "color": "#444444", "linewidth": 0.5,
                        "shrinkA": 2, "shrinkB": 0}))
    return notes


def _map_axes(fig, areas: _Areas, lang, level):
    """The map itself: Iraq in grey, the study's areas coloured and labelled, zoomed to them.

    Returns the axes, the area labels and the map's height per unit of width.
    """
    ax = fig.add_axes([0.03, 0.27, 0.94, 0.63])  # placed by _place once the texts are measured
    load_boundaries("adm1").plot(ax=ax, color="#e6e6e6", edgecolor="white", linewidth=0.8)
    notes = _draw_areas(ax, areas, lang)
    if level == "adm2":
        load_boundaries("adm1").boundary.plot(ax=ax, color="#555555", linewidth=0.8)
    xmin, ymin, xmax, ymax = areas.shapes.total_bounds
    pad = 0.08 * max(xmax - xmin, ymax - ymin)
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - pad, ymax + pad)
    ax.set_axis_off()
    # geopandas draws lon/lat with aspect 1/cos(latitude): the map's height per inch of width
    aspect = ax.get_aspect() if isinstance(ax.get_aspect(), float) else 1.0
    return ax, notes, aspect * (ymax - ymin + 2 * pad) / (xmax - xmin + 2 * pad)


def _separate_labels(fig, notes, gap_pt: float = 1.5):
    """Move area labels down, top to bottom, until none overlaps another.

    On a map drawn at a fact sheet's column width neighbouring governorates (Kirkuk and
    Salah al-Din) are closer than their 7 pt labels are tall; a label on a label hides both
    numbers.  A greedy pass is enough for the few areas of a study map.
    """
    from wpsresearch.viz.canvases import agg_canvas

    renderer = agg_canvas(fig).get_renderer()
    to_pt = 72 / fig.dpi
    boxes = {id(a): a.get_window_extent(renderer) for a in notes}
    placed = []
    for note in sorted(notes, key=lambda a: -boxes[id(a)].y1):
        box, shift = boxes[id(note)], 0.0
        moved = True
        while moved:
            moved = False
            for other in placed:
                if (box.x0 < other.x1 and box.x1 > other.x0
                        and box.y0 - shift < other.y1 and box.y1 - shift > other.y0):
                    shift = box.y1 - other.y0 + gap_pt / to_pt
                    moved = True
        if shift:
            note.xyann = (0, -shift * to_pt)
        placed.append(box.translated(0, -shift))


def _map_legend(fig, areas: _Areas, lang, labels, value_label, *, side: bool):
    """The colour bar (None when no area has a number) and the legend of area states.

    ``side``: the bar stands upright beside the map (a narrow map, whose areas are taller
    than wide, has room there and none to spare below); else it lies under the map.
    """
    from matplotlib.cm import ScalarMappable
    from matplotlib.patches import Patch

    cells, cmap, norm = areas.cells, areas.cmap, areas.norm
    rtl = lang == "ar"
    bar = None
    if any(c["status"] == "ok" for c in cells):
        cax = fig.add_axes([0.55, 0.2, 0.02, 0.2])  # placed by _place once sizes are known
        bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=cax,
                           orientation="vertical" if side else "horizontal")
        bar.set_label(value_label, fontproperties=text_font(lang, size=8))
        cax.tick_params(labelsize=7, labelfontfamily="DejaVu Sans")
        if side and rtl:
            cax.yaxis.set_ticks_position("left")
            cax.yaxis.set_label_position("left")
        elif rtl:
            cax.invert_xaxis()
    handles = [Patch(facecolor="#e6e6e6", edgecolor="white", label=labels.get("viz_map_not_in_study", lang))]
    for status, key in (("suppressed", "viz_suppressed_legend"), ("unreliable", "viz_unreliable_legend")):
        if any(c["status"] == status for c in cells):
            handles.append(Patch(facecolor="white", edgecolor="#444444", hatch=_HATCH[status],
                                 label=labels.get(key, lang)))
    legend = fig.legend(handles=handles, loc="lower right" if rtl else "lower left", frameon=False,
                        bbox_to_anchor=(0.98 if rtl else 0.02, 0.09), markerfirst=not rtl,
                        prop=text_font(lang, size=7))
    return bar, legend, [h.get_label() for h in handles]


def _extent_in(fig, artist, tight: bool = False):
    """(width, height) in inches of an artist as drawn (an axes: with its ticks and label)."""
    from wpsresearch.viz.canvases import agg_canvas

    renderer = agg_canvas(fig).get_renderer()
    box = artist.get_tightbbox(renderer) if tight else artist.get_window_extent(renderer)
    return box.width / fig.dpi, box.height / fig.dpi


def _bottom_rows(fig, parts):
    """Heights (inches from the bottom) of attribution, note, legend and a lying colour bar;
    returns them and where the map may start."""
    rows, y = {}, 0.12
    for name in ("attribution", "note"):
        rows[name] = y
        y += _extent_in(fig, parts[name])[1] + 0.06
    rows["legend"] = y + 0.04
    y = rows["legend"] + _extent_in(fig, parts["legend"])[1] + 0.08
    bar = parts["bar"]
    if bar is not None and bar.orientation == "horizontal":
        below = _extent_in(fig, bar.ax, tight=True)[1] - _extent_in(fig, bar.ax)[1]
        rows["bar"] = y + below
        y = rows["bar"] + 0.15
    return rows, y + 0.12


def _texts(fig, title, note, attribution, lang) -> dict:
    """Title, data note and attribution, broken between words to the figure's width."""
    W = fig.get_size_inches()[0]
    rtl = lang == "ar"
    # lines broken 8% short of the 0.96 W between the text margins: a line's width moves
    # by up to 5% with the dpi it is rendered at (hinting of Amiri and its Latin fallback)
    line = 0.92 * 0.96 * W
    bold = text_font(lang, "bold", size=12)
    parts = {
        "title": fig.text(0.98 if rtl else 0.02, 0.95, wrap_to_width(title, bold, line),
                          ha="right" if rtl else "left", va="top", fontproperties=bold),
        "note": draw_note(fig, wrap_to_width(note, text_font(lang, size=8), line), lang=lang, y=0.05),
        "attribution": draw_note(fig, wrap_to_width(attribution, text_font(lang, size=8), line),
                                 lang=lang, y=0.015),
    }
    for name in ("note", "attribution"):
        # broken above with the font drawn: matplotlib's own wrapping, done only at draw
        # time, would break the Arabic lines again and push them over the measured rows
        parts[name].set_wrap(False)
    return parts


def _place(fig, ax, parts, map_ratio, height):
    """Lay the map out in inches, so its text keeps its point size at any width.

    From the bottom: attribution, data note, legend, then the colour bar (beside the map
    when it stands), then the map; from the top: the SYNTHETIC line and the title.  Each
    text is measured as drawn (Amiri lines are taller).  ``height=None``: the map is as tall
    as its areas need, at most 0.72 of the width (a report page's 7 x 8 in map).
    Returns the figure height.
    """
    W = fig.get_size_inches()[0]
    rtl, bar = parts["rtl"], parts["bar"]
    rows, bottom = _bottom_rows(fig, parts)
    top = 0.4 + _extent_in(fig, parts["title"])[1] + 0.1
    side = 0.0
    if bar is not None and bar.orientation == "vertical":
        side = 0.12 + (_extent_in(fig, bar.ax, tight=True)[0] - _extent_in(fig, bar.ax)[0]) + 0.15
    map_w = W - 2 * _MARGIN_IN - side
    if height is None:
        height = top + min(map_w * map_ratio, 0.72 * W) + bottom
    map_h = height - top - bottom
    if map_h < _MIN_MAP_IN or map_w < _MIN_MAP_IN:
        raise InputError(f"a map of {W:g} x {height:g} in leaves {map_w:.2f} x {map_h:.2f} in for "
                         f"the areas once its title, legend and notes are drawn; it needs "
                         f"{_MIN_MAP_IN} x {_MIN_MAP_IN}", hint="make the map taller or wider")
    H = float(height)
    fig.set_size_inches(W, H)
    x0 = _MARGIN_IN + (side if rtl else 0.0)
    ax.set_position([x0 / W, bottom / H, map_w / W, map_h / H])
    for name in ("attribution", "note"):
        parts[name].set_y(rows[name] / H)
    parts["title"].set_y(1 - 0.4 / H)
    parts["legend"].set_bbox_to_anchor((0.98 if rtl else 0.02, rows["legend"] / H),
                                       transform=fig.transFigure)
    if side:
        # upright at the outer edge, level with the map's lower half
        bar_h = min(2.0, 0.6 * map_h)
        bx = _MARGIN_IN + side - 0.12 - 0.05 if rtl else W - _MARGIN_IN - side + 0.15
        bar.ax.set_position([bx / W, (bottom + 0.1) / H, 0.12 / W, bar_h / H])
    elif bar is not None:
        # a report page's bar: 0.37 of 7 in, 0.56 in from the edge; a narrow map's: nearly all
        bar_w = min(0.37 * 7.0, W - 2 * 0.08 * W)
        bx = 0.08 * W if rtl else W - 0.08 * W - bar_w
        bar.ax.set_position([bx / W, rows["bar"] / H, bar_w / W, 0.15 / H])
    return H


_POLICY_KEY = "district_maps_for_sgbv"


def _mapped_names(values) -> tuple[list[str], bool]:
    """The names a map's values carry, and whether they say which indicator is mapped.

    Names are the ``variable`` values and the columns of an Estimate or its frame (a ``by``
    column such as ``ipv_any_12m`` makes even a trust estimate a map of survivors), or a
    Series' name.  A frame without ``variable`` or an unnamed Series does not say.
    """
    import pandas as pd

    if isinstance(values, pd.Series):
        return ([] if values.name is None else [str(values.name)]), values.name is not None
    frame = values
    if hasattr(values, "to_frame") and not isinstance(values, pd.DataFrame):
        frame = values.to_frame()
    if not isinstance(frame, pd.DataFrame):
        return [], False
    names = [str(c) for c in frame.columns]
    variables = []
    if "variable" in frame.columns:
        variables = [str(v) for v in frame["variable"].dropna().unique()]
    return names + variables, bool(variables)


def _study_allows_district(study) -> bool:
    from collections.abc import Mapping

    disclosure = getattr(study, "disclosure", study) or {}
    if not isinstance(disclosure, Mapping):
        raise InputError(f"study= takes a Study or its disclosure block, not {type(study).__name__}",
                         hint="pass study=wps.Study.load(folder) (or study.disclosure)")
    # fail closed: only a literal `true` in study.yml lifts the refusal
    return disclosure.get(_POLICY_KEY, False) is True


def _check_sgbv(values, level, sgbv, study):
    """Refuse a district map of an SGBV indicator unless the study's policy allows it.

    Whether an indicator is SGBV is decided from the data
    (:func:`wpsresearch.sgbv.is_sgbv_column`); the caller's ``sgbv=True`` can only add
    sensitivity, never remove it.
    """
    from wpsresearch.sgbv import is_sgbv_column, sgbv_columns

    if level != "adm2" or _study_allows_district(study):
        return
    names, named = _mapped_names(values)
    # the study's own items of the package's SGBV indicators (its indicators: block) too
    items = sgbv_columns(dict(getattr(study, "indicators", None) or {}))
    sensitive = [n for n in dict.fromkeys(names) if is_sgbv_column(n) or n in items]
    hint = (f"map by adm1_pcode, or set disclosure.{_POLICY_KEY}: true in study.yml after an "
            "ethics review and pass study=study")
    if sgbv or sensitive:
        what = ", ".join(sensitive) if sensitive else "an indicator marked sgbv=True"
        raise DisclosureError(
            f"{what}: SGBV indicators are mapped at governorate level only unless the study "
            f"allows districts (disclosure.{_POLICY_KEY}); a district map can stigmatise a "
            "place and expose the few people behind it", column=sensitive or None, hint=hint)
    if not named:
        raise DisclosureError(
            "a district map must say which indicator it shows, so that an SGBV indicator is "
            f"never mapped by district unless disclosure.{_POLICY_KEY} allows it",
            hint="pass the Estimate (or its .to_frame(), which has a `variable` column), or "
            "name the Series after its column: values.rename('indicator_name')")


def choropleth(values_by_pcode, *, title_key: str, level: str = "adm1", lang: str = "en",
               labels=None, synthetic: bool = False, sgbv: bool = False, study=None,
               percent: bool = True, source: str | None = None,
               data_note: str | None = None, width: float | None = None,
               height: float | None = None) -> Chart:
    """Map estimates by governorate (``adm1``) or district (``adm2``) with the COD-AB attribution.

    Parameters
    ----------
    values_by_pcode : Estimate, DataFrame or Series
        Estimates with an ``adm1_pcode`` / ``adm2_pcode`` column (suppression and reliability
        judged as in :func:`bar_chart`), or a Series indexed by p-code of values already safe
        to publish (NaN = suppressed).
    title_key : str
        Label-table key of the title.
    level : {"adm1", "adm2"}
    lang : {"en", "ar"}
    labels : Labels, optional
    synthetic : bool
        Stamp the map SYNTHETIC.
    sgbv : bool, default False
        Mark the mapped values as sensitive although the package does not code them (e.g.
        harassment items of your own form).  Whether an indicator is SGBV is otherwise decided
        from the values (their ``variable``, columns or Series name; see
        :func:`wpsresearch.sgbv.is_sgbv_column`): ``sgbv=False`` never un-marks a registered
        SGBV indicator.
    study : Study or mapping, optional
        The study (or its ``disclosure`` block).  An SGBV indicator at ``adm2`` — and, at
        ``adm2``, values that do not say which indicator they are — raise
        :class:`~wpsresearch.errors.DisclosureError` unless its
        ``disclosure.district_maps_for_sgbv`` is ``true``.
    percent : bool, default True
        Values are proportions shown as percentages.
    source, data_note : str, optional
    width, height : float, optional
        Figure size in inches (default 7 x 8, a report page; width at least 3).  Pass the
        size the map is printed at — a fact-sheet column — so its 7-12 pt text prints at its
        point size; title and notes are then broken between words to fit, and labels of
        neighbouring areas that would overlap are moved apart.  ``height=None`` with a
        ``width``: as tall as the mapped areas need.

    Returns
    -------
    Chart

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.viz import choropleth
    >>> s = pd.Series({"IQG02": 0.21, "IQG13": 0.35, "IQG08": 0.18, "IQG16": float("nan")})
    >>> chart = choropleth(s, title_key="estimate")
    >>> chart.sidecar["attribution"]
    'Boundaries: CSO Iraq / OCHA COD-AB 2019, CC BY 3.0 IGO'
    >>> [c["shown"] for c in chart.sidecar["cells"]]
    ['21.0', '35.0', '18.0', 'suppressed']
    """
    import matplotlib
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    from wpsresearch.labels import Labels

    _check_sgbv(values_by_pcode, level, sgbv, study)
    labels = LabelUse(labels or Labels.default())
    key = f"{level}_pcode"
    base = load_boundaries(level)
    frame = _values_frame(values_by_pcode, key)
    unknown = sorted(set(frame[key]) - set(base[key]))
    if unknown:
        raise InputError(f"{len(unknown)} p-code(s) are not {level} units of COD-AB 2019: "
                         f"{', '.join(unknown[:5])}", column=key,
                         hint="use OCHA p-codes such as IQG02 (adm1) or IQG02Q01 (adm2)")
    names = dict(zip(base[key], base["name_ar" if lang == "ar" else "name_en"]))
    cells = _cells(frame, key, names, lang, labels, 100.0 if percent else 1.0)
    shapes = base[base[key].isin(frame[key])]
    shown = [c["estimate"] for c in cells if c["status"] == "ok"]
    norm = Normalize(vmin=min(shown, default=0), vmax=max(shown, default=1))
    cmap = matplotlib.colormaps["cividis_r"]  # perceptually uniform, colour-vision-deficiency safe

    W = _WIDTH_IN if width is None else float(width)
    if not W >= _MIN_WIDTH_IN:
        raise InputError(f"a map needs a width of at least {_MIN_WIDTH_IN} inches, not {width!r}",
                         hint="draw it at the width it is printed at (3.4 for a fact-sheet column)")
    if width is None and height is None:
        height = _HEIGHT_IN
    fig = Figure(figsize=(W, height or _HEIGHT_IN))
    areas = _Areas(shapes, key, cells, cmap, norm)
    ax, notes, ratio = _map_axes(fig, areas, lang, level)
    rtl = lang == "ar"
    value_label = labels.get("viz_axis_percent" if percent else "viz_axis_estimate", lang)
    bar, legend_artist, legend = _map_legend(fig, areas, lang, labels, value_label,
                                             side=W < _SIDE_BAR_BELOW_IN)
    title = labels.get(title_key, lang)
    # the total over every area, suppressed ones included (a total over the shown areas
    # would give a suppressed area's n by subtraction from the sample size)
    n_vals = [int(v) for v in frame["n"] if v == v] if "n" in frame.columns else []
    note = data_note or data_note_text(lang, labels, source=source,
                                       n=sum(n_vals) if n_vals else None, weighted=bool(n_vals))
    attribution = labels.get("viz_map_attribution", lang)
    parts = {"rtl": rtl, "bar": bar, "legend": legend_artist,
             **_texts(fig, title, note, attribution, lang)}
    _place(fig, ax, parts, ratio, height)
    ax.apply_aspect()
    _separate_labels(fig, notes)
    stamp = draw_synthetic_stamp(fig, lang, labels) if synthetic else None
    sidecar = {
        "kind": "choropleth", "lang": lang, "title": title, "title_key": title_key, "level": level,
        "axis_labels": {"value": value_label}, "categories": [c["category"] for c in cells],
        "legend": [value_label, *legend], "cells": cells,
        "numbers_shown": [c["shown"] for c in cells if c["estimate"] is not None]
        + ([f"{sum(n_vals):,}"] if n_vals and not data_note else []),
        "data_note": note, "synthetic": bool(synthetic), "synthetic_stamp": stamp,
        "attribution": attribution, "data_summary": value_label,
    }
    sidecar["label_keys"] = sorted(labels.used)
    return Chart(figure=fig, sidecar=sidecar)
