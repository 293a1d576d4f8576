"""The order in which one candidate's test shows a QCU or QCM challenge's proposals.

Why: a candidate who always picks the first proposal must not pass (issue 18), and the
reference platform shows QCU and QCM proposals in an order shuffled per candidate's test,
the same on every reload (SPEC "Question types").

What it guarantees:
- the order is a pure function of the test's key (its certification number), the
  challenge id and the number of proposals. Nothing is stored and nothing is random at
  run time, so the server, the kiosk, a spare PC, the room relay and a kiosk restarted
  after a power cut all compute the same order, with no event or field to keep in sync;
- the draw is SHA-256 over those inputs, spelled out here rather than taken from
  ``random``, whose shuffle Python does not promise to keep between versions: a kiosk
  built with one Python and a server running another must agree forever;
- a challenge whose author keeps the order (``keep_order``: "Aucune des réponses" last,
  an ordered scale) is shown as written;
- answers are recorded and checked in the bank's numbering: `ProposalOrder` maps a shown
  position to the bank's proposal number and back, so scoring, the jury's view and the
  exports never see the shuffled order.

Numbers are 1-based on both sides, like the proposal numbers of solutions and answers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.content import Challenge, ChallengeType

SHUFFLE_VERSION = "examroom-shuffle/1"
"""Part of every draw: changing the algorithm means a new value, never new orders for old tests."""

_CHOICE_TYPES = frozenset({ChallengeType.QCU, ChallengeType.QCM})


@dataclass(frozen=True, slots=True)
class ProposalOrder:
    """A permutation of a challenge's proposals for one candidate's test.

    ``shown[i]`` is the bank number of the proposal shown at position ``i + 1``.
    """

    shown: tuple[int, ...]

    def __post_init__(self) -> None:
        if sorted(self.shown) != list(range(1, len(self.shown) + 1)):
            raise ValueError(f"not a permutation of 1..{len(self.shown)}: {self.shown}")

    @property
    def is_identity(self) -> bool:
        return all(number == position for position, number in enumerate(self.shown, 1))

    def to_bank(self, position: int) -> int:
        """The bank number of the proposal shown at ``position`` (what an answer records)."""
        if not 1 <= position <= len(self.shown):
            raise ValueError(f"position {position} is not one of 1..{len(self.shown)}")
        return self.shown[position - 1]

    def to_shown(self, number: int) -> int:
        """The position at which the bank's proposal ``number`` is shown."""
        if not 1 <= number <= len(self.shown):
            raise ValueError(f"proposal {number} is not one of 1..{len(self.shown)}")
        return self.shown.index(number) + 1

    def show(self, proposals: Sequence[str]) -> tuple[str, ...]:
        """The proposals in the order the candidate sees them."""
        if len(proposals) != len(self.shown):
            raise ValueError(f"{len(proposals)} proposals for an order of {len(self.shown)}")
        return tuple(proposals[number - 1] for number in self.shown)


def _draw(test_key: str, challenge_id: str, step: int) -> int:
    """64 bits that depend only on the inputs; the unit separator keeps fields apart."""
    text = "\x1f".join((SHUFFLE_VERSION, test_key, challenge_id, str(step)))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def shuffled_order(
    test_key: int | str, challenge_id: str, count: int, *, keep_order: bool = False
) -> ProposalOrder:
    """The order of ``count`` proposals of one challenge in one candidate's test.

    A Fisher-Yates shuffle whose swaps come from `_draw`. Taking 64 bits modulo at most
    8 leaves a bias below 1e-18: no candidate could ever measure it.
    """
    if count < 0:
        raise ValueError(f"negative proposal count: {count}")
    numbers = list(range(1, count + 1))
    if keep_order:
        return ProposalOrder(tuple(numbers))
    key = str(test_key)
    for i in range(count - 1, 0, -1):
        j = _draw(key, challenge_id, i) % (i + 1)
        numbers[i], numbers[j] = numbers[j], numbers[i]
    return ProposalOrder(tuple(numbers))


def proposal_order(test_key: int | str, challenge: Challenge) -> ProposalOrder:
    """The order of this challenge's proposals in the test whose key is ``test_key``.

    ``test_key`` identifies the candidate's test wherever it runs: its certification
    number. QROC and QROCM challenges have no proposals: their order is empty.
    """
    if challenge.type not in _CHOICE_TYPES:
        return ProposalOrder(())
    return shuffled_order(
        test_key, challenge.id, len(challenge.proposals), keep_order=challenge.keep_order
    )
