"""Every event of the exam room, its envelope and its payload validation.

The event log is the single source of truth (ARCHITECTURE "The event log"). A device
creates an event, appends it durably to its local log, and sends it to the server, which
assigns `server_seq`. Events are immutable; the state of a session is `fold(events)`.

Events are named in the past tense. Each kind says which roles may produce it: the server
refuses a kind from any other role (a kiosk cannot confirm presence or add time).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator


class Role(StrEnum):
    KIOSK = "kiosk"
    INVIGILATOR = "invigilator"
    ADMIN = "admin"
    JURY = "jury"
    SERVER = "server"
    RELAY = "relay"
    """The room relay forwarding what it recorded on the LAN (docs/decisions/0004)."""


class EventKind(StrEnum):
    # Session-wide
    TEST_LAUNCHED = "TestLaunched"
    ENTRIES_CLOSED = "EntriesClosed"
    SESSION_FINALISED = "SessionFinalised"
    RESULTS_PUBLISHED = "ResultsPublished"
    # Per candidate (TIME_ADDED may be session-wide: candidate_id None)
    CANDIDATE_JOINED = "CandidateJoined"
    PRESENCE_CONFIRMED = "PresenceConfirmed"
    PRESENCE_CANCELLED = "PresenceCancelled"
    LATE_ENTRY_ADMITTED = "LateEntryAdmitted"
    TEST_STARTED = "TestStarted"
    CHALLENGE_SHOWN = "ChallengeShown"
    ANSWER_SUBMITTED = "AnswerSubmitted"
    CHALLENGE_SKIPPED = "ChallengeSkipped"
    FOCUS_LOST = "FocusLost"
    ALERT_RAISED = "AlertRaised"
    ALERT_RESOLVED = "AlertResolved"
    RESUME_REQUESTED = "ResumeRequested"
    RESUME_AUTHORIZED = "ResumeAuthorized"
    TIME_ADDED = "TimeAdded"
    TEST_ENDED = "TestEnded"
    END_SCREEN_SEEN = "EndScreenSeen"
    INCIDENT_REPORTED = "IncidentReported"
    ABANDONMENT_RECORDED = "AbandonmentRecorded"
    QUESTION_NEUTRALISED = "QuestionNeutralised"
    CERTIFICATION_CANCELLED = "CertificationCancelled"


class EventPayloadError(ValueError):
    """An event whose envelope or payload does not match its kind."""


# ---------------------------------------------------------------------------
# Payloads. `extra="forbid"` so that a typo in a field name is an error, not data loss.


SIG_KEY = "_sig"
"""Reserved payload key: the device's signature (app/domain/event_signing.py)."""


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    roles: ClassVar[frozenset[Role]]
    candidate_scoped: ClassVar[bool | None] = True
    """True: needs candidate_id; False: must have none; None: either (TimeAdded)."""

    @model_validator(mode="before")
    @classmethod
    def _drop_signature(cls, data: Any) -> Any:
        if isinstance(data, dict) and SIG_KEY in data:
            return {k: v for k, v in data.items() if k != SIG_KEY}
        return data


class TestLaunched(Payload):
    """"Lancer le test": the invigilator records the start of the session."""

    roles = frozenset({Role.INVIGILATOR})
    candidate_scoped = False


class EntriesClosed(Payload):
    """Late entries closed once the code is given; a late candidate needs LateEntryAdmitted."""

    roles = frozenset({Role.INVIGILATOR})
    candidate_scoped = False


class SessionFinalised(Payload):
    roles = frozenset({Role.ADMIN})
    candidate_scoped = False
    comment: str = Field(default="", max_length=500)
    no_particular_problem: bool = False
    candidates_had_trouble_joining: bool = False


class ResultsPublished(Payload):
    roles = frozenset({Role.JURY})
    candidate_scoped = False


