"""The push path's one-pass hash check says exactly what wire.hash_is_right says, and stores
the very payload text the desk hashed, whatever the payload holds."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from central import push
from desk_app.eventlog import wire

# JSON as json.loads gives it back: every scalar, unicode beyond the BMP, control
# characters, floats orjson and json spell differently (1e-07), integers beyond 64 bits.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
payloads = st.dictionaries(
    st.text(),
    st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    ),
    max_size=6,
)


def _event(payload: dict[str, Any], *, actor: str | None, seq: int, text: str) -> Any:
    event = wire.WireEvent(
        uuid=text or "u",
        device_id="d" + text,
        seq=seq,
        kind="task.noted",
        actor=actor,
        task_id=None if actor is None else text,
        occurred_at="2026-11-25T02:00:00.000000Z",
        monotonic_ns=seq * 1_000_000_007,
        payload=payload,
        prev_hash=wire.GENESIS_HASH,
        hash="",
    )
    event["hash"] = wire.chain_hash(event["prev_hash"], wire.hashed_body(event))
    return event


@settings(max_examples=300, deadline=None)
@given(
    payload=payloads,
    actor=st.none() | st.text(),
    seq=st.integers(min_value=1, max_value=2**62),
    text=st.text(),
)
def test_the_one_pass_check_agrees_with_the_desks_hash(
    payload: dict[str, Any], actor: str | None, seq: int, text: str
) -> None:
    event = _event(payload, actor=actor, seq=seq, text=text)
    canonical = wire.canonical_json(payload)
    assert wire.hash_around(event, canonical) == event["hash"]
    assert push._checked_payload(event) == canonical  # what is stored is what was hashed
    event["hash"] = event["hash"][:-1] + ("0" if event["hash"][-1] != "0" else "1")
    assert push._checked_payload(event) is None and not wire.hash_is_right(event)


def test_a_number_orjson_spells_otherwise_is_stored_as_the_desk_spelled_it() -> None:
    payload = {"weight": 1e-7}
    assert orjson.dumps(payload) != wire.canonical_json(payload).encode()  # 1e-7 / 1e-07
    event = _event(payload, actor="a", seq=1, text="x")
    assert push._checked_payload(event) == wire.canonical_json(payload)
    big = _event({"n": 2**70}, actor="a", seq=1, text="x")  # beyond what orjson writes
    assert push._checked_payload(big) == wire.canonical_json({"n": 2**70})


@pytest.mark.parametrize(
    ("field", "value"),
    [("seq", True), ("monotonic_ns", False), ("actor", 7), ("device_id", None)],
)
def test_the_hash_of_unusual_types_is_the_canonical_one(field: str, value: Any) -> None:
    event = _event({"a": 1}, actor="a", seq=1, text="x")
    event[field] = value
    expected = wire.chain_hash(event["prev_hash"], wire.hashed_body(event))
    assert wire.hash_around(event, wire.canonical_json(event["payload"])) == expected
