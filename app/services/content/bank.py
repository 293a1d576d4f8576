"""`ContentBank`: the challenges of the loaded packs, with the directory each came from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from app.domain.content import Challenge


class ContentBank:
    """The loaded challenges, immutable, in load order (files by name, then file order).

    Remembers each challenge's pack directory, because images and attachments are
    paths relative to it.
    """

    __slots__ = ("_by_id", "_challenges", "_roots")

    def __init__(self, entries: Iterable[tuple[Challenge, Path]]) -> None:
        """Build from (challenge, pack directory) pairs; ids must be unique."""
        by_id: dict[str, Challenge] = {}
        roots: dict[str, Path] = {}
        for challenge, root in entries:
            if challenge.id in by_id:
                raise ValueError(f"duplicate challenge id {challenge.id!r}")
            by_id[challenge.id] = challenge
            roots[challenge.id] = root
        self._by_id = by_id
        self._roots = roots
        self._challenges = tuple(by_id.values())

    @property
    def challenges(self) -> tuple[Challenge, ...]:
        return self._challenges

    def by_id(self, challenge_id: str) -> Challenge:
        """The challenge with this id; KeyError if the bank has none."""
        return self._by_id[challenge_id]

    def __contains__(self, challenge_id: object) -> bool:
        return challenge_id in self._by_id

    def __iter__(self) -> Iterator[Challenge]:
        return iter(self._challenges)

    def __len__(self) -> int:
        return len(self._challenges)

    def for_competence(self, code: str) -> tuple[Challenge, ...]:
        """The challenges of one competence (e.g. "1.1"), in load order."""
        return tuple(c for c in self._challenges if c.competence == code)

    def root_for(self, challenge_id: str) -> Path:
        """The pack directory a challenge's image and attachment paths are relative to."""
        return self._roots[challenge_id]
