"""Validation of what an officer types: NIK, names, phone numbers, NIP, PIN, free text.

Digits are ASCII digits only (`str.isdigit` also takes full-width, Arabic-Indic and
superscript digits). Characters no one sees (zero-width spaces and joiners, the BOM, soft
hyphens, bidi controls, C0/C1 controls) are removed before any length rule, so they cannot
make a name or a reason long enough. Text that cannot be stored as UTF-8 (a lone
surrogate) is refused naming its field.
"""

from __future__ import annotations

import re
import unicodedata
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

MAX_NAME_LEN = 120
# The "reason required" rule: every reason an officer must give has at least this many letters.
MIN_REASON = 5
MAX_REASON = 500
_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '.,\-][^\W\d_]*)*\.?$")
_PHONE_RE = re.compile(r"^(?:\+62|62|0)8[0-9]{7,11}$|^(?:\+62|62|0)[2-9][0-9]{6,10}$")
_DIGITS_RE = re.compile(r"[0-9]+")
_PIN_RE = re.compile(r"[0-9]{6,12}")
_NIP_RE = re.compile(r"[0-9]{18}")

# Invisible although not in category Cc/Cf: the combining grapheme joiner, Hangul and
# Khmer fillers, the Mongolian vowel separator.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0")


def _is_invisible(ch: str) -> bool:
    """A control or format character, or another character that shows as nothing."""
    return (
        unicodedata.category(ch) in ("Cc", "Cf")
        or ch in _INVISIBLE
        or "\ufe00" <= ch <= "\ufe0f"  # variation selectors
        or "\U000e0100" <= ch <= "\U000e01ef"
    )


def visible_text(raw: str | None, *, field: str, keep_lines: bool = False) -> str:
    """`raw` without invisible characters; whitespace controls become spaces (tabs and
    line breaks stay with `keep_lines`). ValidationError when it is not valid UTF-8."""
    text = raw or ""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(field, "text.not_utf8") from None
    if keep_lines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for ch in text:
        if keep_lines and ch in "\n\t":
            kept.append(ch)
        elif _is_invisible(ch):
            if ch.isspace():
                kept.append(" ")
        else:
            kept.append(ch)
    return "".join(kept)


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
    nik = re.sub(r"[\s.\-]", "", visible_text(raw, field="nik"))
    if not nik:
        raise ValidationError("nik", "nik.required")
    if not _DIGITS_RE.fullmatch(nik):
        raise ValidationError("nik", "nik.digits_only")
    if len(nik) != 16:
        raise ValidationError("nik", "nik.length", length=len(nik))
    if nik[:2] not in PROVINCE_CODES:
        raise ValidationError("nik", "nik.province_unknown", code=nik[:2])
    if nik[2:4] == "00" or nik[4:6] == "00":
        raise ValidationError("nik", "nik.area_invalid")
    if nik[12:] == "0000":
        raise ValidationError("nik", "nik.serial_zero")
    try:
        born = nik_birth_date(nik, today=today)
    except ValueError:
        raise ValidationError(
            "nik", "nik.birth_date_impossible", date=f"{nik[6:8]}-{nik[8:10]}-{nik[10:12]}"
        ) from None
    if int(nik[6:8]) in (0, 40) or born > today:
        raise ValidationError("nik", "nik.birth_date_invalid")
    return nik


def validate_name(raw: str, *, field: str = "name") -> str:
    """A person's name: letters (any script), spaces, apostrophes, dots, hyphens."""
    name = " ".join(visible_text(raw, field=field).split())
    if not name:
        raise ValidationError(field, "name.required")
    if len(name) < 2:
        raise ValidationError(field, "name.too_short")
    if len(name) > MAX_NAME_LEN:
        raise ValidationError(field, "name.too_long", max_len=MAX_NAME_LEN)
    if not _NAME_RE.match(name):
        raise ValidationError(field, "name.bad_characters")
    return name


def validate_phone(raw: str, *, required: bool = False) -> str:
    """An Indonesian phone number normalised to 08... / 0xx... form; empty is allowed."""
    phone = re.sub(r"[\s\-().]", "", visible_text(raw, field="phone"))
    if not phone:
        if required:
            raise ValidationError("phone", "phone.required")
        return ""
    if not _PHONE_RE.match(phone):
        raise ValidationError("phone", "phone.invalid")
    if phone.startswith("+62"):
        phone = "0" + phone[3:]
    elif phone.startswith("62"):
        phone = "0" + phone[2:]
    return phone


def validate_nip(raw: str) -> str:
    """A civil servant's NIP: 18 digits (birth date, appointment month, sex, serial)."""
    nip = re.sub(r"\s", "", visible_text(raw, field="nip"))
    if not _NIP_RE.fullmatch(nip):
        raise ValidationError("nip", "nip.format")
    try:
        date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError("nip", "nip.birth_date_invalid") from None
    if nip[14] not in "12":
        raise ValidationError("nip", "nip.sex_digit")
    return nip


def validate_pin(raw: str) -> str:
    """A PIN of 6 to 12 digits that is not a trivial run."""
    pin = raw or ""
    if not _PIN_RE.fullmatch(pin):
        raise ValidationError("pin", "pin.format")
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210987":
        raise ValidationError("pin", "pin.too_easy")
    return pin


def validate_text(raw: str, *, field: str, max_len: int, required: bool) -> str:
    """Free text without invisible characters, trimmed and bounded (line breaks stay)."""
    text = visible_text(raw, field=field, keep_lines=True).strip()
    if required and not text:
        raise ValidationError(field, "text.required")
    if len(text) > max_len:
        raise ValidationError(field, "text.too_long", max_len=max_len)
    return text


def validate_reason(raw: str, *, field: str = "reason", max_len: int = MAX_REASON) -> str:
    """A reason someone must give (rejection, cancellation, correction, a day closed with
    work left open): trimmed, at least MIN_REASON letters, at most `max_len`."""
    reason = validate_text(raw, field=field, max_len=max_len, required=True)
    if len(reason) < MIN_REASON:
        raise ValidationError(field, "reason.too_short", min_len=MIN_REASON)
    return reason


# The days the desk acts on or reports: room for any office's history and planning, and far
# from the ends of the calendar (year 1, year 9999), where date arithmetic overflows.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


def validate_day(day: date, *, field: str) -> date:
    """`day` when it lies in FIRST_DAY..LAST_DAY, else ValidationError naming `field`."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            field,
            "cli.date_out_of_range",
            value=f"{day:%d-%m}-{day.year:04d}",
            first=f"{FIRST_DAY:%d-%m-%Y}",
            last=f"{LAST_DAY:%d-%m-%Y}",
        )
    return day
