"""The tables of a day report, shared by the PDF, the CSV files and the XLSX workbook."""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.closing.dayclose import DayClose, DaySummary
from desk_app.common.formatting import hour_of_day

Cell = str | int | float | None


@dataclass(frozen=True)
class ReportTable:
    """One table: a file name key, a title, column headers and rows of plain values."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def sla_percent(summary: DaySummary) -> float | None:
    """SLA compliance in percent, one decimal (None when nothing closed)."""
    rate = summary.sla_rate
    return None if rate is None else round(rate * 100, 1)


def totals_table(summary: DaySummary) -> ReportTable:
    """The day's key figures."""
    t = summary.totals
    rows: list[tuple[Cell, ...]] = [
        ("Berkas diterima", t.received),
        ("Berkas selesai (diserahkan)", t.completed),
        ("Berkas ditolak", t.rejected),
        ("Berkas dibatalkan", t.cancelled),
        ("Terbuka di akhir hari (dibawa)", t.open_end_of_day),
        ("Terlambat di akhir hari", t.overdue_end_of_day),
        ("Poin", t.points),
        ("Jam kerja", t.hours),
        ("Ditutup untuk SLA (selesai + ditolak)", summary.sla_closed),
        ("Tepat waktu", summary.sla_on_time),
        ("Kepatuhan SLA (%)", sla_percent(summary)),
        ("Berkas dengan lama layanan loket", summary.handling_count),
        ("Lama layanan loket, median (detik)", summary.handling_median_s),
        ("Lama layanan loket, p90 (detik)", summary.handling_p90_s),
    ]
    return ReportTable("totals", "Ringkasan", ("Ukuran", "Nilai"), tuple(rows))


def chain_table(close: DayClose) -> ReportTable:
    """The chain head the close sealed, in full: compare it with the desk's log later."""
    return ReportTable(
        "chain",
        "Rantai kejadian",
        ("Perangkat", "Kejadian terakhir (seq)", "Hash kepala rantai (SHA-256)", "Peristiwa tutup"),
        ((close.device_id, close.last_event_seq, close.last_event_hash, close.event_uuid),),
    )


def report_tables(summary: DaySummary, *, close: DayClose | None = None) -> tuple[ReportTable, ...]:
    """Every table of the day report, in report order (with the chain head once sealed)."""
    chain = () if close is None else (chain_table(close),)
    return (
        totals_table(summary),
        ReportTable(
            "officers",
            "Petugas",
            ("NIP", "Nama", "Diterima", "Selesai", "Poin", "Jam"),
            tuple(
                (o.nip, o.name, o.taken, o.completed, o.points, o.hours) for o in summary.officers
            ),
        ),
        ReportTable(
            "services",
            "Layanan",
            ("Kode", "Layanan", "Diterima", "Selesai"),
            tuple((s.code, s.name, s.received, s.completed) for s in summary.services),
        ),
        ReportTable(
            "agencies",
            "Dinas",
            ("Kode", "Dinas", "Diteruskan", "Kembali", "Masih di dinas", "Terlambat"),
            tuple(
                (a.code, a.name, a.forwarded, a.returned, a.still_out, a.overdue)
                for a in summary.agencies
            ),
        ),
        ReportTable(
            "arrivals",
            "Kedatangan per jam",
            ("Jam", "Kedatangan"),
            tuple((hour_of_day(h, "id"), n) for h, n in enumerate(summary.arrivals_by_hour)),
        ),
        ReportTable(
            "carried_over",
            "Dibawa ke hari berikutnya",
            ("No", "Nomor berkas"),
            tuple((i, number) for i, number in enumerate(summary.carried_over, start=1)),
        ),
        *chain,
    )
