"""Translations: every UI string is in i18n/loket_en.ts, translated, and loads at start-up."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from desk_app.common.errors import ValidationError
from desk_app.ui import i18n
from desk_app.ui.formatting import fee_text, sla_text, status_label
from desk_app.ui.messages import field_message

UI_DIR = Path(i18n.__file__).resolve().parent


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name", ""), msg.findtext("source", "")): msg
        for ctx in root.findall("context")
        for msg in ctx.findall("message")
    }


def test_every_source_string_is_in_the_ts_file(tmp_path: Path) -> None:
    lupdate = Path(i18n.lrelease_command()[0]).with_name("lupdate")  # type: ignore[index]
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [
            str(lupdate),
            "-silent",
            "-extensions",
            "py",
            "-recursive",
            str(UI_DIR),
            "-ts",
            str(fresh),
        ],
        check=True,
        capture_output=True,
    )
    assert set(_messages(fresh)) == set(_messages(i18n.ts_file("en")))


def test_every_message_has_a_finished_english_translation() -> None:
    for key, msg in _messages(i18n.ts_file("en")).items():
        translation = msg.find("translation")
        assert translation is not None and translation.get("type") is None, key
        forms = [f.text for f in translation.findall("numerusform")]
        assert (all(forms) and len(forms) == 2) if forms else translation.text, key


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """English installed for one test, Indonesian again afterwards."""
    translator = i18n.install_translation(qapp, "en", tmp_path / "cache")
    assert translator is not None
    yield
    qapp.removeTranslator(translator)
    i18n.install_translation(qapp, "id", tmp_path / "cache")


def test_english_at_start_up(english: None, tmp_path: Path) -> None:
    assert (tmp_path / "cache" / "loket_en.qm").exists()
    assert QLocale().language() == QLocale.Language.English
    assert fee_text(0, "en") == "Free"
    assert fee_text(150_000, "en") == "Rp 150,000"  # English figures in English
    assert sla_text(1) == "1 working day"
    assert sla_text(3) == "3 working days"
    assert status_label("at_agency") == "At agency"
    problem = ValidationError("nik", "nik.length", length=12)
    assert field_message(problem, "en") == "A NIK has 16 digits, not 12."
    assert QCoreApplication.translate("MainWindow", "Kunci layar") == "Lock screen"


def test_indonesian_is_the_source_language() -> None:
    assert fee_text(0, "id") == "Gratis"
    assert fee_text(150_000, "id") == "Rp 150.000"
    assert fee_text(None, "id") == "Retribusi sesuai ketentuan"
    assert sla_text(0) == "Selesai hari ini"
    assert sla_text(5) == "5 hari kerja"
    assert field_message(ValidationError("nik", "nik.length", length=12), "id") == (
        "NIK harus 16 digit, bukan 12."
    )
