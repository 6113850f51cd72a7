"""Plain input data for the counter receipts (no database, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class DocumentLine:
    """One required document of the checklist, as ticked at the counter."""

    name: str
    received: bool


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on one receipt; see `render_receipt`."""

    kind: str  # "intake" | "handover" | "rejection"
    office_name: str
    office_code: str  # Kemendagri area code, e.g. "31.74.08.1005"
    office_address: str  # may be ""
    tracking_no: str
    service_code: str
    service_name: str
    description: str  # free text for the "LAINNYA" service, else ""
    applicant_name: str
    applicant_nik: str  # 16 digits; only the last 4 are ever printed
    documents: tuple[DocumentLine, ...]
    due_date: date | None
    fee_idr: int | None  # 0 => free; None => levy computed by formula
    officer_name: str
    officer_nip: str
    issued_at: datetime  # timezone-aware
    copy_no: int = 0  # 0 = original; N > 0 => reprint "Salinan ke-N"
    reason: str = ""  # rejection reason
    missing_documents: tuple[str, ...] = ()
    recipient_name: str = ""  # hand-over: who collected it
    # Intake: documents still missing; while any, no completion date is promised.
    pending_documents: tuple[str, ...] = ()
    language: str = "id"  # "id" | "en"
    # Intake: the check code of the city's status page (printed as "Kode cek"), and that
    # page's address when the desk knows its city; "" for older tasks and other kinds.
    check_code: str = ""
    status_url: str = ""

    @property
    def qr_payload(self) -> str:
        """What the QR code says: the status page's address when known, else the number."""
        return self.status_url or self.tracking_no
