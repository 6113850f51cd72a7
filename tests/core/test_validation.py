"""NIK, name, phone, NIP and PIN validation: each error names its field."""

from __future__ import annotations

from datetime import date

import pytest

from desk_app.common.errors import ValidationError
from desk_app.common.validation import (
    nik_birth_date,
    validate_name,
    validate_nik,
    validate_nip,
    validate_phone,
    validate_pin,
)

TODAY = date(2026, 11, 27)


def test_valid_nik_for_a_man_and_a_woman() -> None:
    assert validate_nik("3174 0812 0590 0003", today=TODAY) == "3174081205900003"
    woman = validate_nik("3174085205900003", today=TODAY)  # day 52 = 12th, a woman
    assert nik_birth_date(woman, today=TODAY) == date(1990, 5, 12)


def test_nik_birth_year_of_a_child_is_this_century() -> None:
    assert nik_birth_date("3174081205150003", today=TODAY) == date(2015, 5, 12)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "wajib"),
        ("31740812059000AB", "angka"),
        ("317408120590000", "16 digit"),
        ("31740812059000031", "16 digit"),
        ("9974081205900003", "provinsi"),
        ("3100081205900003", "kabupaten"),
        ("3174003105900003", "kabupaten"),
        ("3174083102900003", "Tanggal lahir"),  # 31 February
        ("3174087102900003", "Tanggal lahir"),  # 31 Feb for a woman (71 - 40)
        ("3174080005900003", "Tanggal lahir"),  # day 00
        ("3174084005900003", "Tanggal lahir"),  # day 40 = 00 for a woman
        ("3174081213900003", "Tanggal lahir"),  # month 13
        ("3174081205900000", "urut"),
    ],
)
def test_bad_nik_is_refused_naming_the_field(raw: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_nik(raw, today=TODAY)
    assert caught.value.field == "nik"
    assert fragment in caught.value.message


def test_nik_century_is_the_latest_that_puts_the_birth_in_the_past() -> None:
    # 12 Dec 26 has not come yet in 2026, so it is 1926; 01 Jan 26 has, so it is 2026.
    assert nik_birth_date("3174081212260003", today=TODAY) == date(1926, 12, 12)
    assert nik_birth_date("3174080101260003", today=TODAY) == date(2026, 1, 1)
    assert nik_birth_date("3174085212260003", today=TODAY) == date(1926, 12, 12)  # +40: a woman
    assert validate_nik("3174081212260003", today=TODAY) == "3174081212260003"


@pytest.mark.parametrize(
    "name",
    [
        "Budi",
        "Ni Made Dwi Ayu Sulistyaningsih Saraswati",
        "Siti Nur'aini",
        "R.A. Kartini",
        "Jean-Paul Simanjuntak",
        "Zoë Ñúñez",
    ],
)
def test_good_names(name: str) -> None:
    assert validate_name(name) == name


@pytest.mark.parametrize("name", ["", " ", "B", "Budi123", "x" * 121, "Budi <script>"])
def test_bad_names(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_name(name)
    assert caught.value.field == "name"


def test_names_collapse_spaces() -> None:
    assert validate_name("  Budi    Santoso ") == "Budi Santoso"


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("0812-3456-7890", "081234567890"),
        ("+62 812 3456 7890", "081234567890"),
        ("021 7654321", "0217654321"),
        ("", ""),
    ],
)
def test_phones_are_normalised(raw: str, normal: str) -> None:
    assert validate_phone(raw) == normal


@pytest.mark.parametrize("raw", ["12345", "0812", "08123456789012345", "phone", "+1 202 555 0100"])
def test_bad_phones(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_phone(raw)
    assert caught.value.field == "phone"


def test_required_phone() -> None:
    with pytest.raises(ValidationError, match="phone"):
        validate_phone("", required=True)


def test_nip() -> None:
    assert validate_nip("198001012005011001") == "198001012005011001"
    for bad in ("1980010120050110", "198013012005011001", "198001012005013001", "abc"):
        with pytest.raises(ValidationError) as caught:
            validate_nip(bad)
        assert caught.value.field == "nip"


def test_pin() -> None:
    assert validate_pin("482915") == "482915"
    for bad in ("12345", "111111", "123456", "987654", "abcdef", "1234567890123"):
        with pytest.raises(ValidationError) as caught:
            validate_pin(bad)
        assert caught.value.field == "pin"
