"""Reading one challenge object of a content file: every rule of the format, every error.

Validation is plain code rather than pydantic: almost every rule depends on the challenge
type and on other keys (proposal count, field formats, pack directory), and plain code
gives messages in the words of the format ("index 5 is out of range (4 proposals)").
Every solution must be accepted by the same checker that will mark the candidates
(app.domain.answers), and no typical wrong answer may be.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from app.domain.answers import answers_from_solution, check_answer, normalize_basic, parse_number
from app.domain.competences import COMPETENCE_CODES, MAX_LEVEL
from app.domain.content import (
    AnswerStatus,
    Challenge,
    ChallengeType,
    FieldFormat,
    InputField,
    Tolerances,
)
from app.services.content.errors import ContentError, unknown_key_message

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*")
MIN_LEVEL = 1
MIN_PROPOSALS, MAX_PROPOSALS = 2, 8
MIN_TIMER, MAX_TIMER = 10, 600

_REQUIRED_KEYS = ("id", "competence", "level", "skill", "type", "instruction", "solution")
_OPTIONAL_KEYS = (
    "proposals",
    "fields",
    "tolerances",
    "timer",
    "focus",
    "image",
    "image_alt",
    "attachment",
    "partial",
    "wrong_answers",
    "keep_order",
)
_CHALLENGE_KEYS = _REQUIRED_KEYS + _OPTIONAL_KEYS
_FIELD_KEYS = ("name", "label", "format")
_TOLERANCE_KEYS = ("t1", "t2", "t3")

_CHOICE_TYPES = frozenset({ChallengeType.QCU, ChallengeType.QCM})
_QROCM_TYPES = frozenset({ChallengeType.QROCM_IND, ChallengeType.QROCM_DEP})


def _as_int(value: object) -> int | None:
    """A JSON integer, or None: true/false are not numbers here, although bool is an int."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _as_text(value: object) -> str | None:
    """A string with more than blanks in it, or None."""
    return value if isinstance(value, str) and value.strip() else None


