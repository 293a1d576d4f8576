"""write_atomically: the old file or the new one, the rename made durable, Windows too."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from app.services.files import write_atomically


def test_atomic_write_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "f"
    write_atomically(target, b"one")
    write_atomically(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["f"]


def test_missing_parent_directories_are_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "package.bin"
    write_atomically(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"


def _is_dir(fd: int) -> bool:
    return stat.S_ISDIR(os.fstat(fd).st_mode)


def test_the_file_and_then_its_directory_are_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append("dir" if _is_dir(fd) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    write_atomically(tmp_path / "device_id", b"pc-1")
    assert synced == ["file", "dir"]


def test_a_directory_that_cannot_be_opened_as_on_windows_is_not_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows: os.open(directory, O_RDONLY) raises PermissionError; the write succeeds."""
    real_open = os.open
    refused: list[str] = []

    def windows_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path).is_dir():
            refused.append(str(path))
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", windows_open)
    target = tmp_path / "central-public-key.json"
    write_atomically(target, b'{"public_key": "k"}')
    write_atomically(target, b'{"public_key": "k2"}')
    assert target.read_bytes() == b'{"public_key": "k2"}'
    assert refused == [str(tmp_path), str(tmp_path)]
    assert [p.name for p in tmp_path.iterdir()] == ["central-public-key.json"]


def test_a_file_system_without_directory_fsync_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def no_dir_fsync(fd: int) -> None:
        if _is_dir(fd):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", no_dir_fsync)
    write_atomically(tmp_path / "f", b"x")
    assert (tmp_path / "f").read_bytes() == b"x"


def test_a_disk_error_on_the_directory_is_not_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def failing_disk(fd: int) -> None:
        if _is_dir(fd):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_disk)
    with pytest.raises(OSError, match="Input/output"):
        write_atomically(tmp_path / "f", b"x")


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "relay-package-1.bin"
    write_atomically(target, b"old")
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        if not _is_dir(fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["relay-package-1.bin"]
