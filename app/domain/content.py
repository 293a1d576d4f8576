"""The challenge (question) model shared by the server, the kiosk and the content tools.

A challenge is immutable. The server holds it with its solution; a kiosk only ever
receives `Challenge.public()`, which carries no solution (ARCHITECTURE "Security model").

Solution shapes, by type (answers use the same shapes, see answers.py):
- QCU: the 1-based number of the right proposal (int).
- QCM: the sorted 1-based numbers of the right proposals (tuple of int).
- QROC, QROCM-ind: {field name: accepted answers}; each field has its own list.
- QROCM-dep: {"groups": accepted answer groups}; the fields may be filled in any order,
  each must match a different group.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ChallengeType(StrEnum):
    QCU = "QCU"
    QCM = "QCM"
    QROC = "QROC"
    QROCM_IND = "QROCM-ind"
    QROCM_DEP = "QROCM-dep"


class FieldFormat(StrEnum):
    TEXT = "texte"
    NUMBER = "nombre"


class AnswerStatus(StrEnum):
    """Pix answer statuses (SPEC "Answer statuses")."""

    OK = "ok"
    KO = "ko"
    SKIPPED = "aband"
    TIMED_OUT = "timedout"
    FOCUSED_OUT = "focusedOut"
    PARTIALLY = "partially"


@dataclass(frozen=True, slots=True)
class Tolerances:
    """Text tolerances, each on by default and switchable per challenge (SPEC).

    t1: lower-case, strip accents and all spaces; t2: keep only [a-zA-Z0-9 ];
    t3: accept a Levenshtein distance up to 25 % of the length of the candidate's answer.
    """

    t1: bool = True
    t2: bool = True
    t3: bool = True


@dataclass(frozen=True, slots=True)
class InputField:
    """One text field of a QROC/QROCM challenge."""

    name: str
    label: str
    format: FieldFormat = FieldFormat.TEXT


@dataclass(frozen=True, slots=True)
class Challenge:
    id: str
    competence: str
    level: int
    skill: str
    type: ChallengeType
    instruction: str
    proposals: tuple[str, ...] = ()
    fields: tuple[InputField, ...] = ()
    solution: Any = None
    tolerances: Tolerances = field(default_factory=Tolerances)
    timer: int | None = None
    """Seconds allowed, for a timed challenge; None when untimed."""
    focus: bool = False
    image: str | None = None
    """Path of an image inside the pack, relative to the pack's directory."""
    image_alt: str = ""
    attachment: str | None = None
    """Path of a file the candidate opens (spreadsheet, text, PDF), relative to the pack."""
    partial: bool = False
    """QROCM only: some but not all fields right gives `partially` instead of `ko`."""
    wrong_answers: tuple[Any, ...] = ()
    """Typical wrong answers the author expects; the content checks prove they are refused."""
    keep_order: bool = False
    """QCU/QCM only: the proposals are shown in the author's order, never shuffled, because
    the order carries meaning ("Aucune des réponses" last, a scale from least to most)."""
    embed: bool = False
    """The question shows an embedded application (the reference's simulators). No content
    key sets it: a locked-down kiosk has no way to show one. It is here so that the E1/E2
    rules read it from the challenge, where a future format would put it, instead of
    trusting each caller to pass it (results_service never did)."""

    @property
    def has_image(self) -> bool:
        return self.image is not None

    @property
    def has_embed(self) -> bool:
        return self.embed

    @property
    def has_attachment(self) -> bool:
        return self.attachment is not None

    @property
    def is_timed(self) -> bool:
        return self.timer is not None

    def public(self) -> dict[str, Any]:
        """What a kiosk may receive: everything but the solution."""
        return {
            "id": self.id,
            "competence": self.competence,
            "level": self.level,
            "type": self.type.value,
            "instruction": self.instruction,
            "proposals": list(self.proposals),
            "fields": [
                {"name": f.name, "label": f.label, "format": f.format.value} for f in self.fields
            ],
            "timer": self.timer,
            "focus": self.focus,
            "image": self.image,
            "image_alt": self.image_alt,
            "attachment": self.attachment,
            "keep_order": self.keep_order,
        }


def public_challenge_from_dict(data: Mapping[str, Any]) -> Challenge:
    """Rebuild a solution-less challenge on a kiosk from `Challenge.public()`."""
    return Challenge(
        id=str(data["id"]),
        competence=str(data["competence"]),
        level=int(data["level"]),
        skill="",
        type=ChallengeType(data["type"]),
        instruction=str(data["instruction"]),
        proposals=tuple(str(p) for p in data.get("proposals", ())),
        fields=tuple(
            InputField(str(f["name"]), str(f["label"]), FieldFormat(f.get("format", "texte")))
            for f in data.get("fields", ())
        ),
        timer=data.get("timer"),
        focus=bool(data.get("focus", False)),
        image=data.get("image"),
        image_alt=str(data.get("image_alt", "")),
        attachment=data.get("attachment"),
        keep_order=bool(data.get("keep_order", False)),
    )
