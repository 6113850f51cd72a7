"""The display board on a second screen: who is served where, the last calls, who waits.

It polls the desk database (a few small indexed queries) and announces each new call with
a chime and, where the machine has a speech engine, a spoken call in Indonesian.
"""

from __future__ import annotations

import logging
import math
import struct
import wave
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desk_app.common.clock import Clock
from desk_app.common.formatting import time_of_day
from desk_app.common.workdays import local_day
from desk_app.office import installation
from desk_app.office.installation import DeskInfo
from desk_app.queueing import board
from desk_app.queueing.board import BoardCall, BoardState
from desk_app.ui.operations import Operations

logger = logging.getLogger(__name__)

POLL_MS = 150  # "call next" to the board: at most this plus one cheap read
SPEECH_DELAY_MS = 900  # after the chime
COUNTERS_SHOWN = 8
CHIME_FILE = "chime.wav"


def spoken_call(call: BoardCall) -> str:
    """The call as it is spoken, in Indonesian whatever the screen's language."""
    return f"Nomor antrean {call.spoken}, silakan ke loket {call.counter_no}"


def write_chime(path: Path, *, rate: int = 22_050) -> Path:
    """A two-tone chime (ding-dong) as a small WAV file."""
    frames = bytearray()
    for freq, seconds in ((880.0, 0.35), (660.0, 0.5)):
        count = int(rate * seconds)
        for i in range(count):
            fade = 1.0 - i / count
            sample = 0.4 * fade * math.sin(2 * math.pi * freq * i / rate)
            frames += struct.pack("<h", int(sample * 32767))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


class Announcer(QObject):
    """Chime, then speech when Qt TextToSpeech has an engine; the chime alone otherwise."""

    announced = Signal(str)

    def __init__(
        self, parent: QObject | None = None, *, sound_dir: Path | None = None, speech: bool = True
    ) -> None:
        super().__init__(parent)
        self.speech: Any = None
        self.chime: Any = None
        self.spoken: list[str] = []
        if speech:
            self.speech = self._speech_engine()
        if sound_dir is not None:
            self.chime = self._chime(sound_dir / CHIME_FILE)

    def _speech_engine(self) -> Any:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:  # Qt built without it, or its audio libraries missing
            logger.info("no text-to-speech: %s", exc)
            return None
        engines = QTextToSpeech.availableEngines()
        if not engines:
            logger.info("no text-to-speech engine on this machine")
            return None
        engine = QTextToSpeech(engines[0], self)
        for locale in engine.availableLocales():
            if locale.name().startswith("id"):
                engine.setLocale(locale)
                break
        return engine

    def _chime(self, path: Path) -> Any:
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError as exc:
            logger.info("no sound effects (%s): the system beep instead", exc)
            return None
        try:
            if not path.exists():
                write_chime(path)
        except OSError as exc:
            logger.warning("chime not written: %s", exc)
            return None
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(path)))
        return effect

    def announce(self, text: str) -> None:
        """Chime, then say `text` (if a speech engine exists)."""
        if self.chime is not None:
            self.chime.play()
        else:
            QApplication.beep()
        if self.speech is not None:
            QTimer.singleShot(SPEECH_DELAY_MS, self, lambda: self.speech.say(text))
        self.spoken.append(text)
        self.announced.emit(text)


def _font(widget: QWidget, factor: float, *, bold: bool = True) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


