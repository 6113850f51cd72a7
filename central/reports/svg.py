"""Charts as inline SVG, drawn on the server: bars, grouped bars and a weekday x hour heatmap.

No script and no external asset: each chart is one <svg> element with an accessible name
(<title>) and description (<desc>), and every bar or cell carries its own <title>, so a
screen reader, a tooltip and a printed page all say the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from desk_app.common import palette

ACCENT = palette.ACCENT
ACCENT_2 = palette.ACCENT_2
LATE = palette.LATE
GRID = "#d9e2ec"
INK = "#1f2933"
MUTED = "#52606d"
EMPTY = "#f5f7fa"
FONT = "font-family='system-ui,sans-serif'"

Format = Callable[[float], str]


def _plain(value: float) -> str:
    return f"{value:g}"


def _attr(text: str) -> str:
    return escape(text, quote=True)


def nice_max(value: float) -> tuple[float, float]:
    """An axis maximum and step for values up to `value` (at least 1), about 4-6 steps."""
    top = max(float(value), 1.0)
    magnitude = 10 ** math.floor(math.log10(top))
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if top / step <= 6:
            return step * math.ceil(top / step - 1e-9), step
    return 10 * magnitude, 2 * magnitude


def _open(svg_id: str, width: float, height: float, title: str, desc: str) -> list[str]:
    return [
        f"<svg class=chart id='{_attr(svg_id)}' "
        f"viewBox='0 0 {width:.0f} {height:.0f}' width='{width:.0f}' height='{height:.0f}' "
        f"role='img' aria-labelledby='{_attr(svg_id)}-t {_attr(svg_id)}-d' {FONT}>",
        f"<title id='{_attr(svg_id)}-t'>{escape(title)}</title>",
        f"<desc id='{_attr(svg_id)}-d'>{escape(desc)}</desc>",
    ]


def _mix(low: str, high: str, share: float) -> str:
    """The colour `share` (0..1) of the way from `low` to `high`."""
    share = min(max(share, 0.0), 1.0)
    a = [int(low[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def _ink_on(fill: str) -> str:
    """Black or white text, whichever reads on `fill`."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return INK if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


@dataclass(frozen=True)
class Series:
    """One coloured series of a bar chart."""

    name: str
    values: Sequence[float | None]
    colour: str = ACCENT


def bars(
    svg_id: str,
    *,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Format = _plain,
    width: float = 900,
    height: float = 260,
    group_labels: Sequence[tuple[int, str]] = (),
) -> str:
    """Vertical bars, one group per category and one bar per series, with a legend.

    `group_labels` are (first category index, label) pairs drawn under the category names
    (e.g. the weekday under its hours), with a faint rule where each group starts.
    """
    left, right, top = 44.0, 10.0, 28.0
    bottom = 40.0 if group_labels else 24.0
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    axis_top, step = nice_max(max(values, default=0.0))
    out = _open(svg_id, width, height, title, desc)
    # legend
    x = left
    for s in series:
        out.append(f"<rect x='{x:.1f}' y='6' width='12' height='12' fill='{s.colour}'/>")
        out.append(
            f"<text x='{x + 16:.1f}' y='16' font-size='12' fill='{INK}'>{escape(s.name)}</text>"
        )
        x += 26 + 7.2 * len(s.name)
    # grid and value axis
    ticks = round(axis_top / step)
    for i in range(ticks + 1):
        value = i * step
        y = top + plot_h - plot_h * value / axis_top
        out.append(
            f"<line x1='{left:.1f}' x2='{left + plot_w:.1f}' y1='{y:.1f}' y2='{y:.1f}' "
            f"stroke='{GRID}' stroke-width='1'/>"
        )
        out.append(
            f"<text x='{left - 6:.1f}' y='{y + 4:.1f}' font-size='11' text-anchor='end' "
            f"fill='{MUTED}'>{escape(fmt(value))}</text>"
        )
    n = max(len(categories), 1)
    slot = plot_w / n
    bar_w = max(slot * 0.8 / max(len(series), 1), 1.0)
    label_every = max(1, math.ceil(n / (plot_w / 26)))
    for start, label in group_labels:
        x = left + start * slot
        out.append(
            f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{top:.1f}' y2='{top + plot_h + 30:.1f}' "
            f"stroke='{GRID}' stroke-width='1'/>"
        )
        out.append(
            f"<text x='{x + 3:.1f}' y='{top + plot_h + 32:.1f}' font-size='11' "
            f"font-weight='600' fill='{INK}'>{escape(label)}</text>"
        )
    for i, category in enumerate(categories):
        x0 = left + i * slot + slot * 0.1
        for j, s in enumerate(series):
            found = s.values[i] if i < len(s.values) else None
            if found is None:
                continue
            h = plot_h * max(found, 0.0) / axis_top
            x = x0 + j * bar_w
            out.append(
                f"<rect x='{x:.1f}' y='{top + plot_h - h:.1f}' width='{bar_w:.1f}' "
                f"height='{h:.1f}' fill='{s.colour}'><title>{escape(category)} · "
                f"{escape(s.name)}: {escape(fmt(found))}</title></rect>"
            )
        if i % label_every == 0:
            out.append(
                f"<text x='{left + (i + 0.5) * slot:.1f}' y='{top + plot_h + 14:.1f}' "
                f"font-size='10' text-anchor='middle' fill='{MUTED}'>{escape(category)}</text>"
            )
    out.append(
        f"<line x1='{left:.1f}' x2='{left + plot_w:.1f}' y1='{top + plot_h:.1f}' "
        f"y2='{top + plot_h:.1f}' stroke='{MUTED}' stroke-width='1'/>"
    )
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Bar:
    """One line of a horizontal bar chart; `href` makes it a link."""

    label: str
    value: float
    text: str  # the value as shown at the bar's end
    href: str | None = None
    colour: str = ACCENT


