"""A room's most frequent requests, counted on the wire (issue 22).

Each kiosk pulls every few seconds and sends a heartbeat every 5 s: most of what a room
asks of the server. Each is one statement, and costs one round trip to PostgreSQL, not
three (BEGIN, the statement, COMMIT or ROLLBACK): counted with libpq's trace of every
connection the server checks out while the request runs.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa

from tests.helpers.libpq import round_trips
from tests.server.conftest import Api


@contextmanager
def _traced(engine: sa.Engine) -> Iterator[Callable[[], str]]:
    """libpq's trace of every connection `engine` hands out meanwhile, in one file."""
    fd, path = tempfile.mkstemp()

    def checkout(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        dbapi_conn.pgconn.trace(fd)

    def checkin(dbapi_conn: Any, _record: Any) -> None:
        if dbapi_conn is not None and not dbapi_conn.closed:
            dbapi_conn.pgconn.untrace()

    sa.event.listen(engine, "checkout", checkout)
    sa.event.listen(engine, "checkin", checkin)
    lines: list[str] = []
    try:
        yield lambda: "".join(lines)
    finally:
        sa.event.remove(engine, "checkout", checkout)
        sa.event.remove(engine, "checkin", checkin)
        os.close(fd)
        with open(path) as f:
            lines.append(f.read())
        os.unlink(path)


def test_a_pull_and_a_heartbeat_are_one_round_trip_each(api: Api, db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the count is PostgreSQL's; SQLite has no network")
    engine = api.client.app.state.ctx.engine  # type: ignore[attr-defined]
    admin = api.admin()
    sid, _cand, _inv, kiosk, _test = api.started(admin)

    def pull() -> None:
        r = api.client.get(f"/api/sessions/{sid}/events?after=0", headers=api.h(kiosk))
        assert r.status_code == 200 and r.json()["events"], r.text

    def heartbeat() -> None:
        r = api.client.post(
            "/api/candidate/heartbeat", json={"device_id": "pc-1"}, headers=api.h(kiosk)
        )
        assert r.status_code == 204, r.text

    for request in (pull, heartbeat):
        request()  # the token is read once, then cached
        with _traced(engine) as trace:
            request()
        assert round_trips(trace()) == 1, (request.__name__, trace())  # 3 before
    # A connection handed back from an autocommit read opens transactions again.
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None and not raw.autocommit
