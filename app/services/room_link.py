"""The kiosk's way to a server: the room relays it trusts first, the central server second.

`RoomLink` looks like `CandidateApi` to the `ExamRunner` (same methods, a `token`), and
hands it a `FailoverTransport` for the sync engine, so the runner does not know whether
it talks to the relay on the teacher's PC or to the central server, nor that it switched.

What it adds over a single `CandidateApi`:

- **Trust.** A relay is used for a session only after it proved it holds that session
  (`verify_relay`: a grant of the central server plus a signature of our nonce). The
  session is known from the number the candidate types at "Rejoindre une session", so
  the proof is asked for then, and again later for a relay that was unreachable.
- **One join, every end.** Each end issues its own candidate tokens (decision 0004). The
  kiosk keeps what the candidate typed at join, and joins by itself on the other end the
  first time it needs it (the relay died, or the internet came back and the relay did
  not). `token` is therefore an opaque JSON text: the tokens per end and the join
  details, which the runner keeps in its store exactly as it kept a plain token (and
  wipes with it at the end of the test).
- **Failover per call.** An end that does not answer is skipped for `down_for_s`; a
  refusal that only means "this end cannot do that" (`not_prepared`: the relay has no
  test for a candidate added after its package was made; a stale token) is tried on the
  next end; any other refusal (wrong access code, presence not confirmed) is the answer.

No Qt: blocking calls, run by the runner in its network executor.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from app.domain import relay_trust as trust
from app.domain.events import Event
from app.services.candidate_api import DEFAULT_TIMEOUT_S, CandidateApi, Joined
from app.services.failover import (
    DOWN_FOR_S,
    CentralKey,
    DeviceLog,
    FailoverTransport,
    verify_relay,
)
from app.services.http import ApiRefused, Unreachable
from app.services.sync import HttpTransport, PushResult, Unauthorized

log = logging.getLogger(__name__)

_R = TypeVar("_R")

TRY_NEXT_END = frozenset({"not_prepared", "invalid_token", "not_authenticated",
                          "presence_not_confirmed"})
"""Refusals that say "not here", not "no": the next end may well say yes. A presence the
station confirmed on one end reaches the other a moment later (the relay pulls it): the
kiosk had it from central, the relay refused the start, and the candidate waited for a
confirmation that never came (found by `examroom simulate --relay`)."""

RECHECK_S = 30.0
"""A relay that could not prove itself is asked again after this long."""


@dataclass
class _End:
    name: str
    url: str
    api: CandidateApi
    relay: bool


@dataclass(frozen=True, slots=True)
class JoinDetails:
    """What the candidate typed at "Rejoindre une session": enough to join on any end."""

    session_number: int
    first_name: str
    last_name: str
    birthdate: date
    public_key: str = ""
    """The kiosk's signing key (app/domain/event_signing.py), registered on every end."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_number": self.session_number,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "birthdate": self.birthdate.isoformat(),
            "public_key": self.public_key,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> JoinDetails:
        return cls(
            session_number=int(raw["session_number"]),
            first_name=str(raw["first_name"]),
            last_name=str(raw["last_name"]),
            birthdate=date.fromisoformat(str(raw["birthdate"])),
            public_key=str(raw.get("public_key") or ""),
        )


