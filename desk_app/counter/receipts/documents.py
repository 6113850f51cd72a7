"""Rendering of receipts to PDF bytes: continuous thermal rolls and paged A5/A4 sheets."""

from __future__ import annotations

import io
import logging
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desk_app.common.formatting import jakarta
from desk_app.counter.receipt_layouts import KINDS, LANGUAGES
from desk_app.counter.receipts.content import build_story
from desk_app.counter.receipts.flowables import draw_watermark
from desk_app.counter.receipts.fonts import REGULAR, ensure_fonts, prime_document
from desk_app.counter.receipts.layouts import LAYOUTS, SPECS, LayoutSpec, styles_for
from desk_app.counter.receipts.model import ReceiptData
from desk_app.counter.receipts.strings import text

logger = logging.getLogger(__name__)

__all__ = ["LAYOUTS", "render_receipt"]

_UNBOUNDED = 1.0e6  # height offered to flowables on a continuous roll
_MAX_PDF_PAGE = 14400.0  # largest page side most PDF readers accept (200 inches)
_CREATOR = "Loket"


def validate(data: ReceiptData, layout: str) -> None:
    """Reject a layout, kind, language or value that cannot be printed."""
    if layout not in SPECS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    if data.kind not in KINDS:
        raise ValueError(f"unknown receipt kind {data.kind!r}; expected one of {KINDS}")
    if data.language not in LANGUAGES:
        raise ValueError(f"unknown language {data.language!r}; expected one of {LANGUAGES}")
    if not data.tracking_no.strip():
        raise ValueError("tracking_no is empty")
    if data.copy_no < 0:
        raise ValueError(f"copy_no must be >= 0, got {data.copy_no}")
    if data.fee_idr is not None and data.fee_idr < 0:
        raise ValueError(f"fee_idr must be >= 0 or None, got {data.fee_idr}")
    jakarta(data.issued_at)  # raises on a naive datetime


def render_receipt(data: ReceiptData, *, layout: str) -> bytes:
    """Render `data` as a PDF in `layout` (one of `LAYOUTS`) and return the file's bytes."""
    validate(data, layout)
    ensure_fonts()
    spec = SPECS[layout]
    story = build_story(data, spec, styles_for(layout))
    title = f"{text(f'title_{data.kind}', data.language)} {data.tracking_no}"
    if spec.thermal:
        pdf = _render_roll(story, spec, title, data.office_name)
    else:
        pdf = _render_paged(story, spec, title, data)
    logger.debug("rendered %s %s (%d bytes)", data.kind, layout, len(pdf))
    return pdf


def _alignment_offset(flowable: Flowable, used: float, available: float) -> float:
    """Horizontal offset of a flowable narrower than the frame."""
    align = str(getattr(flowable, "hAlign", "LEFT")).upper()
    if align in ("CENTER", "CENTRE"):
        return (available - used) / 2
    if align == "RIGHT":
        return available - used
    return 0.0


def _render_roll(story: list[Flowable], spec: LayoutSpec, title: str, author: str) -> bytes:
    """One page exactly as tall as the content: wrap everything once, then draw top-down."""
    width = spec.frame_width
    placed: list[tuple[Flowable, float, float, float, float]] = []
    total = 0.0
    for flowable in story:
        used_w, used_h = flowable.wrap(width, _UNBOUNDED)
        before = flowable.getSpaceBefore() if placed else 0.0
        after = flowable.getSpaceAfter()
        placed.append((flowable, used_w, used_h, before, after))
        total += before + used_h + after
    page_height = total + 2 * spec.margin_y
    if page_height > _MAX_PDF_PAGE:
        logger.warning("receipt roll is %.0f pt long; some viewers clip pages", page_height)
    buffer = io.BytesIO()
    canv: Any = Canvas(
        buffer, pagesize=(spec.page_width, page_height), invariant=1, pageCompression=0
    )
    _set_metadata(canv, title, author)
    prime_document(canv)
    y = page_height - spec.margin_y
    for flowable, used_w, used_h, before, after in placed:
        y -= before + used_h
        x = spec.margin_x + _alignment_offset(flowable, used_w, width)
        flowable.drawOn(canv, x, y)
        y -= after
    canv.showPage()
    canv.save()
    return buffer.getvalue()


def _set_metadata(canv: Any, title: str, author: str) -> None:
    """Document title, author and creator (never personal data beyond the tracking no.)."""
    canv.setTitle(title)
    canv.setAuthor(author)
    canv.setCreator(_CREATOR)


def _render_paged(story: list[Flowable], spec: LayoutSpec, title: str, data: ReceiptData) -> bytes:
    """A5/A4 pages with footer, and a diagonal mark on reprints."""
    assert spec.page_height is not None
    page_w, page_h = spec.page_width, spec.page_height
    lang = data.language
    footer_size = spec.small * 0.9
    footer_label = text("tracking_no", lang)

    def on_page(canv: Any, doc: Any) -> None:
        if doc.page == 1:
            prime_document(canv)
        canv.saveState()
        if data.copy_no > 0:
            draw_watermark(canv, text("copy_mark", lang), page_w, page_h)
        canv.setFont(REGULAR, footer_size)
        canv.setFillColorRGB(0.25, 0.25, 0.25)
        footer = f"{footer_label} {data.tracking_no} · {text('page', lang, n=doc.page)}"
        canv.drawCentredString(page_w / 2, spec.margin_y / 2, footer)
        canv.restoreState()

    buffer = io.BytesIO()
    bottom = spec.margin_y + footer_size * 1.5
    frame = Frame(
        spec.margin_x,
        bottom,
        spec.frame_width,
        page_h - spec.margin_y - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc = BaseDocTemplate(
        buffer,
        pagesize=(page_w, page_h),
        pageTemplates=[PageTemplate(id="receipt", frames=[frame], onPage=on_page)],
        title=title,
        author=data.office_name,
        creator=_CREATOR,
        invariant=1,
        pageCompression=0,
    )
    doc.build(story)
    return buffer.getvalue()
