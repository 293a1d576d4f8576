"""Background tasks of a service or a screen: the one task helper of the whole app.

Why one helper (STYLE 11, issue 19 item 0, issue 21):
- asyncio keeps only a weak reference to a task: one nobody holds may vanish mid-flight,
  so every task started here is kept until it ends;
- a second run of the same job replaces the first instead of racing it (FeelUOwn's
  `run_afn_preemptive`): starting a task under a name cancels the earlier run of that
  name, unless the caller asks to keep the running one (`replace=False`, e.g. a heartbeat
  already on its way);
- a task that fails is never silent: the traceback goes to the log and the owner's
  `on_error` is called on the loop's thread, so the owner tells the person in French (the
  station's `action_failed`, the kiosk's notice, an administration screen's feedback).
  "Task exception was never retrieved" cannot appear: the done-callback retrieves it.
  A cancelled task (replaced, stopped) is neither logged nor reported: nothing failed.

Once `stop()` (or `close()`) has run, or when no event loop is available (a window event
while the application closes), a new task is dropped: its coroutine is closed unstarted
and what `start` returns awaits to None at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Callable, Coroutine, Generator
from functools import partial
from typing import Any

log = logging.getLogger(__name__)

ErrorCallback = Callable[[BaseException], object]
DoneCallback = Callable[[Any], object]


class Dropped:
    """What `start` returns for a task it did not start: awaiting it gives None at once."""

    def __await__(self) -> Generator[Any, None, None]:
        return
        yield  # a generator that finishes at once

    def done(self) -> bool:
        return True


class Tasks:
    """The named background tasks of one owner (a desk, a kiosk runner, a window).

    `owner` names the owner in the log; `on_error` is the owner's default way to tell the
    person that something failed (a task may bring its own); `logger` is the owner's log.
    """

    def __init__(
        self,
        owner: str,
        *,
        on_error: ErrorCallback | None = None,
        logger: logging.Logger | None = None,
    ) -> None:
        self.owner = owner
        self._on_error = on_error
        self._log = logger or log
        self._named: dict[str, asyncio.Task[Any]] = {}
        self._anonymous: set[asyncio.Task[Any]] = set()
        self._closed = False
        self._counter = 0

    # -- starting ------------------------------------------------------------------------

    def start(
        self,
        name: str | None,
        coro: Coroutine[Any, Any, Any],
        *,
        replace: bool = True,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        expected: tuple[type[BaseException], ...] = (),
    ) -> asyncio.Task[Any] | Dropped:
        """Run `coro` as a background task and keep it until it ends.

        `name`: a run of the same name is cancelled first (`replace=True`), or, with
        `replace=False`, kept running while `coro` is dropped. `None`: an action of its
        own that nothing replaces (two different clicks are two actions).
        `on_done(result)` runs when it succeeds; `on_error(exc)` (default: the owner's)
        after the traceback is logged when it fails. `expected`: failures that are part of
        the job (the server refused, it is unreachable): reported the same way, logged in
        one line without a traceback.
        """
        loop = None if self._closed else _usable_loop()
        previous = self._named.get(name) if name is not None else None
        if previous is not None and not previous.done() and not replace:
            loop = None
        if loop is None:
            coro.close()
            self._log.debug("%s: task %s dropped", self.owner, name or "(unnamed)")
            return Dropped()
        if previous is not None and not previous.done():
            previous.cancel()
        self._counter += 1
        label = name or f"#{self._counter}"
        task = loop.create_task(coro, name=f"{self.owner}:{label}")
        if name is None:
            self._anonymous.add(task)
        else:
            self._named[name] = task
        task.add_done_callback(partial(self._finished, name, on_done, on_error, expected))
        return task

    def _finished(
        self,
        name: str | None,
        on_done: DoneCallback | None,
        on_error: ErrorCallback | None,
        expected: tuple[type[BaseException], ...],
        task: asyncio.Task[Any],
    ) -> None:
        if name is None:
            self._anonymous.discard(task)
        elif self._named.get(name) is task:
            del self._named[name]
        if task.cancelled():
            return
        exc = task.exception()  # retrieved: never "Task exception was never retrieved"
        if exc is None:
            if on_done is not None:
                self._call(on_done, task.result(), task)
            return
        if isinstance(exc, expected):
            self._log.info("%s: task %s: %s", self.owner, task.get_name(), exc)
        else:
            self._log.error("%s: task %s failed", self.owner, task.get_name(), exc_info=exc)
        report = on_error or self._on_error
        if report is not None:
            self._call(report, exc, task)

    def _call(self, callback: Callable[[Any], object], value: Any, task: asyncio.Task[Any]) -> None:
        """A callback's own failure is logged, never raised into the event loop."""
        try:
            callback(value)
        except Exception:
            self._log.exception("%s: callback of task %s failed", self.owner, task.get_name())

    # -- reading ---------------------------------------------------------------------------

    def running(self, name: str) -> bool:
        """A task of this name is started and not finished."""
        task = self._named.get(name)
        return task is not None and not task.done()

    @property
    def busy(self) -> bool:
        """Some task is still running."""
        return any(not t.done() for t in self._all())

    def _all(self) -> list[asyncio.Task[Any]]:
        return [*self._named.values(), *self._anonymous]

    # -- stopping ------------------------------------------------------------------------

    def cancel(self, name: str) -> None:
        task = self._named.get(name)
        if task is not None:
            task.cancel()

    def _others(self) -> list[asyncio.Task[Any]]:
        """Every task but the one asking: a task may stop its owner (the station's
        expired login stops everything) without cancelling itself half-way."""
        try:
            me = asyncio.current_task()
        except RuntimeError:
            me = None
        return [t for t in self._all() if t is not me]

    def cancel_all(self) -> None:
        """Cancel every running task but the caller's; new ones may still be started."""
        for task in self._others():
            task.cancel()

    async def cancel_and_wait(self) -> None:
        """Cancel every running task but the caller's and wait until each has ended."""
        tasks = self._others()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def refuse_new(self) -> None:
        """From now on new tasks are dropped; the running ones go on (the owner is closing
        and stops other things first, e.g. its sync engine, before `stop`)."""
        self._closed = True

    async def stop(self) -> None:
        """Refuse new tasks, cancel the running ones (but the caller's) and wait for them."""
        self.refuse_new()
        await self.cancel_and_wait()

    def close(self) -> None:
        """Refuse new tasks and cancel the running ones, without waiting (no loop needed)."""
        self.refuse_new()
        self.cancel_all()

    @property
    def closed(self) -> bool:
        return self._closed


def _usable_loop() -> asyncio.AbstractEventLoop | None:
    """The running loop; else the thread's loop if one is set and open (a Qt slot or a
    constructor run before the loop starts); else None."""
    with contextlib.suppress(RuntimeError):
        return asyncio.get_running_loop()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return None
    return None if loop.is_closed() else loop


__all__ = ["Dropped", "Tasks"]
