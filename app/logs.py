"""Logging: a rotating file in the data directory plus stderr.

Personal data (names, birthdates, answers) is only ever logged at DEBUG; INFO and above
carry ids and counts, so a log sent to support reveals nobody.

`examroomw.exe` (the scheduled task's program on Windows) has no console: sys.stderr is
None there, so whatever goes wrong before logging is set up (a bad configuration, a data
folder that cannot be written) is also appended to `logs/startup-errors.log` in the data
folder, and an uncaught exception or a hard crash (faulthandler) lands in the log folder
too, where IT looks.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
import threading
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO

STARTUP_ERRORS = "startup-errors.log"
CRASHES = "crash.log"
_crash_file: list[IO[str]] = []  # kept open for faulthandler, which writes to its fd

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(log_dir: Path | None, *, mode: str, verbose: bool = False) -> None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    if sys.stderr is not None:  # None in a program without a console (examroomw.exe)
        stderr = logging.StreamHandler()
        stderr.setFormatter(logging.Formatter(FORMAT))
        stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
        root.addHandler(stderr)
    if log_dir is None:
        return
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            log_dir / f"{mode}.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write logs to %s: %s", log_dir, exc)
        return
    file_handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(file_handler)


def report_startup_error(message: str, data_dirs: Sequence[Path]) -> Path | None:
    """Say why examroom could not start: on stderr if there is one, and in the first of
    `data_dirs` whose `logs/` can be written. Returns the file written, if any."""
    if sys.stderr is not None:
        print(message, file=sys.stderr)
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    for data_dir in data_dirs:
        target = data_dir / "logs" / STARTUP_ERRORS
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("a", encoding="utf-8") as out:
                out.write(f"{stamp} {message}\n")
        except OSError:
            continue
        return target
    return None


def log_crashes(log_dir: Path) -> None:
    """Uncaught exceptions (main thread or not) go to the log, then to the hooks that were
    there; a hard crash (a fault in Qt's C++ code) to `crash.log`, unless something (pytest)
    already watches for it."""
    log = logging.getLogger("examroom.crash")
    previous_main, previous_thread = sys.excepthook, threading.excepthook

    def main_thread(kind: type[BaseException], value: BaseException,
                    tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            log.critical("uncaught exception:\n%s",
                         "".join(traceback.format_exception(kind, value, tb)))
        previous_main(kind, value, tb)

    def other_thread(args: threading.ExceptHookArgs) -> None:
        log.critical("uncaught exception in thread %s:\n%s",
                     args.thread.name if args.thread else "?",
                     "".join(traceback.format_exception(args.exc_type, args.exc_value,
                                                        args.exc_traceback)))
        previous_thread(args)

    sys.excepthook = main_thread
    threading.excepthook = other_thread
    if faulthandler.is_enabled() or _crash_file:
        return
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        crash = (log_dir / CRASHES).open("a", encoding="utf-8")
    except OSError:
        return
    _crash_file.append(crash)
    faulthandler.enable(crash)
