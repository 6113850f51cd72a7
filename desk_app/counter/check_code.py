"""The receipt's check code and the public status address it opens (issue 12).

The code is made at intake and travels in `task.received`, so an office that is offline
prints the same code the city will accept once the office has synced. It guards the
city's status page: a tracking number alone must not reveal anything, since numbers are
easy to guess.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote

# No 0/O, 1/I/L, 2/Z, 5/S or 8/B: a citizen reads the code off paper and types it.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 6  # 25**6 ≈ 2.4e8 codes; the city also rate-limits guesses per client
STATUS_PATH = "/status"


def new_check_code() -> str:
    """A fresh random check code from the unambiguous alphabet."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def status_url(server: str, tracking_no: str, check_code: str) -> str:
    """The city's public status page of one request, or "" when a part is unknown."""
    server = server.strip().rstrip("/")
    if not server or not check_code or not tracking_no:
        return ""
    return f"{server}{STATUS_PATH}/{quote(tracking_no, safe='')}?c={quote(check_code, safe='')}"
