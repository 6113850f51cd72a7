"""The thin seam to receipts: after a committed change, save its receipt PDF and journal it."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path

from desk_app.db.engine import Database

logger = logging.getLogger(__name__)

RECEIPTS_DIR = "receipts"


def receipt_path(folder: Path, tracking_no: str, kind: str, copy_no: int = 0) -> Path:
    """Where a receipt is saved: <data>/receipts/<tracking>-<kind>[-copy-N].pdf."""
    suffix = f"-copy-{copy_no}" if copy_no else ""
    return folder / RECEIPTS_DIR / f"{tracking_no}-{kind}{suffix}.pdf"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def save_receipt(
    db: Database,
    *,
    task_id: str,
    tracking_no: str,
    actor_id: str,
    kind: str | None,
    folder: Path,
    layout: str,
    language: str,
) -> Path | None:
    """Render the receipt, write the PDF, journal the attempt; None without a receipts module.

    Call it on a worker thread, after the change the receipt shows has been committed.
    `kind` None means the receipt the task's status calls for (a reprint).
    """
    try:
        from desk_app import printing
    except ImportError:
        logger.info("receipts are not available here; none saved for %s", tracking_no)
        return None
    with db.read() as session:
        kind = printing.receipt_kind(session, task_id=task_id, kind=kind)
        pdf, copy_no = printing.render_for_task(
            session, task_id=task_id, layout=layout, kind=kind, language=language
        )
    path = receipt_path(folder, tracking_no, kind, copy_no)

    def journal(ok: bool, error: str = "") -> None:
        with db.write() as session:
            printing.record_print(
                session,
                actor_id=actor_id,
                task_id=task_id,
                kind=kind,
                layout=layout,
                target="pdf",
                ok=ok,
                error=error,
                copy_no=copy_no,
            )

    try:
        _write(path, pdf)
    except OSError as exc:
        journal(False, f"{path}: {exc}")
        raise
    journal(True)
    logger.info("receipt %s of %s saved to %s", kind, tracking_no, path)
    return path
