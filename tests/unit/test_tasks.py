"""The one task helper (app/services/tasks.py): a named run replaces the previous one, a
failure is logged with its traceback and reported to the owner, a cancellation is not."""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import Any

import pytest

from app.services.tasks import Dropped, Tasks


def run(coro: Any) -> Any:
    """A plain asyncio loop (the helper needs no Qt), whose unhandled-error reports are
    collected: "Task exception was never retrieved" arrives there."""
    loop = asyncio.new_event_loop()
    unhandled: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: unhandled.append(context))
    try:
        result = loop.run_until_complete(coro)
        gc.collect()  # a task whose error nobody read reports it when collected
        loop.run_until_complete(asyncio.sleep(0))
    finally:
        loop.close()
    assert unhandled == [], unhandled
    return result


class Boom(Exception):
    pass


async def _fail(message: str = "boom") -> None:
    await asyncio.sleep(0)
    raise Boom(message)


async def _forever(log: list[str], label: str) -> None:
    log.append(f"{label} started")
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        log.append(f"{label} cancelled")
        raise


def test_a_new_run_of_a_name_cancels_the_previous_one() -> None:
    errors: list[BaseException] = []

    async def scenario() -> list[str]:
        seen: list[str] = []
        tasks = Tasks("test", on_error=errors.append)
        first = tasks.start("poll", _forever(seen, "first"))
        await asyncio.sleep(0)
        second = tasks.start("poll", _forever(seen, "second"))
        await asyncio.sleep(0)
        assert isinstance(first, asyncio.Task) and first.cancelled()
        assert tasks.running("poll") and not second.done()
        await tasks.stop()
        return seen

    assert run(scenario()) == ["first started", "first cancelled", "second started",
                               "second cancelled"]
    assert errors == []


def test_keeping_the_running_one_drops_the_new_coroutine_unstarted() -> None:
    async def scenario() -> list[str]:
        seen: list[str] = []
        tasks = Tasks("test")
        tasks.start("beat", _forever(seen, "first"))
        await asyncio.sleep(0)
        again = tasks.start("beat", _forever(seen, "second"), replace=False)
        assert isinstance(again, Dropped) and await again is None
        await tasks.stop()
        return seen

    # "second" never started, and its coroutine was closed (no "never awaited" warning,
    # which the suite turns into an error).
    assert run(scenario()) == ["first started", "first cancelled"]


def test_unnamed_tasks_are_separate_actions_and_never_replace_each_other() -> None:
    async def scenario() -> list[int]:
        done: list[int] = []

        async def act(n: int) -> int:
            await asyncio.sleep(0)
            return n

        tasks = Tasks("test")
        one = tasks.start(None, act(1), on_done=done.append)
        two = tasks.start(None, act(2), on_done=done.append)
        assert tasks.busy
        await asyncio.gather(one, two)  # type: ignore[arg-type]
        await asyncio.sleep(0)
        assert not tasks.busy
        return done

    assert run(scenario()) == [1, 2]


