"""Time in the exam room: an injected clock, end times, countdowns and outage lengths.

ARCHITECTURE "Sync": wall clocks are shown, never trusted for order or duration; durations
come from monotonic time plus durable heartbeats. Monotonic time does not survive a power
cut (it restarts with the PC), so two things are persisted instead: the countdown's elapsed
milliseconds (restored by `ChallengeCountdown`) and heartbeat wall times (the only clock
that spans a reboot, which is why outages are measured on them).

Every service takes a `Clock` (STYLE 10) so tests jump time with a fake clock instead of
sleeping (`tests/helpers/clock.py`: test doubles stay out of the application).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from itertools import pairwise
from typing import Protocol, TypeAlias

BASE_DURATION = timedelta(minutes=105)
"""1 h 45, the length of the test before extra time (seed 000)."""

HEARTBEAT_INTERVAL = timedelta(seconds=5)
OUTAGE_THRESHOLD = timedelta(seconds=30)

_US_PER_SECOND = 1_000_000
_ONE_US = timedelta(microseconds=1)

ExtraTime: TypeAlias = Fraction | Decimal | float | int
"""A share of the base duration: 0.30 is 30 %. Produce one with `parse_extra_time`."""


class Clock(Protocol):
    def monotonic_ms(self) -> int:
        """Milliseconds from an arbitrary origin; never goes back while the PC runs."""
        ...

    def now(self) -> datetime:
        """Wall time, UTC, timezone-aware: for display and for spans across a reboot."""
        ...


class SystemClock:
    """The real clocks of the machine."""

    def monotonic_ms(self) -> int:
        return time.monotonic_ns() // 1_000_000

    def now(self) -> datetime:
        return datetime.now(UTC)


def _require_aware(value: datetime, name: str) -> None:
    # Naive datetimes would compare wrongly with the UTC ones clocks give.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


def parse_extra_time(value: str | ExtraTime) -> Fraction:
    """Extra time (temps majoré) as an exact share of the base duration: 30 % -> 3/10.

    SPEC: ``30%``, ``30`` and ``0.30`` all mean 30 %. Without a ``%`` sign, a value above 1
    is a percentage and a value up to 1 a share, so ``1`` means 100 % (double time), not
    1 %. A decimal comma (``0,30``) and spaces (``30 %``) are accepted, as a French
    spreadsheet writes them; an empty string means no extra time. The result is a
    Fraction so that 105 min x 1.33 is exactly 139 min 39 s.

    Raises ValueError for text that is not a number, for booleans, and for a value below
    0 % or above 100 %.
    """
    if isinstance(value, bool):
        raise ValueError(f"extra time must be a number, got {value!r}")
    percent = False
    if isinstance(value, str):
        text = "".join(value.split()).replace(",", ".")
        if not text:
            return Fraction(0)
        percent = text.endswith("%")
        try:
            number = _as_fraction(Decimal(text.removesuffix("%")))
        except InvalidOperation:
            raise ValueError(f"extra time is not a number: {value!r}") from None
    else:
        number = _as_fraction(value)
    if number < 0:
        raise ValueError(f"extra time cannot be negative, got {value!r}")
    share = number / 100 if percent or number > 1 else number
    if share > 1:
        raise ValueError(f"extra time cannot exceed 100 %, got {value!r}")
    return share


def _as_fraction(value: ExtraTime) -> Fraction:
    # int and Fraction are always finite; float and Decimal may be NaN or infinite.
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"extra time is not a number: {value!r}")
        # repr gives the shortest decimal that round-trips: 0.3 is 3/10, not 0.2999...
        return Fraction(repr(value))
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"extra time is not a number: {value!r}")
    return Fraction(value)


def theoretical_end(start: datetime, extra_time: ExtraTime, added: timedelta) -> datetime:
    """When the test should end: start + 105 min x (1 + extra time) + time added.

    Rounded to the nearest second (half up): the station shows it, the candidate gets the
    benefit of a half second. The test never ends by itself at this time (SPEC).
    """
    _require_aware(start, "start")
    extra = _as_fraction(extra_time)
    if not 0 <= extra <= 1:
        raise ValueError(f"extra time must be between 0 and 1, got {extra_time!r}")
    base_us = BASE_DURATION // _ONE_US
    offset_us = base_us * (1 + extra) + added // _ONE_US + start.microsecond
    whole_seconds = math.floor(offset_us / _US_PER_SECOND + Fraction(1, 2))
    return start.replace(microsecond=0) + timedelta(seconds=whole_seconds)


def remaining(start: datetime, extra_time: ExtraTime, added: timedelta, now: datetime) -> timedelta:
    """Time left until the theoretical end; negative once the candidate runs over."""
    _require_aware(now, "now")
    return theoretical_end(start, extra_time, added) - now


def is_overtime(start: datetime, extra_time: ExtraTime, added: timedelta, now: datetime) -> bool:
    """True strictly after the theoretical end: the station warns, nothing stops."""
    return remaining(start, extra_time, added, now) < timedelta(0)


def countdown_remaining_ms(timer_s: int, elapsed_ms: int) -> int:
    """Milliseconds left on a timed challenge, never below zero.

    At zero the candidate may still answer (the answer is recorded `timedout`).
    """
    return max(0, timer_s * 1000 - elapsed_ms)


class ChallengeCountdown:
    """The countdown of one timed challenge, counted on the monotonic clock.

    It is paused while an alert waits for the invigilator, since the candidate cannot act.
    The kiosk persists `elapsed_ms` with each heartbeat; after a power cut it builds a new
    countdown with that value (`elapsed_ms=`), so the countdown goes on where it stood,
    and the time the PC was off is not charged to the candidate.
    """

    def __init__(
        self, timer_s: int, clock: Clock, *, elapsed_ms: int = 0, paused: bool = False
    ) -> None:
        if timer_s <= 0:
            raise ValueError(f"a timer must be positive, got {timer_s} s")
        if elapsed_ms < 0:
            raise ValueError(f"elapsed time cannot be negative, got {elapsed_ms} ms")
        self._timer_s = timer_s
        self._clock = clock
        self._banked_ms = elapsed_ms
        self._running_since: int | None = None if paused else clock.monotonic_ms()

    @property
    def is_paused(self) -> bool:
        return self._running_since is None

    @property
    def elapsed_ms(self) -> int:
        if self._running_since is None:
            return self._banked_ms
        # max(): a monotonic clock may not go back, but a fake or a bug must not add time.
        return self._banked_ms + max(0, self._clock.monotonic_ms() - self._running_since)

    @property
    def remaining_ms(self) -> int:
        return countdown_remaining_ms(self._timer_s, self.elapsed_ms)

    @property
    def expired(self) -> bool:
        return self.remaining_ms == 0

    def pause(self) -> None:
        """Stop counting; pausing a paused countdown does nothing."""
        if self._running_since is not None:
            self._banked_ms = self.elapsed_ms
            self._running_since = None

    def resume(self) -> None:
        """Count again from now; resuming a running countdown does nothing."""
        if self._running_since is None:
            self._running_since = self._clock.monotonic_ms()


@dataclass(frozen=True, slots=True)
class Outage:
    """A silence of a kiosk.

    start: the last heartbeat heard before it; end: the first one after it (or now, for a
    silence still going on). duration: the time lost, i.e. the gap less one heartbeat
    interval, because even a healthy kiosk is silent for one interval between beats.
    """

    start: datetime
    end: datetime
    duration: timedelta


def _check_heartbeat_settings(interval: timedelta, threshold: timedelta) -> None:
    if interval <= timedelta(0):
        raise ValueError(f"heartbeat interval must be positive, got {interval}")
    if threshold <= interval:
        raise ValueError(
            f"outage threshold ({threshold}) must exceed the heartbeat interval ({interval})"
        )


def measure_outages(
    heartbeats: Sequence[datetime],
    *,
    interval: timedelta = HEARTBEAT_INTERVAL,
    threshold: timedelta = OUTAGE_THRESHOLD,
) -> list[Outage]:
    """Every gap longer than `threshold` between consecutive heartbeat wall times.

    Heartbeats are sorted first: they come from a durable log, and order there is by
    sequence, not by wall time. The threshold must exceed the interval, otherwise every
    ordinary pause between beats would count as an outage.
    """
    _check_heartbeat_settings(interval, threshold)
    return [
        Outage(before, after, after - before - interval)
        for before, after in pairwise(sorted(heartbeats))
        if after - before > threshold
    ]


def outage_since_last_beat(
    last_beat: datetime,
    now: datetime,
    *,
    interval: timedelta = HEARTBEAT_INTERVAL,
    threshold: timedelta = OUTAGE_THRESHOLD,
) -> Outage | None:
    """The silence still going on since `last_beat`, or None while the kiosk is on time.

    The station uses it to flag a kiosk offline; a kiosk that boots after a power cut
    uses it with its last persisted beat to know how long it was off.
    """
    _check_heartbeat_settings(interval, threshold)
    if now - last_beat <= threshold:
        return None
    return Outage(last_beat, now, now - last_beat - interval)


def suggest_time_to_add(outages: Iterable[Outage]) -> timedelta:
    """The time to offer the invigilator: the outages' total, rounded up to whole minutes.

    Rounded up because the candidate also needs a moment to get going again; the
    invigilator, master of time, can always give less. For a room, pass the outages of
    the kiosk that lost the most rather than every kiosk's: they overlap.
    """
    total_us = sum((o.duration for o in outages), timedelta(0)) // _ONE_US
    minutes = -(-total_us // (60 * _US_PER_SECOND))
    return timedelta(minutes=minutes)
