"""The receipt layouts, kinds and languages by name, declared once.

Plain names without reportlab, so the settings, the command line and the GUI can offer and
check them without loading the renderer; `desk_app.counter.receipts.layouts.SPECS` gives
each its page geometry.
"""

from __future__ import annotations

THERMAL80 = "thermal80"  # 80 mm thermal roll
THERMAL58 = "thermal58"  # 58 mm thermal roll
A5 = "a5"
A4 = "a4"
LAYOUTS: tuple[str, ...] = (THERMAL80, THERMAL58, A5, A4)
DEFAULT_LAYOUT = THERMAL80

# What a receipt can be and the languages it can be printed in (citizens get Indonesian).
KINDS: tuple[str, ...] = ("intake", "handover", "rejection")
LANGUAGES: tuple[str, ...] = ("id", "en")
