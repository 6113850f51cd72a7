"""Receipt rendering benchmark: p50/p95 milliseconds per layout after warm-up."""

from __future__ import annotations

import logging
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_app.counter.receipts import LAYOUTS, DocumentLine, ReceiptData, render_receipt

logger = logging.getLogger(__name__)

RUNS = 200
WARMUP = 20
KINDS = ("intake", "handover", "rejection")
DOCUMENTS = (
    DocumentLine("Surat pengantar RT/RW", True),
    DocumentLine("Fotokopi KTP-el pemohon", True),
    DocumentLine("Fotokopi Kartu Keluarga", True),
    DocumentLine("Surat pernyataan tidak mampu bermeterai Rp10.000", False),
    DocumentLine("Pas foto 3x4 berwarna (2 lembar)", True),
    DocumentLine("Fotokopi akta kelahiran", True),
)


def sample(i: int) -> ReceiptData:
    """A realistic receipt; the tracking number (hence the QR code) differs every time."""
    return ReceiptData(
        kind=KINDS[i % len(KINDS)],
        office_name="PTSP Kelurahan Pengadegan",
        office_code="31.74.08.1005",
        office_address="Jl. Raya Pengadegan Timur No. 1, Pancoran, Jakarta Selatan 12770",
        tracking_no=f"3174081005-261127-01-{i:04d}",
        service_code="SKTM",
        service_name="Surat Keterangan Tidak Mampu untuk keperluan pendidikan dan kesehatan",
        description="",
        applicant_name="Siti Nurhaliza Ramadhani",
        applicant_nik="3174084501901234",
        documents=DOCUMENTS,
        due_date=date(2026, 11, 30),
        fee_idr=(0, 150_000, None)[i % 3],
        officer_name="Budi Santoso, S.Kom.",
        officer_nip="198705122010011003",
        issued_at=datetime(2026, 11, 27, 7, 5, tzinfo=UTC),
        copy_no=1 if i % 10 == 0 else 0,
        reason="Surat pengantar RT/RW sudah kedaluwarsa",
        missing_documents=("Surat pengantar RT/RW terbaru",),
        recipient_name="Ahmad Fauzi",
    )


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bench_layout(layout: str, offset: int) -> list[float]:
    """Milliseconds per receipt for RUNS receipts in `layout`."""
    for i in range(WARMUP):
        render_receipt(sample(offset + i), layout=layout)
    timings: list[float] = []
    for i in range(RUNS):
        data = sample(offset + WARMUP + i)
        start = time.perf_counter()
        render_receipt(data, layout=layout)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    """Print a small table of p50/p95/mean per layout."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    start = time.perf_counter()
    render_receipt(sample(0), layout=LAYOUTS[0])
    logger.info("first receipt (fonts, imports): %.1f ms", (time.perf_counter() - start) * 1000)
    logger.info("%-10s %8s %8s %8s  (%d receipts each)", "layout", "p50 ms", "p95 ms", "mean", RUNS)
    for n, layout in enumerate(LAYOUTS):
        timings = bench_layout(layout, offset=(n + 1) * 1000)
        logger.info(
            "%-10s %8.2f %8.2f %8.2f",
            layout,
            statistics.median(timings),
            percentile(timings, 0.95),
            statistics.fmean(timings),
        )


if __name__ == "__main__":
    main()
