"""Fees, SLA, statuses, roles and timeline lines as the officer reads them, translated.

Dates, times and numbers are spelled by `desk_app.common.formatting` (one spelling per
language on every screen, receipt and report); this module only words things.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from desk_app.common.formatting import rupiah
from desk_app.eventlog import kinds

if TYPE_CHECKING:  # the timeline's row type only; lookup loads with the workspace
    from desk_app.counter.lookup import TimelineEntry

_CTX = "Format"
# Qt's own locale per interface language (editors' calendar pop-ups, Qt's built-in texts).
LOCALES = {
    "id": QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia),
    "en": QLocale(QLocale.Language.English, QLocale.Country.Indonesia),
}

STATUS_LABELS: dict[str, str] = {
    "received": str(QT_TRANSLATE_NOOP("Format", "Diterima")),
    "in_process": str(QT_TRANSLATE_NOOP("Format", "Diproses")),
    "at_agency": str(QT_TRANSLATE_NOOP("Format", "Di dinas")),
    "ready": str(QT_TRANSLATE_NOOP("Format", "Siap diambil")),
    "completed": str(QT_TRANSLATE_NOOP("Format", "Selesai")),
    "rejected": str(QT_TRANSLATE_NOOP("Format", "Ditolak")),
    "cancelled": str(QT_TRANSLATE_NOOP("Format", "Dibatalkan")),
}

ROLE_LABELS: dict[str, str] = {
    "officer": str(QT_TRANSLATE_NOOP("Format", "Petugas")),
    "lead": str(QT_TRANSLATE_NOOP("Format", "Koordinator")),
    "admin": str(QT_TRANSLATE_NOOP("Format", "Admin")),
}

LEVEL_LABELS: dict[str, str] = {
    "provinsi": str(QT_TRANSLATE_NOOP("Format", "Provinsi")),
    "kota": str(QT_TRANSLATE_NOOP("Format", "Kota")),
    "kabupaten": str(QT_TRANSLATE_NOOP("Format", "Kabupaten")),
    "kecamatan": str(QT_TRANSLATE_NOOP("Format", "Kecamatan")),
    "kelurahan": str(QT_TRANSLATE_NOOP("Format", "Kelurahan")),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def fee_text(fee_idr: int | None, language: str) -> str:
    """The official fee: free, a levy by formula, or an amount in rupiah."""
    if fee_idr is None:
        return QCoreApplication.translate("Format", "Retribusi sesuai ketentuan")
    if fee_idr == 0:
        return QCoreApplication.translate("Format", "Gratis")
    return rupiah(fee_idr, language)


def sla_text(days: int) -> str:
    """The service level: done today, or N working days."""
    if days == 0:
        return QCoreApplication.translate("Format", "Selesai hari ini")
    return QCoreApplication.translate("Format", "%n hari kerja", "", days)


def status_label(status: str) -> str:
    """A task status in the interface language."""
    return _tr(STATUS_LABELS.get(status, status))


def role_label(role: str) -> str:
    """An officer role in the interface language."""
    return _tr(ROLE_LABELS.get(role, role))


def level_label(level: str) -> str:
    """An office level in the interface language."""
    return _tr(LEVEL_LABELS.get(level, level))


def mask_nik(nik: str) -> str:
    """A NIK with the middle digits hidden, for screens others can see."""
    return nik[:4] + "•" * 8 + nik[-4:] if len(nik) == 16 else nik


def receipt_label(kind: str) -> str:
    """A receipt kind as officers call it: "tanda terima penerimaan", "surat penolakan"."""
    return {
        "intake": QCoreApplication.translate("Format", "tanda terima penerimaan"),
        "handover": QCoreApplication.translate("Format", "tanda terima penyerahan"),
        "rejection": QCoreApplication.translate("Format", "surat penolakan"),
    }.get(kind, kind)


def event_text(entry: TimelineEntry, agencies: Mapping[str, str]) -> str:
    """One line of a task's timeline, e.g. "Diteruskan ke Dinas Dukcapil"."""
    p = entry.payload
    kind = entry.kind
    note = str(p.get("note") or "")
    if kind == kinds.TASK_RECEIVED:
        text = QCoreApplication.translate("Format", "Diterima di loket")
    elif kind == kinds.TASK_STARTED:
        text = QCoreApplication.translate("Format", "Mulai diproses")
    elif kind == kinds.TASK_FORWARDED:
        agency = agencies.get(str(p.get("agency_code")), str(p.get("agency_code")))
        text = QCoreApplication.translate("Format", "Diteruskan ke %1").replace("%1", agency)
    elif kind == kinds.TASK_RETURNED:
        agency = agencies.get(str(p.get("agency_code")), str(p.get("agency_code") or ""))
        if p.get("outcome") == "problem":
            text = QCoreApplication.translate("Format", "Kembali dari %1 dengan masalah").replace(
                "%1", agency
            )
        else:
            text = QCoreApplication.translate("Format", "Kembali dari %1, lengkap").replace(
                "%1", agency
            )
    elif kind == kinds.APPLICANT_UPDATED:
        text = QCoreApplication.translate(
            "Format", "Data pemohon berubah sejak berkas sebelumnya (nama/telepon)"
        )
    elif kind == kinds.TASK_READY:
        text = QCoreApplication.translate("Format", "Siap diambil pemohon")
    elif kind == kinds.TASK_COMPLETED:
        recipient = str(p.get("recipient_name") or "")
        text = (
            QCoreApplication.translate("Format", "Diserahkan kepada %1").replace("%1", recipient)
            if recipient
            else QCoreApplication.translate("Format", "Diserahkan kepada pemohon")
        )
    elif kind == kinds.TASK_REJECTED:
        text = QCoreApplication.translate("Format", "Ditolak: %1").replace(
            "%1", str(p.get("reason", ""))
        )
        missing = p.get("missing_documents") or []
        if missing:
            text += " — " + QCoreApplication.translate("Format", "dokumen kurang: %1").replace(
                "%1", ", ".join(map(str, missing))
            )
    elif kind == kinds.TASK_CANCELLED:
        text = QCoreApplication.translate("Format", "Dibatalkan: %1").replace(
            "%1", str(p.get("reason", ""))
        )
    elif kind == kinds.RECEIPT_PRINTED:
        receipt = receipt_label(str(p.get("kind")))
        if p.get("ok") and p.get("target") == "pdf":  # a saved file is not a printed receipt
            text = QCoreApplication.translate("Format", "Disimpan sebagai PDF (belum dicetak): %1")
            text = text.replace("%1", receipt)
        elif p.get("ok"):
            text = QCoreApplication.translate("Format", "Dicetak: %1").replace("%1", receipt)
        else:
            text = QCoreApplication.translate("Format", "Gagal mencetak %1").replace("%1", receipt)
        copy = int(p.get("copy_no") or 0)
        if copy:
            text += " " + QCoreApplication.translate("Format", "(salinan ke-%1)").replace(
                "%1", str(copy)
            )
    elif kind == kinds.TASK_NOTED:
        return QCoreApplication.translate("Format", "Catatan: %1").replace("%1", note)
    else:
        text = kind
    return f"{text} — {note}" if note else text