class CandidateJoined(Payload):
    roles = frozenset({Role.KIOSK, Role.SERVER})
    device_id: str | None = Field(default=None, max_length=64)
    """The kiosk the candidate joined from (the server records the event for it)."""
    device_name: str = Field(default="", max_length=64)
    """The PC's name, shown by the station when a resume is asked from another PC."""
    public_key: str = Field(default="", max_length=64)
    """The kiosk's Ed25519 public key (base64), registered with the join: the device's
    later events must be signed by it (app/domain/event_signing.py). Empty: a kiosk from
    before signatures."""


class PresenceConfirmed(Payload):
    roles = frozenset({Role.INVIGILATOR})


class PresenceCancelled(Payload):
    roles = frozenset({Role.INVIGILATOR})


class LateEntryAdmitted(Payload):
    roles = frozenset({Role.INVIGILATOR})


class ChallengeRef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(min_length=1)
    competence: str = Field(min_length=1)


class TestStarted(Payload):
    """The server generated the candidate's test after a correct access code.

    `challenges` is the test in order; `spares` are replacements, per competence, used in
    order when the invigilator validates an alert, so a replacement needs no network.
    """

    roles = frozenset({Role.SERVER})
    certification_number: int = Field(gt=0)
    challenges: tuple[ChallengeRef, ...] = Field(min_length=1)
    spares: tuple[ChallengeRef, ...] = ()
    extra_time: float = Field(default=0.0, ge=0.0, le=1.0)
    accessibility: bool = False
    presence_validity_minutes: int = Field(default=15, ge=1, le=24 * 60)
    """How long a presence confirmation stayed valid on the server that recorded this start
    (its `presence_validity_minutes`): every device folds the start by the same rule."""


class ChallengeShown(Payload):
    roles = frozenset({Role.KIOSK})
    challenge_id: str = Field(min_length=1)


class AnswerSubmitted(Payload):
    """"Je valide". The raw answer; only the server, which holds solutions, scores it."""

    roles = frozenset({Role.KIOSK})
    challenge_id: str = Field(min_length=1)
    answer: int | list[int] | dict[str, str]
    timed_out: bool = False
    focused_out: bool = False
    elapsed_ms: int = Field(default=0, ge=0)


class ChallengeSkipped(Payload):
    """"Je passe": final, the question counts as wrong."""

    roles = frozenset({Role.KIOSK})
    challenge_id: str = Field(min_length=1)


class FocusLost(Payload):
    roles = frozenset({Role.KIOSK})
    challenge_id: str = Field(min_length=1)
    focus_challenge: bool = False


class AlertRaised(Payload):
    """"Signaler un problème avec la question": the question is paused."""

    roles = frozenset({Role.KIOSK})
    alert_id: str = Field(min_length=1)
    challenge_id: str = Field(min_length=1)


class AlertResolved(Payload):
    """The invigilator validated (the question is neutralised and replaced) or refused."""

    roles = frozenset({Role.INVIGILATOR})
    alert_id: str = Field(min_length=1)
    accepted: bool
    category: str | None = Field(default=None, pattern=r"^E(1|2|3|4|5|8|9|10|11|12)$")


class ResumeRequested(Payload):
    """A kiosk restarted (crash, power cut, spare PC) and asks to go on."""

    roles = frozenset({Role.KIOSK})
    outage_ms: int = Field(default=0, ge=0)


class ResumeAuthorized(Payload):
    """From the station, or on the kiosk itself with the session password when offline."""

    roles = frozenset({Role.INVIGILATOR, Role.KIOSK})
    via: Literal["station", "session_password"] = "station"
    request_id: str = Field(default="", max_length=64)
    """`session_password` only: the ResumeRequested event this authorises."""
    mac: str = Field(default="", max_length=64)
    """`session_password` only: the proof of the resume code (app.domain.resume_proof)."""


class TimeAdded(Payload):
    roles = frozenset({Role.INVIGILATOR})
    candidate_scoped = None
    minutes: int = Field(gt=0, le=240)


class TestEnded(Payload):
    roles = frozenset({Role.KIOSK, Role.INVIGILATOR, Role.SERVER})
    by: Literal["candidate", "invigilator", "max_duration", "session_finalised"]