class RoomLink:
    """A `CandidateApi` over several ends, plus the matching `FailoverTransport`."""

    def __init__(
        self,
        *,
        central_url: str,
        relay_urls: Sequence[str] = (),
        central_key: CentralKey | None = None,
        device_id: str,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        down_for_s: float = DOWN_FOR_S,
        recheck_s: float = RECHECK_S,
        verify: Callable[..., trust.Grant] = verify_relay,
        monotonic: Callable[[], float] = time.monotonic,
        store: DeviceLog | None = None,
    ) -> None:
        self.device_id = device_id
        self.central_key = central_key
        self.down_for_s = down_for_s
        self.recheck_s = recheck_s
        self._verify = verify
        self._monotonic = monotonic
        self.ends = [
            _End(f"relay-{i}" if len(relay_urls) > 1 else "relay", url.rstrip("/"),
                 CandidateApi(url, timeout_s=timeout_s), relay=True)
            for i, url in enumerate(relay_urls, 1)
        ]
        self.ends.append(
            _End("central", central_url.rstrip("/"), CandidateApi(central_url, timeout_s=timeout_s),
                 relay=False)
        )
        self._lock = threading.RLock()
        self._tokens: dict[str, str] = {}
        self._join: JoinDetails | None = None
        self._trusted: dict[tuple[str, int], bool] = {}
        self._checked_at: dict[tuple[str, int], float] = {}
        self._down_until: dict[str, float] = {}
        self.active: str | None = None
        """The end that answered last ("relay", "central"): for logs and the screen."""
        self.transport = FailoverTransport(
            [(end.name, _EndTransport(self, end, timeout_s)) for end in self.ends],
            down_for_s=down_for_s,
            monotonic=monotonic,
            store=store,
        )

    # -- the token the runner keeps ------------------------------------------------------

    @property
    def token(self) -> str | None:
        with self._lock:
            if not self._tokens and self._join is None:
                return None
            return json.dumps({
                "tokens": dict(self._tokens),
                "join": self._join.to_dict() if self._join else None,
            })

    @token.setter
    def token(self, value: str | None) -> None:
        with self._lock:
            self._tokens, self._join = {}, None
            if not value:
                return
            try:
                raw = json.loads(value)
                self._tokens = {str(k): str(v) for k, v in raw["tokens"].items()}
                self._join = JoinDetails.from_dict(raw["join"]) if raw.get("join") else None
            except (ValueError, KeyError, TypeError, AttributeError):
                # A plain token, kept by a kiosk before relays were configured.
                self._tokens = {"central": value}

    @property
    def session_id(self) -> int | None:
        with self._lock:
            return self._join.session_number if self._join else None

    # -- trust and order -----------------------------------------------------------------

    def trusted(self, end: _End, session_id: int | None) -> bool:
        """Central always; a relay once it proved it holds `session_id` (asked at most
        every `recheck_s` while it has not)."""
        if not end.relay:
            return True
        if session_id is None:
            return False
        key = (end.name, session_id)
        with self._lock:
            if self._trusted.get(key):
                return True
            checked = self._checked_at.get(key)
            if checked is not None and self._monotonic() - checked < self.recheck_s:
                return False
            self._checked_at[key] = self._monotonic()
        public_key = self.central_key.get() if self.central_key else None
        if public_key is None:
            log.warning("relay %s not used: the central server's public key is unknown",
                        end.url)
            return False
        try:
            self._verify(end.url, session_id, public_key)
        except trust.RelayNotTrusted as exc:
            log.error("relay %s refused for session %s: %s", end.url, session_id, exc)
            return False
        except Unreachable as exc:
            log.info("relay %s unreachable: %s", end.url, exc)
            return False
        log.info("relay %s proved it holds session %s", end.url, session_id)
        with self._lock:
            self._trusted[key] = True
        return True

    def _order(self, session_id: int | None) -> list[_End]:
        now = self._monotonic()
        usable = [e for e in self.ends if self.trusted(e, session_id)]
        up = [e for e in usable if self._down_until.get(e.name, 0.0) <= now]
        return up or usable

    def _down(self, end: _End) -> None:
        self._down_until[end.name] = self._monotonic() + self.down_for_s

    def ensure_token(self, end: _End) -> str:
        """This end's token, joining there first with the kept details if needed."""
        with self._lock:
            token, details = self._tokens.get(end.name), self._join
        if token:
            return token
        if details is None:
            raise ApiRefused("not_authenticated", "never joined", status=401)
        joined = end.api.join(
            session_number=details.session_number, first_name=details.first_name,
            last_name=details.last_name, birthdate=details.birthdate, device_id=self.device_id,
            public_key=details.public_key,
        )
        log.info("joined on %s too (candidate %s)", end.name, joined.candidate_id)
        with self._lock:
            self._tokens[end.name] = joined.token
        return joined.token

    def forget_token(self, end: _End) -> None:
        with self._lock:
            self._tokens.pop(end.name, None)

    def _call(self, session_id: int | None, fn: Callable[[CandidateApi], _R], *,
              needs_token: bool = True) -> _R:
        refusal: ApiRefused | None = None
        errors: list[str] = []
        for end in self._order(session_id):
            try:
                if needs_token:
                    end.api.token = self.ensure_token(end)
                result = fn(end.api)
            except Unreachable as exc:
                self._down(end)
                errors.append(f"{end.name}: {exc}")
                continue
            except ApiRefused as exc:
                if exc.code not in TRY_NEXT_END:
                    raise
                if exc.code in ("invalid_token", "not_authenticated"):
                    self.forget_token(end)
                refusal = refusal or exc
                errors.append(f"{end.name}: {exc}")
                continue
            self._down_until.pop(end.name, None)
            if self.active != end.name:
                log.info("candidate API now through %s (%s)", end.name, end.url)
            self.active = end.name
            return result
        if refusal is not None:
            raise refusal
        raise Unreachable("; ".join(errors) or "no end to reach")

    # -- CandidateApi ----------------------------------------------------------------------

    def join(self, *, session_number: int, first_name: str, last_name: str, birthdate: date,
             device_id: str, public_key: str = "") -> Joined:
        details = JoinDetails(session_number, first_name, last_name, birthdate, public_key)
        joined_on: list[str] = []

        def join(api: CandidateApi) -> Joined:
            joined = api.join(session_number=session_number, first_name=first_name,
                              last_name=last_name, birthdate=birthdate, device_id=device_id,
                              public_key=public_key)
            joined_on.append(next(e.name for e in self.ends if e.api is api))
            return joined

        joined = self._call(session_number, join, needs_token=False)
        with self._lock:
            self._tokens = {joined_on[-1]: joined.token}
            self._join = details
        return joined.model_copy(update={"token": self.token or joined.token})

    def status(self) -> dict[str, Any]:
        return self._call(self.session_id, lambda api: api.status())

    def start(self, access_code: str, device_id: str) -> dict[str, Any]:
        return self._call(self.session_id, lambda api: api.start(access_code, device_id))

    def test(self) -> dict[str, Any]:
        return self._call(self.session_id, lambda api: api.test())

    def heartbeat(self, device_id: str) -> None:
        self._call(self.session_id, lambda api: api.heartbeat(device_id))

    def file(self, challenge_id: str, kind: str) -> bytes:
        return self._call(self.session_id, lambda api: api.file(challenge_id, kind))

    def invigilator_login(self, session_number: int, password: str) -> bool:
        return self._call(
            session_number, lambda api: api.invigilator_login(session_number, password),
            needs_token=False,
        )


