"""Kiosk and station side of the relay: trust it, then use it first and central second.

`FailoverTransport` implements the sync `Transport` over an ordered list of endpoints
(the room relay first, the central server second). Why it renumbers: each end numbers its
events itself (`server_seq`), and the local store keeps one "last seen" number per
session and stamps it as `seen_seq` on every new event. Handing it numbers from two ends
would mix them, and a too-large seen_seq makes a server refuse an answer given in good
faith (decision 0002). So the transport shows the store one *virtual* numbering: every
event it receives, from whichever end, gets the next virtual number, and it remembers,
for each virtual number, how far it had read at each end. A pushed event's seen_seq is
translated back into the numbering of the end that receives it: "what this device had
read from you when it recorded this". The table lives in memory: after a restart every
old seen_seq translates to 0, which only ever makes the rule more lenient (the answer is
kept as `concurrent_with_end` for the invigilator to judge), never stricter.

`trusted_endpoints` checks a relay's proof before it is used (app.domain.relay_trust), and
`CentralKey` finds the central server's public key: configured, else cached from an
earlier fetch, else fetched now.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from app.domain import relay_trust as trust
from app.domain.events import Event
from app.services.files import write_atomically
from app.services.http import ApiRefused, HttpClient, HttpFailure, Unreachable
from app.services.sync import PushResult, Transport, Unauthorized

log = logging.getLogger(__name__)

LACKS_HISTORY = frozenset({"not_joined", "not_started", "unknown_candidate", "unknown_challenge"})
"""Refusals that only mean "this end has not heard of it yet" (relay or central)."""

MAX_PUSH = 400
"""Events per push, below the API's limit (`app.wire.sync.MAX_PUSH_EVENTS`, 500)."""

DOWN_FOR_S = 15.0
"""After a failure an endpoint is skipped this long, so each call does not wait on it."""


class DeviceLog(Protocol):
    """What the transport reads from the device's store (`LocalStore`)."""

    def own_events(self, session_id: int) -> list[Event]: ...

    def highest_seq(self, session_id: int) -> int: ...


@dataclass
class _Knowledge:
    virtual: int = 0
    cursors: dict[str, int] = field(default_factory=dict)
    """Endpoint -> last_seq read there (the `after` of the next pull)."""
    marks: list[tuple[int, str, int]] = field(default_factory=list)
    """(virtual number, endpoint, that endpoint's position then), in virtual order."""


