"""Facts about the demo office that screens need without loading the demo generator."""

from __future__ import annotations

DEMO_OFFICE = "31.74.08.1005"  # Kelurahan Pengadegan, Pancoran, Jakarta Selatan
DEMO_PIN = "246810"  # every demo officer's PIN, shown on the login page of a demo office
# The largest demo `desk-app demo` makes: ten years of history, a city-level office's staff.
MAX_DAYS = 3650
MAX_OFFICERS = 100