def test_a_failure_is_logged_with_its_traceback_and_reported_to_the_owner(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reported: list[BaseException] = []

    async def scenario() -> None:
        tasks = Tasks("desk", on_error=reported.append)
        task = tasks.start("after-push", _fail("the fold refused"))
        with pytest.raises(Boom):
            await task  # type: ignore[misc]
        await asyncio.sleep(0)

    with caplog.at_level(logging.ERROR, logger="app.services.tasks"):
        run(scenario())
    assert [str(e) for e in reported] == ["the fold refused"]
    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "desk: task desk:after-push failed" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is Boom


def test_a_failure_nobody_awaits_is_still_retrieved_and_reported(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The fire-and-forget case of issue 19: the task is dropped by its caller, it fails,
    and `run` checks that the loop never saw "Task exception was never retrieved"."""
    reported: list[str] = []

    async def scenario() -> None:
        tasks = Tasks("station", on_error=lambda exc: reported.append(f"French: {exc}"))
        tasks.start(None, _fail("'str' object has no attribute 'needs_question_number'"))
        for _ in range(3):
            await asyncio.sleep(0)

    with caplog.at_level(logging.ERROR, logger="app.services.tasks"):
        run(scenario())
    assert reported == ["French: 'str' object has no attribute 'needs_question_number'"]
    assert any(r.exc_info for r in caplog.records)


def test_a_task_may_bring_its_own_error_callback() -> None:
    owner: list[BaseException] = []
    own: list[BaseException] = []

    async def scenario() -> None:
        tasks = Tasks("admin", on_error=owner.append)
        tasks.start("load", _fail(), on_error=own.append)
        for _ in range(3):
            await asyncio.sleep(0)

    run(scenario())
    assert owner == [] and [type(e) for e in own] == [Boom]


def test_an_expected_failure_is_reported_and_logged_in_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reported: list[BaseException] = []

    async def scenario() -> None:
        tasks = Tasks("admin", on_error=reported.append)
        tasks.start("save", _fail("the server refused"), expected=(Boom,))
        for _ in range(3):
            await asyncio.sleep(0)

    with caplog.at_level(logging.INFO, logger="app.services.tasks"):
        run(scenario())
    assert [str(e) for e in reported] == ["the server refused"]
    assert [(r.levelno, r.exc_info) for r in caplog.records] == [(logging.INFO, None)]


def test_cancellation_is_not_a_failure(caplog: pytest.LogCaptureFixture) -> None:
    reported: list[BaseException] = []

    async def scenario() -> None:
        tasks = Tasks("kiosk", on_error=reported.append)
        seen: list[str] = []
        tasks.start("refresh", _forever(seen, "a"))
        tasks.start("wipe", _forever(seen, "b"))
        await asyncio.sleep(0)
        tasks.cancel("refresh")
        await asyncio.sleep(0)
        await tasks.stop()
        assert seen == ["a started", "b started", "a cancelled", "b cancelled"]

    with caplog.at_level(logging.DEBUG, logger="app.services.tasks"):
        run(scenario())
    assert reported == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_task_that_stops_its_owner_finishes_its_own_work() -> None:
    """The station's expired login: its task stops every task of the desk, then goes on
    to show the login screen. It used to cancel (and wait for) itself."""

    async def scenario() -> list[str]:
        seen: list[str] = []
        tasks = Tasks("desk")

        async def expire() -> None:
            await tasks.cancel_and_wait()
            seen.append("logged out")

        tasks.start("poll", _forever(seen, "poll"))
        await asyncio.sleep(0)
        done = tasks.start("expire", expire())
        await done  # type: ignore[misc]
        return seen

    assert run(scenario()) == ["poll started", "poll cancelled", "logged out"]


def test_after_stop_new_tasks_are_dropped() -> None:
    async def scenario() -> None:
        tasks = Tasks("kiosk")
        await tasks.stop()
        seen: list[str] = []
        dropped = tasks.start("beat", _forever(seen, "late"))
        assert isinstance(dropped, Dropped) and dropped.done()
        assert await dropped is None and seen == [] and not tasks.busy

    run(scenario())


def test_without_any_loop_a_task_is_dropped_not_left_pending() -> None:
    asyncio.set_event_loop(None)
    seen: list[str] = []
    assert isinstance(Tasks("kiosk").start("focus", _forever(seen, "x")), Dropped)
    assert seen == []


def test_a_failing_error_callback_is_logged_not_raised_into_the_loop(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(exc: BaseException) -> None:
        raise RuntimeError("the screen is gone")

    async def scenario() -> None:
        tasks = Tasks("view", on_error=broken)
        tasks.start(None, _fail())
        for _ in range(3):
            await asyncio.sleep(0)

    with caplog.at_level(logging.ERROR, logger="app.services.tasks"):
        run(scenario())
    messages = [r.getMessage() for r in caplog.records]
    assert any("callback of task" in m for m in messages), messages
