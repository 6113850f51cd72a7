"""Keys of the `meta` table, importable without the ORM (the login page reads one)."""

from __future__ import annotations

OFFICE_CODE = "office_code"
DEVICE_NO = "device_no"
DEVICE_ID = "device_id"
APPLICANT_SECRET = "applicant_secret"
