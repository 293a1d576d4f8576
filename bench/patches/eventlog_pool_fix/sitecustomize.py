"""Benchmark-only patch: the fix proposed for the EventLog pool-starvation deadlock.

Loaded by the server process only, through EXAMROOM_SIM_SERVER_PYTHONPATH (see
app/simulate/room.py and bench/RESULTS.md, issue 9). It checks the request's database
connection out of the pool BEFORE taking the per-session cache lock in EventLog.state, so
no thread ever waits for the pool while holding that lock. The real fix belongs in
app/server/eventlog.py (tests/simulate/test_findings.py turns XPASS when it lands).
"""

import app.server.eventlog as _eventlog

_state = _eventlog.EventLog.state


def _state_after_checkout(self, db, session_id):  # type: ignore[no-untyped-def]
    db.connection()
    return _state(self, db, session_id)


_eventlog.EventLog.state = _state_after_checkout  # type: ignore[method-assign]
