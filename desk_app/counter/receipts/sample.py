"""A test page: a sample receipt that names itself a test, for "Uji cetak" in the settings."""

from __future__ import annotations

from datetime import UTC, datetime

from desk_app.counter.receipt_layouts import KINDS
from desk_app.counter.receipts.documents import render_receipt
from desk_app.counter.receipts.model import DocumentLine, ReceiptData

TEST_TRACKING = "UJI-CETAK-0000"
# A fixed moment: a test page shows what a receipt looks like, not when it was printed.
SAMPLE_TIME = datetime(2026, 1, 2, 2, 0, tzinfo=UTC)


def sample_receipt(*, kind: str, office_name: str, office_code: str) -> ReceiptData:
    """A receipt of `kind` (any other document: an intake receipt) with obvious test data."""
    return ReceiptData(
        kind=kind if kind in KINDS else "intake",
        office_name=office_name,
        office_code=office_code,
        office_address="",
        tracking_no=TEST_TRACKING,
        service_code="UJI",
        service_name="UJI CETAK — bukan tanda terima",
        description="",
        applicant_name="UJI CETAK",
        applicant_nik="0000000101000000",
        documents=(DocumentLine("Contoh dokumen", True),),
        due_date=SAMPLE_TIME.date(),
        fee_idr=0,
        officer_name="UJI CETAK",
        officer_nip="000000000000000000",
        issued_at=SAMPLE_TIME,
        reason="Uji cetak",
        recipient_name="UJI CETAK",
    )


def render_test_page(*, kind: str, layout: str, office_name: str, office_code: str) -> bytes:
    """The PDF of a test page for a document kind in a layout."""
    data = sample_receipt(kind=kind, office_name=office_name, office_code=office_code)
    return render_receipt(data, layout=layout)
