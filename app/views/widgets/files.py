"""Where a standard file dialog opens, and what it proposes (issue 19 item 5).

Why: a dialog opened on the current directory (often the installation or the home
folder) hides what was saved. Every mode proposes the user's Documents folder (else the
desktop, else home) with a file name already filled in, and says "Enregistré : <path>"
after the file is written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from app.services.i18n import translate


def default_folder() -> Path:
    """The user's Documents folder if it exists, else the desktop, else home."""
    for where in (QStandardPaths.StandardLocation.DocumentsLocation,
                  QStandardPaths.StandardLocation.DesktopLocation):
        found = QStandardPaths.writableLocation(where)
        if found and Path(found).is_dir():
            return Path(found)
    return Path.home()


def suggested_path(name: str) -> str:
    """`name` in the default folder, as the dialog's pre-filled file name."""
    return str(default_folder() / name)


def with_suffix(path: str, suffix: str) -> Path:
    """The chosen path, with `suffix` (".pdf") added when the user typed none."""
    return Path(path if path.lower().endswith(suffix) else path + suffix)


def saved_text(path: Path) -> str:
    """What the status line says once a file is written."""
    return translate("Common", "Enregistré\u00a0: {path}").format(path=path)