class DisplayBoard(QWidget):
    """Numbers being served per counter, the last calls and the waiting counts."""

    boardShown = Signal(object)  # BoardState
    callAnnounced = Signal(object)  # BoardCall

    def __init__(
        self,
        *,
        ops: Operations,
        clock: Clock,
        announcer: Announcer | None = None,
        language: str = "id",
        poll_ms: int = POLL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._clock = clock
        self._language = language
        self.announcer = announcer or Announcer(self)
        self.state: BoardState | None = None
        self.reading = False
        self._announced: int | None = None  # the newest call already announced
        self.setWindowTitle(self.tr("Loket — papan antrean"))
        self.office = QLabel(self)
        self.office.setFont(_font(self, 2.0))
        self.clock_label = QLabel(self)
        self.clock_label.setFont(_font(self, 2.0))
        top = QHBoxLayout()
        top.addWidget(self.office, 1)
        top.addWidget(self.clock_label)
        self.headline = QLabel(self)
        self.headline.setFont(_font(self, 5.0))
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        serving_title = QLabel(self.tr("Sedang dilayani"), self)
        serving_title.setFont(_font(self, 1.8))
        self.serving_grid = QGridLayout()
        self.serving_labels: list[QLabel] = []
        for index in range(COUNTERS_SHOWN):
            label = QLabel(self)
            label.setFont(_font(self, 2.4))
            self.serving_grid.addWidget(label, index // 2, index % 2)
            self.serving_labels.append(label)
        calls_title = QLabel(self.tr("Panggilan terakhir"), self)
        calls_title.setFont(_font(self, 1.8))
        self.calls_label = QLabel(self)
        self.calls_label.setFont(_font(self, 1.8, bold=False))
        self.calls_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.waiting_label = QLabel(self)
        self.waiting_label.setFont(_font(self, 1.8))
        left = QVBoxLayout()
        left.addWidget(serving_title)
        left.addLayout(self.serving_grid)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(calls_title)
        right.addWidget(self.calls_label, 1)
        middle = QHBoxLayout()
        middle.addLayout(left, 3)
        middle.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.headline)
        layout.addLayout(middle, 1)
        layout.addWidget(self.waiting_label)
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        self._ops.read(installation.desk_info, done=self._show_office, owner=self)

    def start(self) -> None:
        """Poll now and then every `poll_ms`."""
        self.poll()
        self.timer.start()

    def poll(self) -> bool:
        """Read the board in the background; False while the last read is still running."""
        if self.reading:
            return False
        self.reading = True
        day = local_day(self._clock())
        self._ops.read(
            lambda s: board.board_state(s, day=day),
            done=self._show,
            failed=self._failed,
            owner=self,
        )
        return True

    def _show_office(self, desk: DeskInfo) -> None:
        self.office.setText(desk.office_name)

    def _failed(self, exc: BaseException) -> None:
        self.reading = False
        logger.warning("display board not refreshed: %s", exc)

    def _show(self, state: BoardState) -> None:
        self.reading = False
        self.state = state
        self.clock_label.setText(time_of_day(self._clock(), self._language))
        counter_text = self.tr("Loket %1")
        for index, label in enumerate(self.serving_labels):
            if index < len(state.serving):
                call = state.serving[index]
                counter = counter_text.replace("%1", str(call.counter_no))
                label.setText(f"{counter}: {call.label}")
            else:
                label.setText("")
        lines = []
        for call in state.last_calls:
            line = f"{call.label} → " + counter_text.replace("%1", str(call.counter_no))
            if call.priority:
                line += " ★"
            lines.append(line)
        self.calls_label.setText("\n".join(lines))
        waiting = (
            self.tr("Menunggu:")
            + "  "
            + "   ".join(f"{letter} {count}" for letter, count in state.waiting.items())
        )
        self.waiting_label.setText(waiting)
        newest = state.last_calls[0] if state.last_calls else None
        if newest is not None:
            text = self.tr("%1 → loket %2").replace("%1", newest.label)
            self.headline.setText(text.replace("%2", str(newest.counter_no)))
        self._announce_new(state)
        self.boardShown.emit(state)

    def _announce_new(self, state: BoardState) -> None:
        if self._announced is None:  # what was called before the board started is history
            self._announced = state.last_call_id
            return
        fresh = [c for c in state.last_calls if c.call_id > self._announced]
        self._announced = max(self._announced, state.last_call_id)
        for call in reversed(fresh):  # oldest first
            self.announcer.announce(spoken_call(call))
            self.callAnnounced.emit(call)
