"""Issue 17, item 6: what the room relay keeps on the station's disk.

Attack: read the relay's files as another user of the station, or copy its database, and
find the access code (with names and birthdates) and the tests' files in clear. The relay's
database is owner-only (0600) and holds no access code; relay-files/ is 0700, its files
0600. The station's header still shows the code (from memory).
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from tests.helpers.live_server import Driver
from tests.relay.helpers import LiveRelay, prepared_session

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.slow
def test_the_relay_database_and_files_are_private_and_hold_no_access_code(
    tmp_path: Path,
) -> None:
    p = prepared_session(tmp_path, n_candidates=1)
    relay = LiveRelay(p.station_dir, p.session_id, p.kit["session_password"], p.central.url)
    relay.start()
    try:
        d = Driver(relay.url)
        inv = d.login_invigilator(p.session_id, p.kit["session_password"])
        header = d.call("GET", "/api/invigilator/session", inv)
        assert header["access_code"] == p.kit["access_code"]
    finally:
        relay.stop()
        p.central.stop()
    db = p.station_dir / "relay.sqlite"
    assert _mode(db) == 0o600
    files = p.station_dir / "relay-files"
    assert _mode(files) == 0o700
    for path in files.rglob("*"):
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
    code = p.kit["access_code"].encode()
    for path in p.station_dir.glob("relay.sqlite*"):
        assert code not in path.read_bytes(), path
