"""Per-transaction memo of rarely changing rows (catalogue, installation facts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from desk_app.db.engine import OfficeSession

T = TypeVar("T")
_KEY = "desk_cache"


def memo(session: Session, key: tuple[Any, ...], load: Callable[[], T]) -> T:
    """`load()` once per transaction for a key; later calls get the same value."""
    cache: dict[tuple[Any, ...], Any] = session.info.setdefault(_KEY, {})
    if key not in cache:
        cache[key] = load()
    value: T = cache[key]
    return value


@event.listens_for(OfficeSession, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    # Another writer may change these rows once our transaction has ended; flushes
    # run in sub-transactions, which must not empty the memo.
    if transaction.parent is None:
        session.info.pop(_KEY, None)


def forget(session: Session, key: tuple[Any, ...]) -> None:
    """Drop one memo after the transaction itself changed the rows behind it."""
    session.info.get(_KEY, {}).pop(key, None)


def peek(session: Session, key: tuple[Any, ...]) -> Any:
    """The memo for a key, or None when nothing was loaded in this transaction."""
    return session.info.get(_KEY, {}).get(key)
