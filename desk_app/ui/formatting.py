"""Rupiah, dates, SLA, statuses and timeline lines as the officer reads them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale

from desk_app.common.workdays import JAKARTA
from desk_app.counter.lookup import TimelineEntry
from desk_app.eventlog import kinds

_CTX = "Format"
# Money and numbers are always written the Indonesian way, whatever the UI language.
ID_LOCALE = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
# Day and month names follow the interface language.
LOCALES = {
    "id": ID_LOCALE,
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


def rupiah(amount: int) -> str:
    """Rupiah with Indonesian digit grouping, e.g. "Rp 150.000"."""
    return f"Rp {ID_LOCALE.toString(amount)}"


def number(value: int) -> str:
    """A whole number with Indonesian digit grouping."""
    return ID_LOCALE.toString(value)


def fee_text(fee_idr: int | None) -> str:
    """The official fee: free, a levy by formula, or an amount."""
    if fee_idr is None:
        return QCoreApplication.translate("Format", "Retribusi sesuai ketentuan")
    if fee_idr == 0:
        return QCoreApplication.translate("Format", "Gratis")
    return rupiah(fee_idr)


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


def short_date(day: date) -> str:
    """A date as dd/MM/yyyy."""
    return f"{day:%d/%m/%Y}"


def long_date(day: date, language: str) -> str:
    """A date spelled out in `language`, e.g. "Jumat, 27 November 2026"."""
    locale = LOCALES.get(language, ID_LOCALE)
    return locale.toString(QDate(day.year, day.month, day.day), "dddd, d MMMM yyyy")


def local_time(moment: datetime) -> str:
    """An aware datetime as Jakarta time, dd/MM/yyyy HH.mm (Indonesian time separator)."""
    return f"{moment.astimezone(JAKARTA):%d/%m/%Y %H.%M}"


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
        if p.get("ok"):
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


def decimal(value: float, places: int = 1) -> str:
    """A decimal written the Indonesian way whatever the UI language, e.g. "5,2"."""
    return ID_LOCALE.toString(float(value), "f", places)


def hours_text(value: float) -> str:
    """Hours with one decimal and no ",0": "5,2", "37,5", "40"."""
    text = decimal(value, 1)
    return text[:-2] if text.endswith(",0") else text


def clock_time(moment: datetime) -> str:
    """An aware datetime as a Jakarta wall-clock time, e.g. "07:42"."""
    return f"{moment.astimezone(JAKARTA):%H:%M}"


def percent(share: float | None) -> str:
    """A share as a whole percentage, e.g. "80%" ("–" when unknown)."""
    return "–" if share is None else f"{round(share * 100)}%"


def duration(seconds: float | None) -> str:
    """Seconds as minutes:seconds, e.g. "3:40" ("–" when unknown)."""
    if seconds is None:
        return "–"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
