"""The personnel chart: a Vega-Lite spec (a plain dict, no Streamlit here) from :func:`geo.panels.personnel_series`.

Why one chart on a logarithmic value axis, not small multiples: the figures run from 60 (a monitoring centre) to
about 5,000 (the 102nd base), for about ten forces with one to six figures each. On a linear axis everything under
1,000 lies on the floor; small multiples with a scale per force make 200 and 5,000 look the same height and need a
panel for a single point. A log axis keeps every force readable on one time axis, shows a change as a ratio
(3,500 → 4,000 and 1,500 → 1,700 look alike), and keeps magnitudes comparable at a glance; its ticks are written
out (50, 100, 200, 500, 1,000, ...) and the axis title says "log scale".

Marks: one colour per force (legend below the plot, outside it), a line joining a force's figures in date order,
a filled point for a figure the source gives exactly and a hollow one for an approximate figure (``approx``: "about",
"up to", "planned"), a dashed rule with the date at the map's date. The tooltip of a point gives the force, the
figure with its unit, its as-of date at its precision, the source (publisher, title, date) and the data's note.
Numbers are written the reader's way (CLDR grouping via Babel, and the same symbols for the axis).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from babel import Locale
from babel.numbers import format_decimal

from geo.i18n import date_words, strings
from geo.panels import FigurePoint

__all__ = ["PLOT_HEIGHT", "chart_data", "chart_rows", "log_domain", "number_words", "personnel_spec"]

#: Height of the plotted area in CSS px (the legend and the axes come on top of it).
PLOT_HEIGHT = 300
_TICKS = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000)
_NUMBER_LOCALE = {"en": "en_GB"}


def number_words(value: float, lang: str) -> str:
    """``value`` written the way ``lang`` writes numbers ("3,500", "3 500", "3.500")."""
    return format_decimal(value, locale=_NUMBER_LOCALE.get(lang, lang))


def log_domain(values: Sequence[float]) -> tuple[float, float, list[float]]:
    """A log-axis domain that holds ``values`` with room around them, and the 1-2-5 ticks inside it."""
    positive = [v for v in values if v > 0] or [1.0]
    low = max((t for t in _TICKS if t <= min(positive) * 0.95), default=_TICKS[0])
    high = min((t for t in _TICKS if t >= max(positive) * 1.25), default=_TICKS[-1])
    if high <= low:
        high = low * 10
    return float(low), float(high), [float(t) for t in _TICKS if low <= t <= high]


def chart_rows(points: Sequence[FigurePoint], lang: str) -> list[dict[str, Any]]:
    """One data row per figure (``kind: "figure"``), every text already in the reader's language where we have it
    (the data's own words, unit and note, are English)."""
    text = strings(lang)
    rows = []
    for p in points:
        figure = number_words(p.value, lang) + (f" {p.unit}" if p.unit else "")
        if p.approx:
            figure += f" ({text('chart_approximate')})"
        source = ", ".join(part for part in (p.publisher, f"“{p.title}”" if p.title else "", p.source_date) if part)
        rows.append({"kind": "figure", "feature": p.feature, "as_of": p.as_of.isoformat(), "value": p.value,
                     "approx": p.approx, "figure": figure, "as_of_words": p.as_of_words,
                     "source": source or text("undated"), "note": p.note or "—", "label": "", "align": ""})
    return rows


def chart_data(points: Sequence[FigurePoint], *, day: dt.date, lang: str, first: dt.date,
               last: dt.date) -> list[dict[str, Any]]:
    """The chart's data: the figures (:func:`chart_rows`) and one ``kind: "rule"`` row for the map's date.

    The date is data, not part of the spec, so that moving the date changes only the data: Streamlit then updates
    the drawn chart instead of building it again (what kept the panels from catching up quickly).
    """
    rule = {"kind": "rule", "feature": "", "as_of": day.isoformat(), "value": 0.0, "approx": False, "figure": "",
            "as_of_words": "", "source": "", "note": "", "label": date_words(day, lang),
            "align": _label_align(day, first, last)}
    return [*chart_rows(points, lang), rule]


def personnel_spec(points: Sequence[FigurePoint], *, lang: str, first: dt.date, last: dt.date) -> dict[str, Any]:
    """The Vega-Lite spec of the chart (no data: :func:`chart_data` gives it), figures from ``first`` to ``last``
    (the slider's range). It depends on the language and the figures, not on the date.

    The width follows the container (``autosize: fit-x``); the plotted area is :data:`PLOT_HEIGHT` px high whatever
    the legend needs (it is added below, not taken from the plot).
    """
    text = strings(lang)
    low, high, ticks = log_domain([p.value for p in points])
    order: list[str] = []
    for p in sorted(points, key=lambda p: (p.as_of, p.feature)):
        if p.feature not in order:
            order.append(p.feature)
    x = {"field": "as_of", "type": "temporal", "title": None,
         "scale": {"domain": [first.isoformat(), last.isoformat()]},
         "axis": {"format": "%Y", "labelFlush": True, "grid": False}}
    y = {"field": "value", "type": "quantitative", "title": text("chart_axis"),
         "scale": {"type": "log", "domain": [low, high], "nice": False},
         "axis": {"values": ticks, "format": ",d", "grid": True, "gridOpacity": 0.5}}
    color = {"field": "feature", "type": "nominal", "title": None, "sort": order,
             "scale": {"domain": order, "scheme": "tableau10"},
             "legend": {"orient": "bottom", "direction": "vertical", "columns": 1, "labelLimit": 520,
                        "symbolType": "stroke", "symbolStrokeWidth": 3, "labelFontSize": 13, "rowPadding": 3}}
    tooltip = [{"field": "feature", "title": text("col_name")},
               {"field": "figure", "title": text("chart_figure")},
               {"field": "as_of_words", "title": text("chart_as_of")},
               {"field": "source", "title": text("sources")},
               {"field": "note", "title": text("chart_note")}]
    point = {"x": x, "y": y, "color": color, "tooltip": tooltip}
    figures = {"filter": "datum.kind === 'figure'"}
    labels = [{"transform": [{"filter": f"datum.kind === 'rule' && datum.align === '{align}'"}],
               "mark": {"type": "text", "align": align, "dy": -6, "baseline": "bottom", "fontSize": 12,
                        "color": "#333333"},
               "encoding": {"x": {"field": "as_of", "type": "temporal"}, "y": {"value": 0},
                            "text": {"field": "label"}}}
              for align in ("left", "center", "right")]
    return {
        "autosize": {"type": "fit-x", "contains": "padding"},
        "height": PLOT_HEIGHT,
        "config": {"locale": {"number": _vega_number_locale(lang)}},
        "layer": [
            {"transform": [figures],
             "mark": {"type": "line", "strokeWidth": 2, "opacity": 0.8},
             "encoding": {"x": x, "y": y, "color": color, "order": {"field": "as_of", "type": "temporal"}}},
            {"transform": [figures, {"filter": "!datum.approx"}],
             "mark": {"type": "point", "filled": True, "size": 80, "opacity": 1},
             "encoding": point},
            {"transform": [figures, {"filter": "datum.approx"}],
             "mark": {"type": "point", "filled": False, "fill": "#ffffff", "size": 80, "strokeWidth": 2,
                      "opacity": 1},
             "encoding": point},
            {"transform": [{"filter": "datum.kind === 'rule'"}],
             "mark": {"type": "rule", "strokeDash": [5, 4], "color": "#444444", "strokeWidth": 1.5},
             "encoding": {"x": {"field": "as_of", "type": "temporal"}}},
            *labels,
        ],
    }


def _label_align(day: dt.date, first: dt.date, last: dt.date) -> str:
    """The rule's date label reads into the plot: left-aligned in the left part, right-aligned near the end."""
    span = max((last - first).days, 1)
    share = (day - first).days / span
    return "right" if share > 0.75 else "left" if share < 0.25 else "center"


def _vega_number_locale(lang: str) -> dict[str, Any]:
    """d3-format's locale for ``lang`` from CLDR (decimal and group symbols), so the axis writes "5 000" in ru."""
    symbols = Locale.parse(_NUMBER_LOCALE.get(lang, lang)).number_symbols.get("latn", {})
    group = symbols.get("group", ",")
    return {"decimal": symbols.get("decimal", "."), "thousands": group, "grouping": [3], "currency": ["", ""]}

