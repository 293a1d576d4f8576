"""Finding the packs under a path and reading their files, refusing anything doubtful.

A pack is a directory of ``*.json`` files (format ``examroom-content/1``, described in
docs/content-format.md) plus the images and attachments they refer to. Unknown keys are
errors, every error in every file is reported at once, ids are unique across every pack
loaded together. One challenge object is read by `ChallengeReader` (reader.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from app.domain.content import Challenge
from app.services.content.bank import ContentBank
from app.services.content.errors import ContentError, ContentPackError, unknown_key_message
from app.services.content.reader import ChallengeReader

CONTENT_FORMAT = "examroom-content/1"
"""Value of the "format" key of every content file; a new version gets a new value."""

_FILE_KEYS = ("format", "challenges")

StrPath = str | os.PathLike[str]


def load_pack(path: StrPath) -> ContentBank:
    """Load one pack directory (its top-level ``*.json`` files).

    Raises ContentPackError listing every error found.
    """
    root = Path(path)
    if not root.is_dir():
        raise ContentPackError([ContentError(str(root), None, None, "is not a directory")])
    files = sorted(file for file in root.glob("*.json") if not file.is_dir())
    if not files:
        raise ContentPackError(
            [ContentError(str(root), None, None, "no content files (*.json) in this pack")]
        )
    return _bank_or_raise(_load([(root, files)]))


def load_bank(path: StrPath) -> ContentBank:
    """Load everything under ``path``: a pack, a single content file or a tree of packs.

    Raises ContentPackError listing every error found.
    """
    return _bank_or_raise(_load_path(Path(path)))


def check_packs(path: StrPath) -> list[ContentError]:
    """Every error in the content under ``path`` (see load_bank); empty when it is valid."""
    return _load_path(Path(path))[1]


_Pack = tuple[Path, Sequence[Path]]
"""A pack directory and the content files to read from it."""


def _load_path(path: Path) -> tuple[ContentBank, list[ContentError]]:
    """Find the packs under ``path`` and load them all together (ids unique across all)."""
    if path.is_file():
        if path.suffix != ".json":
            return ContentBank(()), [ContentError(str(path), None, None, "is not a .json file")]
        return _load([(path.parent, [path])])
    if not path.is_dir():
        return ContentBank(()), [ContentError(str(path), None, None, "does not exist")]
    packs = _find_packs(path)
    if not packs:
        error = ContentError(str(path), None, None, "no content files (*.json) found")
        return ContentBank(()), [error]
    return _load(packs)


def _find_packs(top: Path) -> list[_Pack]:
    """Every directory holding ``*.json`` files is a pack; a pack's subdirectories are not.

    Not descending into a pack matters: its ``files/`` may hold a JSON attachment, which
    is a document for the candidate, not content.
    """
    packs: list[_Pack] = []
    for directory, subdirectories, names in os.walk(top):
        subdirectories.sort()
        files = sorted(Path(directory, name) for name in names if name.endswith(".json"))
        if files:
            packs.append((Path(directory), files))
            subdirectories.clear()
    return packs


def _bank_or_raise(loaded: tuple[ContentBank, list[ContentError]]) -> ContentBank:
    bank, errors = loaded
    if errors:
        raise ContentPackError(errors)
    return bank


def _load(packs: Iterable[_Pack]) -> tuple[ContentBank, list[ContentError]]:
    """Read and validate every file of every pack; the bank holds the valid challenges."""
    errors: list[ContentError] = []
    entries: list[tuple[Challenge, Path]] = []
    first_seen: dict[str, str] = {}
    for root, files in packs:
        for file in files:
            for challenge in _read_file(file, root, errors):
                if challenge.id in first_seen:
                    errors.append(
                        ContentError(
                            str(file),
                            challenge.id,
                            "id",
                            f"duplicate id (already defined in {first_seen[challenge.id]})",
                        )
                    )
                    continue
                first_seen[challenge.id] = str(file)
                entries.append((challenge, root))
    return ContentBank(entries), errors


def _read_file(file: Path, root: Path, errors: list[ContentError]) -> list[Challenge]:
    """The valid challenges of one content file; its problems are appended to ``errors``."""
    label = str(file)

    def file_error(field: str | None, message: str) -> None:
        errors.append(ContentError(label, None, field, message))

    try:
        # utf-8-sig: Windows editors may add a byte-order mark, which is harmless here.
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        file_error(None, f"is not valid UTF-8 (byte {exc.start})")
        return []
    except OSError as exc:
        file_error(None, f"cannot be read: {exc.strerror}")
        return []

    duplicate_keys: list[str] = []

    def keep_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
        obj: dict[str, object] = {}
        for key, value in pairs:
            if key in obj:
                duplicate_keys.append(key)
            obj[key] = value
        return obj

    try:
        data: object = json.loads(text, object_pairs_hook=keep_pairs)
    except json.JSONDecodeError as exc:
        file_error(None, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return []
    for key in duplicate_keys:
        file_error(key, "key appears twice in the same object (the last value would win)")

    if not isinstance(data, dict):
        file_error(None, 'must be a JSON object {"format": ..., "challenges": [...]}')
        return []
    for key in data:
        if key not in _FILE_KEYS:
            file_error(key, unknown_key_message(key, _FILE_KEYS))
    if data.get("format") != CONTENT_FORMAT:
        found = repr(data["format"]) if "format" in data else "nothing"
        file_error("format", f"must be {CONTENT_FORMAT!r}, found {found}")
        return []
    raw_challenges = data.get("challenges")
    if not isinstance(raw_challenges, list):
        file_error("challenges", "must be a list of challenge objects")
        return []

    challenges: list[Challenge] = []
    for index, raw in enumerate(raw_challenges):
        if not isinstance(raw, dict):
            file_error(f"challenges[{index}]", "must be a challenge object")
            continue
        reader = ChallengeReader(label, root, raw, index)
        challenge = reader.read()
        errors.extend(reader.errors)
        if challenge is not None:
            challenges.append(challenge)
    return challenges
