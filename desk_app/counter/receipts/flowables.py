"""Small custom flowables of the receipts: rules, copy banner, tracking number, watermark."""

from __future__ import annotations

import math
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from desk_app.counter.receipts.fonts import BOLD, REGULAR


class Rule(Flowable):  # type: ignore[misc]
    """A horizontal line across the frame, solid or dashed, with some space around it."""

    def __init__(self, thickness: float = 0.6, *, dashed: bool = False, pad: float = 3) -> None:
        super().__init__()
        self.thickness = thickness
        self.dashed = dashed
        self.pad = pad
        self.line_width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Full available width."""
        self.line_width = avail_width
        return avail_width, self.thickness + 2 * self.pad

    def draw(self) -> None:
        """Stroke the line in the middle of the flowable."""
        canv: Any = self.canv
        canv.saveState()
        canv.setLineWidth(self.thickness)
        if self.dashed:
            canv.setDash(2, 1.5)
        y = self.pad + self.thickness / 2
        canv.line(0, y, self.line_width, y)
        canv.restoreState()


def fit_lines(
    value: str, font: str, max_size: float, min_size: float, width: float
) -> tuple[list[str], float]:
    """Lines and font size showing `value` as large as possible (at most 2 lines) in `width`."""
    one = stringWidth(value, font, 1) or 1.0
    size = min(max_size, width / one)
    if size >= min_size or len(value) < 2:
        return [value], size
    cuts = [i + 1 for i, ch in enumerate(value[:-1]) if ch in "-/. "] or list(range(1, len(value)))
    best = min(cuts, key=lambda i: abs(2 * i - len(value)))
    lines = [value[:best].rstrip(), value[best:].lstrip()]
    widest = max(stringWidth(line, font, 1) for line in lines) or 1.0
    return lines, min(max_size, width / widest)


class BigText(Flowable):  # type: ignore[misc]
    """Large bold text (the tracking number) scaled to fit, broken in two when it must."""

    def __init__(
        self, value: str, max_size: float, min_size: float, *, align: str = "CENTER"
    ) -> None:
        super().__init__()
        self.value = value
        self.max_size = max_size
        self.min_size = min_size
        self.align = align
        self.lines: list[str] = [value]
        self.size = max_size
        self.box_width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Choose the lines and size for this width."""
        self.box_width = avail_width
        self.lines, self.size = fit_lines(
            self.value, BOLD, self.max_size, self.min_size, avail_width * 0.995
        )
        return avail_width, self.size * 1.18 * len(self.lines)

    def draw(self) -> None:
        """Draw each line, centred or left aligned."""
        canv: Any = self.canv
        canv.setFillColorRGB(0, 0, 0)
        canv.setFont(BOLD, self.size)
        leading = self.size * 1.18
        for i, line in enumerate(self.lines):
            y = leading * (len(self.lines) - i - 1) + self.size * 0.25
            if self.align == "CENTER":
                canv.drawCentredString(self.box_width / 2, y, line)
            else:
                canv.drawString(0, y, line)


class CopyBanner(Flowable):  # type: ignore[misc]
    """The reprint mark: a big "SALINAN" in a box (inverse on thermal) and "Salinan ke-N"."""

    def __init__(self, mark: str, detail: str, size: float, *, inverse: bool) -> None:
        super().__init__()
        self.mark = mark
        self.detail = detail
        self.size = size
        self.inverse = inverse
        self.box_width = 0.0
        self.mark_size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Full width; the mark shrinks to fit if needed."""
        self.box_width = avail_width
        mark_width = stringWidth(self.mark, BOLD, 1)
        self.mark_size = min(self.size, (avail_width - 8) / mark_width)
        return avail_width, self.mark_size * 1.3 + self.size * 0.55 + 6

    def draw(self) -> None:
        """Box, mark and detail line."""
        canv: Any = self.canv
        _, height = self.width_height()
        canv.saveState()
        canv.setLineWidth(1.5)
        if self.inverse:
            canv.setFillColorRGB(0, 0, 0)
            canv.rect(0, 0, self.box_width, height, stroke=1, fill=1)
            canv.setFillColorRGB(1, 1, 1)
        else:
            canv.rect(0, 0, self.box_width, height, stroke=1, fill=0)
            canv.setFillColorRGB(0, 0, 0)
        detail_size = self.size * 0.45
        canv.setFont(REGULAR, detail_size)
        canv.drawCentredString(self.box_width / 2, 3 + detail_size * 0.3, self.detail)
        canv.setFont(BOLD, self.mark_size)
        canv.drawCentredString(self.box_width / 2, 3 + detail_size * 1.6, self.mark)
        canv.restoreState()

    def width_height(self) -> tuple[float, float]:
        """Current box size."""
        return self.box_width, self.mark_size * 1.3 + self.size * 0.55 + 6


def draw_watermark(canv: Any, mark: str, page_width: float, page_height: float) -> None:
    """A light diagonal mark across the page, sized so it stays inside the page."""
    angle = math.radians(35)
    per_point = stringWidth(mark, BOLD, 1)
    across = per_point * math.cos(angle) + math.sin(angle)
    upward = per_point * math.sin(angle) + math.cos(angle)
    size = min(110.0, 0.8 * page_width / across, 0.8 * page_height / upward)
    canv.saveState()
    canv.setFillColorRGB(0.86, 0.86, 0.86)
    canv.setFont(BOLD, size)
    canv.translate(page_width / 2, page_height / 2)
    canv.rotate(35)
    canv.drawCentredString(0, -size * 0.35, mark)
    canv.restoreState()
