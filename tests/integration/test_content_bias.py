"""Position bias of right answers: the figures, the warnings, and `examroom content check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import content_cli
from app.config import Config
from app.domain.content import Challenge, ChallengeType
from app.services.content_bias import (
    position_groups,
    position_report,
    position_warnings,
    qcu_limit,
)


def choice(cid: str, solution: int | tuple[int, ...], proposals: int = 4) -> Challenge:
    return Challenge(
        id=cid,
        competence="1.1",
        level=1,
        skill=f"@{cid}",
        type=ChallengeType.QCU if isinstance(solution, int) else ChallengeType.QCM,
        instruction="?",
        proposals=tuple(f"p{i}" for i in range(1, proposals + 1)),
        solution=solution,
    )


def qcus(*positions: int, proposals: int = 4) -> list[Challenge]:
    return [choice(f"u{i}", p, proposals) for i, p in enumerate(positions)]


def test_counts_per_type_and_number_of_proposals() -> None:
    bank = [
        *qcus(1, 2, 2, 4),
        choice("five", 5, proposals=5),
        choice("m1", (1, 3)),
        choice("m2", (1, 2)),
        choice("m3", (2, 4)),
    ]
    groups = position_groups(bank)
    assert [(g.type, g.proposals, g.challenges) for g in groups] == [
        (ChallengeType.QCU, 4, 4),
        (ChallengeType.QCU, 5, 1),
        (ChallengeType.QCM, 4, 3),
    ]
    assert groups[0].counts == (1, 2, 0, 1)
    assert groups[2].counts == (2, 2, 1, 1)
    assert (groups[2].first, groups[2].ids_first) == (1, ("m2",))
    assert groups[2].fair_share == 6 / 12


def test_a_qcu_position_right_more_than_35_percent_is_a_warning() -> None:
    """The old bank's habit: the right QCU answer first (here 4 of 10, 40 %)."""
    biased = qcus(1, 1, 1, 1, 2, 2, 3, 3, 4, 4)
    (warning,) = position_warnings(biased)
    assert warning == (
        "position bias: proposal 1 is the right answer of 4 of 10 QCU with 4 proposals "
        "(40 %, more than 35 %)"
    )
    assert position_warnings(qcus(1, 1, 1, 2, 2, 2, 3, 3, 4, 4)) == []  # 30 %


def test_the_qcu_limit_follows_the_fair_share_with_few_proposals() -> None:
    assert qcu_limit(4) == qcu_limit(8) == 0.35
    assert qcu_limit(2) == pytest.approx(0.60)
    assert position_warnings(qcus(*[1] * 6, *[2] * 4, proposals=2)) == []  # 60 %
    assert len(position_warnings(qcus(*[1] * 7, *[2] * 3, proposals=2))) == 1


def test_too_few_questions_to_judge_give_no_warning() -> None:
    assert position_warnings(qcus(1, 1, 1, 1, 1, 1, 1, 1, 1)) == []  # 9 < 10


def test_qcm_always_right_at_the_first_proposals_is_a_warning() -> None:
    """The old bank: every QCM included proposal 1, most were right at 1…k."""
    biased = [choice(f"m{i}", (1, 2) if i % 2 else (1, 2, 3), proposals=5) for i in range(10)]
    warnings = position_warnings(biased)
    assert any("proposal 1 is right in 10 of 10 QCM with 5 proposals" in w for w in warnings)
    assert any(
        "10 of 10 QCM with 5 proposals have their right answers at the first" in w for w in warnings
    )
    spread = [choice(f"m{i}", ((i % 5) + 1, ((i + 2) % 5) + 1), proposals=5) for i in range(10)]
    assert position_warnings(spread) == []


def test_the_report_shows_the_table_and_the_verdict() -> None:
    report = position_report(qcus(1, 2, 3, 4, 1, 2, 3, 4, 1, 2))
    lines = report.splitlines()
    assert lines[2].split() == [
        "type",
        "proposals",
        "challenges",
        "1",
        "2",
        "3",
        "4",
        "most",
        "at",
        "1…k",
        "keep",
        "order",
    ]
    assert lines[3].split() == ["QCU", "4", "10", "3", "3", "2", "2", "30", "%", "-", "0"]
    assert lines[-1].startswith("✓ no position bias")


def _pack(tmp_path: Path, solutions: list[int]) -> Path:
    challenges = [
        {
            "id": f"c-{i}",
            "competence": "1.1",
            "level": 1,
            "skill": f"@s{i}",
            "type": "QCU",
            "instruction": f"Question {i} ?",
            "proposals": ["A", "B", "C", "D"],
            "solution": solution,
        }
        for i, solution in enumerate(solutions)
    ]
    (tmp_path / "p.json").write_text(
        json.dumps({"format": "examroom-content/1", "challenges": challenges}), "utf-8"
    )
    return tmp_path


def test_content_check_reports_positions_and_warns_without_failing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = _pack(tmp_path, [1] * 8 + [2, 3])
    assert content_cli.run(["check", str(pack)], Config()) == 0
    out = capsys.readouterr().out
    assert "10 challenges, no errors" in out
    assert "Right answers by position" in out
    assert "✗ position bias: proposal 1 is the right answer of 8 of 10 QCU" in out
