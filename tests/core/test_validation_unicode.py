"""Hardening: digits are ASCII digits, invisible characters count for nothing, and text
that cannot be stored as UTF-8 is refused naming its field."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.common.errors import ValidationError
from desk_app.common.validation import (
    MAX_NAME_LEN,
    MIN_REASON,
    validate_name,
    validate_nik,
    validate_nip,
    validate_phone,
    validate_pin,
    validate_reason,
    validate_text,
)
from desk_app.counter import tasks
from desk_app.office.catalogue import OTHER_SERVICE
from tests.conftest import Office
from tests.helpers import GOOD_NIK, MORNING, nothing_written

TODAY = date(2026, 11, 27)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x9b",  # C1 control sequence introducer
]


def mixed(text: str, table: dict[int, int]) -> str:
    """Only the last two digits swapped: a single look-alike digit is enough."""
    return text[:-2] + text[-2:].translate(table)


@pytest.mark.parametrize("table", [FULL_WIDTH, ARABIC_INDIC, SUPERSCRIPT])
def test_digit_fields_take_ascii_digits_only(table: dict[int, int]) -> None:
    for nik in (GOOD_NIK.translate(table), mixed(GOOD_NIK, table)):
        with pytest.raises(ValidationError) as caught:
            validate_nik(nik, today=TODAY)
        assert (caught.value.field, caught.value.key) == ("nik", "nik.digits_only")
    for phone in ("081234567890".translate(table), mixed("081234567890", table)):
        with pytest.raises(ValidationError) as caught:
            validate_phone(phone)
        assert caught.value.field == "phone"
    for pin in ("482915".translate(table), mixed("482915", table)):
        with pytest.raises(ValidationError) as caught:
            validate_pin(pin)
        assert caught.value.field == "pin"
    for nip in ("198001012005011001".translate(table), mixed("198001012005011001", table)):
        with pytest.raises(ValidationError) as caught:
            validate_nip(nip)
        assert caught.value.field == "nip"


@pytest.mark.parametrize("mark", INVISIBLE)
def test_invisible_characters_do_not_make_a_reason_long_enough(mark: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_reason("ab" + mark * 10)
    assert caught.value.key == "reason.too_short"
    with pytest.raises(ValidationError) as caught:
        validate_reason(mark * 10)
    assert caught.value.key == "text.required"
    assert validate_reason(f"Dokumen{mark} kurang") == "Dokumen kurang"


@pytest.mark.parametrize("mark", INVISIBLE)
def test_invisible_characters_are_removed_from_names_notes_and_descriptions(mark: str) -> None:
    assert validate_name(f"Bu{mark}di {mark}Santoso") == "Budi Santoso"
    with pytest.raises(ValidationError) as caught:
        validate_name(f"{mark}B{mark}")
    assert caught.value.key == "name.too_short"
    with pytest.raises(ValidationError) as caught:
        validate_text(mark * 3, field="note", max_len=10, required=True)
    assert (caught.value.field, caught.value.key) == ("note", "text.required")
    assert validate_text(f"Per{mark}lu KK", field="description", max_len=8, required=True) == (
        "Perlu KK"
    )


def test_length_limits_count_visible_characters() -> None:
    note = "a" * 10 + "\u200b" * 50
    assert validate_text(note, field="note", max_len=10, required=True) == "a" * 10
    assert validate_text("baris satu\nbaris dua", field="note", max_len=50, required=True) == (
        "baris satu\nbaris dua"
    )


@pytest.mark.parametrize("surrogate", ["\ud800", "\udcff", "\udfff"])
def test_text_that_is_not_utf8_is_refused_naming_the_field(surrogate: str) -> None:
    for call, field in (
        (lambda: validate_text(f"ab{surrogate}", field="note", max_len=50, required=True), "note"),
        (lambda: validate_reason(f"Dokumen{surrogate} kurang"), "reason"),
        (lambda: validate_name(f"Bu{surrogate}di"), "name"),
        (lambda: validate_name(f"Bu{surrogate}di", field="recipient_name"), "recipient_name"),
        (lambda: validate_phone(f"0812{surrogate}34567890"), "phone"),
        (lambda: validate_nik(f"{GOOD_NIK}{surrogate}", today=TODAY), "nik"),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.field == field


def test_a_lone_surrogate_in_a_description_is_refused_at_intake(desk: Office) -> None:
    with nothing_written(desk.folder):
        with pytest.raises(ValidationError) as caught, desk.db.write() as session:
            tasks.receive_task(
                session,
                actor_id=desk.officer.id,
                service_code=OTHER_SERVICE,
                nik=GOOD_NIK,
                name="Budi Santoso",
                description="Surat keterangan \ud83d",
                now=MORNING,
            )
        assert caught.value.field == "description"
        with pytest.raises(ValidationError) as caught, desk.db.write() as session:
            tasks.receive_task(
                session,
                actor_id=desk.officer.id,
                service_code=OTHER_SERVICE,
                nik=GOOD_NIK,
                name="Budi Santoso",
                description="Surat keterangan domisili",
                documents_received=["Fotokopi KTP \udc80"],
                now=MORNING,
            )
        assert caught.value.field == "documents"


# --- properties ------------------------------------------------------------------------------

ANY_TEXT = st.text(alphabet=st.characters(codec=None), max_size=40)
_NOT_ALLOWED = {"Cc", "Cf", "Cs"}


def _clean(value: str, *, newlines: bool = False) -> bool:
    """Storable as UTF-8, with no control or format (invisible) character."""
    value.encode("utf-8")
    return all(
        unicodedata.category(ch) not in _NOT_ALLOWED or (newlines and ch in "\n\t") for ch in value
    )


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_free_text_is_either_refused_or_clean(raw: str) -> None:
    try:
        text = validate_text(raw, field="note", max_len=20, required=False)
    except ValidationError as exc:
        assert exc.field == "note"
        return
    assert _clean(text, newlines=True) and len(text) <= 20 and text == text.strip()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", " ", *INVISIBLE]), max_size=30).map("".join))
def test_an_accepted_reason_has_enough_visible_characters(raw: str) -> None:
    try:
        reason = validate_reason(raw)
    except ValidationError as exc:
        assert exc.field == "reason"
        return
    assert _clean(reason) and len(reason) >= MIN_REASON


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_an_accepted_name_is_clean_and_bounded(raw: str) -> None:
    try:
        name = validate_name(raw)
    except ValidationError as exc:
        assert exc.field == "name"
        return
    assert _clean(name) and 2 <= len(name) <= MAX_NAME_LEN


DIGITISH = st.text(
    alphabet=st.sampled_from("0123456789０１２٣٤⁰¹²३४߀ ２-+."), min_size=0, max_size=20
)


@settings(max_examples=300, deadline=None)
@given(DIGITISH)
def test_accepted_digit_fields_are_ascii_digits(raw: str) -> None:
    for check, field in (
        (lambda: validate_nik(raw, today=TODAY), "nik"),
        (lambda: validate_pin(raw), "pin"),
        (lambda: validate_nip(raw), "nip"),
        (lambda: validate_phone(raw), "phone"),
    ):
        try:
            value = check()
        except ValidationError as exc:
            assert exc.field == field
            continue
        assert value == "" or (value.isascii() and value.isdigit())
