"""An office hub's own state: where its city is and the token it relays with.

The hub must present its token to the city on every relay, so it keeps the token itself
(the city keeps only its hash), as a desk keeps its device secret: in `upstream.json` in
the hub's data folder, readable by its owner only (0600). Losing the file means enrolling
the hub again with a fresh code; the relayed chains are unaffected (they are the desks').
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from central.errors import CentralError, Conflict
from central.store.engine import DATA_VARIABLE

STATE_FILE = "upstream.json"
HUB_ROLE = "hub"  # Device.role of an office hub at its city
MIRROR_ROLE = "mirror"  # Device.role, in a hub's store, of a chain pulled from the city
HUB_DEVICE_NO = 0  # a hub chains no events of its own: no desk number
NO_TOKEN = ""  # the token hash of a device that holds no token here: no secret matches it
TIMEOUT = (5.0, 30.0)  # connect, read (seconds)


class HubError(CentralError):
    """The hub cannot reach or use its city (a one-line reason)."""

    status = 502
    title = "Upstream"


@dataclass(frozen=True)
class HubState:
    """The hub's enrolment at its city."""

    upstream: str  # the city's base URL
    office_code: str
    device_id: str
    token: str  # OFFICE/DEVICE/SECRET, as the city gave it
    ca_bundle: str = ""  # TLS verification against this bundle when set


def data_folder(data_dir: Path | None) -> Path:
    """The hub's data folder: --data-dir, else $DESK_CENTRAL_DATA_DIR, else ./central-data."""
    return data_dir or Path(os.environ.get(DATA_VARIABLE) or Path.cwd() / "central-data")


def check_url(url: str) -> str:
    """An http(s) base URL without a trailing slash; HubError naming it if not."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HubError(f"--upstream: {url[:80]!r} is not an http(s) URL")
    return url.strip().rstrip("/")


def load(folder: Path) -> HubState | None:
    """The hub's state, or None when it is not enrolled."""
    path = folder / STATE_FILE
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return HubState(**data)
    except (ValueError, TypeError):
        raise HubError(f"{STATE_FILE}: unreadable; enrol the hub again") from None


def save(folder: Path, state: HubState) -> None:
    """Write the state for the owner only, atomically (a kill leaves the old or the new)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path, spare = folder / STATE_FILE, folder / f"{STATE_FILE}.new"
    spare.unlink(missing_ok=True)
    descriptor = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(asdict(state), handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(spare, path)


def enroll(
    folder: Path, *, upstream: str, office_code: str, code: str, ca_bundle: str = ""
) -> HubState:
    """Enrol this hub at the city with a one-time code of its office; the state is saved."""
    known = load(folder)
    if known is not None and known.office_code != office_code:
        raise Conflict(f"office_code: this hub serves office {known.office_code}")
    url = check_url(upstream)
    device_id = str(uuid.uuid4())
    try:
        answer = requests.post(
            f"{url}/v1/offices/{office_code}/hub/enroll",
            json={"code": code, "device_id": device_id},
            timeout=TIMEOUT,
            verify=ca_bundle or True,
        )
    except requests.RequestException as exc:
        raise HubError(f"--upstream: the city did not answer ({type(exc).__name__})") from None
    if answer.status_code != 200:
        raise HubError(f"the city refused the hub ({answer.status_code}): {_detail(answer)}")
    state = HubState(url, office_code, device_id, str(answer.json()["token"]), ca_bundle)
    save(folder, state)
    return state


def _detail(answer: requests.Response) -> str:
    """The problem's detail, or the start of the body."""
    try:
        return str(answer.json().get("detail", ""))[:200]
    except ValueError:
        return answer.text[:200]
