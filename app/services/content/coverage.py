"""The coverage report of a bank (`examroom content stats`): counts, shares, targets.

What an author looks at to see the gaps: challenges per competence and level (and per
type), the totals, and the numbers a full certification bank must reach (issue 7).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.domain.competences import COMPETENCE_CODES, MAX_LEVEL
from app.domain.content import ChallengeType
from app.services.content.bank import ContentBank
from app.services.content.reader import MIN_LEVEL

TARGET_LEVELS = range(1, 7)
"""Levels a full certification bank covers: a real test goes up to level 5-6 (issue 7)."""
TARGET_PER_CELL = 4
TARGET_SKILLS_PER_CELL = 3
TARGET_TYPE_PERCENT = 15
TARGET_TIMED_PERCENT = 10
TARGET_FOCUS_PERCENT = 5
TARGET_ATTACHMENTS = 40

STATS_BEGIN = "<!-- examroom content stats: begin -->"
STATS_END = "<!-- examroom content stats: end -->"
"""Markers around the generated report in a Markdown file (`content stats --doc FILE`)."""


def stats_table(bank: ContentBank) -> str:
    """A competence × level table of challenge counts, with totals.

    Every competence is listed, including those with no challenge, because the gaps are
    what an author looks for: a test needs challenges in each certifiable competence.
    """
    levels = range(MIN_LEVEL, MAX_LEVEL + 1)
    grid = {(code, level): 0 for code in COMPETENCE_CODES for level in levels}
    for challenge in bank:
        grid[challenge.competence, challenge.level] += 1
    header = ["competence", *(str(level) for level in levels), "total"]
    rows = [header]
    for code in COMPETENCE_CODES:
        row = [grid[code, level] for level in levels]
        rows.append([code, *map(str, row), str(sum(row))])
    per_level = [sum(grid[code, level] for code in COMPETENCE_CODES) for level in levels]
    rows.append(["total", *map(str, per_level), str(len(bank))])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    )


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as text columns: the first left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _percent(count: int, total: int) -> float:
    return 100 * count / total if total else 0.0


def type_table(bank: ContentBank) -> str:
    """A competence × level table whose cells count each type, e.g. ``1·1·1·1·0``.

    The counts are in ChallengeType order (QCU·QCM·QROC·QROCM-ind·QROCM-dep). Levels run
    from 1 to the highest of 6 and the bank's highest level, so missing levels show. A
    level × type table of the totals follows.
    """
    types = list(ChallengeType)
    top = max([TARGET_LEVELS[-1], *(c.level for c in bank)])
    levels = range(MIN_LEVEL, top + 1)
    grid = {(code, level): [0] * len(types) for code in COMPETENCE_CODES for level in levels}
    for challenge in bank:
        grid[challenge.competence, challenge.level][types.index(challenge.type)] += 1

    def cell(counts: Iterable[Sequence[int]]) -> str:
        return "·".join(str(sum(column)) for column in zip(*counts, strict=True))

    rows = [["competence", *(str(level) for level in levels), "total"]]
    for code in COMPETENCE_CODES:
        cells = [grid[code, level] for level in levels]
        rows.append([code, *(cell([counts]) for counts in cells), cell(cells)])
    # Per-level totals get a table of their own: as cells they would be twice as wide.
    level_rows = [["level", *(t.value for t in types), "total"]]
    for level in [*levels, None]:
        sums = [
            sum(counts[i] for (_, lvl), counts in grid.items() if level in (None, lvl))
            for i in range(len(types))
        ]
        name = "total" if level is None else str(level)
        level_rows.append([name, *map(str, sums), str(sum(sums))])
    return "\n".join([*_aligned(rows), "", *_aligned(level_rows)])


def bank_targets(bank: ContentBank) -> list[tuple[bool, str]]:
    """The numbers a full certification bank must reach (issue 7), each met or not."""
    total = len(bank)
    cells = [(code, level) for code in COMPETENCE_CODES for level in TARGET_LEVELS]
    counts = dict.fromkeys(cells, 0)
    skills: dict[tuple[str, int], set[str]] = {key: set() for key in cells}
    for challenge in bank:
        key = (challenge.competence, challenge.level)
        if key in counts:
            counts[key] += 1
            skills[key].add(challenge.skill)
    fewest = min(counts.values())
    fewest_skills = min(len(names) for names in skills.values())
    shares = {t: _percent(sum(1 for c in bank if c.type is t), total) for t in ChallengeType}
    rarest = min(shares, key=shares.__getitem__)
    timed = _percent(sum(1 for c in bank if c.is_timed), total)
    focus = _percent(sum(1 for c in bank if c.focus), total)
    attached = sum(1 for c in bank if c.has_attachment)
    levels = f"{TARGET_LEVELS[0]}–{TARGET_LEVELS[-1]}"
    return [
        (
            fewest >= TARGET_PER_CELL,
            f"all {len(COMPETENCE_CODES)} competences × levels {levels}, "
            f"≥ {TARGET_PER_CELL} challenges each: fewest {fewest}",
        ),
        (
            fewest_skills >= TARGET_SKILLS_PER_CELL,
            f"≥ {TARGET_SKILLS_PER_CELL} distinct skills per competence and level: "
            f"fewest {fewest_skills}",
        ),
        (
            shares[rarest] >= TARGET_TYPE_PERCENT,
            f"each type ≥ {TARGET_TYPE_PERCENT} %: rarest {rarest} {shares[rarest]:.1f} %",
        ),
        (timed >= TARGET_TIMED_PERCENT, f"≥ {TARGET_TIMED_PERCENT} % timed: {timed:.1f} %"),
        (focus >= TARGET_FOCUS_PERCENT, f"≥ {TARGET_FOCUS_PERCENT} % focus: {focus:.1f} %"),
        (
            attached >= TARGET_ATTACHMENTS,
            f"≥ {TARGET_ATTACHMENTS} challenges with an attachment: {attached}",
        ),
    ]


def coverage_report(bank: ContentBank) -> str:
    """What `examroom content stats` prints: the tables, the totals and the targets."""
    total = len(bank)
    rows = [["", "challenges", "share"]]
    for challenge_type in ChallengeType:
        count = sum(1 for c in bank if c.type is challenge_type)
        rows.append([challenge_type.value, str(count), f"{_percent(count, total):.1f} %"])
    for label, count in (
        ("timed", sum(1 for c in bank if c.is_timed)),
        ("focus", sum(1 for c in bank if c.focus)),
        ("with an attachment", sum(1 for c in bank if c.has_attachment)),
        ("with an image", sum(1 for c in bank if c.has_image)),
    ):
        rows.append([label, str(count), f"{_percent(count, total):.1f} %"])
    rows.append(["all", str(total), ""])
    skills: dict[tuple[str, int], set[str]] = {}
    for challenge in bank:
        skills.setdefault((challenge.competence, challenge.level), set()).add(challenge.skill)
    per_cell = [len(names) for names in skills.values()] or [0]
    type_names = "·".join(t.value for t in ChallengeType)
    return "\n".join(
        [
            "Challenges per competence and level",
            "",
            stats_table(bank),
            "",
            f"Challenges per competence, level and type (each cell: {type_names})",
            "",
            type_table(bank),
            "",
            "Totals",
            "",
            *_aligned(rows),
            "",
            f"distinct skills per competence and level (levels present): "
            f"fewest {min(per_cell)}, most {max(per_cell)}",
            "",
            "Targets for a full certification bank (issue 7)",
            "",
            *(f"{'✓' if met else '✗'} {text}" for met, text in bank_targets(bank)),
        ]
    )


def replace_stats_block(document: str, report: str) -> str:
    """``document`` with a ``text`` code block of ``report`` between the stats markers.

    Raises ValueError when the document lacks the markers (STATS_BEGIN, STATS_END).
    """
    begin, end = document.find(STATS_BEGIN), document.find(STATS_END)
    if begin < 0 or end < begin:
        raise ValueError(f"no {STATS_BEGIN} … {STATS_END} markers")
    head = document[: begin + len(STATS_BEGIN)]
    return f"{head}\n```text\n{report}\n```\n{document[end:]}"
