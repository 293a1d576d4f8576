"""Start a Qt application with asyncio inside it (qasync), once per mode and machine.

Each mode's `run()` builds its object graph (its composition root) and hands its main
coroutine to `run_qt`. Blocking work goes through executors; only the GUI thread touches
widgets (STYLE items 4 and 11).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QTranslator
from PySide6.QtWidgets import QApplication

from app.services.gc_guard import install_main_thread_gc

log = logging.getLogger(__name__)


class AlreadyRunning(Exception):
    """Another process of the same mode holds the lock in this data directory."""


def single_instance(data_dir: Path, mode: str) -> QLockFile:
    """One kiosk (or station) per data directory: a second start would share its store."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(data_dir / f"{mode}.lock"))
    lock.setStaleLockTime(0)  # a lock left by a killed process is detected by its PID
    if not lock.tryLock(100):
        raise AlreadyRunning(f"examroom {mode} is already running with {data_dir}")
    return lock


def qt_app(argv: list[str] | None = None, *, app_name: str = "examroom") -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(app_name)
    app.setOrganizationName("examroom")
    install_french(app)
    return app


_translators: list[QTranslator] = []
"""Kept for the life of the process: a translator Qt holds must not be collected."""

QT_CATALOGUES = ("qtbase",)
"""Qt's own French (the PySide6 wheel ships qtbase_fr.qm): "Regarder dans", "Nom de
fichier", "Enregistrer", "Annuler" in every standard dialog instead of English."""


def install_french(app: QApplication) -> bool:
    """Load Qt's French translations once for every mode; False if the files are missing
    (then the standard dialogs stay in English: logged, nothing else breaks)."""
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    if _translators:
        return True
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = False
    for catalogue in QT_CATALOGUES:
        translator = QTranslator(app)
        if translator.load(f"{catalogue}_fr", folder):
            app.installTranslator(translator)
            _translators.append(translator)
            loaded = True
        else:
            log.warning("Qt translation %s_fr not found in %s", catalogue, folder)
    return loaded


def run_qt(main: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run `main()` on a qasync loop inside the Qt event loop; return its exit code."""
    import qasync

    app = qt_app()
    install_main_thread_gc()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        code: int = loop.run_until_complete(main())
    return code


def offscreen_requested() -> bool:
    return os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal")
