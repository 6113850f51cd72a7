"""Qt Linguist translations: build the .qm from i18n/*.ts at start-up and install it."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desk_app.ui.formatting import LOCALES

logger = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parents[2] / "i18n"
SOURCE_LANGUAGE = "id"
_interface_language = SOURCE_LANGUAGE


def interface_language() -> str:
    """The language of this run ("id"/"en"), for widgets that have no DeskContext at hand."""
    return _interface_language


def ts_file(language: str) -> Path:
    """The Linguist source of one language."""
    return I18N_DIR / f"loket_{language}.ts"


def lrelease_command() -> list[str] | None:
    """How to run lrelease: the binary shipped inside PySide6, else pyside6-lrelease on PATH."""
    bundled = Path(PySide6.__file__).resolve().parent / "lrelease"
    if bundled.exists():
        return [str(bundled)]
    tool = shutil.which("pyside6-lrelease")
    return [tool] if tool else None


def build_qm(ts: Path, qm: Path) -> bool:
    """Compile `ts` into `qm` unless `qm` is already newer; False when that is impossible."""
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return True
    command = lrelease_command()
    if command is None:
        logger.warning("lrelease not found; cannot build %s", qm)
        return False
    qm.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [*command, "-silent", str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if done.returncode != 0 or not qm.exists():
        logger.warning("lrelease failed for %s: %s", ts, done.stderr.strip())
        return False
    return True


def install_translation(
    app: QCoreApplication, language: str, cache_dir: Path
) -> QTranslator | None:
    """Set the locale and, for a language other than Indonesian, load its translation."""
    global _interface_language
    _interface_language = language if language in LOCALES else SOURCE_LANGUAGE
    QLocale.setDefault(LOCALES.get(language, LOCALES[SOURCE_LANGUAGE]))
    if language == SOURCE_LANGUAGE:
        return None
    ts = ts_file(language)
    if not ts.exists():
        logger.warning("no translation for %r (%s missing); staying in Indonesian", language, ts)
        return None
    qm = cache_dir / f"loket_{language}.qm"
    if not build_qm(ts, qm):
        return None
    translator = QTranslator(app)
    if not translator.load(str(qm)):
        logger.warning("could not load %s", qm)
        return None
    app.installTranslator(translator)
    return translator
