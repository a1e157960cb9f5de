"""Charts as inline SVG with a data table, drawn from a calculator's chart declarations.

Nothing here knows a calculator: a chart names the outputs (or inputs) it draws in its
declaration (:class:`calculators.model.Chart`), and this module draws any
:class:`~calculators.model.LineChart`, :class:`~calculators.model.DivergingBars` or
:class:`~calculators.model.StackedBars`. Every number shown is formatted by
:mod:`calculators.formatting`; colours are palette roles (classes, :mod:`calculators.palette`);
every text is escaped. Layout is computed with a conservative estimate of text widths, and
labels that would overlap are left out (a tick) or moved apart (end labels), so a chart
scaled down to a phone's width keeps its labels apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Any

from .formatting import format_money, format_number, presentable
from .i18n import translate
from .model import Chart, DivergingBars, LineChart, OutputKind, Quantity, StackedBars
from .present import format_value, raw_value, sentence_text
from .runner import Outcome

FONT = 12
#: The narrowest drawing: it is scaled to the width it gets, 320 px on the smallest phones.
WIDTH = 480.0
#: Width of a character as a share of the font size: generous, so estimates never fall short.
CHAR = 0.62
ROW = 28
SVG_NS = "http://www.w3.org/2000/svg"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _n(value: float) -> str:
    """A coordinate: one decimal, never NaN or infinite."""
    if not math.isfinite(value):
        raise ValueError(f"coordinate {value!r} is not finite")
    return f"{value:.1f}"


def text_width(text: str, size: float = FONT) -> float:
    """An upper estimate of a label's width in SVG units."""
    return len(text) * size * CHAR


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values from ``low`` (or below) to ``high`` (or above), about ``count`` steps.

    >>> nice_ticks(0, 95_000)
    [0.0, 25000.0, 50000.0, 75000.0, 100000.0]
    >>> nice_ticks(0, 0)
    [0.0, 0.25, 0.5, 0.75, 1.0]
    >>> nice_ticks(0, 1e-41)
    [0.0, 2.5e-42, 5e-42, 7.5e-42, 1e-41]
    """
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    start = math.floor(low / step + 1e-9) * step
    steps = math.ceil((high - start) / step - 1e-9)
    # 12 significant digits clear float noise at any magnitude (rounding to 10 decimals turned
    # the ticks of a tiny range, e.g. 10^-41, all into 0: a division by zero when drawn).
    return [float(f"{start + i * step:.12g}") for i in range(steps + 1)]


def _span(x: float, text: str, anchor: str) -> tuple[float, float]:
    width = text_width(text)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, left + width


def _place(candidates: Sequence[tuple[float, str, str]], gap: float = 6) -> list[tuple[float, str, str]]:
    """Keep the labels (x, text, anchor) that do not overlap the ones kept before them, in order of priority."""
    kept: list[tuple[float, str, str]] = []
    spans: list[tuple[float, float]] = []
    for x, text, anchor in candidates:
        left, right = _span(x, text, anchor)
        if all(right + gap <= other_left or left >= other_right + gap for other_left, other_right in spans):
            kept.append((x, text, anchor))
            spans.append((left, right))
    return kept


def _label(lang: str, quantity: Quantity) -> str:
    return translate(lang, quantity.key, **{name: translate(lang, key) for name, key in quantity.label_params})


def _value(outcome: Outcome, quantity: Quantity) -> Any:
    return (outcome.values if quantity.source == "input" else outcome.outputs)[quantity.name]


def _amount(value: float, kind: OutputKind, outcome: Outcome, lang: str, *, axis: bool = False) -> str:
    if not presentable(value):
        return translate(lang, "ui.too_large")
    if kind in (OutputKind.MONEY, OutputKind.MONEY_SERIES):
        return format_money(value, outcome.currency, lang, digits=0 if axis else None)
    return format_value(value, kind, lang, outcome.currency)


def _text(x: float, y: float, text: str, *, anchor: str = "start", css: str = "", weight: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    bold = ' font-weight="700"' if weight else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{cls}{bold}>{_e(text)}</text>'


def _line(x1: float, x2: float, y1: float, y2: float, css: str, *, extra: str = "") -> str:
    return f'<line class="{css}" x1="{_n(x1)}" x2="{_n(x2)}" y1="{_n(y1)}" y2="{_n(y2)}"{extra}/>'


def _table(title: str, head: Sequence[str], rows: Sequence[Sequence[str]], name: str, head_attrs: Sequence[str]) -> str:
    cells = "".join(f'<th scope="col"{attrs}>{_e(text)}</th>' for text, attrs in zip(head, head_attrs, strict=True))
    body = "".join(
        "<tr>" + f'<th scope="row">{_e(row[0])}</th>' + "".join(f"<td>{_e(cell)}</td>" for cell in row[1:]) + "</tr>"
        for row in rows
    )
    return (
        f'<table class="calculator__table" data-table="{_e(name)}"><caption>{_e(title)}</caption>'
        f"<thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"
    )


def _line_chart(  # noqa: PLR0915 (one drawing, step by step)
    chart: Chart, spec: LineChart, outcome: Outcome, lang: str
) -> tuple[str, float, float, str]:
    series = [(quantity, list(_value(outcome, quantity))) for quantity in spec.series]
    kind = OutputKind.MONEY
    steps = len(series[0][1])
    values = [v for _, items in series for v in items]
    ticks = nice_ticks(min(0.0, *values), max(values))
    tick_labels = [_amount(t, kind, outcome, lang, axis=True) for t in ticks]
    names = [_label(lang, quantity) for quantity, _ in series]
    ends = [_amount(items[-1], kind, outcome, lang) for _, items in series]
    left = max(text_width(label) for label in tick_labels) + 12
    right = max(text_width(text) for text in (*names, *ends)) + 34
    width = max(WIDTH, left + right + 200)
    top, bottom = 30.0, 48.0
    height = 260.0
    plot_w, plot_h = width - left - right, height - top - bottom
    low, high = ticks[0], ticks[-1]

    def x(step: int) -> float:
        return left + (step - 1) / (steps - 1) * plot_w if steps > 1 else left + plot_w / 2

    def y(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    parts = []
    for tick, label in zip(ticks, tick_labels, strict=True):
        parts.append(_line(left, left + plot_w, y(tick), y(tick), "chart__grid"))
        parts.append(_text(left - 6, y(tick) + FONT * 0.35, label, anchor="end"))
    every = next((s for s in (1, 2, 3, 6, 12, 24, 60) if steps / s <= 8), 120)
    wanted = [1, *range(every, steps + 1, every)] if every > 1 else list(range(1, steps + 1))
    for centre, label, anchor in _place([(x(s), format_number(s, lang), "middle") for s in wanted]):
        parts.append(_text(centre, top + plot_h + FONT + 4, label, anchor=anchor))
    parts.append(_text(left + plot_w / 2, height - 8, translate(lang, spec.x_key), anchor="middle"))
    marker = outcome.outputs.get(spec.marker) if spec.marker else None
    if marker is not None:
        mx = x(int(marker))
        parts.append(
            f'<line class="chart__mark chart--marker" x1="{_n(mx)}" x2="{_n(mx)}" y1="{_n(top)}" '
            f'y2="{_n(top + plot_h)}" stroke-width="1.5" stroke-dasharray="2 3"/>'
        )
        text = translate(lang, spec.marker_key, step=format_number(int(marker), lang))
        anchor = "end" if mx > left + plot_w * 0.65 else "start" if mx < left + plot_w * 0.35 else "middle"
        parts.append(_text(mx, top - 10, text, anchor=anchor))
    for index, (_, items) in enumerate(series):
        points = " ".join(f"{_n(x(step))},{_n(y(v))}" for step, v in enumerate(items, start=1))
        dash = ' stroke-dasharray="8 5"' if index else ""
        parts.append(
            f'<polyline class="chart__line chart--series-{index}" points="{points}" stroke-width="2.5"{dash}/>'
        )
    # End labels: name and amount beside each line's end, moved apart where they would overlap.
    pitch = 2 * FONT + 6
    order = sorted(range(len(series)), key=lambda i: y(series[i][1][-1]))
    positions: dict[int, float] = {}
    previous = -math.inf
    for i in order:
        positions[i] = max(y(series[i][1][-1]) - FONT / 2, previous + pitch)
        previous = positions[i]
    overflow = previous + FONT + 4 - (top + plot_h)
    if overflow > 0:
        positions = {i: p - overflow for i, p in positions.items()}
    for index, position in positions.items():
        lx = left + plot_w + 8
        dash = ' stroke-dasharray="8 5"' if index else ""
        parts.append(
            f'<line class="chart__line chart--series-{index}" x1="{_n(lx)}" x2="{_n(lx + 18)}" '
            f'y1="{_n(position - FONT * 0.35)}" y2="{_n(position - FONT * 0.35)}" stroke-width="2.5"{dash}/>'
        )
        parts.append(_text(lx + 22, position, names[index], css=f"chart--series-{index} chart__label"))
        parts.append(_text(lx + 22, position + FONT + 4, ends[index], weight="bold"))
    head = [translate(lang, spec.x_key), *names]
    attrs = ["", *(f' data-output="{_e(q.name)}" data-value="{_e(raw_value(items))}"' for q, items in series)]
    if spec.difference_key:
        head.append(translate(lang, spec.difference_key))
        attrs.append("")
    rows = []
    for step in range(steps):
        row = [format_number(step + 1, lang), *(_amount(items[step], kind, outcome, lang) for _, items in series)]
        if spec.difference_key:
            row.append(_amount(series[-1][1][step] - series[0][1][step], kind, outcome, lang))
        rows.append(row)
    table = _table(translate(lang, chart.title_key), head, rows, chart.name, attrs)
    return "".join(parts), width, height, table


def _diverging(chart: Chart, spec: DivergingBars, outcome: Outcome, lang: str) -> tuple[str, float, float, str]:
    items = [(_label(lang, q), float(_value(outcome, q)), q) for q in spec.bars]
    items.sort(key=lambda item: -item[1])
    total = (_label(lang, spec.total), float(_value(outcome, spec.total)), spec.total) if spec.total else None
    everything = [*items, *([total] if total else [])]
    reach = max([abs(v) for _, v, _ in everything] + [abs(t) * 1.5 for t in spec.thresholds] + [0.01])
    domain = nice_ticks(0, reach, 2)[-1]
    shown = {id(q): format_value(v, OutputKind.SCORE, lang, outcome.currency) for _, v, q in everything}
    label_w = max(text_width(label) for label, _, _ in everything) + 12
    value_w = max(text_width(text) for text in shown.values()) + 12
    sides = [translate(lang, spec.negative_key), translate(lang, spec.positive_key)]
    plot_min = 2 * max(text_width(text) for text in sides) + 24
    width = max(WIDTH, label_w + value_w + max(200.0, plot_min))
    plot_w = width - label_w - value_w
    top = 34.0
    rows = len(items) + (1 if total else 0)
    height = top + rows * ROW + (10 if total else 0) + 30
    centre = label_w + plot_w / 2

    def x(value: float) -> float:
        return centre + value / domain * (plot_w / 2)

    parts = [
        _text(label_w, FONT + 2, "← " + sides[0], css="chart--negative chart__label"),
        _text(label_w + plot_w, FONT + 2, sides[1] + " →", anchor="end", css="chart--positive chart__label"),
    ]
    bottom = top + rows * ROW + (10 if total else 0)
    for threshold in spec.thresholds:
        parts.append(
            f'<line class="chart__grid" x1="{_n(x(threshold))}" x2="{_n(x(threshold))}" y1="{_n(top - 6)}" '
            f'y2="{_n(bottom)}" stroke-dasharray="4 3"/>'
        )
    parts.append(
        f'<line class="chart--marker" x1="{_n(centre)}" x2="{_n(centre)}" y1="{_n(top - 6)}" y2="{_n(bottom)}"/>'
    )
    candidates = [(0.0, 0.0), *((t, t) for t in spec.thresholds), (-domain, -domain), (domain, domain)]
    labels = [(x(v), format_number(v, lang, max_digits=2), "middle") for v, _ in candidates]
    for position, text, anchor in _place(labels):
        parts.append(_text(position, bottom + FONT + 6, text, anchor=anchor))

    def bar(row_top: float, label: str, value: float, quantity: Quantity, bold: bool) -> None:
        start, end = sorted((centre, x(value)))
        role = "positive" if value > 0 else "negative"
        parts.append(
            _text(label_w - 8, row_top + ROW / 2 + FONT * 0.35, label, anchor="end", weight="bold" if bold else "")
        )
        parts.append(
            f'<rect class="chart--{role}" x="{_n(start)}" y="{_n(row_top + 6)}" width="{_n(end - start)}" '
            f'height="{_n(ROW - 12)}"/>'
        )
        parts.append(_text(width - 4, row_top + ROW / 2 + FONT * 0.35, shown[id(quantity)], anchor="end"))

    for index, (label, value, quantity) in enumerate(items):
        bar(top + index * ROW, label, value, quantity, False)
    if total:
        row_top = top + len(items) * ROW + 10
        parts.append(
            f'<line class="chart__grid" x1="0" x2="{_n(width)}" y1="{_n(row_top - 5)}" y2="{_n(row_top - 5)}"/>'
        )
        bar(row_top, total[0], total[1], total[2], True)
    head = [translate(lang, "ui.chart.item"), translate(lang, "ui.chart.value")]
    table_rows = [[label, shown[id(q)]] for label, _, q in everything]
    table = _table(translate(lang, chart.title_key), head, table_rows, chart.name, ["", ""])
    return "".join(parts), width, height, table


def _stacked(chart: Chart, spec: StackedBars, outcome: Outcome, lang: str) -> tuple[str, float, float, str]:
    rows = [(translate(lang, key), [(q, float(_value(outcome, q) or 0.0)) for q in parts]) for key, parts in spec.rows]
    percent = spec.kind is OutputKind.PERCENT
    longest = max([sum(max(v, 0.0) for _, v in parts) for _, parts in rows] + [0.0])
    ticks = [0.0, 25.0, 50.0, 75.0, 100.0] if percent else nice_ticks(0, longest)
    label_w = max(text_width(label) for label, _ in rows) + 12
    width = WIDTH
    plot_w = width - label_w - 16
    top = 8.0
    high = ticks[-1]

    def x(value: float) -> float:
        return label_w + value / high * plot_w

    parts_svg = []
    roles: dict[str, str] = {}
    index = 0
    legend: list[tuple[str, str]] = []
    for row_index, (label, parts) in enumerate(rows):
        row_top = top + row_index * (ROW + 8)
        parts_svg.append(_text(label_w - 8, row_top + ROW / 2 + FONT * 0.35, label, anchor="end"))
        start = 0.0
        for quantity, value in parts:
            role = quantity.role or f"part-{index}"
            index += 1
            roles[quantity.name] = role
            legend.append((role, f"{_label(lang, quantity)}: {_amount(value, spec.kind, outcome, lang)}"))
            if value <= 0:
                continue
            end = x(start + value)
            parts_svg.append(
                f'<rect class="chart--{role}" x="{_n(x(start))}" y="{_n(row_top)}" width="{_n(end - x(start))}" '
                f'height="{_n(ROW)}" stroke="none"/>'
            )
            parts_svg.append(_line(end, end, row_top, row_top + ROW, "chart__gap", extra=' stroke-width="2"'))
            start += value
    axis_y = top + len(rows) * (ROW + 8)
    parts_svg.append(_line(label_w, label_w + plot_w, axis_y - 4, axis_y - 4, "chart__grid"))
    tick_labels = [(x(t), _amount(t, spec.kind, outcome, lang, axis=True), "middle") for t in ticks]
    tick_labels[0] = (*tick_labels[0][:2], "start")
    tick_labels[-1] = (*tick_labels[-1][:2], "end")
    priority = [tick_labels[0], tick_labels[-1], *tick_labels[1:-1]]
    for position, text, anchor in _place(priority):
        parts_svg.append(_text(position, axis_y + FONT + 4, text, anchor=anchor))
    # The legend names every part with its value, laid out in lines that fit the width.
    lx, ly = label_w, axis_y + 2 * FONT + 18
    for role, text in legend:
        needed = 16 + text_width(text) + 18
        if lx + needed > width and lx > label_w:
            lx, ly = label_w, ly + FONT + 10
        parts_svg.append(f'<rect class="chart--{role}" x="{_n(lx)}" y="{_n(ly - FONT + 2)}" width="11" height="11"/>')
        parts_svg.append(_text(lx + 16, ly, text))
        lx += needed
    height = ly + 12
    head = [translate(lang, "ui.chart.item"), translate(lang, "ui.chart.value")]
    table_rows = [
        [f"{label}: {_label(lang, q)}" if len(rows) > 1 else _label(lang, q), _amount(v, spec.kind, outcome, lang)]
        for label, parts in rows
        for q, v in parts
    ]
    table = _table(translate(lang, chart.title_key), head, table_rows, chart.name, ["", ""])
    return "".join(parts_svg), width, height, table


def render_chart(chart: Chart, outcome: Outcome, lang: str) -> str:
    """A chart's figure: the SVG (``role="img"``, its title and message) and its data table.

    Raises:
        ValueError: The outcome has errors, or a coordinate is not finite.
    """
    if not outcome.ok:
        raise ValueError(f"{outcome.calculator.id}: no chart for an invalid run")
    kind = chart.kind
    if isinstance(kind, LineChart):
        body, width, height, table = _line_chart(chart, kind, outcome, lang)
    elif isinstance(kind, DivergingBars):
        body, width, height, table = _diverging(chart, kind, outcome, lang)
    else:
        body, width, height, table = _stacked(chart, kind, outcome, lang)
    title = translate(lang, chart.title_key)
    message = sentence_text(chart.message(outcome.values, outcome.outputs), lang, outcome.currency)
    svg = (
        f'<svg xmlns="{SVG_NS}" class="calculator__chart" data-chart="{_e(chart.name)}" role="img" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-size="{FONT}">'
        f"<title>{_e(title)}</title><desc>{_e(message)}</desc>{body}</svg>"
    )
    summary = translate(lang, "ui.chart.table", chart=title)
    return (
        f'<figure class="calculator__figure">{svg}'
        f'<details class="calculator__data"><summary>{_e(summary)}</summary>{table}</details></figure>'
    )
