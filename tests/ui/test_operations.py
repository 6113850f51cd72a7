"""The background-operation helper: work off the GUI thread, results back on it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desk_app.common.errors import NotFoundError
from desk_app.ui.operations import Operations


def test_result_and_error_come_back_on_the_gui_thread(qtbot: QtBot) -> None:
    ops = Operations()
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["value"], seen["done_thread"] = value, threading.get_ident()

    raised = NotFoundError("task.not_found", ref="X")

    def fail() -> int:
        raise raised

    def failed(exc: BaseException) -> None:
        seen["error"], seen["failed_thread"] = exc, threading.get_ident()

    ops.run(work, done=done)
    ops.run(fail, failed=failed)
    qtbot.waitUntil(lambda: ops.pending == 0)
    assert seen["value"] == 42
    assert seen["worker"] != gui
    assert seen["done_thread"] == gui and seen["failed_thread"] == gui
    assert seen["error"] is raised  # the worker's own exception, not a wrapper


def test_unhandled_errors_are_reported_in_the_officers_words(qtbot: QtBot) -> None:
    ops = Operations()

    def boom() -> None:
        raise RuntimeError("disk on fire")

    with qtbot.waitSignal(ops.errorReported) as reported:
        ops.run(boom)
    assert reported.args is not None and reported.args[0].startswith(
        "Terjadi kesalahan tak terduga. Coba lagi"
    )


def test_callbacks_of_a_deleted_owner_are_dropped(qtbot: QtBot) -> None:
    ops = Operations()
    owner = QObject()
    release = threading.Event()
    called: list[int] = []
    ops.run(lambda: release.wait(5) and 1, done=called.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: _deleted(owner))
    release.set()
    qtbot.waitUntil(lambda: ops.pending == 0)
    assert called == []


def test_progress_is_forwarded(qtbot: QtBot) -> None:
    ops = Operations()
    steps: list[tuple[int, int]] = []

    def work(report: object) -> str:
        for i in range(1, 4):
            report(i, 3)  # type: ignore[operator]
        return "ok"

    with qtbot.waitSignal(ops.drained):
        ops.run_reporting(work, progress=lambda d, t: steps.append((d, t)))
    assert steps == [(1, 3), (2, 3), (3, 3)]


def _deleted(obj: QObject) -> bool:
    import shiboken6

    return not shiboken6.isValid(obj)