class FailoverTransport:
    """`Transport` over endpoints in order of preference; see the module docstring.

    `endpoints`: (name, transport) pairs, e.g. ("relay", HttpTransport(relay_url, ...)),
    ("central", HttpTransport(central_url, ...)). Each call goes to the first endpoint
    not marked down; on Unreachable or Unauthorized it marks it down and tries the next.
    `active` names the endpoint that answered last (for the screen: "via the room relay").
    """

    def __init__(
        self,
        endpoints: Sequence[tuple[str, Transport]],
        *,
        down_for_s: float = DOWN_FOR_S,
        monotonic: Callable[[], float] = time.monotonic,
        store: DeviceLog | None = None,
    ) -> None:
        if not endpoints:
            raise ValueError("at least one endpoint is needed")
        self.endpoints = list(endpoints)
        self._store = store
        self._known: dict[tuple[int, str], int] = {}
        """(session, end) -> device_seq up to which the end holds this device's events."""
        self.down_for_s = down_for_s
        self._monotonic = monotonic
        self._down_until: dict[str, float] = {}
        self._sessions: dict[int, _Knowledge] = {}
        self._lock = threading.Lock()
        self.active: str | None = None

    def abort(self) -> None:
        for _name, transport in self.endpoints:
            transport.abort()

    # -- choosing ------------------------------------------------------------------------

    def _order(self) -> list[tuple[str, Transport]]:
        now = self._monotonic()
        up = [e for e in self.endpoints if self._down_until.get(e[0], 0.0) <= now]
        return up or self.endpoints  # all down: try them all again rather than nothing

    def _failed(self, name: str, exc: Exception) -> None:
        log.info("endpoint %s failed: %s", name, exc)
        self._down_until[name] = self._monotonic() + self.down_for_s

    def _call(self, fn: Callable[[str, Transport], Any]) -> Any:
        errors: list[str] = []
        unauthorized = True
        for name, transport in self._order():
            try:
                result = fn(name, transport)
            except Unauthorized as exc:
                self._failed(name, exc)
                errors.append(f"{name}: {exc}")
                continue
            except Unreachable as exc:
                unauthorized = False
                self._failed(name, exc)
                errors.append(f"{name}: {exc}")
                continue
            self._down_until.pop(name, None)
            self.active = name
            return result
        raise (Unauthorized if unauthorized else Unreachable)("; ".join(errors))

    # -- numbering -----------------------------------------------------------------------

    def _knowledge(self, session_id: int) -> _Knowledge:
        return self._sessions.setdefault(session_id, _Knowledge())

    def translate_seen(self, session_id: int, seen_seq: int, endpoint: str) -> int:
        """The endpoint's position this device had reached by virtual number `seen_seq`."""
        with self._lock:
            best = 0
            for virtual, name, position in self._knowledge(session_id).marks:
                if virtual > seen_seq:
                    break
                if name == endpoint:
                    best = max(best, position)
            return best

    # -- Transport -----------------------------------------------------------------------

    def _to_send(self, name: str, events: Sequence[Event]) -> list[Event]:
        """What end `name` must receive for `events`: with a `history`, every event of
        this device after those the end is known to hold, in the order recorded.

        Why: an end must receive a device's events in the order the device recorded
        them, or it refuses what an earlier event would have allowed (an answer after
        the candidate's own end, a "shown" after its answer: found by `examroom simulate
        --relay`). After a switch, events the other end acknowledged may not have
        reached this one yet (the relay forwards them later, or is dead), so they go
        first, and the end acknowledges those it already has as repeats. After a
        restart nothing is known, so the first push sends the whole history once.
        """
        if self._store is None or not events:
            return list(events)
        session_id = events[0].session_id
        known = self._known.get((session_id, name), 0)
        after = [e for e in self._store.own_events(session_id) if e.device_seq > known]
        listed = {e.id for e in after}
        after += [e for e in events if e.id not in listed]  # not in history: keep anyway
        after.sort(key=lambda e: e.device_seq)
        return after[:MAX_PUSH]

    def _advance(self, name: str, sent: Sequence[Event], result: PushResult) -> None:
        """Move the end's watermark over the events it acknowledged, without a gap.

        A refusal stops it: with two ends, an end may refuse what it lacks the history
        for (the station's "resume authorised" recorded on the relay and not forwarded
        yet makes central say `paused`). The event then goes to that end again, before
        anything newer, until it takes it. Events refused for good by every end are out
        of `own_events`, so they do not hold the watermark back.
        """
        if self._store is None or not sent:
            return
        key = (sent[0].session_id, name)
        for event in sent:
            reason = result.refused.get(event.id)
            if reason is not None:
                log.warning("%s refused %s #%s of this device: %s", name, event.kind.value,
                            event.device_seq, reason)
            if event.id not in result.acked:
                break
            self._known[key] = max(self._known.get(key, 0), event.device_seq)

    def _push_to(self, name: str, transport: Transport, events: Sequence[Event]) -> PushResult:
        sent = self._to_send(name, events)
        # The history comes from the store, acknowledged: the number and time an end gave
        # an event are that end's, and every end refuses an event that carries them.
        result = transport.push([
            e.model_copy(update={
                "seen_seq": self.translate_seen(e.session_id, e.seen_seq, name),
                "server_seq": None, "received_at": None})
            for e in sent
        ])
        self._advance(name, sent, result)
        return result

    def push(self, events: Sequence[Event]) -> PushResult:
        """Push to the first end that answers; what it refuses goes to the next end.

        Why: with two ends, a refusal may only mean that this end lacks history the
        other holds (decision 0004, section 6). An event is refused for good only when
        every end refused it for a reason other than missing history; otherwise it stays
        in the outbox and goes again (the sync loop backs off meanwhile). With one end,
        its refusal is the answer, as with the plain transport.
        """
        wanted = {e.id for e in events}
        remaining = list(events)
        acked_at: dict[str, tuple[int, datetime]] = {}
        refusals: dict[str, list[str]] = {}
        answered = 0
        errors: list[str] = []
        unauthorized = True
        for name, transport in self._order():
            try:
                result = self._push_to(name, transport, remaining)
            except Unauthorized as exc:
                self._failed(name, exc)
                errors.append(f"{name}: {exc}")
                continue
            except Unreachable as exc:
                unauthorized = False
                self._failed(name, exc)
                errors.append(f"{name}: {exc}")
                continue
            self._down_until.pop(name, None)
            self.active = name
            answered += 1
            acked_at.update((i, a) for i, a in result.acked.items() if i in wanted)
            for event_id, reason in result.refused.items():
                if event_id in wanted and event_id not in acked_at:
                    refusals.setdefault(event_id, []).append(reason)
            remaining = [e for e in remaining if e.id in result.refused and e.id not in acked_at]
            if not remaining:
                break
        if not answered:
            raise (Unauthorized if unauthorized else Unreachable)("; ".join(errors))
        every_end = len(self.endpoints)
        refused = {
            i: reasons[-1]  # the last end's word: central's, the authority
            for i, reasons in refusals.items()
            if i not in acked_at and (every_end == 1 or (
                len(reasons) == every_end
                and not any(r.split(":", 1)[0] in LACKS_HISTORY for r in reasons)))
        }
        sessions = {e.id: e.session_id for e in events}
        acked: dict[str, tuple[int, datetime]] = {}
        # Virtual numbers go on above every number the store holds, including those it
        # did not get from us: a TestStarted recorded from a /start answer carries the
        # end's own number, and after a restart our table is empty. An acknowledgement
        # numbered below that TestStarted would put the answer before the start in the
        # kiosk's fold, which then shows the question again (found by `simulate --relay`).
        floors = {sid: self._store.highest_seq(sid) if self._store else 0
                  for sid in set(sessions.values())}
        with self._lock:
            for event_id, (_seq, received_at) in acked_at.items():
                sid = sessions.get(event_id, 0)
                knowledge = self._knowledge(sid)
                knowledge.virtual = max(knowledge.virtual, floors.get(sid, 0))
                knowledge.virtual += 1  # a virtual number, so the store sees one numbering
                acked[event_id] = (knowledge.virtual, received_at)
        return PushResult(acked=acked, refused=refused)

    def pull(self, session_id: int, after: int, wait_s: float) -> tuple[list[Event], int]:
        def attempt(name: str, transport: Transport) -> tuple[str, list[Event], int]:
            with self._lock:
                cursor = self._knowledge(session_id).cursors.get(name, 0)
            events, last = transport.pull(session_id, cursor, wait_s)
            return name, events, last

        name, events, last = self._call(attempt)
        floor = self._store.highest_seq(session_id) if self._store is not None else 0
        with self._lock:
            knowledge = self._knowledge(session_id)
            knowledge.virtual = max(knowledge.virtual, after, floor)
            renumbered = []
            for event in events:
                knowledge.virtual += 1
                knowledge.marks.append((knowledge.virtual, name, event.server_seq or 0))
                renumbered.append(event.model_copy(update={"server_seq": knowledge.virtual}))
            knowledge.cursors[name] = max(knowledge.cursors.get(name, 0), last)
            knowledge.marks.append((knowledge.virtual, name, knowledge.cursors[name]))
            return renumbered, knowledge.virtual


