"""Where the right answers of QCU and QCM challenges sit among their proposals (issue 18).

Why it matters even though candidates see the proposals shuffled (app.domain.shuffle):
a keep-order challenge is shown as written, a test served before the shuffle was wired
showed the bank's order, and a bank whose right answer is "always the first one" tells
on its authors' habits. The old bank had the right QCU answer at proposal 1 for 69 of 83
questions; a candidate always picking the first proposal passed.

Positions are counted in the bank's numbering, per type and per number of proposals,
because a position's fair share depends on both (1/4 of four-proposal QCU; for a QCM,
the mean number of right proposals over the number of proposals).
`examroom content check` prints `position_warnings`; `examroom content stats` prints
`position_report` (docs/content.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.content import Challenge, ChallengeType

MAX_QCU_SHARE = 0.35
"""No position may hold the right QCU answer for more than 35 % of the questions with
four proposals (issue 18); with fewer proposals the fair share is higher, see
`qcu_limit`."""
QCM_MARGIN = 0.20
"""A QCM position may be right 20 points more often than its fair share, no more."""
MAX_QCM_FIRST_SHARE = 0.25
"""At most a quarter of the QCM may have their right answers at the first proposals."""
MIN_GROUP = 10
"""Fewer challenges than this with one type and one number of proposals: too few to call a
share a bias (3 five-proposal QCU cannot spread evenly), so no warning."""

_CHOICE_TYPES = (ChallengeType.QCU, ChallengeType.QCM)


@dataclass(frozen=True, slots=True)
class PositionGroup:
    """The QCU or QCM challenges with one number of proposals, and where they are right.

    counts[p - 1]: for QCU, how many have proposal p right; for QCM, how many have
    proposal p among their right ones. first: QCM whose right proposals are exactly
    1..k for some k ("the first proposals"). ids_first: which ones.
    """

    type: ChallengeType
    proposals: int
    challenges: int
    counts: tuple[int, ...]
    right_total: int
    first: int
    ids_first: tuple[str, ...]
    keep_order: int

    def share(self, position: int) -> float:
        return self.counts[position - 1] / self.challenges

    @property
    def fair_share(self) -> float:
        """The share of each position if the right answers were spread evenly."""
        return self.right_total / (self.challenges * self.proposals)


def _pct(share: float) -> str:
    return f"{100 * share:.0f} %"


def qcu_limit(proposals: int) -> float:
    """The share above which one position holds the right QCU answer too often.

    35 % for four proposals or more (issue 18); with two or three the fair share itself
    is 50 % or 33 %, so the limit is the fair share plus 10 points.
    """
    return max(MAX_QCU_SHARE, 1 / proposals + 0.10)


def _right(challenge: Challenge) -> tuple[int, ...]:
    solution = challenge.solution
    return (solution,) if challenge.type is ChallengeType.QCU else tuple(solution)


def position_groups(challenges: Iterable[Challenge]) -> list[PositionGroup]:
    """The groups of QCU then QCM challenges, by number of proposals."""
    by_key: dict[tuple[ChallengeType, int], list[Challenge]] = {}
    for challenge in challenges:
        if challenge.type in _CHOICE_TYPES:
            key = (challenge.type, len(challenge.proposals))
            by_key.setdefault(key, []).append(challenge)
    groups = []
    for (challenge_type, proposals), members in sorted(
        by_key.items(), key=lambda item: (_CHOICE_TYPES.index(item[0][0]), item[0][1])
    ):
        counts = [0] * proposals
        first: list[str] = []
        for challenge in members:
            right = _right(challenge)
            for number in right:
                counts[number - 1] += 1
            if challenge.type is ChallengeType.QCM and set(right) == set(range(1, len(right) + 1)):
                first.append(challenge.id)
        groups.append(
            PositionGroup(
                challenge_type,
                proposals,
                len(members),
                tuple(counts),
                sum(counts),
                len(first),
                tuple(first),
                sum(c.keep_order for c in members),
            )
        )
    return groups


def position_warnings(challenges: Iterable[Challenge]) -> list[str]:
    """What an author should fix: a position right too often, QCM right at the first ones.

    Each warning names the type, the number of proposals and the figures, in English like
    the other content messages.
    """
    warnings: list[str] = []
    for group in position_groups(challenges):
        if group.challenges < MIN_GROUP:
            continue
        kind = f"{group.type.value} with {group.proposals} proposals"
        for position in range(1, group.proposals + 1):
            share = group.share(position)
            if group.type is ChallengeType.QCU and share > qcu_limit(group.proposals):
                warnings.append(
                    f"position bias: proposal {position} is the right answer of "
                    f"{group.counts[position - 1]} of {group.challenges} {kind} "
                    f"({_pct(share)}, more than {_pct(qcu_limit(group.proposals))})"
                )
            limit = group.fair_share + QCM_MARGIN
            if group.type is ChallengeType.QCM and share > limit:
                warnings.append(
                    f"position bias: proposal {position} is right in "
                    f"{group.counts[position - 1]} of {group.challenges} {kind} "
                    f"({_pct(share)}, fair share {_pct(group.fair_share)}, limit {_pct(limit)})"
                )
        if group.type is ChallengeType.QCM and group.first > MAX_QCM_FIRST_SHARE * group.challenges:
            listed = ", ".join(group.ids_first[:5]) + (", …" if group.first > 5 else "")
            warnings.append(
                f"position bias: {group.first} of {group.challenges} {kind} have their right "
                f"answers at the first proposals (1…k), more than "
                f"{_pct(MAX_QCM_FIRST_SHARE)}: {listed}"
            )
    return warnings


def position_report(challenges: Iterable[Challenge]) -> str:
    """The table `examroom content stats` and `content check` print, then the verdict."""
    challenges = list(challenges)
    groups = position_groups(challenges)
    widest = max((g.proposals for g in groups), default=0)
    header = ["type", "proposals", "challenges", *map(str, range(1, widest + 1))]
    rows = [[*header, "most", "at 1…k", "keep order"]]
    for g in groups:
        counts = [str(c) for c in g.counts] + [""] * (widest - g.proposals)
        most = max(g.share(p) for p in range(1, g.proposals + 1))
        first = str(g.first) if g.type is ChallengeType.QCM else "-"
        rows.append(
            [
                g.type.value,
                str(g.proposals),
                str(g.challenges),
                *counts,
                f"{_pct(most)}",
                first,
                str(g.keep_order),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    table = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    warnings = position_warnings(challenges)
    verdict = [f"✗ {w}" for w in warnings] or [
        f"✓ no position bias: QCU ≤ {_pct(MAX_QCU_SHARE)} per position (4 proposals or more), "
        f"QCM ≤ fair share + {_pct(QCM_MARGIN)} per position and ≤ {_pct(MAX_QCM_FIRST_SHARE)} "
        f"right at the first proposals (groups of {MIN_GROUP} or more)"
    ]
    return "\n".join(
        [
            "Right answers by position, in the bank's numbering (QCU: the right proposal; "
            "QCM: each right one)",
            "",
            *table,
            "",
            *verdict,
        ]
    )
