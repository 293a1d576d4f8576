"""The per-test order of QCU/QCM proposals (SPEC "Question types", issue 18)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.answers import check_answer
from app.domain.content import AnswerStatus, Challenge, ChallengeType, InputField
from app.domain.shuffle import ProposalOrder, proposal_order, shuffled_order

keys = st.one_of(st.integers(1, 10**9), st.text(max_size=20))
ids = st.text(min_size=1, max_size=30)
counts = st.integers(2, 8)


def qcu(count: int = 4, solution: int = 1, **changes: object) -> Challenge:
    return Challenge(
        id="b-1.1-2-a",
        competence="1.1",
        level=2,
        skill="@s",
        type=ChallengeType.QCU,
        instruction="?",
        proposals=tuple(f"p{i}" for i in range(1, count + 1)),
        solution=solution,
        **changes,  # type: ignore[arg-type]
    )


@given(keys, ids, counts)
def test_the_order_is_a_permutation_of_the_proposals(key: int | str, cid: str, n: int) -> None:
    assert sorted(shuffled_order(key, cid, n).shown) == list(range(1, n + 1))


@given(keys, ids, counts)
def test_the_same_test_gets_the_same_order_on_every_call(key: int | str, cid: str, n: int) -> None:
    """After a kill, a resume, on a spare PC or through the relay: same inputs, same order."""
    assert shuffled_order(key, cid, n) == shuffled_order(key, cid, n)
    assert shuffled_order(key, cid, n) == shuffled_order(str(key), cid, n)


def test_the_order_does_not_depend_on_the_python_build() -> None:
    """Kiosks and the server may run different Pythons: these orders are fixed forever."""
    assert shuffled_order(87618, "b-1.1-2-a", 4).shown == (2, 4, 1, 3)
    assert shuffled_order(87619, "b-1.1-2-a", 4).shown == (1, 4, 3, 2)
    assert shuffled_order(87618, "s-4.1-3-a", 5).shown == (3, 1, 4, 5, 2)


@given(keys, ids, counts)
def test_shown_positions_and_bank_numbers_map_both_ways(key: int | str, cid: str, n: int) -> None:
    order = shuffled_order(key, cid, n)
    proposals = [f"p{i}" for i in range(1, n + 1)]
    shown = order.show(proposals)
    for position in range(1, n + 1):
        assert order.to_shown(order.to_bank(position)) == position
        assert shown[position - 1] == proposals[order.to_bank(position) - 1]
    for number in range(1, n + 1):
        assert order.to_bank(order.to_shown(number)) == number
        assert shown[order.to_shown(number) - 1] == proposals[number - 1]


@given(keys, st.data())
def test_an_answer_given_on_the_shown_order_is_checked_in_the_banks_numbering(
    key: int | str, data: st.DataObject
) -> None:
    """The kiosk records bank numbers: the right proposals, wherever shown, are right."""
    n = data.draw(counts)
    right = sorted(data.draw(st.sets(st.integers(1, n), min_size=1)))
    challenge = replace(qcu(n), type=ChallengeType.QCM, solution=tuple(right))
    order = proposal_order(key, challenge)
    clicked = [order.to_shown(number) for number in right]  # what the candidate clicks
    recorded = [order.to_bank(position) for position in clicked]
    assert check_answer(challenge, recorded) is AnswerStatus.OK
    single = qcu(n, solution=right[0])
    shown_at = proposal_order(key, single).to_shown(right[0])
    assert check_answer(single, proposal_order(key, single).to_bank(shown_at)) is AnswerStatus.OK


@given(keys, counts)
def test_keep_order_challenges_are_shown_as_written(key: int | str, n: int) -> None:
    assert proposal_order(key, qcu(n, keep_order=True)).is_identity
    assert shuffled_order(key, "x", n, keep_order=True).shown == tuple(range(1, n + 1))


def test_open_questions_have_no_proposals_to_order() -> None:
    qroc = Challenge(
        id="q",
        competence="1.1",
        level=1,
        skill="@s",
        type=ChallengeType.QROC,
        instruction="?",
        fields=(InputField("r", "R"),),
        solution={"r": ("x",)},
    )
    assert proposal_order(1, qroc) == ProposalOrder(())


def test_two_candidates_of_one_session_see_different_orders() -> None:
    """Consecutive certification numbers (one room) do not share one order."""
    orders = [shuffled_order(key, "b-1.1-2-a", 4).shown for key in range(1000, 1030)]
    assert len(set(orders)) >= 12  # of the 24 orders of 4 proposals
    assert orders[0] != orders[1]


@given(ids, counts)
def test_every_position_holds_the_right_answer_about_equally_often(cid: str, n: int) -> None:
    """Over many tests, the right answer (bank proposal 1, as most of the old bank had it)
    lands on each shown position about 1/n of the time: within 40 % of the expected count
    (over 5 standard deviations, so a fixed seed never fails by chance)."""
    tests = 250 * n
    landed = Counter(shuffled_order(key, cid, n).to_shown(1) for key in range(tests))
    assert set(landed) == set(range(1, n + 1))
    for position in range(1, n + 1):
        assert abs(landed[position] - 250) <= 100, (position, landed)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ProposalOrder((1, 1)), "not a permutation"),
        (lambda: shuffled_order(1, "x", 4).to_bank(5), "position 5"),
        (lambda: shuffled_order(1, "x", 4).to_shown(0), "proposal 0"),
        (lambda: shuffled_order(1, "x", 4).show(["a"]), "1 proposals"),
        (lambda: shuffled_order(1, "x", -1), "negative"),
    ],
)
def test_misuse_is_a_bug(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


@given(st.integers(1, 10**6), st.lists(st.booleans(), min_size=3, max_size=6))
def test_the_kiosk_records_what_it_shows_in_the_banks_numbering(
    number: int, picks: list[bool]
) -> None:
    """The question screen (QuestionView) shows this candidate's order and hands the runner
    the bank's numbers: a pupil ticking what they see records what the bank means."""
    from app.domain.kiosk_flow import QuestionView

    n = len(picks)
    qcm = Challenge(id="q", competence="1.1", level=1, skill="@s", type=ChallengeType.QCM,
                    instruction="?", proposals=tuple(f"p{i}" for i in range(1, n + 1)),
                    solution=(1,))
    view = QuestionView(challenge=qcm, position=1, total=15, certification_number=number,
                        paused=False, extra_time=False, image=None, attachment_name=None)
    ticked = [shown for shown, on in enumerate(picks, 1) if on]
    recorded = view.to_bank(ticked)
    assert recorded == sorted(int(view.proposals[i - 1][1:]) for i in ticked)
    assert view.to_bank({"r": "x"}) == {"r": "x"}


def test_keep_order_travels_with_the_public_challenge() -> None:
    """A relay rebuilds its bank from public challenges: it must keep the author's order."""
    from app.domain.content import public_challenge_from_dict
    from app.wire.candidate import PublicChallenge

    kept = qcu(keep_order=True)
    again = public_challenge_from_dict(PublicChallenge.model_validate(kept.public()).model_dump())
    assert again.keep_order and proposal_order(7, again).is_identity
