"""The relay grant and proof (forged, foreign, expired), and FailoverTransport's numbering."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.events import Event, EventKind, new_event
from app.relay import trust
from app.relay.failover import FailoverTransport
from app.services.sync import PushResult, Unreachable

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


def test_a_refusal_for_missing_history_on_the_fallback_end_is_not_final() -> None:
    relay, central = FakeEnd("relay", 0), FakeEnd("central", 1000)
    t = FailoverTransport([("relay", relay), ("central", central)])
    relay.down = True
    answer = ev(EventKind.ANSWER_SUBMITTED, challenge_id="c", answer=1)
    central.refuse[answer.id] = "not_started: the test has not started"
    result = t.push([answer])
    assert t.active == "central" and not result.refused and not result.acked
    # From the preferred end the same refusal is final.
    relay.down = False
    t._down_until.clear()
    relay.refuse[answer.id] = "already_answered: c was already answered"
    assert t.push([answer]).refused == {answer.id: "already_answered: c was already answered"}
