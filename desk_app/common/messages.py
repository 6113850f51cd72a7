"""Every message the core reports to an officer, declared once, in Indonesian and English.

An error carries a stable key ("nik.length") and its parameters ({"length": 12}); the CLI
prints the Indonesian rendering, the GUI renders it in the interface language. Parameters
are plain strings and numbers, formatted by the raiser (dates as dd-mm-yyyy, times as
HH:MM, the same in both languages), or a `Text` (a nested message, e.g. the reason a
restore was refused) or a tuple of them (joined with ", "), rendered in the same language.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

ID = "id"
EN = "en"
LANGUAGES = (ID, EN)
DEFAULT_LANGUAGE = ID

Param: TypeAlias = "str | int | float | Text | tuple[Text, ...]"


class MessageParamsError(KeyError):
    """A message rendered without the parameters its templates name, or with extra ones."""


@dataclass(frozen=True)
class Message:
    """One message: its key and its template per language, with {name} placeholders."""

    key: str
    id: str
    en: str

    def template(self, language: str) -> str:
        """The template in `language` (Indonesian for an unknown language)."""
        return self.en if language == EN else self.id

    @property
    def placeholders(self) -> frozenset[str]:
        """The parameter names the Indonesian template uses."""
        return placeholders(self.id)


@dataclass(frozen=True)
class Text:
    """A message key with its parameters, rendered in any language on demand."""

    key: str
    params: Mapping[str, Param] = field(default_factory=dict)

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        """This text in `language`."""
        return render(self.key, language, self.params)


def placeholders(template: str) -> frozenset[str]:
    """The {name} fields of a template."""
    return frozenset(
        name for _, name, _, _ in string.Formatter().parse(template) if name is not None
    )


def _value(value: Param, language: str) -> str:
    """A parameter as text: the one place parameters are formatted."""
    if isinstance(value, Text):
        return value.render(language)
    if isinstance(value, tuple):
        return ", ".join(_value(part, language) for part in value)
    return str(value)


def render(
    key: str, language: str = DEFAULT_LANGUAGE, params: Mapping[str, Param] | None = None
) -> str:
    """The message `key` in `language` with `params` filled in.

    Raises KeyError for an unknown key and MessageParamsError when `params` does not
    match the placeholders of the message exactly.
    """
    message = CATALOGUE[key]
    given = dict(params or {})
    wanted = message.placeholders
    if set(given) != wanted:
        missing, extra = sorted(wanted - set(given)), sorted(set(given) - wanted)
        raise MessageParamsError(f"message {key!r}: missing {missing}, unexpected {extra}")
    values = {name: _value(value, language) for name, value in given.items()}
    return message.template(language).format_map(values)


def _catalogue(*messages: Message) -> dict[str, Message]:
    table: dict[str, Message] = {}
    for message in messages:
        if message.key in table:
            raise ValueError(f"message key {message.key!r} declared twice")
        table[message.key] = message
    return table


M = Message

CATALOGUE: dict[str, Message] = _catalogue(
    # Opening the counter's window on this computer.
    M(
        "desktop.no_display",
        "Tidak ada layar untuk jendela Loket (DISPLAY kosong). Jalankan dari desktop, "
        "atau gunakan perintah desk-app tanpa jendela.",
        "There is no display for Loket's window (DISPLAY is empty). Run it from a desktop, "
        "or use the desk-app commands without a window.",
    ),
    M(
        "desktop.missing_libraries",
        "Jendela Loket butuh pustaka sistem yang belum terpasang ({libraries}): "
        "sudo apt-get install {packages}",
        "Loket's window needs system libraries that are not installed ({libraries}): "
        "sudo apt-get install {packages}",
    ),
    # What an officer types: NIK, names, phone numbers, NIP, PIN, free text.
    M("nik.required", "NIK wajib diisi (16 digit).", "The NIK is required (16 digits)."),
    M("nik.digits_only", "NIK hanya berisi angka.", "A NIK contains digits only."),
    M("nik.length", "NIK harus 16 digit, bukan {length}.", "A NIK has 16 digits, not {length}."),
    M(
        "nik.province_unknown",
        "Kode provinsi {code} pada NIK tidak dikenal.",
        "Province code {code} in the NIK is unknown.",
    ),
    M(
        "nik.area_invalid",
        "Kode kabupaten/kota atau kecamatan pada NIK tidak sah.",
        "The regency/city or district code in the NIK is not valid.",
    ),
    M(
        "nik.serial_zero",
        "Nomor urut NIK tidak boleh 0000.",
        "The serial number of a NIK cannot be 0000.",
    ),
    M(
        "nik.birth_date_impossible",
        "Tanggal lahir pada NIK ({date}) tidak sah.",
        "The birth date in the NIK ({date}) is not valid.",
    ),
    M(
        "nik.birth_date_invalid",
        "Tanggal lahir pada NIK tidak sah.",
        "The birth date in the NIK is not valid.",
    ),
    M("name.required", "Nama wajib diisi.", "The name is required."),
    M("name.too_short", "Nama terlalu pendek.", "The name is too short."),
    M(
        "name.too_long",
        "Nama paling panjang {max_len} huruf.",
        "The name can have at most {max_len} letters.",
    ),
    M(
        "name.bad_characters",
        "Nama hanya boleh berisi huruf, spasi, titik, koma, ' dan -.",
        "A name may contain only letters, spaces, full stops, commas, ' and -.",
    ),
    M("phone.required", "Nomor telepon wajib diisi.", "The phone number is required."),
    M(
        "phone.invalid",
        "Nomor telepon tidak sah; contoh 0812 3456 7890 atau 021 1234 5678.",
        "Not a valid phone number; for example 0812 3456 7890 or 021 1234 5678.",
    ),
    M("nip.format", "NIP harus 18 digit angka.", "A NIP has 18 digits."),
    M(
        "nip.birth_date_invalid",
        "Tanggal lahir pada NIP tidak sah.",
        "The birth date in the NIP is not valid.",
    ),
    M(
        "nip.sex_digit",
        "Digit jenis kelamin pada NIP harus 1 atau 2.",
        "The sex digit of the NIP must be 1 or 2.",
    ),
    M("pin.format", "PIN harus 6-12 digit angka.", "The PIN must have 6-12 digits."),
    M("pin.too_easy", "PIN terlalu mudah ditebak.", "This PIN is too easy to guess."),
    M("pin.mismatch", "PIN tidak sama dengan yang pertama.", "The PINs do not match."),
    M("pin.current_wrong", "PIN sekarang salah.", "The current PIN is wrong."),
    M(
        "pin.same_as_before",
        "PIN baru harus berbeda dari PIN sekarang.",
        "The new PIN must differ from the current one.",
    ),
    M("text.required", "Wajib diisi.", "Required."),
    M("text.too_long", "Paling panjang {max_len} karakter.", "At most {max_len} characters."),
    M(
        "text.not_utf8",
        "Teks berisi karakter yang tidak sah; ketik ulang tanpa menempelkannya.",
        "The text contains characters that are not valid; type it again instead of pasting it.",
    ),
    M(
        "reason.too_short",
        "Alasan terlalu singkat; tulis minimal {min_len} huruf.",
        "The reason is too short; write at least {min_len} letters.",
    ),
    M(
        "time.needs_timezone",
        "Waktu harus menyertakan zona waktu.",
        "A time must include its time zone.",
    ),
    M(
        "range.end_before_start",
        "Tanggal akhir sebelum tanggal awal.",
        "The end date is before the start date.",
    ),
    # Officers, log-in and roles.
    M(
        "auth.wrong_pin",
        "NIP atau PIN salah. Sisa percobaan: {left}.",
        "Wrong NIP or PIN. Attempts left: {left}.",
    ),
    M(
        "auth.locked_out",
        "Terlalu banyak PIN salah; akun terkunci sampai {until}. Minta bantuan admin.",
        "Too many wrong PINs; the account is locked until {until}. Ask an administrator for help.",
    ),
    M(
        "auth.attempt_not_recorded",
        "Percobaan masuk tidak dapat dicatat (disk penuh atau database tidak dapat ditulis), "
        "jadi tidak ada yang dapat masuk. Minta bantuan admin.",
        "The log-in attempt could not be recorded (the disk is full or the database cannot "
        "be written), so no one can log in. Ask an administrator for help.",
    ),
    M(
        "auth.must_change_pin",
        "{name} (NIP {nip}) harus memilih PIN baru dulu: masuk di Loket, atau "
        "`desk-app officer pin --as {nip}`.",
        "{name} (NIP {nip}) must choose a new PIN first: log in at Loket, or "
        "`desk-app officer pin --as {nip}`.",
    ),
    M(
        "officer.role_unknown",
        "Peran harus salah satu dari {choices}.",
        "The role must be one of {choices}.",
    ),
    M("officer.nip_taken", "NIP {nip} sudah terdaftar.", "NIP {nip} is already registered."),
    M(
        "officer.not_found",
        "Petugas '{officer_id}' tidak ada.",
        "Officer '{officer_id}' does not exist.",
    ),
    M(
        "officer.nip_not_found",
        "Petugas dengan NIP {nip} tidak ada.",
        "There is no officer with NIP {nip}.",
    ),
    M("officer.inactive", "Petugas {name} tidak aktif.", "Officer {name} is not active."),
    M(
        "officer.last_admin",
        "{name} adalah satu-satunya admin aktif; tetapkan admin lain lebih dulu.",
        "{name} is the only active admin; make someone else an admin first.",
    ),
    M(
        "officer.role_required",
        "Tindakan ini hanya untuk peran {roles}; {name} adalah {role}.",
        "Only the {roles} role may do this; {name} is {role}.",
    ),
    # Attendance.
    M(
        "shift.already_clocked_in",
        "{name} (NIP {nip}) sudah absen masuk sejak {since}; absen pulang dulu.",
        "{name} (NIP {nip}) has been clocked in since {since}; clock out first.",
    ),
    M(
        "shift.clocked_out_later",
        "{name} sudah absen pulang pada {at}, sesudah waktu ini.",
        "{name} already clocked out at {at}, after this time.",
    ),
    M(
        "shift.not_clocked_in",
        "{name} (NIP {nip}) belum absen masuk.",
        "{name} (NIP {nip}) is not clocked in.",
    ),
    M(
        "shift.out_before_in",
        "Jam pulang tidak boleh sebelum jam masuk ({started}).",
        "The clock-out time cannot be before the clock-in time ({started}).",
    ),
    M(
        "shift.session_not_found",
        "Sesi absensi '{session_id}' tidak ada.",
        "Attendance session '{session_id}' does not exist.",
    ),
    M(
        "shift.end_not_after_start",
        "Jam pulang harus sesudah jam masuk.",
        "The clock-out time must be after the clock-in time.",
    ),
    M(
        "shift.end_in_future",
        "Jam pulang tidak boleh di masa depan.",
        "The clock-out time cannot be in the future.",
    ),
    M(
        "shift.start_in_future",
        "Jam masuk tidak boleh di masa depan.",
        "The clock-in time cannot be in the future.",
    ),
    M(
        "shift.finished_needs_end",
        "Sesi yang sudah selesai harus punya jam pulang.",
        "A finished session needs a clock-out time.",
    ),
    M(
        "shift.overlap",
        "Waktu ini bertumpang tindih dengan sesi lain.",
        "These times overlap another session.",
    ),
    # Conflicts between desks of the office (counter/conflicts.py).
    M(
        "conflict.not_found",
        "Konflik {ref} tidak ditemukan.",
        "Conflict {ref} was not found.",
    ),
    M(
        "conflict.settled",
        "Konflik {ref} sudah diselesaikan.",
        "Conflict {ref} was already settled.",
    ),
    M(
        "conflict.decision",
        "Keputusan harus 'keep' (pertahankan) atau 'take_loser' (ambil pihak lain).",
        "The decision must be 'keep' or 'take_loser' (take the other side).",
    ),
    # Tasks at the counter.
    M(
        "task.not_found",
        "Berkas {ref} tidak ditemukan.",
        "File {ref} was not found.",
    ),
    M(
        "task.step_not_allowed",
        "Berkas {tracking_no} berstatus {status}; tindakan '{action}' tidak diizinkan.",
        "File {tracking_no} has status {status}; the step '{action}' is not allowed.",
    ),
    M(
        "task.not_same_day",
        "Berkas {tracking_no}: layanan ini tidak selesai di tempat; tandai 'siap diambil' dulu.",
        "File {tracking_no}: this service is not finished at the counter; "
        "mark it 'ready for pick-up' first.",
    ),
    M(
        "task.document_unknown",
        "Dokumen tidak ada di daftar layanan: {document}",
        "This document is not on the service's list: {document}",
    ),
    M(
        "task.handling_seconds",
        "Lama layanan harus 0-86400 detik.",
        "The handling time must be 0-86400 seconds.",
    ),
    M(
        "task.outcome_unknown",
        "Hasil harus 'complete' atau 'problem'.",
        "The outcome must be 'complete' or 'problem'.",
    ),
    M(
        "task.correct_closed",
        "Berkas {tracking_no} sudah ditutup ({status}); berkas yang ditutup tidak dapat "
        "dikoreksi atau dilengkapi lagi.",
        "File {tracking_no} is already closed ({status}); a closed file can no longer be "
        "corrected or completed.",
    ),
    M(
        "task.correct_nothing",
        "Tidak ada yang dikoreksi: ubah paling sedikit satu isian.",
        "Nothing to correct: change at least one field.",
    ),
    M(
        "task.correct_service_late",
        "Berkas {tracking_no} sudah siap diambil; layanannya tidak dapat diganti lagi.",
        "File {tracking_no} is already ready for pick-up; its service can no longer change.",
    ),
    M(
        "task.documents_none",
        "Pilih dokumen yang baru diterima.",
        "Choose the documents that were just brought.",
    ),
    M(
        "task.document_already",
        "Dokumen ini sudah tercatat diterima: {document}",
        "This document was already recorded as received: {document}",
    ),
    M("agency.unknown", "Dinas '{code}' tidak dikenal.", "Agency '{code}' is unknown."),
    M(
        "service.not_found",
        "Layanan '{code}' tidak ada di katalog.",
        "Service '{code}' is not in the catalogue.",
    ),
    M(
        "service.inactive",
        "Layanan {code} sudah tidak aktif.",
        "Service {code} is no longer offered.",
    ),
    M(
        "service.fee",
        "Biaya harus rupiah bulat (0 = gratis), atau kosong untuk retribusi menurut rumus.",
        "The fee must be whole rupiah (0 = free), or empty for a levy computed by formula.",
    ),
    M(
        "service.sla",
        "Waktu penyelesaian harus 0-{max_days} hari kerja.",
        "The completion time must be 0-{max_days} working days.",
    ),
    M(
        "service.too_many_documents",
        "Paling banyak {most} dokumen persyaratan.",
        "At most {most} required documents.",
    ),
    M(
        "service.level",
        "Tingkat layanan harus salah satu dari {choices}.",
        "The service level must be one of {choices}.",
    ),
    M(
        "service.other_stays",
        "Layanan LAINNYA tidak dapat dinonaktifkan.",
        "The LAINNYA (other) service cannot be deactivated.",
    ),
    M(
        "service.code_suffix",
        "Akhiran kode: 1-10 huruf besar, angka atau '-', diawali huruf atau angka.",
        "The code suffix: 1-10 capital letters, digits or '-', starting with a letter or digit.",
    ),
    M(
        "service.code_taken",
        "Kode layanan {code} sudah ada.",
        "Service code {code} already exists.",
    ),
    M("area.unknown", "Kode wilayah '{code}' tidak dikenal.", "Area code '{code}' is unknown."),
    # Receipts.
    M(
        "receipt.kind_unknown",
        "Jenis tanda terima harus salah satu dari {choices}.",
        "The receipt kind must be one of {choices}.",
    ),
    M(
        "receipt.kind_wrong_status",
        "Berkas {tracking_no} berstatus {status}; tanda terima '{kind}' hanya untuk berkas "
        "berstatus {required}.",
        "File {tracking_no} has status {status}; the '{kind}' receipt is only for files "
        "with status {required}.",
    ),
    M(
        "receipt.no_source_event",
        "Berkas {task_id} tidak punya kejadian {event_kind}.",
        "File {task_id} has no {event_kind} event.",
    ),
    M(
        "receipt.language_unknown",
        "Bahasa harus salah satu dari {choices}.",
        "The language must be one of {choices}.",
    ),
    M(
        "receipt.layout_unknown",
        "Tata letak harus salah satu dari {choices}.",
        "The layout must be one of {choices}.",
    ),
    M(
        "receipt.target_unknown",
        "Tujuan cetak harus salah satu dari {choices}.",
        "The print target must be one of {choices}.",
    ),
    M(
        "receipt.copy_negative",
        "Nomor salinan tidak boleh negatif.",
        "The copy number cannot be negative.",
    ),
    # Points.
    M("event.not_found", "Kejadian {event_uuid} tidak ada.", "Event {event_uuid} does not exist."),
    M(
        "points.none_earned",
        "Kejadian ini tidak menghasilkan poin.",
        "This event earned no points.",
    ),
    M(
        "points.correction_final",
        "Koreksi tidak dapat dikoreksi lagi.",
        "A correction cannot be corrected again.",
    ),
    M(
        "points.already_corrected",
        "Poin kejadian ini sudah pernah dikoreksi.",
        "The points of this event were already corrected.",
    ),
    # The office, its settings and its database.
    M(
        "office.not_configured",
        "Kantor belum disiapkan; jalankan set-up terlebih dulu.",
        "The office is not set up yet; run the set-up first.",
    ),
    M(
        "office.already_configured",
        "Kantor ini sudah disiapkan.",
        "This office is already set up.",
    ),
    M("office.device_no", "Nomor perangkat harus 1-99.", "The device number must be 1-99."),
    M(
        "settings.weekly_hours_not_number",
        "Jam wajib per minggu harus angka.",
        "The required hours per week must be a number.",
    ),
    M(
        "settings.weekly_hours_range",
        "Jam wajib per minggu harus 0-80.",
        "The required hours per week must be 0-80.",
    ),
    M(
        "settings.backup_keep_days",
        "Lama simpan cadangan harus 1-3650 hari.",
        "Backups are kept for 1-3650 days.",
    ),
    M(
        "settings.closing_time",
        "Jam tutup kantor harus JJ:MM.",
        "The office closing time must be HH:MM.",
    ),
    M("settings.unknown", "Pengaturan '{key}' tidak dikenal.", "Setting '{key}' is unknown."),
    M(
        "db.missing",
        "Belum ada database kantor di {folder}; jalankan `desk-app setup` atau `desk-app demo`.",
        "There is no office database in {folder}; run `desk-app setup` or `desk-app demo`.",
    ),
    M(
        "db.unreadable",
        "Database {name} rusak atau bukan database Loket ({detail}). Database dibiarkan apa "
        "adanya; pulihkan cadangan dengan `desk-app restore`.",
        "Database {name} is damaged or is not a Loket database ({detail}). "
        "It was left untouched; restore a backup with `desk-app restore`.",
    ),
    M(
        "db.integrity_failed",
        "Database {name} gagal pemeriksaan integritas: {problems}. Database dibiarkan apa "
        "adanya; pulihkan cadangan dengan `desk-app restore`.",
        "Database {name} failed its integrity check: {problems}. "
        "It was left untouched; restore a backup with `desk-app restore`.",
    ),
    M(
        "db.busy",
        "Database sedang sibuk; tunggu sebentar lalu coba lagi.",
        "The database is busy; wait a moment and try again.",
    ),
    M(
        "db.read_only",
        "Folder data {folder} atau database di dalamnya tidak dapat ditulis ({detail}). "
        "Database tidak rusak, jangan pulihkan cadangan; periksa izin folder atau disk yang "
        "terpasang hanya-baca, lalu coba lagi.",
        "The data folder {folder} or the database in it cannot be written ({detail}). "
        "The database is not damaged, do not restore a backup; check the folder's "
        "permissions or a disk mounted read-only, then try again.",
    ),
    M(
        "db.disk_full",
        "Disk penuh di {folder}; tidak ada yang diubah. Kosongkan ruang disk lalu coba lagi.",
        "The disk is full at {folder}; nothing was changed. Free some disk space and try again.",
    ),
    M(
        "db.locked",
        "Database {name} dikunci program lain lebih dari {seconds} detik; tidak ada yang "
        "diubah. Tutup program lain yang memakainya, lalu coba lagi.",
        "Database {name} has been locked by another program for more than {seconds} "
        "seconds; nothing was changed. Close the other program using it, then try again.",
    ),
    M(
        "db.io_error",
        "Database {name} tidak dapat dibaca atau ditulis ({detail}); tidak ada yang diubah. "
        "Periksa disk dan folder datanya, lalu coba lagi.",
        "Database {name} could not be read or written ({detail}); nothing was changed. "
        "Check the disk and the data folder, then try again.",
    ),
    # The desk-app command's arguments (argparse names the option before the text).
    M(
        "cli.not_a_date",
        "'{value}' bukan tanggal (TTTT-BB-HH).",
        "'{value}' is not a date (YYYY-MM-DD).",
    ),
    M(
        "cli.not_a_moment",
        "'{value}' bukan waktu (TTTT-BB-HHTJJ:MM).",
        "'{value}' is not a moment (YYYY-MM-DDTHH:MM).",
    ),
    M(
        "cli.not_a_month",
        "'{value}' bukan bulan (TTTT-BB).",
        "'{value}' is not a month (YYYY-MM).",
    ),
    M(
        "month.not_yet",
        "Bulan {month} belum dimulai; belum ada laporannya.",
        "Month {month} has not begun yet; there is no report for it.",
    ),
    M(
        "cli.date_out_of_range",
        "{value} di luar rentang {first} s.d. {last}.",
        "{value} is outside {first} to {last}.",
    ),
    M("cli.not_a_number", "'{value}' bukan bilangan bulat.", "'{value}' is not a whole number."),
    M(
        "cli.number_out_of_range",
        "{value} di luar rentang {low} s.d. {high}.",
        "{value} is outside {low} to {high}.",
    ),
    M("cli.empty", "tidak boleh kosong.", "must not be empty."),
    M("cli.too_long", "lebih dari {limit} karakter.", "longer than {limit} characters."),
    M(
        "cli.bad_path",
        "'{value}' bukan nama berkas atau folder yang sah.",
        "'{value}' is not a valid file or folder name.",
    ),
    M(
        "cli.pin_needed",
        "PIN diperlukan tetapi tidak ada terminal untuk mengetiknya; isi ${variable}.",
        "A PIN is needed but there is no terminal to type it in; set ${variable}.",
    ),
    M(
        "cli.pin_stdin_missing",
        "--pin-stdin: masukan standar berakhir sebelum {what}.",
        "--pin-stdin: standard input ended before {what}.",
    ),
    M(
        "cli.interrupted",
        "Dihentikan; perubahan yang belum selesai tidak disimpan.",
        "Interrupted; a change not finished was not saved.",
    ),
    # Backups.
    M("backup.no_database", "Tidak ada database di {path}.", "There is no database at {path}."),
    M(
        "backup.file_missing",
        "Berkas cadangan {path} tidak ada.",
        "The backup file {path} does not exist.",
    ),
    M(
        "backup.in_use",
        "Database sedang dipakai; tutup Loket dulu, lalu pulihkan.",
        "The database is in use; close Loket first, then restore.",
    ),
    M(
        "backup.refused",
        "{name} tidak dipulihkan: {why}. Database sekarang tidak diubah.",
        "{name} was not restored: {why}. The current database was not changed.",
    ),
    M("backup.why.corrupt", "file rusak ({detail})", "the file is damaged ({detail})"),
    M("backup.why.not_loket", "bukan database Loket", "it is not a Loket database"),
    M(
        "backup.why.newer_version",
        "dibuat oleh versi Loket yang lebih baru",
        "it was made by a newer version of Loket",
    ),
    M(
        "backup.why.unreadable",
        "file rusak atau bukan database ({detail})",
        "the file is damaged or is not a database ({detail})",
    ),
    M(
        "backup.why.verify_failed",
        "pemeriksaan gagal, mungkin diubah di luar Loket: {problem}",
        "the check failed, it may have been changed outside Loket: {problem}",
    ),
    M(
        "backup.other_desk",
        "Cadangan {name} milik kantor {backup_office} perangkat lain, bukan database kantor "
        "{current_office} yang sekarang; tidak ada yang diubah. Gunakan --other-desk bila "
        "memang hendak menggantinya.",
        "Backup {name} belongs to office {backup_office} on another device, not to the "
        "current database of office {current_office}; nothing was changed. Use --other-desk "
        "if you really mean to replace it.",
    ),
    # Files written for the user: receipts, reports, exports, backups.
    M(
        "output.refused",
        "Tidak ditulis ke {path}: {why}. Pilih berkas atau folder lain.",
        "Nothing was written to {path}: {why}. Choose another file or folder.",
    ),
    M("output.why.office_database", "itu database kantor", "it is the office database"),
    M("output.why.database", "itu berkas database", "it is a database file"),
    M("output.why.backups", "itu folder cadangan kantor", "it is the office's backups folder"),
    M("output.why.directory", "itu sebuah folder", "it is a folder"),
    M(
        "output.why.special",
        "itu perangkat, pipa atau soket, bukan berkas biasa",
        "it is a device, pipe or socket, not a regular file",
    ),
    M("output.why.symlink", "itu tautan simbolik", "it is a symbolic link"),
    M("output.why.read_only", "berkas itu tidak boleh ditulis", "the file may not be written"),
    M("output.why.not_a_folder", "itu bukan folder", "it is not a folder"),
    M(
        "output.why.folder_not_writable",
        "folder itu tidak dapat ditulis",
        "the folder cannot be written",
    ),
    # Closing the day.
    M(
        "day.not_yet",
        "Hari {day} belum terjadi; tidak dapat ditutup.",
        "Day {day} has not happened yet; it cannot be closed.",
    ),
    M(
        "day.office_open",
        "Kantor masih buka sampai {closes}; hari ini ditutup sesudahnya.",
        "The office is open until {closes}; today can be closed after that.",
    ),
    M(
        "day.closed_by",
        "Hari {day} sudah ditutup oleh {by} pada {at}.",
        "Day {day} was already closed by {by} on {at}.",
    ),
    M(
        "day.sealed",
        "Hari {day} sudah ditutup; tidak ada lagi yang dapat dicatat bertanggal hari itu. "
        "Pencatatan baru bisa besok; bila mendesak, hubungi ketua regu.",
        "Day {day} is closed; nothing more can be recorded on that day. "
        "Record it tomorrow; if it is urgent, ask the shift lead.",
    ),
    M(
        "day.sealed_by",
        "Hari {day} sudah ditutup oleh {by} pukul {at}; tidak ada lagi yang dapat dicatat "
        "bertanggal hari itu. Pencatatan baru bisa besok; bila mendesak, hubungi {by} "
        "(ketua regu).",
        "Day {day} was closed by {by} at {at}; nothing more can be recorded on that day. "
        "Record it tomorrow; if it is urgent, ask {by} (the shift lead).",
    ),
    M(
        "day.close_today",
        "Menutup hari ini ({day}) mengakhiri pencatatan hari ini di meja ini: sesudahnya "
        "tidak ada yang dapat menerima berkas, mencatat langkah berkas, mencetak tanda "
        "terima atau absen pulang bertanggal hari ini; semuanya baru bisa besok.",
        "Closing today ({day}) ends today's recording on this desk: afterwards nobody can "
        "take in a request, record a step, print a receipt or clock out dated today; all of "
        "that waits until tomorrow.",
    ),
    M(
        "day.close_blocked",
        "Hari {day} belum dapat ditutup: {outstanding}. "
        "Selesaikan dulu, atau lanjutkan dengan alasan.",
        "Day {day} cannot be closed yet: {outstanding}. Settle them first, or go on with a reason.",
    ),
    M(
        "day.reason_required",
        "Alasan wajib diisi (minimal {min_len} huruf): {outstanding}.",
        "A reason is required (at least {min_len} letters): {outstanding}.",
    ),
    M(
        "day.outstanding.unprinted",
        "{count} tanda terima belum dicetak",
        "receipts not printed: {count}",
    ),
    M(
        "day.outstanding.clocked_in",
        "{count} petugas masih absen masuk",
        "officers still clocked in: {count}",
    ),
    M(
        "day.outstanding.not_started",
        "{count} berkas hari ini belum diproses",
        "today's files not yet processed: {count}",
    ),
    M("day.outstanding.none", "tidak ada yang tertunda", "nothing outstanding"),
    # The city server: enrolment and sync, as the status bar and the settings say them.
    M(
        "sync.unreachable",
        "Server kota tidak terjangkau; periksa alamat dan jaringan.",
        "The city server cannot be reached; check the address and the network.",
    ),
    M(
        "sync.cut_off",
        "Jawaban server kota terputus; dicoba lagi.",
        "The city server's answer was cut off; trying again.",
    ),
    M(
        "sync.busy",
        "Server kota sedang sibuk; dicoba lagi nanti.",
        "The city server is busy; trying again later.",
    ),
    M(
        "sync.server_error",
        "Server kota sedang bermasalah; dicoba lagi nanti.",
        "The city server has a problem; trying again later.",
    ),
    M(
        "sync.tls",
        "Sertifikat server kota ditolak; periksa berkas CA di Pengaturan.",
        "The city server's certificate was refused; check the CA file in Settings.",
    ),
    M(
        "sync.revoked",
        "Perangkat ini dicabut oleh kota; daftar ulang dengan kode baru.",
        "The city revoked this device; enrol again with a new code.",
    ),
    M(
        "sync.bad_code",
        "Kode pendaftaran salah, sudah dipakai, atau kedaluwarsa; minta kode baru.",
        "The enrolment code is wrong, used or expired; ask for a new one.",
    ),
    M(
        "sync.unauthorized",
        "Kota menolak perangkat ini; daftar ulang dengan kode baru.",
        "The city refused this device; enrol again with a new code.",
    ),
    M(
        "sync.refused",
        "Server kota menolak permintaan: {detail}",
        "The city server refused the request: {detail}",
    ),
    M(
        "sync.not_enrolled",
        "Meja ini belum terdaftar di kota; daftar di Pengaturan.",
        "This desk is not enrolled with the city; enrol in Settings.",
    ),
    M(
        "sync.bad_address",
        "Alamat server kota harus diawali https:// (atau http://).",
        "The city server's address must start with https:// (or http://).",
    ),
    M(
        "sync.forked",
        "Kota menyimpan kejadian lain dengan nomor meja ini (cadangan lama dipulihkan?); "
        "admin kota sudah diberi tanda.",
        "The city holds other events under this desk's numbers (an old backup restored?); "
        "they were flagged for the city's administrator.",
    ),
    M(
        "sync.bad_catalogue",
        "Katalog layanan dari kota ditolak, tidak ada yang diubah: {detail}",
        "The city's service catalogue was refused, nothing was changed: {detail}",
    ),
    # The queue: kiosk tickets and calls to a counter.
    M(
        "queue.category_unknown",
        "Kategori antrean {category} tidak dikenal.",
        "Queue category {category} is unknown.",
    ),
    M(
        "queue.priority_unknown",
        "Prioritas {priority} tidak dikenal (lansia, disabilitas atau ibu hamil).",
        "Priority {priority} is unknown (elderly, disabled or pregnant).",
    ),
    M(
        "queue.counter_invalid",
        "Nomor loket harus 1 sampai 99, bukan {counter}.",
        "A counter number is 1 to 99, not {counter}.",
    ),
    M(
        "queue.ticket_not_found",
        "Nomor antrean {ticket} tidak ditemukan.",
        "Queue ticket {ticket} was not found.",
    ),
    M(
        "queue.counter_busy",
        "Loket {counter} masih melayani nomor {number}: selesaikan, tandai tidak hadir, "
        "atau alihkan dulu.",
        "Counter {counter} is still serving number {number}: finish it, mark it a no-show "
        "or transfer it first.",
    ),
    M(
        "queue.not_at_counter",
        "Nomor {number} tidak sedang dipanggil di loket {counter}.",
        "Number {number} is not being called at counter {counter}.",
    ),
    M(
        "queue.same_counter",
        "Pilih loket lain: nomor ini sudah di loket {counter}.",
        "Choose another counter: this number is already at counter {counter}.",
    ),
    # The IKM satisfaction survey.
    M(
        "survey.scores_count",
        "Survei kepuasan berisi 9 unsur, bukan {count}.",
        "The satisfaction survey has 9 elements, not {count}.",
    ),
    M(
        "survey.score_invalid",
        "Nilai unsur {element} harus 1 sampai 4.",
        "The score of element {element} must be 1 to 4.",
    ),
    M(
        "survey.task_not_completed",
        "Survei hanya untuk berkas yang sudah diserahkan.",
        "The survey is only for requests that were handed over.",
    ),
    M(
        "survey.already_given",
        "Survei untuk berkas ini sudah diisi; terima kasih.",
        "The survey for this request was already given; thank you.",
    ),
    # Failures that are not the officer's input (the GUI shows these).
    M(
        "error.ask_right_role",
        "{message} Minta petugas dengan peran yang sesuai.",
        "{message} Ask an officer with the right role.",
    ),
    M(
        "error.file_io",
        "Gagal membaca atau menulis berkas: {detail}. Periksa ruang disk lalu coba lagi.",
        "Could not read or write a file: {detail}. Check the free disk space and try again.",
    ),
    M(
        "error.unexpected",
        "Terjadi kesalahan tak terduga. Coba lagi; bila terulang, hubungi admin "
        "(rinciannya tercatat di log).",
        "Something unexpected went wrong. Try again; if it happens again, call an "
        "administrator (the details are in the log).",
    ),
)
