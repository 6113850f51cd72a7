"""Error messages for the officer, in their language, saying what to do next."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from sqlalchemy.exc import OperationalError

from desk_app.common.errors import (
    AuthError,
    DatabaseDamaged,
    DeskError,
    NotFoundError,
    PermissionDenied,
    TransitionError,
    ValidationError,
)

_CTX = "Errors"

# The core speaks Indonesian; each pattern maps one of its messages to a translatable
# template (%1, %2 ... are the captured parts), so English users read English.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), str(template))
    for pattern, template in (
        (
            r"^NIK wajib diisi \(16 digit\)\.$",
            QT_TRANSLATE_NOOP("Errors", "NIK wajib diisi (16 digit)."),
        ),
        (r"^NIK hanya berisi angka\.$", QT_TRANSLATE_NOOP("Errors", "NIK hanya berisi angka.")),
        (
            r"^NIK harus 16 digit, bukan (\d+)\.$",
            QT_TRANSLATE_NOOP("Errors", "NIK harus 16 digit, bukan %1."),
        ),
        (
            r"^Kode provinsi (\d+) pada NIK tidak dikenal\.$",
            QT_TRANSLATE_NOOP("Errors", "Kode provinsi %1 pada NIK tidak dikenal."),
        ),
        (
            r"^Kode kabupaten/kota atau kecamatan pada NIK tidak sah\.$",
            QT_TRANSLATE_NOOP("Errors", "Kode kabupaten/kota atau kecamatan pada NIK tidak sah."),
        ),
        (
            r"^Nomor urut NIK tidak boleh 0000\.$",
            QT_TRANSLATE_NOOP("Errors", "Nomor urut NIK tidak boleh 0000."),
        ),
        (
            r"^Tanggal lahir pada NIK \(([\d-]+)\) tidak sah\.$",
            QT_TRANSLATE_NOOP("Errors", "Tanggal lahir pada NIK (%1) tidak sah."),
        ),
        (
            r"^Tanggal lahir pada NIK tidak sah\.$",
            QT_TRANSLATE_NOOP("Errors", "Tanggal lahir pada NIK tidak sah."),
        ),
        (r"^Nama wajib diisi\.$", QT_TRANSLATE_NOOP("Errors", "Nama wajib diisi.")),
        (r"^Nama terlalu pendek\.$", QT_TRANSLATE_NOOP("Errors", "Nama terlalu pendek.")),
        (
            r"^Nama paling panjang 120 huruf\.$",
            QT_TRANSLATE_NOOP("Errors", "Nama paling panjang 120 huruf."),
        ),
        (
            r"^Nama hanya boleh berisi huruf, spasi, titik, koma, ' dan -\.$",
            QT_TRANSLATE_NOOP(
                "Errors", "Nama hanya boleh berisi huruf, spasi, titik, koma, ' dan -."
            ),
        ),
        (
            r"^Nomor telepon tidak sah; contoh .*$",
            QT_TRANSLATE_NOOP(
                "Errors", "Nomor telepon tidak sah; contoh 0812 3456 7890 atau 021 1234 5678."
            ),
        ),
        (r"^NIP harus 18 digit angka\.$", QT_TRANSLATE_NOOP("Errors", "NIP harus 18 digit angka.")),
        (
            r"^Tanggal lahir pada NIP tidak sah\.$",
            QT_TRANSLATE_NOOP("Errors", "Tanggal lahir pada NIP tidak sah."),
        ),
        (
            r"^Digit jenis kelamin pada NIP harus 1 atau 2\.$",
            QT_TRANSLATE_NOOP("Errors", "Digit jenis kelamin pada NIP harus 1 atau 2."),
        ),
        (
            r"^PIN harus 6-12 digit angka\.$",
            QT_TRANSLATE_NOOP("Errors", "PIN harus 6-12 digit angka."),
        ),
        (
            r"^PIN terlalu mudah ditebak\.$",
            QT_TRANSLATE_NOOP("Errors", "PIN terlalu mudah ditebak."),
        ),
        (r"^Wajib diisi\.$", QT_TRANSLATE_NOOP("Errors", "Wajib diisi.")),
        (
            r"^Paling panjang (\d+) karakter\.$",
            QT_TRANSLATE_NOOP("Errors", "Paling panjang %1 karakter."),
        ),
        (
            r"^Alasan terlalu singkat; tulis minimal 5 huruf\.$",
            QT_TRANSLATE_NOOP("Errors", "Alasan terlalu singkat; tulis minimal 5 huruf."),
        ),
        (
            r"^NIP atau PIN salah\. Sisa percobaan: (\d+)\.$",
            QT_TRANSLATE_NOOP("Errors", "NIP atau PIN salah. Sisa percobaan: %1."),
        ),
        (
            r"^Terlalu banyak PIN salah; akun terkunci sampai (\S+)\.$",
            QT_TRANSLATE_NOOP(
                "Errors", "Terlalu banyak PIN salah; akun terkunci sampai %1. Minta bantuan admin."
            ),
        ),
        (
            r"^NIP (\d+) sudah terdaftar\.$",
            QT_TRANSLATE_NOOP("Errors", "NIP %1 sudah terdaftar."),
        ),
        (
            r"^Berkas (\S+) berstatus (\w+); tindakan '(\w+)' tidak diizinkan\.$",
            QT_TRANSLATE_NOOP(
                "Errors",
                "Berkas %1 sudah berubah status (%2); muat ulang berkas lalu pilih tindakan lain.",
            ),
        ),
        (
            r"^Berkas (\S+): layanan ini tidak selesai di tempat; .*$",
            QT_TRANSLATE_NOOP(
                "Errors",
                "Berkas %1: layanan ini tidak selesai di tempat; tandai 'siap diambil' dulu.",
            ),
        ),
        (
            r"^Berkas (\S+) tidak ditemukan\.$",
            QT_TRANSLATE_NOOP(
                "Errors", "Berkas %1 tidak ditemukan; periksa nomornya lalu cari lagi."
            ),
        ),
        # Roles, attendance and the day close.
        (
            r"^Tindakan ini hanya untuk peran (\S+); (.+) adalah (\w+)\.$",
            QT_TRANSLATE_NOOP("Errors", "Tindakan ini hanya untuk peran %1; %2 adalah %3."),
        ),
        (r"^Petugas (.+) tidak aktif\.$", QT_TRANSLATE_NOOP("Errors", "Petugas %1 tidak aktif.")),
        (
            r"^(.+) \(NIP (\d+)\) sudah absen masuk sejak (.+); absen pulang dulu\.$",
            QT_TRANSLATE_NOOP(
                "Errors", "%1 (NIP %2) sudah absen masuk sejak %3; absen pulang dulu."
            ),
        ),
        (
            r"^(.+) \(NIP (\d+)\) belum absen masuk\.$",
            QT_TRANSLATE_NOOP("Errors", "%1 (NIP %2) belum absen masuk."),
        ),
        (
            r"^(.+) sudah absen pulang pada (.+), sesudah waktu ini\.$",
            QT_TRANSLATE_NOOP("Errors", "%1 sudah absen pulang pada %2; pilih waktu sesudahnya."),
        ),
        (
            r"^Jam pulang tidak boleh sebelum jam masuk \((.+)\)\.$",
            QT_TRANSLATE_NOOP("Errors", "Jam pulang tidak boleh sebelum jam masuk (%1)."),
        ),
        (
            r"^Jam pulang harus sesudah jam masuk\.$",
            QT_TRANSLATE_NOOP("Errors", "Jam pulang harus sesudah jam masuk."),
        ),
        (
            r"^Jam pulang tidak boleh di masa depan\.$",
            QT_TRANSLATE_NOOP("Errors", "Jam pulang tidak boleh di masa depan."),
        ),
        (
            r"^Jam masuk tidak boleh di masa depan\.$",
            QT_TRANSLATE_NOOP("Errors", "Jam masuk tidak boleh di masa depan."),
        ),
        (
            r"^Sesi yang sudah selesai harus punya jam pulang\.$",
            QT_TRANSLATE_NOOP("Errors", "Sesi yang sudah selesai harus punya jam pulang."),
        ),
        (
            r"^Waktu ini bertumpang tindih dengan sesi lain\.$",
            QT_TRANSLATE_NOOP("Errors", "Waktu ini bertumpang tindih dengan sesi lain."),
        ),
        (
            r"^Hari (\S+) sudah ditutup oleh (.+) pada (.+)\.$",
            QT_TRANSLATE_NOOP("Errors", "Hari %1 sudah ditutup oleh %2 pada %3."),
        ),
        (
            r"^Hari (\S+) sudah ditutup; perubahan dicatat pada hari berikutnya\.$",
            QT_TRANSLATE_NOOP(
                "Errors", "Hari %1 sudah ditutup; perubahan dicatat pada hari berikutnya."
            ),
        ),
        (
            r"^Hari (\S+) belum terjadi; tidak dapat ditutup\.$",
            QT_TRANSLATE_NOOP("Errors", "Hari %1 belum terjadi; tidak dapat ditutup."),
        ),
        (
            r"^Kantor masih buka sampai (\S+); hari ini ditutup sesudahnya\.$",
            QT_TRANSLATE_NOOP(
                "Errors", "Kantor masih buka sampai %1; hari ini dapat ditutup sesudahnya."
            ),
        ),
        (
            r"^Alasan wajib diisi \(minimal 5 huruf\): .*$",
            QT_TRANSLATE_NOOP("Errors", "Alasan wajib diisi (minimal 5 huruf)."),
        ),
    )
)


def fill(text: str, *args: object) -> str:
    """Fill the placeholders %1, %2 ... of a translated text with `args`."""
    for index, arg in enumerate(args, start=1):
        text = text.replace(f"%{index}", str(arg))
    return text


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def translate_message(message: str) -> str:
    """A core message in the interface language (unknown messages pass unchanged)."""
    for pattern, template in _PATTERNS:
        match = pattern.match(message)
        if match:
            return fill(_tr(template), *match.groups())
    return message


def field_message(exc: ValidationError) -> str:
    """The message to show next to the field a ValidationError names."""
    return translate_message(exc.message)


def describe_error(exc: BaseException) -> str:
    """What went wrong and what to do, for a message box or the status bar."""
    if isinstance(exc, ValidationError):
        return field_message(exc)
    if isinstance(exc, DatabaseDamaged):
        return QCoreApplication.translate(
            "Errors",
            "Database kantor rusak dan dibiarkan apa adanya. Pulihkan cadangan dengan "
            "`desk-app restore` atau hubungi admin.",
        )
    if isinstance(exc, PermissionDenied):
        return fill(
            QCoreApplication.translate("Errors", "%1 Minta petugas dengan peran yang sesuai."),
            translate_message(str(exc)),
        )
    if isinstance(exc, (AuthError, TransitionError, NotFoundError, DeskError)):
        return translate_message(str(exc))
    if isinstance(exc, OperationalError) and "locked" in str(exc):
        return QCoreApplication.translate(
            "Errors", "Database sedang sibuk; tunggu sebentar lalu coba lagi."
        )
    if isinstance(exc, OSError):
        return fill(
            QCoreApplication.translate(
                "Errors",
                "Gagal membaca atau menulis berkas: %1. Periksa ruang disk lalu coba lagi.",
            ),
            exc,
        )
    return QCoreApplication.translate(
        "Errors",
        "Terjadi kesalahan tak terduga. Coba lagi; bila terulang, hubungi admin "
        "(rinciannya tercatat di log).",
    )