class ChallengeReader:
    """Validates one challenge object and builds it, collecting every error on the way.

    Checks that depend on an invalid key are skipped (no solution check without valid
    proposals) so that one mistake gives one message, not a cascade.
    """

    def __init__(self, file: str, root: Path, raw: Mapping[str, object], index: int) -> None:
        self._file = file
        self._root = root
        self._raw = raw
        self._id = _as_text(raw.get("id")) or f"#{index + 1}"
        self.errors: list[ContentError] = []

    def _error(self, field: str | None, message: str) -> None:
        self.errors.append(ContentError(self._file, self._id, field, message))

    def read(self) -> Challenge | None:
        """The challenge, or None when there is at least one error (see ``errors``)."""
        raw = self._raw
        for key in raw:
            if key not in _CHALLENGE_KEYS:
                self._error(key, unknown_key_message(key, _CHALLENGE_KEYS))
        for key in _REQUIRED_KEYS:
            if key not in raw:
                self._error(key, "is required")

        self._check_id()
        competence = self._competence()
        level = self._int("level", MIN_LEVEL, MAX_LEVEL)
        skill = self._text("skill")
        instruction = self._text("instruction")
        challenge_type = self._type()
        proposals, fields, solution = self._type_specific(challenge_type)
        tolerances = self._tolerances()
        timer = self._int("timer", MIN_TIMER, MAX_TIMER)
        focus = self._bool("focus")
        image, image_alt = self._image()
        attachment = self._pack_file("attachment")
        partial = self._partial(challenge_type)
        wrong_answers = self._wrong_answers()
        keep_order = self._keep_order(challenge_type)

        if self.errors:
            return None
        assert competence is not None and level is not None and challenge_type is not None
        challenge = Challenge(
            id=self._id,
            competence=competence,
            level=level,
            skill=skill,
            type=challenge_type,
            instruction=instruction,
            proposals=proposals,
            fields=fields,
            solution=solution,
            tolerances=tolerances,
            timer=timer,
            focus=focus,
            image=image,
            image_alt=image_alt,
            attachment=attachment,
            partial=partial,
            wrong_answers=wrong_answers,
            keep_order=keep_order,
        )
        self._check_own_solution(challenge)
        self._check_wrong_answers(challenge)
        return None if self.errors else challenge

    # -- simple keys --

    def _check_id(self) -> None:
        if "id" not in self._raw:
            return
        value = self._raw["id"]
        if not isinstance(value, str):
            self._error("id", "must be a string")
        elif not ID_PATTERN.fullmatch(value):
            self._error(
                "id",
                f"{value!r} is not a valid id (lower-case letters, digits, '.', '_', '-';"
                " starting with a letter or digit)",
            )

    def _competence(self) -> str | None:
        if "competence" not in self._raw:
            return None
        value = self._raw["competence"]
        if isinstance(value, str) and value in COMPETENCE_CODES:
            return value
        self._error("competence", f"unknown competence {value!r} (expected 1.1 to 5.2)")
        return None

    def _int(self, key: str, low: int, high: int) -> int | None:
        """An optional integer key (None when absent); required keys are checked apart."""
        if key not in self._raw:
            return None
        value = _as_int(self._raw[key])
        if value is None:
            found = self._raw[key]
            self._error(key, f"must be an integer from {low} to {high}, found {found!r}")
            return None
        if not low <= value <= high:
            self._error(key, f"{value} is out of range ({low} to {high})")
            return None
        return value

    def _text(self, key: str) -> str:
        value = _as_text(self._raw.get(key))
        if key in self._raw and value is None:
            self._error(key, "must be a non-empty string")
        return value or ""

    def _bool(self, key: str) -> bool:
        value = self._raw.get(key, False)
        if not isinstance(value, bool):
            self._error(key, f"must be true or false, found {value!r}")
            return False
        return value

    def _type(self) -> ChallengeType | None:
        value = self._raw.get("type")
        if "type" not in self._raw:
            return None
        if isinstance(value, str) and value in {t.value for t in ChallengeType}:
            return ChallengeType(value)
        expected = ", ".join(t.value for t in ChallengeType)
        self._error("type", f"unknown type {value!r} (expected one of {expected})")
        return None

    def _tolerances(self) -> Tolerances:
        value = self._raw.get("tolerances", {})
        if not isinstance(value, dict):
            self._error("tolerances", 'must be an object such as {"t1": true, "t3": false}')
            return Tolerances()
        switches: dict[str, bool] = {}
        for key, switch in value.items():
            if key not in _TOLERANCE_KEYS:
                self._error(f"tolerances.{key}", unknown_key_message(key, _TOLERANCE_KEYS))
            elif not isinstance(switch, bool):
                self._error(f"tolerances.{key}", f"must be true or false, found {switch!r}")
            else:
                switches[key] = switch
        return Tolerances(**switches)

    def _partial(self, challenge_type: ChallengeType | None) -> bool:
        partial = self._bool("partial")
        if "partial" in self._raw and challenge_type not in (None, *_QROCM_TYPES):
            self._error("partial", "only QROCM-ind and QROCM-dep challenges can be partial")
        return partial

    def _keep_order(self, challenge_type: ChallengeType | None) -> bool:
        keep = self._bool("keep_order")
        if "keep_order" in self._raw and challenge_type not in (None, *_CHOICE_TYPES):
            self._error("keep_order", "only QCU and QCM challenges have proposals to keep in order")
        return keep

    # -- files --

    def _image(self) -> tuple[str | None, str]:
        image = self._pack_file("image")
        alt = _as_text(self._raw.get("image_alt"))
        if "image" in self._raw and alt is None:
            self._error("image_alt", "a non-empty text alternative is required with an image")
        elif "image_alt" in self._raw and "image" not in self._raw:
            self._error("image_alt", "only allowed together with an image")
        return image, alt or ""

    def _pack_file(self, key: str) -> str | None:
        """A path relative to the pack directory, naming a file that is there.

        Absolute paths and '..' are refused so that a pack is self-contained and cannot
        point a kiosk at files elsewhere on the PC; '/' only, so a pack written on one
        system works on the other.
        """
        if key not in self._raw:
            return None
        value = _as_text(self._raw[key])
        if value is None:
            self._error(key, "must be a non-empty path relative to the pack directory")
            return None
        relative = PurePosixPath(value)
        if "\\" in value:
            self._error(key, f"{value!r}: use '/' to separate directories")
        elif relative.is_absolute() or re.match(r"[A-Za-z]:", value):
            self._error(key, f"{value!r} must be relative to the pack directory")
        elif ".." in relative.parts:
            self._error(key, f"{value!r} must stay inside the pack directory ('..')")
        elif not (self._root / relative).resolve().is_relative_to(self._root.resolve()):
            self._error(key, f"{value!r} leads outside the pack directory (symbolic link)")
        elif not (self._root / relative).is_file():
            self._error(key, f"file {value!r} not found in the pack directory")
        else:
            return value
        return None

    # -- type-specific keys --

    def _type_specific(
        self, challenge_type: ChallengeType | None
    ) -> tuple[tuple[str, ...], tuple[InputField, ...], object]:
        """proposals, fields and the normalised solution, per type (empty when invalid)."""
        raw = self._raw
        if challenge_type is None:
            return (), (), None
        if challenge_type in _CHOICE_TYPES:
            if "fields" in raw:
                self._error("fields", f"a {challenge_type} challenge has proposals, not fields")
            if "proposals" not in raw:
                self._error("proposals", f"is required for a {challenge_type} challenge")
                return (), (), None
            proposals = self._proposals()
            if proposals is None or "solution" not in raw:
                return (), (), None
            if challenge_type is ChallengeType.QCU:
                return proposals, (), self._qcu_solution(len(proposals))
            return proposals, (), self._qcm_solution(len(proposals))

        if "proposals" in raw:
            self._error("proposals", f"a {challenge_type} challenge has fields, not proposals")
        if "fields" not in raw:
            self._error("fields", f"is required for a {challenge_type} challenge")
            return (), (), None
        fields = self._fields(challenge_type)
        if fields is None or "solution" not in raw:
            return (), (), None
        if challenge_type is ChallengeType.QROCM_DEP:
            return (), fields, self._dependent_solution(fields)
        return (), fields, self._independent_solution(fields)

    def _proposals(self) -> tuple[str, ...] | None:
        value = self._raw["proposals"]
        if not isinstance(value, list) or not MIN_PROPOSALS <= len(value) <= MAX_PROPOSALS:
            self._error(
                "proposals", f"must be a list of {MIN_PROPOSALS} to {MAX_PROPOSALS} strings"
            )
            return None
        ok = True
        seen: set[str] = set()
        for index, item in enumerate(value):
            proposal = _as_text(item)
            if proposal is None:
                self._error(f"proposals[{index}]", "must be a non-empty string")
                ok = False
            elif normalize_basic(proposal) in seen:
                self._error(f"proposals[{index}]", f"{proposal!r} is listed twice")
                ok = False
            else:
                seen.add(normalize_basic(proposal))
        return tuple(value) if ok else None

    def _fields(self, challenge_type: ChallengeType) -> tuple[InputField, ...] | None:
        value = self._raw["fields"]
        if challenge_type is ChallengeType.QROC:
            count_ok, expected = isinstance(value, list) and len(value) == 1, "exactly 1 field"
        else:
            count_ok, expected = isinstance(value, list) and len(value) >= 2, "at least 2 fields"
        if not isinstance(value, list) or not count_ok:
            self._error("fields", f"a {challenge_type} challenge has {expected}")
            return None
        fields = [self._field(index, item) for index, item in enumerate(value)]
        valid = [f for f in fields if f is not None]
        if len(valid) < len(fields):
            return None
        names = [f.name for f in valid]
        for index, name in enumerate(names):
            if name in names[:index]:
                self._error(f"fields[{index}].name", f"field name {name!r} is used twice")
                return None
        if challenge_type is ChallengeType.QROCM_DEP and len({f.format for f in valid}) > 1:
            self._error(
                "fields", "QROCM-dep fields must share one format (any field may take any group)"
            )
            return None
        return tuple(valid)

    def _field(self, index: int, item: object) -> InputField | None:
        where = f"fields[{index}]"
        if not isinstance(item, dict):
            self._error(where, 'must be an object {"name": ..., "label": ...}')
            return None
        errors_before = len(self.errors)
        for key in item:
            if key not in _FIELD_KEYS:
                self._error(f"{where}.{key}", unknown_key_message(key, _FIELD_KEYS))
        name, label = _as_text(item.get("name")), _as_text(item.get("label"))
        for key, text in (("name", name), ("label", label)):
            if text is None:
                self._error(f"{where}.{key}", "must be a non-empty string")
        field_format = item.get("format", FieldFormat.TEXT.value)
        if field_format not in {f.value for f in FieldFormat}:
            self._error(f"{where}.format", f"must be 'texte' or 'nombre', found {field_format!r}")
        if len(self.errors) > errors_before or name is None or label is None:
            return None
        return InputField(name, label, FieldFormat(field_format))

    def _qcu_solution(self, proposal_count: int) -> int | None:
        value = _as_int(self._raw["solution"])
        if value is None:
            self._error(
                "solution",
                f"must be the number of the right proposal (1 to {proposal_count}),"
                f" found {self._raw['solution']!r}",
            )
            return None
        return value if self._index_in_range("solution", value, proposal_count) else None

    def _qcm_solution(self, proposal_count: int) -> tuple[int, ...] | None:
        value = self._raw["solution"]
        if not isinstance(value, list) or not value:
            self._error(
                "solution", "must be a non-empty list of the numbers of the right proposals"
            )
            return None
        ok = True
        for index, item in enumerate(value):
            where = f"solution[{index}]"
            number = _as_int(item)
            if number is None:
                self._error(where, f"must be a proposal number, found {item!r}")
                ok = False
            elif number in value[:index]:
                self._error(where, f"proposal {number} is listed twice")
                ok = False
            else:
                ok = self._index_in_range(where, number, proposal_count) and ok
        return tuple(sorted(value)) if ok else None

    def _index_in_range(self, where: str, index: int, proposal_count: int) -> bool:
        if 1 <= index <= proposal_count:
            return True
        self._error(where, f"index {index} is out of range ({proposal_count} proposals)")
        return False

    def _independent_solution(
        self, fields: tuple[InputField, ...]
    ) -> dict[str, tuple[str, ...]] | None:
        value = self._raw["solution"]
        if not isinstance(value, dict):
            self._error(
                "solution", "must be an object mapping each field name to its accepted answers"
            )
            return None
        ok = True
        for key in value:
            if key not in {f.name for f in fields}:
                self._error(f"solution.{key}", f"{key!r} is not a field of this challenge")
                ok = False
        solution: dict[str, tuple[str, ...]] = {}
        for f in fields:
            if f.name not in value:
                self._error("solution", f"no accepted answers for field {f.name!r}")
                ok = False
                continue
            accepted = self._accepted(f"solution.{f.name}", value[f.name], f.format)
            if accepted is None:
                ok = False
            else:
                solution[f.name] = accepted
        return solution if ok else None

    def _dependent_solution(
        self, fields: tuple[InputField, ...]
    ) -> dict[str, tuple[tuple[str, ...], ...]] | None:
        value = self._raw["solution"]
        if not isinstance(value, dict) or set(value) != {"groups"}:
            self._error("solution", 'must be an object {"groups": [[...], ...]}')
            return None
        groups = value["groups"]
        if not isinstance(groups, list):
            self._error("solution.groups", "must be a list of groups of accepted answers")
            return None
        if len(groups) < len(fields):
            self._error(
                "solution.groups",
                f"{len(groups)} group(s) for {len(fields)} fields:"
                " every field needs a group of its own",
            )
            return None
        field_format = fields[0].format
        accepted = [
            self._accepted(f"solution.groups[{index}]", group, field_format)
            for index, group in enumerate(groups)
        ]
        valid = [group for group in accepted if group is not None]
        return {"groups": tuple(valid)} if len(valid) == len(accepted) else None

    def _accepted(
        self, where: str, value: object, field_format: FieldFormat
    ) -> tuple[str, ...] | None:
        """A non-empty list of accepted answers; numbers must parse for `nombre` fields."""
        if not isinstance(value, list) or not value:
            self._error(where, "must be a non-empty list of accepted answers")
            return None
        ok = True
        for index, item in enumerate(value):
            answer = _as_text(item)
            if answer is None:
                self._error(f"{where}[{index}]", "must be a non-empty string")
                ok = False
            elif field_format is FieldFormat.NUMBER and parse_number(answer) is None:
                self._error(
                    f"{where}[{index}]", f"{answer!r} is not a number (the field is 'nombre')"
                )
                ok = False
        return tuple(value) if ok else None

    def _wrong_answers(self) -> tuple[object, ...]:
        if "wrong_answers" not in self._raw:
            return ()
        value = self._raw["wrong_answers"]
        if not isinstance(value, list) or not value:
            self._error("wrong_answers", "must be a non-empty list of answers")
            return ()
        return tuple(
            {str(k): v for k, v in item.items()} if isinstance(item, dict) else item
            for item in value
        )

    def _check_wrong_answers(self, challenge: Challenge) -> None:
        """A typical wrong answer the checker accepts means the tolerances are too loose."""
        for index, answer in enumerate(challenge.wrong_answers):
            status = check_answer(challenge, answer)
            if status is AnswerStatus.OK:
                self._error(
                    f"wrong_answers[{index}]",
                    f"{answer!r} is accepted by the challenge's checker; "
                    "tighten the tolerances or remove it",
                )

    def _check_own_solution(self, challenge: Challenge) -> None:
        """Every accepted answer must pass the checker that will mark the candidates."""
        for description, answer in answers_from_solution(challenge):
            status = check_answer(challenge, answer)
            if status is not AnswerStatus.OK:
                self._error(
                    "solution", f"{description} is marked {status} by the challenge's own checker"
                )
