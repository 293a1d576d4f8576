"""The signature of a candidate event (app/domain/event_signing.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from app.domain import event_signing as signing
from app.domain.events import SIG_KEY, AnswerSubmitted, Event, EventKind, new_event


def _answer(**payload: object) -> Event:
    return new_event(EventKind.ANSWER_SUBMITTED, session_id=1, candidate_id=2,
                     device_id="pc-1", device_seq=3, monotonic_ms=4,
                     wall_time=datetime(2026, 12, 5, 9, 0, tzinfo=UTC),
                     payload={"challenge_id": "q1", "answer": 1, **payload})


def test_a_signed_event_verifies_and_survives_the_wire_and_other_time_zones() -> None:
    key = signing.new_private_key()
    public = signing.public_key_text(key)
    signed = signing.sign(_answer(answer={"f": "é"}), key)
    assert signing.verify(signed, public)
    again = Event.from_wire(signed.to_wire())
    assert signing.verify(again, public)
    paris = again.model_copy(update={
        "wall_time": again.wall_time.astimezone(timezone(timedelta(hours=1)))})
    assert signing.verify(paris, public)
    # seen_seq is rewritten on the way (failover, relay): not signed.
    assert signing.verify(again.model_copy(update={"seen_seq": 99}), public)
    # The payload model ignores the signature.
    assert isinstance(again.typed_payload(), AnswerSubmitted)


def test_any_change_or_another_key_breaks_the_signature() -> None:
    key = signing.new_private_key()
    public = signing.public_key_text(key)
    signed = signing.sign(_answer(), key)
    changed = {"payload": {**signed.payload, "answer": 2}}
    for update in (changed, {"device_id": "pc-2"}, {"candidate_id": 5}, {"device_seq": 9},
                   {"wall_time": signed.wall_time + timedelta(microseconds=1)}):
        assert not signing.verify(signed.model_copy(update=update), public)
    other = signing.sign(_answer(), signing.new_private_key())
    assert not signing.verify(other, public)
    unsigned = _answer()
    assert not signing.verify(unsigned, public)
    assert signing.signature_refusal(unsigned, public) is not None
    assert signing.signature_refusal(unsigned, None) is None  # no key registered
    assert signing.signature_refusal(signed, public) is None
    assert SIG_KEY not in unsigned.payload


def test_keys_are_checked_for_shape() -> None:
    assert signing.valid_public_key(signing.public_key_text(signing.new_private_key()))
    for bad in ("", "not-a-key", "AAAA", "é" * 44):
        assert not signing.valid_public_key(bad)
