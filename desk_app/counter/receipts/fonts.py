"""The shipped DejaVu fonts for the receipts, registered once, with cached subset objects."""

from __future__ import annotations

import logging
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    makeToUnicodeCMap,
)

logger = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parents[3] / "resources" / "fonts"
REGULAR = "LoketReceiptSans"
BOLD = "LoketReceiptSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
# Non-ASCII glyphs the receipts print themselves, assigned first in every document so the
# font subsets of receipts whose data is plain ASCII are identical (and served from cache).
PRELOAD = "☑☐•—–·’“”éÉ"
_CACHE_SIZE = 64

_lock = threading.Lock()
_ready = False


class _Raw(pdfdoc.PDFObject):  # type: ignore[misc]
    """Pre-formatted PDF syntax, inserted as is."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        """The stored bytes."""
        return self.data


@dataclass(frozen=True)
class _SubsetParts:
    """Everything of one embedded subset that only depends on its glyph list."""

    widths: bytes
    cmap: bytes  # Flate-compressed ToUnicode CMap
    font_file: bytes  # Flate-compressed TrueType subset
    font_file_length: int


def _flate_stream(compressed: bytes, **entries: object) -> pdfdoc.PDFStream:
    """A stream whose content is already Flate-compressed (reportlab will not redo it)."""
    stream = pdfdoc.PDFStream(content=compressed, filters=[])
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    for key, value in entries.items():
        stream.dictionary[key] = value
    return stream


class CachingTTFont(TTFont):  # type: ignore[misc]
    """A TTFont that reuses the subset program, widths and CMap of identical subsets."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._parts: OrderedDict[tuple[int, tuple[int, ...]], _SubsetParts] = OrderedDict()
        self._parts_lock = threading.Lock()

    def _subset_parts(self, n: int, subset: list[int], base_name: str) -> _SubsetParts:
        """Cached (or freshly built) formatted pieces of subset `n`."""
        key = (n, tuple(subset))
        with self._parts_lock:
            parts = self._parts.get(key)
            if parts is not None:
                self._parts.move_to_end(key)
                return parts
        widths = " ".join(str(self.face.getCharWidth(code)) for code in subset)
        program = self.face.makeSubset(subset)
        parts = _SubsetParts(
            widths=f"[ {widths} ]".encode("ascii"),
            cmap=zlib.compress(makeToUnicodeCMap(base_name, subset).encode("latin-1")),
            font_file=zlib.compress(program),
            font_file_length=len(program),
        )
        with self._parts_lock:
            self._parts[key] = parts
            while len(self._parts) > _CACHE_SIZE:
                self._parts.popitem(last=False)
        return parts

    def addObjects(self, doc: Any) -> None:
        """Add Font, FontDescriptor, ToUnicode and FontFile2 objects of every subset."""
        state = self.state.get(doc)
        if state is None:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        face = self.face
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            parts = self._subset_parts(n, subset, base_name)
            font_file = doc.Reference(
                _flate_stream(parts.font_file, Length1=parts.font_file_length),
                f"fontFile:{face.filename}({base_name})",
            )
            descriptor = pdfdoc.PDFDictionary(
                {
                    "Type": "/FontDescriptor",
                    "Ascent": face.ascent,
                    "CapHeight": face.capHeight,
                    "Descent": face.descent,
                    "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                    "FontBBox": pdfdoc.PDFArray(face.bbox),
                    "FontName": pdfdoc.PDFName(base_name),
                    "ItalicAngle": face.italicAngle,
                    "StemV": face.stemV,
                    "FontFile2": font_file,
                    "MissingWidth": face.defaultWidth,
                }
            )
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = _Raw(parts.widths)
            pdf_font.ToUnicode = doc.Reference(
                _flate_stream(parts.cmap), f"toUnicodeCMap:{base_name}"
            )
            pdf_font.FontDescriptor = doc.Reference(descriptor, f"fontDescriptor:{base_name}")
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]


def ensure_fonts() -> None:
    """Register the receipt fonts with reportlab (idempotent, thread-safe)."""
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        for name, filename in _FILES.items():
            path = FONT_DIR / filename
            if not path.is_file():
                raise FileNotFoundError(f"receipt font missing: {path}")
            pdfmetrics.registerFont(CachingTTFont(name, str(path)))
        # No italic faces are shipped: <i> falls back to the upright ones.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _ready = True
        logger.debug("receipt fonts registered from %s", FONT_DIR)


def prime_document(canvas: Any) -> None:
    """Assign the preloaded glyphs first in this canvas' document, in a fixed order."""
    doc = canvas._doc
    for name in (REGULAR, BOLD):
        pdfmetrics.getFont(name).splitString(PRELOAD, doc)


def has_glyph(char: str, font_name: str = REGULAR) -> bool:
    """Whether the registered receipt font has a glyph for `char`."""
    ensure_fonts()
    face = pdfmetrics.getFont(font_name).face
    return ord(char) in face.charToGlyph
