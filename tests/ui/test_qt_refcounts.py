"""The Qt bindings must not leak references to None/True (PySide6 6.12.0 on Python 3.11 did)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal


class _Emitter(QObject):
    """A signal with a Python slot that returns None."""

    counted = Signal(int)


def test_emitting_signals_keeps_singleton_refcounts(qapp: QCoreApplication) -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.counted.connect(received.append)
    emitter.counted.emit(0)  # warm up
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for n in range(2000):
        emitter.counted.emit(n)
    QCoreApplication.processEvents()
    assert len(received) == 2001
    # A leak of one reference per emit would show as about -2000 here.
    assert abs(sys.getrefcount(True) - before_true) < 50
    assert abs(sys.getrefcount(None) - before_none) < 50