class EndScreenSeen(Payload):
    """"Écran de fin de test vu": the kiosk may then clear the candidate's data."""

    roles = frozenset({Role.INVIGILATOR, Role.ADMIN})


class IncidentReported(Payload):
    roles = frozenset({Role.INVIGILATOR, Role.ADMIN})
    incident_id: str = Field(min_length=1)
    category: str = Field(pattern=r"^(C(1|2|4|6|7|8)|E(1|2|3|4|5|8|9|10|11|12))$")
    question_number: int | None = Field(default=None, gt=0)
    description: str = Field(default="", max_length=500)


class AbandonmentRecorded(Payload):
    roles = frozenset({Role.ADMIN})
    reason: Literal["candidate", "technical"]


class QuestionNeutralised(Payload):
    roles = frozenset({Role.JURY})
    challenge_id: str = Field(min_length=1)
    comment: str = Field(default="", max_length=500)


class CertificationCancelled(Payload):
    roles = frozenset({Role.JURY})
    comment: str = Field(default="", max_length=500)


PAYLOADS: dict[EventKind, type[Payload]] = {
    EventKind.TEST_LAUNCHED: TestLaunched,
    EventKind.ENTRIES_CLOSED: EntriesClosed,
    EventKind.SESSION_FINALISED: SessionFinalised,
    EventKind.RESULTS_PUBLISHED: ResultsPublished,
    EventKind.CANDIDATE_JOINED: CandidateJoined,
    EventKind.PRESENCE_CONFIRMED: PresenceConfirmed,
    EventKind.PRESENCE_CANCELLED: PresenceCancelled,
    EventKind.LATE_ENTRY_ADMITTED: LateEntryAdmitted,
    EventKind.TEST_STARTED: TestStarted,
    EventKind.CHALLENGE_SHOWN: ChallengeShown,
    EventKind.ANSWER_SUBMITTED: AnswerSubmitted,
    EventKind.CHALLENGE_SKIPPED: ChallengeSkipped,
    EventKind.FOCUS_LOST: FocusLost,
    EventKind.ALERT_RAISED: AlertRaised,
    EventKind.ALERT_RESOLVED: AlertResolved,
    EventKind.RESUME_REQUESTED: ResumeRequested,
    EventKind.RESUME_AUTHORIZED: ResumeAuthorized,
    EventKind.TIME_ADDED: TimeAdded,
    EventKind.TEST_ENDED: TestEnded,
    EventKind.END_SCREEN_SEEN: EndScreenSeen,
    EventKind.INCIDENT_REPORTED: IncidentReported,
    EventKind.ABANDONMENT_RECORDED: AbandonmentRecorded,
    EventKind.QUESTION_NEUTRALISED: QuestionNeutralised,
    EventKind.CERTIFICATION_CANCELLED: CertificationCancelled,
}


# ---------------------------------------------------------------------------
# The envelope

MAX_INT = 2**63
"""Integers of the envelope are stored as 64-bit signed integers: bigger ones are refused."""
MAX_ID = 2**62
"""Ids, as the API's paths bound them."""
MAX_PAYLOAD_CHARS = 16_000
"""A payload's JSON size; an answer has its own, smaller limit (MAX_ANSWER_CHARS)."""
MAX_ANSWER_CHARS = 10_000
"""An answer's JSON size (SPEC: answers are short; 1.9 MB was accepted, issue 17)."""
WALL_YEARS = (1900, 9000)
"""A device's wall time must fall in these years and convert to UTC: a wrong clock is
kept (the server orders by its own reception time), an impossible one is refused."""


