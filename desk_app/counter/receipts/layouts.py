"""Page geometry and paragraph styles of each receipt layout."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from desk_app.counter import receipt_layouts
from desk_app.counter.receipt_layouts import LAYOUTS
from desk_app.counter.receipts.fonts import BOLD, REGULAR, ensure_fonts

__all__ = ["LAYOUTS", "SPECS", "LayoutSpec", "Styles", "styles_for"]


@dataclass(frozen=True)
class LayoutSpec:
    """Geometry and type sizes of one layout; `page_height` None means a continuous roll."""

    name: str
    page_width: float
    page_height: float | None
    margin_x: float
    margin_y: float
    body: float  # body font size, points
    small: float
    title: float
    office: float
    tracking_max: float
    tracking_min: float  # below this a one-line tracking number is broken in two
    qr_size: float
    label_width: float | None  # None => labels stacked above values

    @property
    def thermal(self) -> bool:
        """Whether this is a continuous thermal roll."""
        return self.page_height is None

    @property
    def frame_width(self) -> float:
        """Printable width between the side margins."""
        return self.page_width - 2 * self.margin_x


SPECS: dict[str, LayoutSpec] = {
    spec.name: spec
    for spec in (
        LayoutSpec(
            receipt_layouts.THERMAL80,
            80 * mm, None, 4 * mm, 4 * mm, 8.5, 7, 11, 10, 16, 11, 32 * mm, 21 * mm,
        ),
        LayoutSpec(
            receipt_layouts.THERMAL58,
            58 * mm, None, 5 * mm, 4 * mm, 7.5, 6.5, 9.5, 8.5, 14, 10, 28 * mm, None,
        ),
        LayoutSpec(
            receipt_layouts.A5,
            A5[0], A5[1], 11 * mm, 10 * mm, 8.5, 7, 12, 11, 18, 11, 25 * mm, 34 * mm,
        ),
        LayoutSpec(
            receipt_layouts.A4,
            A4[0], A4[1], 18 * mm, 15 * mm, 10.5, 8.5, 15, 14, 22, 12, 36 * mm, 48 * mm,
        ),
    )
}  # fmt: skip
assert tuple(SPECS) == LAYOUTS, "every declared layout needs its geometry, in order"


@dataclass(frozen=True)
class Styles:
    """The paragraph styles used by one layout."""

    body: ParagraphStyle
    body_bold: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    small_center: ParagraphStyle
    center: ParagraphStyle
    gov: ParagraphStyle
    office: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    check: ParagraphStyle
    notice: ParagraphStyle


def _style(name: str, size: float, *, bold: bool = False, **extra: object) -> ParagraphStyle:
    """A paragraph style in the receipt font with a leading of 1.22 x size."""
    settings: dict[str, object] = {"alignment": TA_LEFT, "splitLongWords": 1, **extra}
    return ParagraphStyle(
        name,
        fontName=BOLD if bold else REGULAR,
        fontSize=size,
        leading=round(size * 1.22, 2),
        **settings,
    )


@cache
def styles_for(layout: str) -> Styles:
    """Paragraph styles of `layout` (built once, read-only afterwards)."""
    ensure_fonts()
    spec = SPECS[layout]
    b, s = spec.body, spec.small
    indent = b * 1.45
    center_thermal = TA_CENTER if spec.thermal else TA_LEFT
    return Styles(
        body=_style("body", b),
        body_bold=_style("body_bold", b, bold=True),
        label=_style("label", s if spec.thermal else b),
        small=_style("small", s),
        small_center=_style("small_center", s, alignment=TA_CENTER),
        center=_style("center", b, alignment=center_thermal),
        gov=_style("gov", s, bold=True, alignment=center_thermal),
        office=_style("office", spec.office, bold=True, alignment=center_thermal),
        title=_style("title", spec.title, bold=True, alignment=TA_CENTER, spaceBefore=2),
        heading=_style(
            "heading", b, bold=True, spaceBefore=b * 0.5, spaceAfter=b * 0.2, keepWithNext=1
        ),
        check=_style(
            "check",
            b,
            leftIndent=indent,
            bulletIndent=0,
            bulletFontName=REGULAR,
            bulletFontSize=b,
            spaceAfter=b * 0.15,
        ),
        notice=_style("notice", s if spec.thermal else b, alignment=TA_CENTER),
    )
