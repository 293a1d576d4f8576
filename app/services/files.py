"""Files that must survive a crash or a power cut whole: one `write_atomically` for all.

Why one function (STYLE item 8, issue 21): the configuration's device id, the relay's
sealed session package and the kiosk's cached central key were written by three copies
of the same steps, one of them without fsync. A file written here is, after any crash,
either the old one or the new one, never a mix or an empty file:

1. the data goes to a temporary file in the same directory (so the rename below stays
   on one file system), which is fsync'ed;
2. `os.replace` puts it in place in one step (atomic on POSIX and on Windows);
3. the directory is fsync'ed, so the rename itself survives a power cut. Windows cannot
   open a directory (`os.open` raises PermissionError) and its file system journals the
   rename anyway: the step is skipped there, as `LocalStore` does for its own files.

Standard library only, so `app.config` (which sits above services) can use it too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

_NO_DIR_FSYNC = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EBADF})
"""fsync on a directory that the file system does not support (some network and FUSE
file systems): nothing more can be done there, and the file itself is already synced."""


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, durably and all at once (see the module docstring).

    Creates the parent directories. The temporary file has a unique name, so two threads
    or processes writing the same file never write into each other's temporary file; it
    is removed if anything fails before the rename. Raises OSError (disk full, read-only,
    permission) with the file left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable; skipped where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except PermissionError:  # Windows: a directory cannot be opened; NTFS journals renames
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _NO_DIR_FSYNC:
            raise
    finally:
        os.close(fd)


def private_dir(directory: Path, *, up_to: Path | None = None) -> None:
    """Create `directory` (and its parents up to `up_to`) readable by the owner only (0700).

    What the relay writes holds candidates' files and names (issue 17, "at rest"). On
    Windows the mode is ignored; the data folder's rights are set at installation.
    """
    chain = [directory]
    if up_to is not None:
        chain = [p for p in (directory, *directory.parents) if p == up_to or up_to in p.parents]
    for path in reversed(chain):
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)


def private_file(path: Path) -> None:
    """Make sure `path` exists and is readable by the owner only (0600), before a database
    opens it (SQLite gives its -wal and -shm files the mode of the database file)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to a new file readable by the owner only (0600)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, 0o600)