class Event(BaseModel):
    """One immutable fact, as created by a device.

    `device_seq` counts the device's own events (gap-free, from 1); `seen_seq` is the
    highest `server_seq` the device had received when it recorded the event, which tells
    the fold what the device knew (docs/decisions/0002-offline-conflicts.md).
    `server_seq` and `received_at` are set by the server only.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    session_id: int = Field(gt=0, lt=MAX_ID)
    candidate_id: int | None = Field(default=None, gt=0, lt=MAX_ID)
    kind: EventKind
    payload: dict[str, Any] = Field(default_factory=dict)
    device_id: str = Field(min_length=1, max_length=64)
    device_seq: int = Field(ge=1, lt=MAX_INT)
    monotonic_ms: int = Field(ge=0, lt=MAX_INT)
    wall_time: datetime
    seen_seq: int = Field(default=0, ge=0, lt=MAX_INT)
    server_seq: int | None = None
    received_at: datetime | None = None
    _typed: Payload | None = PrivateAttr(default=None)
    """The payload as its kind's model, once validated (`validate` and the fold both
    need it: a push validated each payload three times, issue 22)."""

    def __eq__(self, other: object) -> bool:
        # The fields only: whether the payload was validated yet (`_typed`) is no part
        # of the fact (pydantic's own comparison includes private attributes).
        if not isinstance(other, Event):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # a payload is a dict: never hashable

    @property
    def time(self) -> datetime:
        """Best available time: the server's reception time, else the device's clock."""
        return self.received_at or self.wall_time

    def typed_payload(self) -> Payload:
        # Through pydantic's private dict, not `self._typed`: reading a private attribute
        # goes through BaseModel.__getattr__, 5 us a read against 0.1 (issue 22).
        private = self.__pydantic_private__
        typed = private.get("_typed") if private is not None else None
        if typed is None:
            typed = PAYLOADS[self.kind].model_validate(self.payload)
            if private is not None:
                private["_typed"] = typed
        return typed

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> Event:
        """Parse and validate an event received from elsewhere; EventPayloadError if bad."""
        try:
            event = cls.model_validate(normalise_answer(data))
        except ValidationError as exc:
            raise EventPayloadError(_first_error(exc)) from exc
        validate(event)
        return event

    def acknowledged(self, server_seq: int, received_at: datetime) -> Event:
        return self.model_copy(update={"server_seq": server_seq, "received_at": received_at})


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "event"
    return f"{where}: {err['msg']}"


def validate(event: Event) -> None:
    """Check the envelope against the kind: candidate scope, wall time zone, payload."""
    cls = PAYLOADS[event.kind]
    scoped = cls.candidate_scoped
    if scoped is True and event.candidate_id is None:
        raise EventPayloadError(f"{event.kind}: candidate_id is required")
    if scoped is False and event.candidate_id is not None:
        raise EventPayloadError(f"{event.kind}: candidate_id must be empty (session-wide event)")
    if event.wall_time.tzinfo is None:
        raise EventPayloadError("wall_time: must carry a time zone")
    try:
        utc_time = event.wall_time.astimezone(UTC)
    except (OverflowError, ValueError):
        raise EventPayloadError("wall_time: out of range") from None
    if not WALL_YEARS[0] <= utc_time.year <= WALL_YEARS[1]:
        raise EventPayloadError(f"wall_time: year must be {WALL_YEARS[0]} to {WALL_YEARS[1]}")
    for where, text in (("id", event.id), ("device_id", event.device_id)):
        check_text(where, text)
    payload_size = len(checked_json("payload", event.payload))
    if payload_size > MAX_PAYLOAD_CHARS:
        raise EventPayloadError(f"payload: more than {MAX_PAYLOAD_CHARS} characters")
    # The answer is part of the payload: only a payload over the answer's limit may hold
    # an answer over it.
    if event.kind is EventKind.ANSWER_SUBMITTED and payload_size > MAX_ANSWER_CHARS:
        size = len(json.dumps(event.payload.get("answer"), ensure_ascii=False))
        if size > MAX_ANSWER_CHARS:
            raise EventPayloadError(f"answer_too_large: more than {MAX_ANSWER_CHARS} characters")
    try:
        event.typed_payload()
    except ValidationError as exc:
        raise EventPayloadError(f"{event.kind}: payload.{_first_error(exc)}") from exc


def _clean(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text(where: str, text: str) -> None:
    """A text no database can store (NUL, a lone surrogate) is refused."""
    if not _clean(text):
        raise EventPayloadError(f"{where}: holds a NUL character or a lone surrogate")


_LONG_NUMBER = re.compile(r"\d{19}")
_STRICT_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def checked_json(where: str, value: Any) -> str:
    """`value` as JSON text, after `check_json`'s checks, which this does from the text in
    one pass when it can (a push checks every event: the walk was a quarter of the
    check's time, issue 22): json.dumps refuses NaN and infinities, escapes a NUL as
    \\u0000, leaves a lone surrogate that the UTF-8 encoding then refuses; fewer than 19
    digits in a row means no integer out of range, at most 8 brackets no nesting too deep.
    Any doubt, and the walk decides, with its precise message."""
    try:
        text = _STRICT_JSON.encode(value)
        text.encode("utf-8")
    except ValueError:  # NaN or infinity; UnicodeEncodeError (a lone surrogate) is one
        text = ""
    if (
        not text
        or "\\u0000" in text
        or text.count("{") + text.count("[") > 8
        or _LONG_NUMBER.search(text)
    ):
        check_json(where, value)  # raises what it finds
        text = json.dumps(value, ensure_ascii=False)
    return text


def check_json(where: str, value: Any, depth: int = 0) -> None:
    """Every key and string of a JSON value is storable; integers fit 64 bits."""
    if depth > 8:
        raise EventPayloadError(f"{where}: nested too deep")
    if isinstance(value, str):
        check_text(where, value)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if not -MAX_INT <= value < MAX_INT:
            raise EventPayloadError(f"{where}: integer out of range")
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise EventPayloadError(f"{where}: not a finite number")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(f"{where} key", str(key))
            check_json(f"{where}.{key}" if _clean(str(key)) else where, item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            check_json(where, item, depth + 1)


def clean_answer_text(text: str) -> str:
    """The candidate's own typed text as it can be stored: NUL removed, a lone surrogate
    replaced (what a pasted broken character becomes). Kiosks apply it before recording
    an answer; the server applies it to an answer received with such characters."""
    text = text.replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")


def normalise_answer(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """`data` (an event on the wire) with its text answer cleaned (clean_answer_text)."""
    payload = data.get("payload")
    if data.get("kind") != EventKind.ANSWER_SUBMITTED or not isinstance(payload, dict):
        return data
    answer = payload.get("answer")
    if not isinstance(answer, dict) or all(
        isinstance(v, str) and _clean(v) for v in answer.values()
    ):
        return data
    cleaned = {k: clean_answer_text(v) if isinstance(v, str) else v for k, v in answer.items()}
    return {**data, "payload": {**payload, "answer": cleaned}}


def may_produce(role: Role, kind: EventKind) -> bool:
    return role in PAYLOADS[kind].roles


def new_event(
    kind: EventKind,
    *,
    session_id: int,
    device_id: str,
    device_seq: int,
    monotonic_ms: int,
    wall_time: datetime | None = None,
    candidate_id: int | None = None,
    payload: Mapping[str, Any] | None = None,
    seen_seq: int = 0,
) -> Event:
    """Create and validate a new event with a fresh UUID4 id.

    A text answer is stored as `clean_answer_text` makes it (before any signature)."""
    body = dict(payload or {})
    if kind is EventKind.ANSWER_SUBMITTED:
        body = dict(normalise_answer({"kind": kind, "payload": body})["payload"])
    event = Event(
        id=str(uuid.uuid4()),
        session_id=session_id,
        candidate_id=candidate_id,
        kind=kind,
        payload=body,
        device_id=device_id,
        device_seq=device_seq,
        monotonic_ms=monotonic_ms,
        wall_time=wall_time or datetime.now(UTC),
        seen_seq=seen_seq,
    )
    validate(event)
    return event
