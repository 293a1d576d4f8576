"""The relay grant and proof (forged, foreign, expired), and FailoverTransport's numbering."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from app.domain import relay_trust as trust
from app.domain.events import Event, EventKind, new_event
from app.services.failover import FailoverTransport
from app.services.http import Unreachable
from app.services.sync import PushResult

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def relay_answer(central: trust.Ed25519PrivateKey, relay: trust.Ed25519PrivateKey,
                 session_id: int, nonce: str, *, expires: datetime | None = None) -> dict:
    grant = trust.Grant(session_id, trust.b64(trust.public_bytes(relay)),
                        expires or NOW + timedelta(days=2))
    return {"grant": grant.to_dict(), "grant_signature": trust.sign_grant(central, grant),
            "proof": trust.sign_proof(relay, session_id, nonce)}


def test_a_relay_with_a_grant_of_the_central_server_is_trusted() -> None:
    central, relay = trust.new_private_key(), trust.new_private_key()
    answer = relay_answer(central, relay, 296, "n" * 20)
    grant = trust.verify_proof(trust.public_bytes(central), answer, session_id=296,
                               nonce="n" * 20, now=NOW)
    assert grant.session_id == 296


@pytest.mark.parametrize("case", ["forged", "other_session", "expired", "stolen", "replayed"])
def test_a_relay_that_cannot_prove_the_session_is_refused(case: str) -> None:
    central, relay, rogue = (trust.new_private_key() for _ in range(3))
    nonce = "fresh-nonce-1234567"
    if case == "forged":  # a grant signed by someone else than the central server
        answer = relay_answer(rogue, relay, 296, nonce)
    elif case == "other_session":
        answer = relay_answer(central, relay, 297, nonce)
    elif case == "expired":
        answer = relay_answer(central, relay, 296, nonce, expires=NOW - timedelta(seconds=1))
    elif case == "stolen":  # a copied grant, but the rogue machine lacks the relay key
        answer = relay_answer(central, relay, 296, nonce)
        answer["proof"] = trust.sign_proof(rogue, 296, nonce)
    else:  # an old proof for another nonce
        answer = relay_answer(central, relay, 296, "an-older-nonce-0000")
    with pytest.raises(trust.RelayNotTrusted) as refused:
        trust.verify_proof(trust.public_bytes(central), answer, session_id=296, nonce=nonce,
                           now=NOW)
    expected = {"forged": "bad_signature", "other_session": "other_session",
                "expired": "expired", "stolen": "bad_proof", "replayed": "bad_proof"}
    assert refused.value.code == expected[case]


class FakeEnd:
    """One end with its own numbering; `down` makes it unreachable."""

    def __init__(self, name: str, first_seq: int) -> None:
        self.name = name
        self.log: list[Event] = []
        self.seq = first_seq
        self.down = False
        self.pushed: list[Event] = []
        self.refuse: dict[str, str] = {}

    def add(self, event: Event) -> Event:
        self.seq += 1
        stamped = event.acknowledged(self.seq, NOW)
        self.log.append(stamped)
        return stamped

    def push(self, events: Sequence[Event]) -> PushResult:
        if self.down:
            raise Unreachable(self.name)
        # As app/server/sync_service.py: a client never sets the server's fields.
        assert all(e.server_seq is None and e.received_at is None for e in events), (
            "invalid_event: server_seq and received_at are set by the server")
        self.pushed.extend(events)
        acked = {e.id: (self.add(e).server_seq or 0, NOW) for e in events
                 if e.id not in self.refuse}
        return PushResult(acked=acked, refused={i: r for i, r in self.refuse.items()
                                                if i in {e.id for e in events}})

    def pull(self, session_id: int, after: int, wait_s: float) -> tuple[list[Event], int]:
        if self.down:
            raise Unreachable(self.name)
        new = [e for e in self.log if (e.server_seq or 0) > after]
        return new, max([after, *(e.server_seq or 0 for e in new)])

    def abort(self) -> None:
        """Nothing in flight: every call answers at once."""


def ev(kind: EventKind = EventKind.TIME_ADDED, seen: int = 0, **payload: object) -> Event:
    return new_event(kind, session_id=1, candidate_id=2, device_id="pc-1", device_seq=1,
                     monotonic_ms=0, payload=payload or {"minutes": 5}, seen_seq=seen)


def test_failover_shows_one_numbering_and_translates_seen_seq_per_end() -> None:
    relay, central = FakeEnd("relay", 0), FakeEnd("central", 1000)
    t = FailoverTransport([("relay", relay), ("central", central)])
    relay.add(ev())
    relay.add(ev())
    events, last = t.pull(1, 0, 0)
    assert [e.server_seq for e in events] == [1, 2] and last == 2
    relay.down = True
    central.add(ev())
    events, last = t.pull(1, last, 0)
    assert t.active == "central" and [e.server_seq for e in events] == [3] and last == 3
    # An event recorded having seen virtual 2 (relay's 2) goes to central as seen 0:
    # the device had read nothing of central then. Recorded at virtual 3: central's 1001.
    t.push([ev(EventKind.FOCUS_LOST, seen=2, challenge_id="c"),
            ev(EventKind.FOCUS_LOST, seen=3, challenge_id="c")])
    assert [e.seen_seq for e in central.pushed] == [0, 1001]
    relay.down = False
    t._down_until.clear()
    result = t.push([ev(EventKind.FOCUS_LOST, seen=3, challenge_id="c")])
    assert relay.pushed[-1].seen_seq == 2 and t.active == "relay"
    assert all(seq > 3 for seq, _ in result.acked.values())  # acks are virtual numbers too


def test_a_refusal_for_missing_history_is_never_final_with_two_ends() -> None:
    relay, central = FakeEnd("relay", 0), FakeEnd("central", 1000)
    t = FailoverTransport([("relay", relay), ("central", central)])
    relay.down = True
    answer = ev(EventKind.ANSWER_SUBMITTED, challenge_id="c", answer=1)
    central.refuse[answer.id] = "not_started: the test has not started"
    result = t.push([answer])
    assert t.active == "central" and not result.refused and not result.acked
    # Back on the relay, which has not pulled a test started on central meanwhile: the
    # same refusal is not final either (found by `examroom simulate --relay`).
    relay.down = False
    t._down_until.clear()
    relay.refuse[answer.id] = "not_started: the test has not started"
    result = t.push([answer])
    assert relay.pushed[-1].id == answer.id and central.pushed[-1].id == answer.id
    assert not result.refused and not result.acked  # both lack the start: kept
    # Any other refusal goes to the next end, which may hold what this one lacks...
    central.refuse.clear()  # central has the start by now
    relay.refuse[answer.id] = "paused: an alert is open"
    result = t.push([answer])
    assert set(result.acked) == {answer.id} and not result.refused
    assert t.active == "central"
    # ... and is the answer only when every end gives it (central's words).
    other = ev(EventKind.ANSWER_SUBMITTED, challenge_id="d", answer=1)
    relay.refuse[other.id] = "already_answered: d was answered on the relay"
    central.refuse[other.id] = "already_answered: d was answered"
    t._down_until.clear()
    assert t.push([other]).refused == {other.id: "already_answered: d was answered"}
    # With central out of reach, the relay's "no" alone is not final: kept, sent again.
    central.down = True
    t._down_until.clear()
    result = t.push([other])
    assert not result.refused and not result.acked


def test_after_a_switch_an_end_receives_the_device_history_first_in_order() -> None:
    """The answer the relay acknowledged reaches central before the candidate's own end,
    even though the relay died before forwarding it (found by `examroom simulate --relay`)."""
    relay, central = FakeEnd("relay", 0), FakeEnd("central", 1000)
    history: list[Event] = []

    def own(i: int, kind: EventKind, **payload: object) -> Event:
        event = new_event(kind, session_id=1, candidate_id=2, device_id="pc-1", device_seq=i,
                          monotonic_ms=0, payload=payload)
        history.append(event)
        return event

    class Store:
        def own_events(self, _session_id: int) -> list[Event]:
            return history

        def highest_seq(self, _session_id: int) -> int:
            return 40  # what the kiosk held before it restarted

    t = FailoverTransport([("relay", relay), ("central", central)], store=Store())
    shown = own(1, EventKind.CHALLENGE_SHOWN, challenge_id="c")
    answer = own(2, EventKind.ANSWER_SUBMITTED, challenge_id="c", answer=1)
    first = t.push([shown, answer]).acked
    assert set(first) == {shown.id, answer.id}
    assert sorted(seq for seq, _ in first.values()) == [41, 42]  # above what the store held
    relay.down = True
    end = own(3, EventKind.TEST_ENDED, by="candidate")
    result = t.push([end])
    assert [e.id for e in central.pushed] == [shown.id, answer.id, end.id]
    assert set(result.acked) == {end.id}  # only what was asked is reported
    # Caught up: the next push to central sends only what is new.
    later = own(4, EventKind.END_SCREEN_SEEN)
    t.push([later])
    assert [e.id for e in central.pushed][3:] == [later.id]
    # Back to the relay: it lacks 3 and 4, which go first.
    relay.down = False
    t._down_until.clear()
    last = own(5, EventKind.FOCUS_LOST, challenge_id="c")
    t.push([last])
    assert [e.id for e in relay.pushed][2:] == [end.id, later.id, last.id]


def test_the_history_goes_again_without_the_numbers_an_end_gave_it() -> None:
    """The store holds acknowledged events with the number and time an end gave them;
    sent again to the other end they must go as the device recorded them, or both ends
    refused them (invalid_event) and an answer acknowledged by the relay never reached
    central (found by tests/simulate/test_short_run.py under load)."""
    relay, central = FakeEnd("relay", 0), FakeEnd("central", 1000)
    history: list[Event] = []

    class Store:
        def own_events(self, _session_id: int) -> list[Event]:
            return history

        def highest_seq(self, _session_id: int) -> int:
            return 0

    t = FailoverTransport([("relay", relay), ("central", central)], store=Store())
    shown = new_event(EventKind.CHALLENGE_SHOWN, session_id=1, candidate_id=2,
                      device_id="pc-1", device_seq=1, monotonic_ms=0,
                      payload={"challenge_id": "c"})
    (seq, at), = t.push([shown]).acked.values()
    history.append(shown.acknowledged(seq, at))  # as the kiosk's store keeps it
    relay.down = True
    answer = new_event(EventKind.ANSWER_SUBMITTED, session_id=1, candidate_id=2,
                       device_id="pc-1", device_seq=2, monotonic_ms=0,
                       payload={"challenge_id": "c", "answer": 1})
    history.append(answer)
    assert set(t.push([answer]).acked) == {answer.id}
    assert [e.id for e in central.pushed] == [shown.id, answer.id]


def test_a_pull_answering_from_the_other_end_meanwhile_does_not_move_the_watermark() -> None:
    """Push and pull run in two threads; the end that answered the push is the one that
    holds its events, whatever `active` says by then (found by `simulate --relay` in CI)."""
    history: list[Event] = []

    def own(i: int) -> Event:
        event = new_event(EventKind.FOCUS_LOST, session_id=1, candidate_id=2, device_id="pc-1",
                          device_seq=i, monotonic_ms=0, payload={"challenge_id": "c"})
        history.append(event)
        return event

    class Store:
        def own_events(self, _session_id: int) -> list[Event]:
            return history

        def highest_seq(self, _session_id: int) -> int:
            return 0

    relay, central = FakeEnd("relay", 0), FakeEnd("central", 1000)
    t = FailoverTransport([("relay", relay), ("central", central)], store=Store())
    first = own(1)
    t.active = "central"  # the pull loop fell back to central meanwhile
    t.push([first])
    relay.down = True
    second = own(2)
    t.push([second])
    assert [e.id for e in central.pushed] == [first.id, second.id]


def test_an_end_that_refuses_the_history_gets_it_again_first() -> None:
    """The relay acknowledged an answer and died before forwarding it, with the station's
    "resume authorised" it held: central refuses that answer (`paused`). It must reach
    central again before anything newer of this device, or central takes the candidate's
    end first and the answer is refused for good when the relay forwards it (a loss the
    CI run of `simulate --relay` found)."""
    history: list[Event] = []

    def own(i: int, kind: EventKind, **payload: object) -> Event:
        event = new_event(kind, session_id=1, candidate_id=2, device_id="pc-1", device_seq=i,
                          monotonic_ms=0, payload=payload)
        history.append(event)
        return event

    class Store:
        def own_events(self, _session_id: int) -> list[Event]:
            return history

        def highest_seq(self, _session_id: int) -> int:
            return 0

    relay, central = FakeEnd("relay", 0), FakeEnd("central", 1000)
    t = FailoverTransport([("relay", relay), ("central", central)], store=Store())
    answer = own(1, EventKind.ANSWER_SUBMITTED, challenge_id="c", answer=1)
    assert set(t.push([answer]).acked) == {answer.id}
    relay.down = True
    end = own(2, EventKind.TEST_ENDED, by="candidate")
    central.refuse = {answer.id: "paused: a resume is pending",
                      end.id: "paused: a resume is pending"}
    result = t.push([end])
    assert not result.acked and not result.refused  # kept: the relay may hold the reason
    # Central learns the resume (the relay forwarded it): the answer goes first again.
    central.refuse = {}
    central.pushed.clear()
    t._down_until.clear()
    assert set(t.push([end]).acked) == {end.id}
    assert [e.id for e in central.pushed] == [answer.id, end.id]
