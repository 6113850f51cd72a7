"""A realistic receipt for the rendering tests (test_receipts.py) and the printing ones (ui/)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

from desk_app.counter.receipts import DocumentLine, ReceiptData

NIK = "3174084501901234"
TRACKING = "3174081005-261127-01-0042"

DOCS = (
    DocumentLine("Surat pengantar RT/RW", True),
    DocumentLine("Fotokopi KTP-el pemohon", True),
    DocumentLine("Fotokopi Kartu Keluarga", True),
    DocumentLine("Surat pernyataan tidak mampu bermeterai Rp10.000", False),
    DocumentLine("Pas foto 3x4 berwarna (2 lembar)", True),
)


def receipt(**changes: Any) -> ReceiptData:
    """A realistic receipt, with `changes` applied."""
    base = ReceiptData(
        kind="intake",
        office_name="PTSP Kelurahan Pengadegan",
        office_code="31.74.08.1005",
        office_address="Jl. Raya Pengadegan Timur No. 1, Pancoran, Jakarta Selatan 12770",
        tracking_no=TRACKING,
        service_code="SKTM",
        service_name="Surat Keterangan Tidak Mampu",
        description="",
        applicant_name="Siti Nurhaliza Ramadhani",
        applicant_nik=NIK,
        documents=DOCS,
        due_date=date(2026, 11, 30),
        fee_idr=0,
        officer_name="Budi Santoso, S.Kom.",
        officer_nip="198705122010011003",
        issued_at=datetime(2026, 11, 27, 7, 5, tzinfo=UTC),  # 14:05 WIB
        reason="Surat pengantar RT/RW sudah kedaluwarsa",
        missing_documents=("Surat pengantar RT/RW terbaru", "Fotokopi akta kelahiran"),
        recipient_name="Ahmad Fauzi (kuasa)",
    )
    return dataclasses.replace(base, **changes)
