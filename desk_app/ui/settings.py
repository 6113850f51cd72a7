"""UI settings, declared once with types and defaults, stored as JSON in the data folder."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk_app.counter.receipt_layouts import A4, A5, DEFAULT_LAYOUT, KINDS, LAYOUTS

logger = logging.getLogger(__name__)

SETTINGS_FILE = "ui-settings.json"
LANGUAGES: tuple[str, ...] = ("id", "en")
# What happens to a receipt after intake, hand-over or rejection (and on "Cetak ulang").
PRINT_PREVIEW = "preview"  # "pratinjau": Qt's print preview first
PRINT_DIRECT = "direct"  # "langsung": straight to the default printer (no printer: save a PDF)
PRINT_SAVE = "pdf"  # "simpan PDF": only save the PDF in the data folder
RECEIPT_OUTPUTS: tuple[str, ...] = (PRINT_PREVIEW, PRINT_DIRECT, PRINT_SAVE)
# The documents the desk prints, each on its own printer and paper: the receipt kinds, and
# the lead's day report (always rendered A4; its "layout" is the paper it is fitted to).
DAY_REPORT = "day_report"
DOCUMENTS: tuple[str, ...] = (*KINDS, DAY_REPORT)
REPORT_LAYOUTS: tuple[str, ...] = (A4, A5)
SAME_AS_RECEIPTS = ""  # a receipt kind's layout: "" follows `receipt_layout`
SYSTEM_DEFAULT = ""  # a document's printer: "" is the system's default printer
# Large-text mode: the application font's point size, in percent of the system's.
TEXT_SIZES: tuple[int, ...] = (100, 125, 150)


def printer_key(document: str) -> str:
    """The setting naming a document's printer, e.g. "intake_printer"."""
    return f"{document}_printer"


def layout_key(document: str) -> str:
    """The setting naming a document's layout (paper), e.g. "intake_layout"."""
    return f"{document}_layout"


_DOCUMENT_TITLES = {
    "intake": "tanda terima penerimaan",
    "handover": "tanda terima penyerahan",
    "rejection": "surat penolakan",
    DAY_REPORT: "laporan harian",
}


@dataclass(frozen=True)
class Setting:
    """One declared setting: its key, type, default and allowed values."""

    key: str
    kind: type
    default: Any
    title: str
    choices: tuple[Any, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def accepts(self, value: Any) -> bool:
        """True when `value` has the right type and lies within the allowed values."""
        if type(value) is not self.kind:
            return False
        if self.choices and value not in self.choices:
            return False
        if isinstance(value, int) and self.minimum is not None and value < self.minimum:
            return False
        return not (isinstance(value, int) and self.maximum is not None and value > self.maximum)


REGISTRY: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("language", str, "id", "Bahasa antarmuka (id/en)", choices=LANGUAGES),
        Setting(
            "idle_lock_minutes",
            int,
            5,
            "Kunci layar setelah menganggur (menit; 0 = tidak pernah)",
            minimum=0,
            maximum=240,
        ),
        Setting(
            "text_size",
            int,
            100,
            "Ukuran teks (persen; berlaku setelah Loket dibuka ulang)",
            choices=TEXT_SIZES,
        ),
        Setting(
            "receipt_layout",
            str,
            DEFAULT_LAYOUT,
            "Tata letak tanda terima",
            choices=LAYOUTS,  # the receipt layouts, named without loading reportlab
        ),
        Setting(
            "receipt_output",
            str,
            PRINT_DIRECT,
            "Tanda terima setelah menyimpan: pratinjau, langsung cetak, atau simpan PDF",
            choices=RECEIPT_OUTPUTS,
        ),
        *(
            Setting(
                printer_key(doc),
                str,
                SYSTEM_DEFAULT,
                f"Printer {_DOCUMENT_TITLES[doc]} (kosong: printer bawaan sistem)",
            )
            for doc in DOCUMENTS
        ),
        *(
            Setting(
                layout_key(kind),
                str,
                SAME_AS_RECEIPTS,
                f"Kertas {_DOCUMENT_TITLES[kind]} (kosong: seperti tata letak tanda terima)",
                choices=(SAME_AS_RECEIPTS, *LAYOUTS),
            )
            for kind in KINDS
        ),
        Setting(
            layout_key(DAY_REPORT),
            str,
            A4,
            f"Kertas {_DOCUMENT_TITLES[DAY_REPORT]}",
            choices=REPORT_LAYOUTS,
        ),
    )
}


class UiSettings:
    """The values of the declared settings for one data folder."""

    def __init__(self, path: Path, values: dict[str, Any] | None = None) -> None:
        self.path = path
        self._values: dict[str, Any] = {k: s.default for k, s in REGISTRY.items()}
        for key, value in (values or {}).items():
            setting = REGISTRY.get(key)
            if setting is None:
                logger.warning("ignoring unknown setting %r in %s", key, path)
            elif not setting.accepts(value):
                logger.warning("ignoring bad value %r for setting %r", value, key)
            else:
                self._values[key] = value

    @classmethod
    def load(cls, folder: Path) -> UiSettings:
        """The settings stored in `folder`, defaults for anything missing or unreadable."""
        path = folder / SETTINGS_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as exc:
            logger.warning("settings file %s unreadable (%s); using defaults", path, exc)
            return cls(path)
        return cls(path, raw if isinstance(raw, dict) else {})

    def get(self, key: str) -> Any:
        """The value of a declared setting."""
        return self._values[REGISTRY[key].key]

    def set(self, key: str, value: Any) -> None:
        """Change a declared setting in memory; ValueError when the value is not allowed."""
        setting = REGISTRY[key]
        if not setting.accepts(value):
            raise ValueError(f"bad value {value!r} for setting {key!r}")
        self._values[key] = value

    def save(self) -> None:
        """Write the settings now (from a background operation, or before any window)."""
        write_settings(self.path, self.snapshot())

    def snapshot(self) -> dict[str, Any]:
        """A copy of every value, for saving from another thread."""
        return dict(self._values)

    @property
    def language(self) -> str:
        """The interface language, "id" or "en"."""
        return str(self.get("language"))

    @property
    def idle_lock_minutes(self) -> int:
        """Minutes without input before the screen locks (0 = never)."""
        return int(self.get("idle_lock_minutes"))

    @property
    def text_size(self) -> int:
        """The text size in percent of the system's font (100, 125 or 150)."""
        return int(self.get("text_size"))

    @property
    def receipt_layout(self) -> str:
        """Which receipt layout the desk prints."""
        return str(self.get("receipt_layout"))

    def layout_for(self, document: str) -> str:
        """The layout (paper) a document prints on: its own, else the receipts' layout."""
        return str(self.get(layout_key(document))) or self.receipt_layout

    def printer_for(self, document: str) -> str:
        """The printer a document goes to by name; "" for the system's default printer."""
        return str(self.get(printer_key(document)))

    @property
    def receipt_output(self) -> str:
        """What happens to a receipt: PRINT_PREVIEW, PRINT_DIRECT or PRINT_SAVE."""
        return str(self.get("receipt_output"))


def write_settings(path: Path, values: dict[str, Any]) -> None:
    """Write a settings snapshot atomically; safe to call from a worker thread."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
