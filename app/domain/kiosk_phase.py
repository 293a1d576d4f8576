"""The kiosk's screens and the problems it names, with nothing else imported.

Split from `kiosk_flow` (which re-exports them) because the kiosk shows its join screen
before it loads the fold, the events and pydantic (issue 22 item 4): the window, the
lockdown and the texts need these names, not the flow's functions.
"""

from __future__ import annotations

from enum import Enum, StrEnum


class Phase(StrEnum):
    """Which screen the kiosk shows; one main action each (SPEC "Screens")."""

    STARTING = "starting"
    JOIN = "join"
    CONFIRM = "confirm"
    WAITING = "waiting"
    ACCESS_CODE = "access_code"
    QUESTION = "question"
    END = "end"
    RESUME = "resume"
    RESUME_WAIT = "resume_wait"


class QuestionNotice(Enum):
    """What the candidate is told when the paused question changes."""

    REPLACED = "replaced"
    """The invigilator validated the alert: another question of the same competence."""
    REFUSED = "refused"
    """The invigilator refused the alert: the same question, unpaused."""


class JoinProblem(Enum):
    MISSING = "missing"
    BAD_NUMBER = "bad_number"
    BAD_DATE = "bad_date"
