"""The IKM satisfaction survey a citizen fills in at hand-over, on a touch screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.queueing import survey
from desk_app.ui.context import DeskContext
from desk_app.ui.messages import describe_error
from desk_app.ui.theme import ERROR_STYLE

BUTTON_HEIGHT = 56


class SurveyDialog(QDialog):
    """Nine elements, four big buttons each; anonymous, one per handed-over task."""

    surveySubmitted = Signal(str)  # the task id

    def __init__(self, ctx: DeskContext, task_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.task_id = task_id
        self.saving = False
        self.setWindowTitle(self.tr("Survei kepuasan"))
        title = QLabel(self.tr("Bagaimana pelayanan kami hari ini?"), self)
        big = QFont(title.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        title.setFont(big)
        note = QLabel(self.tr("Tanpa nama: jawaban Anda tidak dikaitkan dengan Anda."), self)
        grid = QGridLayout()
        language = ctx.language
        self.groups: list[QButtonGroup] = []
        for row, element in enumerate(survey.ELEMENTS):
            grid.addWidget(QLabel(f"{element.code}. {element.name(language)}", self), row, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for score in survey.SCORES:
                names = survey.SCORE_NAMES[score]
                button = QPushButton(names[1] if language == "en" else names[0], self)
                button.setCheckable(True)
                button.setMinimumHeight(BUTTON_HEIGHT)
                group.addButton(button, score)
                grid.addWidget(button, row, score)
            group.idClicked.connect(self._answered)
            self.groups.append(group)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.submit_button = QPushButton(self.tr("Kirim"), self)
        self.submit_button.setMinimumHeight(BUTTON_HEIGHT)
        self.skip_button = QPushButton(self.tr("Lewati"), self)
        self.skip_button.setMinimumHeight(BUTTON_HEIGHT)
        actions = QHBoxLayout()
        actions.addWidget(self.error, 1)
        actions.addWidget(self.skip_button)
        actions.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addLayout(actions)
        self.submit_button.clicked.connect(self.submit)
        self.skip_button.clicked.connect(self.reject)
        self._answered(0)

    def scores(self) -> list[int]:
        """The chosen score per element (0 where none yet)."""
        return [max(group.checkedId(), 0) for group in self.groups]

    def choose(self, scores: list[int]) -> None:
        """Tick the given scores (as a citizen would, one button per element)."""
        for group, score in zip(self.groups, scores, strict=True):
            button = group.button(score)
            if button is not None:
                button.click()

    def submit(self) -> None:
        """Store the answers in the background, then close."""
        scores = self.scores()
        if self.saving or 0 in scores:
            return
        self.saving = True
        self.submit_button.setEnabled(False)
        task_id, now = self.task_id, self._ctx.now()
        self._ctx.ops.write(
            lambda s: survey.submit_survey(s, task_id=task_id, scores=scores, now=now),
            done=self._saved,
            failed=self._failed,
            owner=self,
        )

    def _answered(self, _score: int) -> None:
        self.submit_button.setEnabled(not self.saving and 0 not in self.scores())

    def _saved(self, _response_id: str) -> None:
        self.saving = False
        self.surveySubmitted.emit(self.task_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self._answered(0)
        self.error.setText(describe_error(exc, self._ctx.language))


class SurveyOffer(QWidget):
    """Offers the survey after a hand-over, on a second screen when the desk has one."""

    surveyOffered = Signal(object)  # the SurveyDialog

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.dialog: SurveyDialog | None = None
        self.hide()

    def check(self, task_id: str) -> None:
        """Open the survey if this task was just handed over and has none yet."""
        self._ctx.ops.read(
            lambda s: survey.survey_open(s, task_id=task_id),
            done=lambda open_: self._offer(task_id) if open_ else None,
            owner=self,
        )

    def _offer(self, task_id: str) -> None:
        if self.dialog is not None:
            self.dialog.close()
        dialog = SurveyDialog(self._ctx, task_id, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._closed)
        screens = QGuiApplication.screens()
        if len(screens) > 1:  # the citizen's screen, facing them across the counter
            dialog.move(screens[1].availableGeometry().topLeft())
        self.dialog = dialog
        dialog.show()
        self.surveyOffered.emit(dialog)

    def _closed(self) -> None:
        self.dialog = None
