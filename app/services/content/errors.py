"""What is wrong with a content pack, each problem located by file, challenge and field.

The loader collects every problem rather than stopping at the first (packs are written by
hand: an author fixes them all in one pass), then raises them together.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ContentError:
    """One problem in a content pack, located as precisely as the problem allows.

    ``challenge_id`` is None for file-level problems; for a challenge without a usable
    id it is its position in the file ("#3"). ``field`` is a path inside the challenge
    such as ``fields[1].name`` or ``solution.groups[0]``.
    """

    file: str
    challenge_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.challenge_id is not None:
            parts.append(f"challenge {self.challenge_id}")
        if self.field is not None:
            parts.append(f"field {self.field}")
        parts.append(self.message)
        return ": ".join(parts)


class ContentPackError(Exception):
    """Content could not be loaded; ``errors`` lists every problem found, not just one."""

    def __init__(self, errors: Sequence[ContentError]) -> None:
        self.errors = list(errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"{len(self.errors)} content error(s):\n{lines}")


def unknown_key_message(key: str, allowed: Sequence[str]) -> str:
    """Name the closest allowed key: a typo such as "timmer" is the usual cause."""
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(allowed)}"
    return f"unknown key ({hint})"
