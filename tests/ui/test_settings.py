"""Settings: declared once with defaults, validated, stored as JSON in the data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk_app.ui.settings import REGISTRY, SETTINGS_FILE, UiSettings


def test_defaults_when_nothing_is_stored(tmp_path: Path) -> None:
    settings = UiSettings.load(tmp_path)
    assert (settings.language, settings.idle_lock_minutes, settings.receipt_layout) == (
        "id",
        5,
        "thermal80",
    )
    assert {s.key: s.default for s in REGISTRY.values()} == settings.snapshot()


def test_round_trip_and_bad_values(tmp_path: Path) -> None:
    settings = UiSettings.load(tmp_path)
    settings.set("language", "en")
    settings.set("idle_lock_minutes", 0)
    with pytest.raises(ValueError):
        settings.set("idle_lock_minutes", -1)
    with pytest.raises(ValueError):
        settings.set("receipt_layout", "letter")
    with pytest.raises(KeyError):
        settings.set("colour", "red")
    settings.save()
    again = UiSettings.load(tmp_path)
    assert (again.language, again.idle_lock_minutes) == ("en", 0)


def test_unknown_or_wrong_stored_values_fall_back(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text(
        json.dumps({"language": "fr", "idle_lock_minutes": "5", "theme": "dark"}), encoding="utf-8"
    )
    settings = UiSettings.load(tmp_path)
    assert (settings.language, settings.idle_lock_minutes) == ("id", 5)
    (tmp_path / SETTINGS_FILE).write_text("{not json", encoding="utf-8")
    assert UiSettings.load(tmp_path).language == "id"