# -- which endpoints to use ------------------------------------------------------------------


class CentralKey:
    """The central server's grant-signing public key, as the kiosk can best know it.

    Order: the configured key (IT writes it in the config with the installer: the only
    source that works for a kiosk that never reached the central server), else the copy
    cached in `cache_path` from an earlier fetch, else a fetch now (cached on success).
    """

    def __init__(
        self, *, configured: str | None, cache_path: Path, central_url: str | None
    ) -> None:
        self.configured = configured
        self.cache_path = cache_path
        self.central_url = central_url

    def get(self, *, timeout_s: float = 5.0) -> bytes | None:
        if self.configured:
            return trust.unb64(self.configured)
        try:
            return trust.unb64(json.loads(self.cache_path.read_text())["public_key"])
        except (OSError, ValueError, KeyError):
            pass
        if self.central_url is None:
            return None
        http = HttpClient(self.central_url, timeout_s=timeout_s)
        try:
            key = str(http.json("GET", "/api/public-key", auth=False)["public_key"])
        except (HttpFailure, KeyError, TypeError):
            return None
        finally:
            http.close()
        try:
            write_atomically(self.cache_path, json.dumps({"public_key": key}).encode())
        except OSError as exc:  # the key is still good for now; the next start fetches it
            log.warning("central key not cached in %s: %s", self.cache_path, exc)
        return trust.unb64(key)


def verify_relay(
    relay_url: str, session_id: int, central_public_key: bytes, *, timeout_s: float = 5.0,
    now: datetime | None = None,
) -> trust.Grant:
    """Challenge the relay with a fresh nonce; RelayNotTrusted or Unreachable if not usable."""
    nonce = trust.new_nonce()
    http = HttpClient(relay_url, timeout_s=timeout_s)
    try:
        answer = http.json("GET", "/api/relay/proof", params={"nonce": nonce}, auth=False)
    except Unreachable as exc:
        raise Unreachable(f"relay {relay_url}: {exc}") from exc
    except ApiRefused as exc:
        raise trust.RelayNotTrusted("no_proof", f"HTTP {exc.status} {exc.code}") from None
    finally:
        http.close()
    return trust.verify_proof(
        central_public_key, answer, session_id=session_id, nonce=nonce,
        now=now or datetime.now(UTC),
    )


def trusted_endpoints(
    *, relay_urls: Sequence[str], central_url: str | None, session_id: int,
    central_public_key: bytes | None,
) -> list[str]:
    """Base URLs to use in order: the relays that proved they hold the session, then central.

    A relay that cannot be verified (no central key known, forged or foreign grant, no
    proof) is left out and logged; an unreachable one is left out too, and the caller
    asks again later (at the next start or resume).
    """
    urls: list[str] = []
    for url in relay_urls:
        if central_public_key is None:
            log.warning("relay %s not used: the central server's public key is unknown", url)
            continue
        try:
            verify_relay(url, session_id, central_public_key)
        except trust.RelayNotTrusted as exc:
            log.error("relay %s refused: %s", url, exc)
            continue
        except Unreachable as exc:
            log.info("relay %s unreachable: %s", url, exc)
            continue
        urls.append(url.rstrip("/"))
    if central_url:
        urls.append(central_url.rstrip("/"))
    return urls


def choose_base_url(urls: Sequence[str], *, timeout_s: float = 3.0) -> str | None:
    """The first of `urls` that answers /api/health: where the candidate API calls go."""
    for url in urls:
        http = HttpClient(url, timeout_s=timeout_s)
        try:
            http.request("GET", "/api/health", auth=False)
        except HttpFailure:
            continue
        finally:
            http.close()
        return url
    return None