class _EndTransport:
    """The sync `Transport` of one end: only for a trusted session, with this end's token."""

    def __init__(self, link: RoomLink, end: _End, timeout_s: float) -> None:
        self.link = link
        self.end = end
        self.http = HttpTransport(end.url, lambda: link._tokens.get(end.name),
                                  timeout_s=timeout_s)

    def _ready(self, session_id: int) -> None:
        if not self.link.trusted(self.end, session_id):
            raise Unreachable(f"{self.end.name} has not proved it holds session {session_id}")
        try:
            self.link.ensure_token(self.end)
        except Unreachable as exc:
            raise Unreachable(f"join on {self.end.name}: {exc}") from exc
        except ApiRefused as exc:
            raise Unauthorized(f"join on {self.end.name}: {exc}") from exc

    def _guard(self, call: Callable[[], _R]) -> _R:
        try:
            return call()
        except Unauthorized:
            self.link.forget_token(self.end)  # join again next time
            raise

    def push(self, events: Sequence[Event]) -> PushResult:
        if events:
            self._ready(events[0].session_id)
        return self._guard(lambda: self.http.push(events))

    def pull(self, session_id: int, after: int, wait_s: float) -> tuple[list[Event], int]:
        self._ready(session_id)
        return self._guard(lambda: self.http.pull(session_id, after, wait_s))

    def abort(self) -> None:
        self.http.abort()
