import json
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.events import (
    PAYLOADS,
    Event,
    EventKind,
    EventPayloadError,
    Role,
    check_json,
    checked_json,
    may_produce,
    new_event,
)
from tests.helpers.events import EventFactory


def test_every_kind_has_a_payload_model_and_roles() -> None:
    assert set(PAYLOADS) == set(EventKind)
    for model in PAYLOADS.values():
        assert model.roles, model


def test_round_trip_through_the_wire() -> None:
    f = EventFactory(server=True)
    event = f.answer(3, "c1", {"r1": "Paris"})
    again = Event.from_wire(event.to_wire())
    assert again == event
    assert again.server_seq == 1


@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        (Role.KIOSK, EventKind.ANSWER_SUBMITTED, True),
        (Role.KIOSK, EventKind.PRESENCE_CONFIRMED, False),
        (Role.KIOSK, EventKind.TIME_ADDED, False),
        (Role.KIOSK, EventKind.TEST_STARTED, False),
        (Role.KIOSK, EventKind.RESUME_AUTHORIZED, True),
        (Role.INVIGILATOR, EventKind.TIME_ADDED, True),
        (Role.INVIGILATOR, EventKind.ANSWER_SUBMITTED, False),
        (Role.SERVER, EventKind.TEST_STARTED, True),
        (Role.JURY, EventKind.RESULTS_PUBLISHED, True),
        (Role.ADMIN, EventKind.RESULTS_PUBLISHED, False),
    ],
)
def test_roles(role: Role, kind: EventKind, allowed: bool) -> None:
    assert may_produce(role, kind) is allowed


def _wire(**changes: object) -> dict[str, object]:
    base = EventFactory().answer(3, "c1").to_wire()
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"payload": {"challenge_id": "c1"}}, "answer"),
        ({"payload": {"challenge_id": "c1", "answer": 1, "typo": 2}}, "typo"),
        ({"candidate_id": None}, "candidate_id is required"),
        ({"kind": "NoSuchKind"}, "kind"),
        ({"device_seq": 0}, "device_seq"),
        ({"wall_time": "2026-11-23T09:00:00"}, "time zone"),
        ({"extra": 1}, "extra"),
    ],
)
def test_bad_events_are_refused_with_the_field_named(changes: dict, message: str) -> None:
    with pytest.raises(EventPayloadError, match=message):
        Event.from_wire(_wire(**changes))


def test_session_wide_events_have_no_candidate() -> None:
    with pytest.raises(EventPayloadError, match="session-wide"):
        new_event(EventKind.TEST_LAUNCHED, session_id=1, candidate_id=2, device_id="s",
                  device_seq=1, monotonic_ms=0)


def test_time_added_may_be_for_one_or_all() -> None:
    for cid in (None, 4):
        e = new_event(EventKind.TIME_ADDED, session_id=1, candidate_id=cid, device_id="s",
                      device_seq=1, monotonic_ms=0, payload={"minutes": 12})
        assert e.time == e.wall_time
        assert isinstance(e.wall_time, datetime)


def test_incident_categories_are_the_current_pix_set() -> None:
    ok = {"C1", "C2", "C4", "C6", "C7", "C8", "E1", "E2", "E3", "E4", "E5", "E8", "E9",
          "E10", "E11", "E12"}
    for code in [*ok, "C3", "C5", "E6", "E7", "E13", "X1"]:
        payload = {"incident_id": "i", "category": code, "question_number": 1}
        if code in ok:
            new_event(EventKind.INCIDENT_REPORTED, session_id=1, candidate_id=2,
                      device_id="s", device_seq=1, monotonic_ms=0, payload=payload)
        else:
            with pytest.raises(EventPayloadError):
                new_event(EventKind.INCIDENT_REPORTED, session_id=1, candidate_id=2,
                          device_id="s", device_seq=1, monotonic_ms=0, payload=payload)


# The payload's checks read the JSON text in one pass when they can (issue 22) and walk
# the value when in doubt: both must refuse the same payloads, with the same message.
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0xDFFF))
)
_JSON_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0xDFFF),
                              max_size=3), inner, max_size=3),
    max_leaves=12,
)


def _walked(value: object) -> str | None:
    try:
        check_json("payload", value)
    except EventPayloadError as exc:
        return str(exc)
    return None


@settings(max_examples=400)
@given(_JSON_VALUES)
def test_the_one_pass_payload_check_refuses_what_the_walk_refuses(value: object) -> None:
    refusal = _walked(value)
    try:
        text = checked_json("payload", value)
    except EventPayloadError as exc:
        assert str(exc) == refusal
    else:
        assert refusal is None
        assert text == json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize(
    "value",
    [
        {"a": "x\x00"},  # NUL
        {"a\ud800": 1},  # a lone surrogate in a key
        {"a": 2**63},  # out of 64 bits
        {"a": float("nan")},
        {"a": [[[[[[[[[1]]]]]]]]]},  # nested 10 deep
    ],
)
def test_the_one_pass_payload_check_refuses_each_kind_of_bad_value(value: object) -> None:
    with pytest.raises(EventPayloadError):
        checked_json("payload", value)


def test_nine_brackets_inside_text_are_no_refusal() -> None:
    value = {"a": "[[[[[[[[[", "b": 10**20 // 10**3, "c": "12345678901234567890"}
    assert checked_json("payload", value) == json.dumps(value, ensure_ascii=False)
