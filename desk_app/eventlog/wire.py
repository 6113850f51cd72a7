"""What crosses the wire between a desk and the city: event hashing and the sync messages."""

# The desk and the city server both import this module (and kinds.py); it depends on the
# standard library only, so the server takes nothing else of the desk with it.

from __future__ import annotations

import hashlib
import json
import json.encoder
from datetime import UTC, datetime
from typing import Any, Final, TypedDict

# A change to the shape of a push or its answer raises this; the server refuses versions
# it does not speak with a clear problem, so an old desk is told to update, not corrupted.
PROTOCOL_VERSION: Final = 1
GENESIS_HASH: Final = "0" * 64
MAX_BATCH_EVENTS: Final = 2000  # events per push; a backlog drains in several rounds


def canonical_json(value: Any) -> str:
    """The one JSON spelling of a value that is hashed (sorted keys, no spaces, UTF-8)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def utc_iso(moment: datetime) -> str:
    """An aware datetime as ISO 8601 in UTC with microseconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    """sha256 over the previous hash and the canonical JSON of the event."""
    return hashlib.sha256((prev_hash + canonical_json(body)).encode("utf-8")).hexdigest()


class WireEvent(TypedDict):
    """One event as pushed: the hashed body plus its chain links."""

    uuid: str
    device_id: str
    seq: int
    kind: str
    actor: str | None
    task_id: str | None
    occurred_at: str  # utc_iso
    monotonic_ns: int
    payload: dict[str, Any]
    prev_hash: str
    hash: str


HASHED_FIELDS: Final = (
    "uuid",
    "device_id",
    "seq",
    "kind",
    "actor",
    "task_id",
    "occurred_at",
    "monotonic_ns",
    "payload",
)


def hashed_body(event: WireEvent) -> dict[str, Any]:
    """The part of a wire event that its hash covers."""
    return {name: event[name] for name in HASHED_FIELDS}


def hash_is_right(event: WireEvent) -> bool:
    """True when the event's hash is the sha256 of its prev_hash and body."""
    return chain_hash(event["prev_hash"], hashed_body(event)) == event["hash"]


# canonical_json of a hashed body, spelled field by field around a payload already
# serialised: the keys in sorted order, so the text is the very one canonical_json makes.
_BODY_TEMPLATE: Final = (
    '{{"actor":{},"device_id":{},"kind":{},"monotonic_ns":{},"occurred_at":{},'
    '"payload":{},"seq":{},"task_id":{},"uuid":{}}}'
)
_encode_string = json.encoder.encode_basestring  # the encoder's own (C) string spelling


def _scalar_json(value: Any) -> str:
    """canonical_json of a str, an int or None, without the encoder's set-up per call."""
    if value is None:
        return "null"
    if type(value) is str:
        return _encode_string(value)
    if type(value) is int:
        return int.__repr__(value)
    return canonical_json(value)


def hash_around(event: WireEvent, payload_json: str) -> str:
    """chain_hash(event["prev_hash"], hashed_body(event)), given the payload's canonical JSON
    already made: one serialisation of the payload serves the hash and the stored text."""
    actor, task_id, seq, monotonic_ns = (
        event["actor"],
        event["task_id"],
        event["seq"],
        event["monotonic_ns"],
    )
    if (  # the wire's own types (as JSON gives them): spelled inline, else one by one
        type(seq) is int
        and type(monotonic_ns) is int
        and type(event["device_id"]) is str
        and type(event["kind"]) is str
        and type(event["occurred_at"]) is str
        and type(event["uuid"]) is str
    ):
        text = _encode_string
        body = (
            f'{{"actor":{"null" if actor is None else _scalar_json(actor)},'
            f'"device_id":{text(event["device_id"])},"kind":{text(event["kind"])},'
            f'"monotonic_ns":{monotonic_ns},"occurred_at":{text(event["occurred_at"])},'
            f'"payload":{payload_json},"seq":{seq},'
            f'"task_id":{"null" if task_id is None else _scalar_json(task_id)},'
            f'"uuid":{text(event["uuid"])}}}'
        )
    else:
        body = _BODY_TEMPLATE.format(
            _scalar_json(actor),
            _scalar_json(event["device_id"]),
            _scalar_json(event["kind"]),
            _scalar_json(monotonic_ns),
            _scalar_json(event["occurred_at"]),
            payload_json,
            _scalar_json(seq),
            _scalar_json(task_id),
            _scalar_json(event["uuid"]),
        )
    return hashlib.sha256((event["prev_hash"] + body).encode("utf-8")).hexdigest()


class PushRequest(TypedDict):
    """A batch of one device's consecutive events, oldest first."""

    protocol: int
    device_id: str
    events: list[WireEvent]


class PushAnswer(TypedDict):
    """The server's word after its commit: what it holds of this device's chain."""

    acked_seq: int  # the highest sequence held with every one before it
    head_hash: str  # the hash of that event (GENESIS_HASH before the first)
    stored: int  # events of this batch newly stored
    duplicates: int  # events of this batch it already held, identical
    forks: int  # events whose (device, seq) it holds with another hash: kept apart, flagged
    server_time: str  # utc_iso: the desk shows its clock's skew; ordering never uses it
