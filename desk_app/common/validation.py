"""Validation of what an officer types: NIK, names, phone numbers, NIP, PIN."""

from __future__ import annotations

import re
from datetime import date

from desk_app.common.errors import ValidationError

# Province codes of Indonesia (Kemendagri); the first two digits of every NIK.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
        "31", "32", "33", "34", "35", "36", "51", "52", "53",
        "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
        "81", "82", "91", "92", "93", "94", "95", "96", "97",
    }
)  # fmt: skip

_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '.,\-][^\W\d_]*)*\.?$")
_PHONE_RE = re.compile(r"^(?:\+62|62|0)8\d{7,11}$|^(?:\+62|62|0)[2-9]\d{6,10}$")


def nik_birth_date(nik: str, *, today: date) -> date:
    """The birth date encoded in a NIK (women have 40 added to the day)."""
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    # The latest century that puts the birth in the past: 26 is 1926 until a 2026 birthday.
    born = date(2000 + year2, month, day)
    return born if born <= today else date(1900 + year2, month, day)


def validate_nik(raw: str, *, today: date) -> str:
    """A valid NIK: 16 digits, a known province, a plausible area and a real birth date."""
    nik = re.sub(r"[\s.\-]", "", raw or "")
    if not nik:
        raise ValidationError("nik", "NIK wajib diisi (16 digit).")
    if not nik.isdigit():
        raise ValidationError("nik", "NIK hanya berisi angka.")
    if len(nik) != 16:
        raise ValidationError("nik", f"NIK harus 16 digit, bukan {len(nik)}.")
    if nik[:2] not in PROVINCE_CODES:
        raise ValidationError("nik", f"Kode provinsi {nik[:2]} pada NIK tidak dikenal.")
    if nik[2:4] == "00" or nik[4:6] == "00":
        raise ValidationError("nik", "Kode kabupaten/kota atau kecamatan pada NIK tidak sah.")
    if nik[12:] == "0000":
        raise ValidationError("nik", "Nomor urut NIK tidak boleh 0000.")
    try:
        born = nik_birth_date(nik, today=today)
    except ValueError:
        raise ValidationError(
            "nik", f"Tanggal lahir pada NIK ({nik[6:8]}-{nik[8:10]}-{nik[10:12]}) tidak sah."
        ) from None
    if int(nik[6:8]) in (0, 40) or born > today:
        raise ValidationError("nik", "Tanggal lahir pada NIK tidak sah.")
    return nik


def validate_name(raw: str, *, field: str = "name") -> str:
    """A person's name: letters (any script), spaces, apostrophes, dots, hyphens."""
    name = " ".join((raw or "").split())
    if not name:
        raise ValidationError(field, "Nama wajib diisi.")
    if len(name) < 2:
        raise ValidationError(field, "Nama terlalu pendek.")
    if len(name) > 120:
        raise ValidationError(field, "Nama paling panjang 120 huruf.")
    if not _NAME_RE.match(name):
        raise ValidationError(field, "Nama hanya boleh berisi huruf, spasi, titik, koma, ' dan -.")
    return name


def validate_phone(raw: str, *, required: bool = False) -> str:
    """An Indonesian phone number normalised to 08... / 0xx... form; empty is allowed."""
    phone = re.sub(r"[\s\-().]", "", raw or "")
    if not phone:
        if required:
            raise ValidationError("phone", "Nomor telepon wajib diisi.")
        return ""
    if not _PHONE_RE.match(phone):
        raise ValidationError(
            "phone", "Nomor telepon tidak sah; contoh 0812 3456 7890 atau 021 1234 5678."
        )
    if phone.startswith("+62"):
        phone = "0" + phone[3:]
    elif phone.startswith("62"):
        phone = "0" + phone[2:]
    return phone


def validate_nip(raw: str) -> str:
    """A civil servant's NIP: 18 digits (birth date, appointment month, sex, serial)."""
    nip = re.sub(r"\s", "", raw or "")
    if not (nip.isdigit() and len(nip) == 18):
        raise ValidationError("nip", "NIP harus 18 digit angka.")
    try:
        date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError("nip", "Tanggal lahir pada NIP tidak sah.") from None
    if nip[14] not in "12":
        raise ValidationError("nip", "Digit jenis kelamin pada NIP harus 1 atau 2.")
    return nip


def validate_pin(raw: str) -> str:
    """A PIN of 6 to 12 digits that is not a trivial run."""
    pin = raw or ""
    if not (pin.isdigit() and 6 <= len(pin) <= 12):
        raise ValidationError("pin", "PIN harus 6-12 digit angka.")
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210987":
        raise ValidationError("pin", "PIN terlalu mudah ditebak.")
    return pin


def validate_text(raw: str, *, field: str, max_len: int, required: bool) -> str:
    """Free text trimmed and bounded."""
    text = (raw or "").strip()
    if required and not text:
        raise ValidationError(field, "Wajib diisi.")
    if len(text) > max_len:
        raise ValidationError(field, f"Paling panjang {max_len} karakter.")
    return text
