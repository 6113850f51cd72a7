"""Counter receipts (intake, hand-over, rejection) rendered to PDF with reportlab."""

from __future__ import annotations

from desk_app.counter.receipts.documents import render_receipt
from desk_app.counter.receipts.layouts import LAYOUTS
from desk_app.counter.receipts.model import DocumentLine, ReceiptData

__all__ = ["LAYOUTS", "DocumentLine", "ReceiptData", "render_receipt"]