def hbars(
    svg_id: str,
    *,
    title: str,
    desc: str,
    items: Sequence[Bar],
    width: float = 620,
    label_width: float = 170,
    row: float = 22,
) -> str:
    """Horizontal bars, one per line, longest value widest; negative values drawn leftwards
    of a zero line (an under-staffed office next to an over-staffed one)."""
    top = 6.0
    height = top * 2 + row * max(len(items), 1)
    out = _open(svg_id, width, height, title, desc)
    low = min([0.0, *(b.value for b in items)])
    high = max([0.0, *(b.value for b in items)])
    span = (high - low) or 1.0
    text_room = 90.0
    plot_x, plot_w = label_width, width - label_width - text_room
    zero = plot_x + plot_w * (-low) / span
    for i, bar in enumerate(items):
        y = top + i * row
        w = plot_w * abs(bar.value) / span
        x = zero - w if bar.value < 0 else zero
        label = escape(bar.label)
        if bar.href:
            label = f"<a href='{_attr(bar.href)}'>{label}</a>"
        out.append(
            f"<text x='{plot_x - 8:.1f}' y='{y + row * 0.68:.1f}' font-size='12' "
            f"text-anchor='end' fill='{ACCENT if bar.href else INK}'>{label}</text>"
        )
        out.append(
            f"<rect x='{x:.1f}' y='{y + 3:.1f}' width='{max(w, 1.0):.1f}' "
            f"height='{row - 6:.1f}' fill='{bar.colour}'><title>{escape(bar.label)}: "
            f"{escape(bar.text)}</title></rect>"
        )
        tx = (x + max(w, 1.0) + 4) if bar.value >= 0 else (x - 4)
        anchor = "start" if bar.value >= 0 else "end"
        if bar.value < 0 and tx - 60 < plot_x:  # no room on the left: write it right of zero
            tx, anchor = zero + 4, "start"
        out.append(
            f"<text x='{tx:.1f}' y='{y + row * 0.68:.1f}' font-size='11' "
            f"text-anchor='{anchor}' fill='{INK}'>{escape(bar.text)}</text>"
        )
    if low < 0:
        out.append(
            f"<line x1='{zero:.1f}' x2='{zero:.1f}' y1='{top:.1f}' y2='{height - top:.1f}' "
            f"stroke='{MUTED}' stroke-width='1'/>"
        )
    out.append("</svg>")
    return "".join(out)


def heatmap(
    svg_id: str,
    *,
    title: str,
    desc: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    fmt: Format = _plain,
    diverging: bool = False,
    low_colour: str = LATE,
    high_colour: str = ACCENT,
    width: float = 900,
    marks: Sequence[tuple[int, int, int]] = (),
) -> str:
    """A rows x columns grid of coloured cells with the value written in each.

    Sequential: pale for little, `high_colour` for the most. Diverging: `low_colour` for
    negative values, `high_colour` for positive ones, pale at zero. `marks` are (row, first
    column, last column) spans outlined in the grid (a recommended opening window).
    """
    left, top = 70.0, 22.0
    cell_w = (width - left - 4) / max(len(columns), 1)
    cell_h = 26.0
    height = top + cell_h * len(rows) + 6
    out = _open(svg_id, width, height, title, desc)
    found = [v for line in values for v in line if v is not None]
    extent = max([abs(v) for v in found] or [1.0]) or 1.0
    for j, column in enumerate(columns):
        out.append(
            f"<text x='{left + (j + 0.5) * cell_w:.1f}' y='{top - 7:.1f}' font-size='11' "
            f"text-anchor='middle' fill='{MUTED}'>{escape(column)}</text>"
        )
    for i, name in enumerate(rows):
        y = top + i * cell_h
        out.append(
            f"<text x='{left - 6:.1f}' y='{y + cell_h * 0.65:.1f}' font-size='12' "
            f"text-anchor='end' fill='{INK}'>{escape(name)}</text>"
        )
        line = values[i] if i < len(values) else []
        for j, column in enumerate(columns):
            value = line[j] if j < len(line) else None
            x = left + j * cell_w
            if value is None:
                fill = EMPTY
            elif diverging:
                fill = _mix(EMPTY, low_colour if value < 0 else high_colour, abs(value) / extent)
            else:
                fill = _mix(EMPTY, high_colour, max(value, 0.0) / extent)
            shown = "" if value is None else fmt(value)
            out.append(
                f"<rect x='{x + 1:.1f}' y='{y + 1:.1f}' width='{cell_w - 2:.1f}' "
                f"height='{cell_h - 2:.1f}' fill='{fill}'><title>{escape(name)} "
                f"{escape(column)}: {escape(shown or '–')}</title></rect>"
            )
            if shown and cell_w >= 7 * len(shown) + 4:
                out.append(
                    f"<text x='{x + cell_w / 2:.1f}' y='{y + cell_h * 0.65:.1f}' font-size='10.5' "
                    f"text-anchor='middle' fill='{_ink_on(fill)}'>{escape(shown)}</text>"
                )
    for i, first, last in marks:
        if 0 <= i < len(rows) and 0 <= first <= last < len(columns):
            out.append(
                f"<rect x='{left + first * cell_w:.1f}' y='{top + i * cell_h:.1f}' "
                f"width='{(last - first + 1) * cell_w:.1f}' height='{cell_h:.1f}' fill='none' "
                f"stroke='{INK}' stroke-width='2'/>"
            )
    out.append("</svg>")
    return "".join(out)
