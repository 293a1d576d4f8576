"""What results_service hands to the rules: the question's features and its type.

The rules themselves are tested in tests/unit; here, that the server's scoring path gives
them what they need, from the bank's challenges: whether a question shows an image or an
embedded application (E1/E2) and whether it is a QROCM-dep (its weight in a small
competence). Both used to be lost on the way.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.content import AnswerStatus, Challenge, ChallengeType, InputField
from app.domain.fold import CandidateState, Incident, RecordedAnswer
from app.domain.scoring import CompetenceOutcome, PositioningLevel, score
from app.server.results_service import final_questions, scored_questions
from app.services.content import ContentBank


def _qcu(cid: str, competence: str, **features: object) -> Challenge:
    return Challenge(
        id=cid,
        competence=competence,
        level=2,
        skill=f"@{cid}",
        type=ChallengeType.QCU,
        instruction="?",
        proposals=("oui", "non"),
        solution=1,
        **features,  # type: ignore[arg-type]
    )


DEP = Challenge(
    id="dep",
    competence="1.3",
    level=2,
    skill="@dep",
    type=ChallengeType.QROCM_DEP,
    instruction="Citez deux navigateurs.",
    fields=(InputField("n1", "Navigateur 1"), InputField("n2", "Navigateur 2")),
    solution={"groups": (("Firefox",), ("Chrome",), ("Edge",))},
    partial=True,
)
BANK = ContentBank(
    (challenge, Path("."))
    for challenge in (
        _qcu("image", "1.1", image="files/a.png", image_alt="a"),
        _qcu("embed", "1.1", embed=True),
        _qcu("plain", "1.1"),
        _qcu("q4", "1.2"),
        _qcu("q5", "1.2"),
        _qcu("q6", "1.2"),
        DEP,
    )
)


def _state(answers: dict[str, object], incidents: list[tuple[str, int]]) -> CandidateState:
    cs = CandidateState(candidate_id=1, challenges=[c.id for c in BANK])
    cs.answers = {
        cid: RecordedAnswer(cid, answer, timed_out=False, focused_out=False, event_id=cid)
        for cid, answer in answers.items()
    }
    cs.incidents = [
        Incident(f"i{n}", category, number, "") for n, (category, number) in enumerate(incidents)
    ]
    return cs


def test_e1_and_e2_neutralise_a_question_with_an_image_or_an_embed_either_code() -> None:
    """E2 on the image question and E1 on the embedded one both neutralise (SPEC, Pix);
    neither does on a question that shows nothing."""
    wrong = {"image": 2, "embed": 2, "plain": 2}
    cs = _state(wrong, [("E2", 1), ("E1", 2), ("E1", 3), ("E2", 3)])
    neutralised = {q["challenge_id"]: q["neutralised"] for q in final_questions(BANK, cs)}
    assert neutralised["image"] and neutralised["embed"]
    assert not neutralised["plain"]


def test_scoring_gets_the_type_so_a_qrocm_dep_weighs_two_in_a_small_competence() -> None:
    answers = {"image": 1, "embed": 1, "plain": 1, "q4": 1, "q5": 1, "q6": 1}
    answers["dep"] = {"n1": "Firefox", "n2": "Opera"}  # partially right
    questions = final_questions(BANK, _state(answers, []))
    assert questions[-1]["status"] == AnswerStatus.PARTIALLY.value
    scored = scored_questions(BANK, questions)
    assert [q.challenge_type for q in scored][-1] is ChallengeType.QROCM_DEP
    profile = {code: PositioningLevel(3, 24) for code in ("1.1", "1.2", "1.3")}
    result = score(scored, profile)
    # 6 right of 7 (R = 86); 1.3 asked one QROCM-dep, partially right: 2 asked / 1 right.
    assert result.r == 86
    assert result.per_competence["1.3"].outcome is CompetenceOutcome.VALIDATED
