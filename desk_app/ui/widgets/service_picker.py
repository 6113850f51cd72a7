"""Type-ahead service picker over code, Indonesian and English names and everyday words."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QVBoxLayout, QWidget

from desk_app.office.catalogue import ServiceInfo

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
NAME_ROLE = Qt.ItemDataRole.UserRole + 3

# Words citizens and officers say at the counter, mapped to words in the catalogue's names.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ektp": ("ktp-el",),
    "e-ktp": ("ktp-el",),
    "kk": ("kartu keluarga",),
    "lahir": ("kelahiran",),
    "bayi": ("kelahiran",),
    "meninggal": ("kematian",),
    "wafat": ("kematian",),
    "nikah": ("kawin", "perkawinan", "menikah"),
    "menikah": ("kawin", "perkawinan"),
    "cerai": ("perceraian",),
    "imb": ("pbg",),
    "miskin": ("sktm", "tidak mampu"),
    "polisi": ("skck", "polsek", "kepolisian"),
    "bansos": ("bantuan sosial",),
    "kjp": ("kjp",),
    "makam": ("pemakaman",),
    "kuburan": ("pemakaman",),
    "domisili": ("domisili",),
    "hilang": ("kehilangan", "hilang"),
    "umkm": ("usaha mikro", "iumk"),
    "lain": ("lainnya",),
}


def search_text(service: ServiceInfo) -> str:
    """Everything a query may match for one service, folded to lower case."""
    return " ".join(
        (service.code, service.name_id, service.name_en, service.agency_name)
    ).casefold()


class ServiceFilter(QSortFilterProxyModel):
    """Keeps services whose text contains every typed word (or one of its synonyms)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[tuple[str, ...]] = []
        self._query = ""

    def set_query(self, text: str) -> None:
        """Filter (and rank) by a new query."""
        self.beginFilterChange()
        self._query = text.strip().casefold()
        self._words = [(w, *SYNONYMS.get(w, ())) for w in self._query.split()]
        self.endFilterChange()
        self.invalidate()
        self.sort(0)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        """Every word must match."""
        index = self.sourceModel().index(source_row, 0, source_parent)
        haystack = str(index.data(SEARCH_ROLE))
        return all(any(alt in haystack for alt in word) for word in self._words)

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """Codes and names starting with the query first, then catalogue order."""
        return (self._rank(left), left.row()) < (self._rank(right), right.row())

    def _rank(self, index: QModelIndex | QPersistentModelIndex) -> int:
        if not self._query:
            return 0
        code = str(index.data(CODE_ROLE)).casefold()
        name = str(index.data(NAME_ROLE)).casefold()
        if code.startswith(self._query):
            return 0
        if name.startswith(self._query):
            return 1
        return 2


class ServicePicker(QWidget):
    """A search field over a filtered list; Enter or a click picks the service."""

    serviceChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self._proxy = ServiceFilter(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setDynamicSortFilter(False)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(
            self.tr("Ketik kode, nama layanan atau kata umum (mis. KTP, nikah, SKCK)…")
        )
        self.search.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setModel(self._proxy)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.setFocusProxy(self.search)
        self.search.textEdited.connect(self._on_query)
        self.search.installEventFilter(self)
        self.list.activated.connect(self._on_activated)
        self.list.clicked.connect(self._on_activated)
        self._chosen = ""

    def set_services(
        self, services: list[ServiceInfo] | tuple[ServiceInfo, ...], language: str
    ) -> None:
        """Fill the list from the catalogue."""
        self._model.clear()
        for service in services:
            name = service.name_en if language == "en" and service.name_en else service.name_id
            item = QStandardItem(f"{service.code}  ·  {name}")
            item.setData(service.code, CODE_ROLE)
            item.setData(name, NAME_ROLE)
            item.setData(search_text(service), SEARCH_ROLE)
            item.setToolTip(f"{service.name_id}\n{service.name_en}")
            self._model.appendRow(item)
        self._on_query(self.search.text())

    def visible_codes(self) -> list[str]:
        """Codes currently listed, in order."""
        return [str(self._proxy.index(r, 0).data(CODE_ROLE)) for r in range(self._proxy.rowCount())]

    def chosen_code(self) -> str:
        """The picked service's code, or ""."""
        return self._chosen

    def choose(self, code: str) -> None:
        """Pick a service by code (as if the officer had)."""
        for row in range(self._model.rowCount()):
            item = self._model.item(row)
            if item.data(CODE_ROLE) == code:
                self._chosen = code
                self.search.setText(item.text())
                self._proxy.set_query("")
                self.list.setCurrentIndex(self._proxy.mapFromSource(item.index()))
                self.list.scrollTo(self.list.currentIndex())
                self.serviceChosen.emit(code)
                return

    def clear(self) -> None:
        """Forget the choice and show the whole catalogue."""
        self._chosen = ""
        self.search.clear()
        self._on_query("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys move through the list while the cursor stays in the search field."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.list.currentIndex()
                if current.isValid():
                    self._on_activated(current)
                    return True
        return super().eventFilter(watched, event)

    def _move(self, key: int) -> None:
        rows = self._proxy.rowCount()
        if not rows:
            return
        step = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 8,
            Qt.Key.Key_PageUp: -8,
        }[Qt.Key(key)]
        current = self.list.currentIndex().row()
        row = min(max(current + step, 0), rows - 1) if current >= 0 else 0
        self.list.setCurrentIndex(self._proxy.index(row, 0))

    def _on_query(self, text: str) -> None:
        if self._chosen and text != self._current_text():
            self._chosen = ""
        self._proxy.set_query(text)
        if self._proxy.rowCount():
            self.list.setCurrentIndex(self._proxy.index(0, 0))

    def _current_text(self) -> str:
        for row in range(self._model.rowCount()):
            item = self._model.item(row)
            if item.data(CODE_ROLE) == self._chosen:
                return item.text()
        return ""

    def _on_activated(self, index: QModelIndex) -> None:
        code = str(index.data(CODE_ROLE))
        if code:
            self.choose(code)
