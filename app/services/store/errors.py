"""What can go wrong with the local store's file, sorted into the environment's fault or a bug.

STYLE item 9: what the environment does to us (disk full, file corrupt, locked by another
process, read-only) is raised as a `StoreError` subclass with a calm French sentence for the
screen (`user_message_fr`, shown in the screen's language as `user_message`) and an English
message for the logs. `classify` is the one place that decides which SQLite or OS error is
which; anything it does not recognise, in particular a SQL or constraint error, is a bug
and propagates unchanged so that tests fail loudly. `NotYetSynced` lives here too: not a
failure of the disk, but the other reason a store operation is refused.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from app.domain.marks import QT_TRANSLATE_NOOP

# SQLite primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_PERM: Final = 3
_SQLITE_BUSY: Final = 5
_SQLITE_LOCKED: Final = 6
_SQLITE_READONLY: Final = 8
_SQLITE_IOERR: Final = 10
_SQLITE_CORRUPT: Final = 11
_SQLITE_FULL: Final = 13
_SQLITE_CANTOPEN: Final = 14
_SQLITE_NOTADB: Final = 26


class StoreError(Exception):
    """The environment prevents the local store from working; show `user_message_fr`.

    `str(error)` is English, for logs; `path` says which file.
    """

    user_message_fr: str = QT_TRANSLATE_NOOP(
        "Common",
        "Un problème d'enregistrement est survenu sur ce poste. Prévenez le surveillant : "
        "ce qui a déjà été enregistré est conservé."
    )

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path

    @property
    def user_message(self) -> str:
        """`user_message_fr` in the screen's language (issue 20 item 2)."""
        return _translated(self.user_message_fr)


class DiskFullError(StoreError):
    user_message_fr = QT_TRANSLATE_NOOP(
        "Common",
        "Le disque de ce poste est plein : la dernière action n'a pas pu être enregistrée. "
        "Prévenez le surveillant : ce qui a déjà été enregistré est conservé."
    )


class CorruptStoreError(StoreError):
    user_message_fr = QT_TRANSLATE_NOOP(
        "Common",
        "Les données enregistrées sur ce poste sont illisibles. Prévenez le surveillant : "
        "le fichier est conservé tel quel pour être examiné."
    )


class StoreLockedError(StoreError):
    user_message_fr = QT_TRANSLATE_NOOP(
        "Common",
        "Les données de ce poste sont déjà utilisées par un autre programme. "
        "Prévenez le surveillant."
    )


class ReadOnlyStoreError(StoreError):
    user_message_fr = QT_TRANSLATE_NOOP(
        "Common",
        "Ce poste ne permet pas d'enregistrer les données (emplacement en lecture seule). "
        "Prévenez le surveillant."
    )


class StoreTooNewError(StoreError):
    """The file was written by a newer examroom; an older one must not touch it."""

    user_message_fr = QT_TRANSLATE_NOOP(
        "Common",
        "Les données de ce poste viennent d'une version plus récente d'examroom. "
        "Prévenez le responsable informatique."
    )


class NotYetSynced(Exception):
    """A candidate's data cannot be wiped: the server does not hold all of it yet.

    Not a StoreError: nothing is wrong with the disk, the caller simply has to wait for the
    outbox to drain (or deal with refused events, which stay as evidence).
    """

    user_message_fr = QT_TRANSLATE_NOOP(
        "Common", "Ce poste n'a pas encore tout transmis au serveur.")

    def __init__(self, session_id: int, candidate_id: int, *, pending: int, refused: int):
        super().__init__(
            f"session {session_id} candidate {candidate_id}: {pending} event(s) not yet "
            f"acknowledged by the server, {refused} refused"
        )
        self.pending = pending
        self.refused = refused

    @property
    def user_message(self) -> str:
        """`user_message_fr` in the screen's language (issue 20 item 2)."""
        return _translated(self.user_message_fr)


def _translated(text: str) -> str:
    # Imported here: the store is used without Qt (scripts, the relay's tests).
    from app.services.i18n import translate

    return translate("Common", text)


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    if isinstance(exc, sqlite3.Error):
        return exc
    # Alembic runs through SQLAlchemy, which wraps the driver's errors.
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, sqlite3.Error) else None


def classify(exc: BaseException, path: Path) -> StoreError | None:
    """The StoreError an environmental failure maps to; None for a bug (re-raise it)."""
    if isinstance(exc, OSError):
        return _classify_os_error(exc, path)
    err = _sqlite_error(exc)
    if err is None:
        return None
    code = getattr(err, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    detail = f"{path}: {err}"
    if primary == _SQLITE_FULL:
        return DiskFullError(f"disk full: {detail}", path=path)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return CorruptStoreError(f"corrupt local store: {detail}", path=path)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreLockedError(f"local store locked by another process: {detail}", path=path)
    if primary in (_SQLITE_READONLY, _SQLITE_PERM):
        return ReadOnlyStoreError(f"local store is read-only: {detail}", path=path)
    if primary == _SQLITE_CANTOPEN:
        writable_dir = os.access(path.parent, os.W_OK)
        writable_file = not path.exists() or os.access(path, os.W_OK)
        if not (writable_dir and writable_file):
            return ReadOnlyStoreError(f"cannot open local store for writing: {detail}", path=path)
        return StoreError(f"cannot open local store: {detail}", path=path)
    if primary == _SQLITE_IOERR:
        return StoreError(f"disk I/O error on local store: {detail}", path=path)
    return None


def _classify_os_error(exc: OSError, path: Path) -> StoreError | None:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"disk full: {path}: {exc}", path=path)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyStoreError(f"cannot write local store: {path}: {exc}", path=path)
    if exc.errno == errno.EIO:
        return StoreError(f"disk I/O error: {path}: {exc}", path=path)
    return None


@contextmanager
def sorted_errors(path: Path) -> Iterator[None]:
    """Re-raise environmental failures as StoreError; let bugs through untouched."""
    try:
        yield
    except Exception as exc:
        mapped = classify(exc, path)
        if mapped is None:
            raise
        raise mapped from exc
