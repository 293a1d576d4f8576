"""Clocks, theoretical end, countdowns and outage measurement."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.clocks import (
    BASE_DURATION,
    ChallengeCountdown,
    Clock,
    ExtraTime,
    Outage,
    SystemClock,
    countdown_remaining_ms,
    is_overtime,
    measure_outages,
    outage_since_last_beat,
    parse_extra_time,
    remaining,
    suggest_time_to_add,
    theoretical_end,
)
from tests.helpers.clock import FakeClock

START = datetime(2021, 3, 8, 9, 2, tzinfo=UTC)
S = timedelta(seconds=1)
MIN = timedelta(minutes=1)

# --- clocks ----------------------------------------------------------------------------


def test_system_clock_gives_utc_aware_time_and_a_monotonic_count() -> None:
    clock: Clock = SystemClock()
    before = datetime.now(UTC)
    assert before - S <= clock.now() <= datetime.now(UTC) + S
    assert clock.now().tzinfo is UTC
    first = clock.monotonic_ms()
    assert abs(first - time.monotonic() * 1000) < 1000
    assert clock.monotonic_ms() >= first


def test_fake_clock_advances_both_clocks() -> None:
    fake = FakeClock(now=START, monotonic_ms=100)
    clock: Clock = fake  # FakeClock satisfies the protocol
    fake.advance(1500)
    assert clock.monotonic_ms() == 1600
    assert clock.now() == START + timedelta(milliseconds=1500)


def test_fake_clock_default_wall_time_is_aware() -> None:
    assert FakeClock().now().tzinfo is not None


def test_fake_clock_wall_time_is_settable_alone() -> None:
    clock = FakeClock(now=START)
    later = START + timedelta(hours=1)
    clock.set_now(later)
    assert clock.now() == later
    assert clock.monotonic_ms() == 0


def test_fake_clock_reboot_restarts_monotonic_time() -> None:
    clock = FakeClock(now=START)
    clock.advance(60_000)
    clock.reboot(off_ms=12 * 60_000)
    assert clock.monotonic_ms() == 0
    assert clock.now() == START + 13 * MIN


@pytest.mark.parametrize("call", ["advance", "reboot"])
def test_fake_clock_never_goes_back(call: str) -> None:
    clock = FakeClock()
    with pytest.raises(ValueError):
        if call == "advance":
            clock.advance(-1)
        else:
            clock.reboot(off_ms=-1)


def test_fake_clock_refuses_naive_wall_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        FakeClock(now=datetime(2021, 3, 8, 9, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        FakeClock().set_now(datetime(2021, 3, 8, 9, 0))


# --- extra time ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["30%", "30 %", "30", "0.30", "0,30", " 0.3 ", 30, 0.3, Decimal("0.30"), Fraction(3, 10)],
)
def test_every_spelling_of_thirty_percent(value: str | ExtraTime) -> None:
    assert parse_extra_time(value) == Fraction(3, 10)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", Fraction(0)),
        ("0", Fraction(0)),
        ("0%", Fraction(0)),
        (0, Fraction(0)),
        ("33%", Fraction(33, 100)),
        ("1", Fraction(1)),  # a share of 1 is 100 %, not 1 %
        ("1%", Fraction(1, 100)),
        ("100", Fraction(1)),
        ("100%", Fraction(1)),
        (1.5, Fraction(15, 1000)),  # above 1: a percentage
        ("0.5%", Fraction(5, 1000)),
        ("1e1", Fraction(1, 10)),
    ],
)
def test_parse_extra_time(value: str | ExtraTime, expected: Fraction) -> None:
    assert parse_extra_time(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-30%", "negative"),
        ("-0.3", "negative"),
        (-1, "negative"),
        ("101%", "exceed 100"),
        ("150", "exceed 100"),
        (250, "exceed 100"),
        ("abc", "not a number"),
        ("30%%", "not a number"),
        ("%", "not a number"),
        ("nan", "not a number"),
        ("Infinity", "not a number"),
        (float("nan"), "not a number"),
        (float("inf"), "not a number"),
        (Decimal("NaN"), "not a number"),
        (True, "must be a number"),
    ],
)
def test_bad_extra_time_is_refused_in_english(value: str | ExtraTime, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_extra_time(value)


@given(st.integers(0, 100))
def test_percent_forms_agree(percent: int) -> None:
    expected = Fraction(percent, 100)
    assert parse_extra_time(f"{percent}%") == expected
    assert parse_extra_time(f"{expected.numerator / expected.denominator}") == expected
    if percent > 1:
        assert parse_extra_time(str(percent)) == expected
        assert parse_extra_time(percent) == expected


# --- theoretical end -------------------------------------------------------------------


def test_base_duration_is_one_hour_forty_five() -> None:
    assert timedelta(hours=1, minutes=45) == BASE_DURATION
    assert theoretical_end(START, 0, timedelta(0)) == START + BASE_DURATION


def test_ada_lovelace_33_percent_ends_140_minutes_later_roughly() -> None:
    end = theoretical_end(START, parse_extra_time("33%"), timedelta(0))
    assert end == START + timedelta(minutes=139, seconds=39)  # 105 x 1.33 = 139.65 min


def test_added_time_is_added() -> None:
    assert theoretical_end(START, 0.5, 15 * MIN) == START + timedelta(minutes=172, seconds=30)


def test_float_extra_time_is_read_as_its_decimal() -> None:
    assert theoretical_end(START, 0.1, timedelta(0)) == START + timedelta(minutes=115, seconds=30)


@pytest.mark.parametrize(
    ("start_us", "added", "expected_s"),
    [
        (499_999, timedelta(0), 0),
        (500_000, timedelta(0), 1),  # half up
        (0, timedelta(milliseconds=1500), 2),
        (0, timedelta(milliseconds=1499), 1),
        (0, -timedelta(milliseconds=500), 0),  # -0.5 s rounds up to 0
    ],
)
def test_end_is_rounded_to_the_second_half_up(
    start_us: int, added: timedelta, expected_s: int
) -> None:
    start = START.replace(microsecond=start_us)
    end = theoretical_end(start, 0, added)
    assert end == START + BASE_DURATION + timedelta(seconds=expected_s)
    assert end.microsecond == 0


def test_end_keeps_the_start_time_zone() -> None:
    paris = timezone(timedelta(hours=1))
    start = datetime(2021, 3, 8, 10, 2, tzinfo=paris)
    end = theoretical_end(start, 0, timedelta(0))
    assert end == START + BASE_DURATION
    assert end.tzinfo is paris


@pytest.mark.parametrize("extra", [-0.1, 1.5, Decimal("-1")])
def test_end_refuses_extra_time_out_of_range(extra: ExtraTime) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        theoretical_end(START, extra, timedelta(0))


def test_end_refuses_naive_start() -> None:
    with pytest.raises(ValueError, match="start"):
        theoretical_end(datetime(2021, 3, 8, 9, 2), 0, timedelta(0))


def test_remaining_and_overtime() -> None:
    end = START + BASE_DURATION
    assert remaining(START, 0, timedelta(0), START) == BASE_DURATION
    assert remaining(START, 0, timedelta(0), end) == timedelta(0)
    assert not is_overtime(START, 0, timedelta(0), end)
    assert remaining(START, 0, timedelta(0), end + S) == -S
    assert is_overtime(START, 0, timedelta(0), end + S)
    assert not is_overtime(START, 0, 5 * MIN, end + S)


def test_remaining_refuses_naive_now() -> None:
    with pytest.raises(ValueError, match="now"):
        remaining(START, 0, timedelta(0), datetime(2021, 3, 8, 9, 2))


@given(
    st.fractions(min_value=0, max_value=1),
    st.integers(-3600, 3600).map(lambda s: timedelta(seconds=s)),
    st.integers(0, 999_999),
)
def test_end_is_within_half_a_second_of_the_exact_end(
    extra: Fraction, added: timedelta, start_us: int
) -> None:
    start = START.replace(microsecond=start_us)
    us = timedelta(microseconds=1)
    exact_us = BASE_DURATION // us * (1 + extra)
    end = theoretical_end(start, extra, added)
    error_us = (end - start - added) // us - exact_us
    assert -500_000 < error_us <= 500_000
    assert end.microsecond == 0


# --- countdown -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("timer_s", "elapsed_ms", "expected"),
    [(60, 0, 60_000), (60, 59_999, 1), (60, 60_000, 0), (60, 90_000, 0)],
)
def test_countdown_remaining_ms(timer_s: int, elapsed_ms: int, expected: int) -> None:
    assert countdown_remaining_ms(timer_s, elapsed_ms) == expected


def test_countdown_runs_on_monotonic_time() -> None:
    clock = FakeClock()
    countdown = ChallengeCountdown(60, clock)
    assert not countdown.is_paused
    clock.advance(20_000)
    assert countdown.elapsed_ms == 20_000
    assert countdown.remaining_ms == 40_000
    clock.set_now(clock.now() + timedelta(hours=2))  # a wall-clock jump changes nothing
    assert countdown.remaining_ms == 40_000
    clock.advance(45_000)
    assert countdown.remaining_ms == 0
    assert countdown.expired


def test_countdown_pauses_during_an_alert() -> None:
    clock = FakeClock()
    countdown = ChallengeCountdown(60, clock)
    clock.advance(10_000)
    countdown.pause()
    countdown.pause()  # twice is harmless
    assert countdown.is_paused
    clock.advance(300_000)
    assert countdown.elapsed_ms == 10_000
    countdown.resume()
    countdown.resume()  # twice is harmless
    clock.advance(5_000)
    assert countdown.elapsed_ms == 15_000
    assert not countdown.expired


def test_countdown_restored_after_a_power_cut_goes_on_where_it_stood() -> None:
    clock = FakeClock()
    countdown = ChallengeCountdown(120, clock)
    clock.advance(50_000)
    persisted = countdown.elapsed_ms  # written with the last heartbeat
    clock.reboot(off_ms=12 * 60_000)
    restored = ChallengeCountdown(120, clock, elapsed_ms=persisted, paused=True)
    assert restored.remaining_ms == 70_000
    clock.advance(30_000)  # waiting for the invigilator to authorise the resume
    restored.resume()
    clock.advance(10_000)
    assert restored.remaining_ms == 60_000


def test_countdown_never_counts_a_clock_going_back() -> None:
    clock = FakeClock(monotonic_ms=10_000)
    countdown = ChallengeCountdown(60, clock, elapsed_ms=5_000)
    clock.reboot(off_ms=0)  # monotonic back to 0 under a live countdown: a misuse
    assert countdown.elapsed_ms == 5_000


@pytest.mark.parametrize(("timer_s", "elapsed_ms"), [(0, 0), (-5, 0), (60, -1)])
def test_countdown_refuses_nonsense(timer_s: int, elapsed_ms: int) -> None:
    with pytest.raises(ValueError):
        ChallengeCountdown(timer_s, FakeClock(), elapsed_ms=elapsed_ms)


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 100_000)), max_size=20))
def test_countdown_elapsed_is_the_running_time(steps: list[tuple[bool, int]]) -> None:
    clock = FakeClock()
    countdown = ChallengeCountdown(600, clock)
    running_total = 0
    for pause, ms in steps:
        if pause:
            countdown.pause()
        else:
            countdown.resume()
        clock.advance(ms)
        running_total += 0 if pause else ms
        assert countdown.elapsed_ms == running_total
        assert countdown.remaining_ms == max(0, 600_000 - running_total)


# --- outages ---------------------------------------------------------------------------


def beats(*offsets_s: float) -> list[datetime]:
    return [START + timedelta(seconds=s) for s in offsets_s]


def test_regular_heartbeats_have_no_outage() -> None:
    assert measure_outages(beats(*range(0, 600, 5))) == []
    assert measure_outages([]) == []
    assert measure_outages(beats(0)) == []


def test_twelve_minute_power_cut_is_measured() -> None:
    before = list(range(0, 2400, 5))
    after = [2400 + 12 * 60 + 40 + s for s in range(0, 300, 5)]  # 12 min off + 40 s boot
    outages = measure_outages(beats(*before, *after))
    assert len(outages) == 1
    cut = outages[0]
    assert cut.start == START + timedelta(seconds=2395)
    assert cut.end == START + timedelta(seconds=2400 + 760)
    assert cut.duration == timedelta(minutes=12, seconds=40)
    assert suggest_time_to_add(outages) == 13 * MIN


def test_gap_must_exceed_the_threshold() -> None:
    assert measure_outages(beats(0, 30)) == []
    assert measure_outages(beats(0, 30.001)) == [
        Outage(START, START + timedelta(seconds=30.001), timedelta(seconds=25.001))
    ]


def test_heartbeats_are_sorted_first_and_several_outages_found() -> None:
    outages = measure_outages(beats(300, 0, 5, 100, 105))
    assert [(o.start, o.end) for o in outages] == [
        (START + 5 * S, START + 100 * S),
        (START + 105 * S, START + 300 * S),
    ]
    assert suggest_time_to_add(outages) == 5 * MIN  # 90 s + 190 s = 280 s -> 5 min


def test_custom_interval_and_threshold() -> None:
    outages = measure_outages(
        beats(0, 20, 100), interval=timedelta(seconds=10), threshold=timedelta(seconds=15)
    )
    assert [o.duration for o in outages] == [10 * S, 70 * S]


@pytest.mark.parametrize(
    ("interval", "threshold"),
    [(timedelta(0), 30 * S), (-S, 30 * S), (5 * S, 5 * S), (10 * S, 5 * S)],
)
def test_nonsense_heartbeat_settings_are_refused(interval: timedelta, threshold: timedelta) -> None:
    with pytest.raises(ValueError):
        measure_outages([], interval=interval, threshold=threshold)
    with pytest.raises(ValueError):
        outage_since_last_beat(START, START, interval=interval, threshold=threshold)


def test_outage_since_last_beat() -> None:
    assert outage_since_last_beat(START, START + 30 * S) is None
    assert outage_since_last_beat(START, START + 31 * S) == Outage(START, START + 31 * S, 26 * S)


@pytest.mark.parametrize(
    ("seconds", "minutes"),
    [(0, 0), (1, 1), (60, 1), (61, 2), (12 * 60, 12), (12 * 60 + 0.000001, 13)],
)
def test_suggestion_is_rounded_up_to_whole_minutes(seconds: float, minutes: int) -> None:
    outage = Outage(START, START, timedelta(seconds=seconds))
    assert suggest_time_to_add([outage]) == timedelta(minutes=minutes)


def test_no_outage_no_time_to_add() -> None:
    assert suggest_time_to_add([]) == timedelta(0)


@given(st.lists(st.integers(1, 600_000), min_size=1, max_size=200))
def test_outages_are_the_long_gaps(gaps_ms: list[int]) -> None:
    times = [START]
    for gap in gaps_ms:
        times.append(times[-1] + timedelta(milliseconds=gap))
    outages = measure_outages(times)
    long_gaps = [g for g in gaps_ms if g > 30_000]
    assert [o.duration for o in outages] == [timedelta(milliseconds=g - 5_000) for g in long_gaps]
    total_ms = sum(g - 5_000 for g in long_gaps)
    suggested = suggest_time_to_add(outages)
    assert suggested.total_seconds() % 60 == 0
    assert timedelta(milliseconds=total_ms) <= suggested < timedelta(milliseconds=total_ms) + MIN
