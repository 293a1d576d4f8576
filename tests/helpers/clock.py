"""`FakeClock`: a clock the tests move by hand (STYLE item 10), instead of sleeping.

It lives with the other shared test doubles (STYLE item 16), not in `app/`: nothing in the
application, the simulator included, runs on a fake clock. It satisfies the
`app.domain.clocks.Clock` protocol, which is all a service asks for.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_FAKE_EPOCH = datetime(2021, 3, 8, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock tests move by hand.

    `advance` moves both clocks, as time passing does; `set_now` moves only the wall
    clock, as an NTP correction does; `reboot` models a power cut: the wall clock moves
    on while the PC is off and the monotonic clock starts again from zero.
    """

    def __init__(self, *, now: datetime = _FAKE_EPOCH, monotonic_ms: int = 0) -> None:
        _require_aware(now, "now")
        self._now = now
        self._monotonic_ms = monotonic_ms

    def monotonic_ms(self) -> int:
        return self._monotonic_ms

    def now(self) -> datetime:
        return self._now

    def advance(self, ms: int) -> None:
        if ms < 0:
            raise ValueError(f"time only moves forward, got {ms} ms")
        self._monotonic_ms += ms
        self._now += timedelta(milliseconds=ms)

    def set_now(self, when: datetime) -> None:
        _require_aware(when, "when")
        self._now = when

    def reboot(self, *, off_ms: int) -> None:
        if off_ms < 0:
            raise ValueError(f"time only moves forward, got {off_ms} ms")
        self._now += timedelta(milliseconds=off_ms)
        self._monotonic_ms = 0


def _require_aware(value: datetime, name: str) -> None:
    # Naive datetimes would compare wrongly with the UTC ones clocks give.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")
