"""The faults of a simulated room's fault window, and what they cost.

Kiosk processes are killed at random moments (Poisson, `kill_rate` per minute across the
room) and restarted a moment later, as a pulled plug and a pupil who sits down again; the
spawned server is killed (-9) and restarted after a few seconds, or stopped for a long
outage; the room relay is killed and restarted. A restart runs in a thread, so the room
goes on meanwhile. After the outage, the time until every kiosk has pushed its backlog
(and the relay forwarded its own) is measured. Network faults are the proxy's (proxy.py).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app.simulate.kiosk import STORE_FILE
from app.simulate.verdict import pending

if TYPE_CHECKING:
    from app.simulate.room import Room


class Faults:
    """The room's fault schedule (`plan`), applied by `step` every few milliseconds."""

    def __init__(self, room: Room) -> None:
        self.room = room
        self.kills = 0
        self.server_kills = 0
        self.server_restart_failures = 0
        self.server_down_until: float | None = None
        self.server_restarting: threading.Thread | None = None
        self.outage_drain_s: float | None = None
        self.relay_kills = 0
        self.relay_restarting: threading.Thread | None = None
        self.relay_outage_drain_s: float | None = None
        """Central back after the outage -> the relay has forwarded everything it held."""
        self._kill_rate_s = 0.0
        self._next_kill = 0.0
        self._server_kill_times: list[float] = []
        self._relay_kill_times: list[float] = []
        self._outage_at: float | None = None
        self._outage_end: float | None = None
        self._next_relay_check = 0.0
        self._outage_snapshot: dict[Path, int] = {}

    def plan(self, started: float) -> None:
        """Draw the moments of the kills and of the outage (the room's seeded rng)."""
        room, opts, rng = self.room, self.room.opts, self.room.rng
        self._kill_rate_s = opts.kill_rate / 60.0
        self._next_kill = started + (
            rng.expovariate(self._kill_rate_s) if self._kill_rate_s else 1e18)
        self._server_kill_times = sorted(
            started + rng.uniform(0.1, 0.8) * opts.duration for _ in range(opts.server_kills)
        ) if room.server is not None else []
        self._relay_kill_times = sorted(
            started + rng.uniform(0.1, 0.8) * opts.duration for _ in range(opts.relay_kills)
        ) if room.relay is not None else []
        self._outage_at = started + opts.outage_at if opts.outage > 0 and room.server else None

    def step(self, now: float) -> None:
        """Apply what is due at `now`, and measure the outage's drain."""
        room, opts = self.room, self.room.opts
        if now >= self._next_kill:
            live = [w for w in room.workers if w.alive]
            if live:
                victim = room.rng.choice(live)
                victim.kill()
                self.kills += len(victim.specs)
                victim.restart_at = now + room.rng.uniform(0.2, 2.0)
            self._next_kill = now + room.rng.expovariate(self._kill_rate_s)
        if self._server_kill_times and now >= self._server_kill_times[0] and not (
                self.server_busy()):
            self._server_kill_times.pop(0)
            assert room.server is not None
            room.server.kill()
            self.server_kills += 1
            down = room.rng.uniform(1.0, 3.0)
            room.say(f"server killed (-9), down {down:.1f} s")
            self._restart_server_later(down)
        if self._relay_kill_times and now >= self._relay_kill_times[0] and not (
                self.relay_busy()):
            self._relay_kill_times.pop(0)
            assert room.relay is not None
            room.relay.kill()
            self.relay_kills += 1
            down = room.rng.uniform(3.0, 20.0)
            room.say(f"relay killed (-9), down {down:.1f} s")
            self._restart_relay_later(down)
        if self._outage_at is not None and now >= self._outage_at and not self.server_busy():
            assert room.server is not None
            room.server.kill()
            self.server_kills += 1
            room.say(f"server outage: stopped (-9) for {opts.outage:.0f} s")
            self._restart_server_later(opts.outage)
            self._outage_end = -1.0
            self._outage_at = None
        self._measure_outage_drain(now)

    def _measure_outage_drain(self, now: float) -> None:
        room = self.room
        if self._outage_end == -1.0 and not self.server_busy():
            self._outage_end = time.monotonic()
            for spec in room.specs:
                store = spec.path / STORE_FILE
                self._outage_snapshot[store] = pending(store)[1]
        back = self._outage_end is not None and self._outage_end > 0
        if (
            back
            and self._outage_snapshot
            and self.outage_drain_s is None
            and all(pending(s, top)[0] == 0 for s, top in self._outage_snapshot.items())
        ):
            assert self._outage_end is not None
            self.outage_drain_s = round(time.monotonic() - self._outage_end, 2)
            room.say(f"outage backlog drained in {self.outage_drain_s} s")
        if (
            back
            and room.relay is not None
            and self.relay_outage_drain_s is None
            and now >= self._next_relay_check
        ):
            assert self._outage_end is not None
            self._next_relay_check = now + 0.25
            status = room.relay.status()
            if status and status["central_reachable"] and status["pending_upstream"] == 0:
                self.relay_outage_drain_s = round(time.monotonic() - self._outage_end, 2)
                room.say(f"the relay forwarded its backlog to central in "
                         f"{self.relay_outage_drain_s} s")

    # -- restarts --------------------------------------------------------------------

    def _restart_server_later(self, down_s: float) -> None:
        room = self.room
        assert room.server is not None
        server = room.server

        def later() -> None:
            time.sleep(down_s)
            try:
                server.start(timeout_s=120)
                room.say("server restarted")
            except RuntimeError:
                self.server_restart_failures += 1
                room.say("the server did not answer /api/health within 120 s of its restart")

        self.server_down_until = time.monotonic() + down_s
        self.server_restarting = threading.Thread(target=later, daemon=True)
        self.server_restarting.start()

    def server_busy(self) -> bool:
        return self.server_restarting is not None and self.server_restarting.is_alive()

    def _restart_relay_later(self, down_s: float) -> None:
        room = self.room
        relay = room.relay
        assert relay is not None

        def later() -> None:
            time.sleep(down_s)
            try:
                relay.start(timeout_s=120)
                room.say("relay restarted")
            except RuntimeError:
                room.say("the relay did not answer within 120 s of its restart")

        self.relay_restarting = threading.Thread(target=later, daemon=True)
        self.relay_restarting.start()

    def relay_busy(self) -> bool:
        return self.relay_restarting is not None and self.relay_restarting.is_alive()

    def wait_restarts(self) -> None:
        """The faults end: the server and the relay are up again (or given up on)."""
        if self.server_restarting is not None:
            self.server_restarting.join(self.room.opts.outage + 120)
        if self.relay_restarting is not None:
            self.relay_restarting.join(150)
