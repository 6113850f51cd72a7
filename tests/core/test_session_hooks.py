"""The office's session hooks reach only the office's own sessions."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from desk_app.db.engine import OfficeSession
from desk_app.db.session_cache import memo
from tests.conftest import Office


def test_a_plain_session_elsewhere_in_the_process_keeps_its_memo(tmp_path: Path) -> None:
    # The memo is dropped at the end of an office transaction; a foreign session (say, the
    # city server's) must not have its `info` emptied by our hook.
    engine = create_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    with Session(engine) as session:
        with session.begin():
            memo(session, ("k",), lambda: 1)
            session.execute(text("SELECT 1"))
        assert session.info.get("desk_cache") == {("k",): 1}
    engine.dispose()


def test_office_sessions_forget_the_memo_when_the_transaction_ends(desk: Office) -> None:
    with desk.db.read() as session:
        assert isinstance(session, OfficeSession)
        memo(session, ("k",), lambda: 1)
        assert session.info.get("desk_cache") == {("k",): 1}
        kept = session
    assert "desk_cache" not in kept.info
