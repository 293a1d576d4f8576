"""`python -m app.relay`: prepare a package, or run the room relay without the station's GUI.

    python -m app.relay prepare --central URL --session N --data-dir DIR
    python -m app.relay run --session N --data-dir DIR [--central URL] [--host H] [--port P]

The session password is read from the first line of stdin (never from the command line,
which other users of the PC can see). Used by the tests (a relay killed with SIGKILL and
restarted) and by IT to check a room before the day.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from app.relay.package import PackageError
from app.relay.server import DEFAULT_RELAY_PORT
from app.services.http import HttpFailure, Retry


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.relay")
    sub = parser.add_subparsers(dest="action", required=True)
    prep = sub.add_parser("prepare", help="download and seal the session package")
    run = sub.add_parser("run", help="serve the session on the LAN")
    for p in (prep, run):
        p.add_argument("--session", type=int, required=True)
        p.add_argument("--data-dir", type=Path, required=True)
    prep.add_argument("--central", required=True)
    run.add_argument("--central", default=None)
    run.add_argument("--host", default="0.0.0.0")
    run.add_argument("--port", type=int, default=DEFAULT_RELAY_PORT)
    run.add_argument("--interval", type=float, default=2.0, help="seconds between syncs")
    run.add_argument("--retry-cap", type=float, default=5.0, help="longest back-off, s")
    ns = parser.parse_args(argv)
    password = sys.stdin.readline().rstrip("\r\n")
    logging.basicConfig(level=logging.WARNING)
    try:
        if ns.action == "prepare":
            from app.relay.package import prepare

            print(prepare(ns.central, ns.session, password, ns.data_dir, retry=Retry()))
            return 0
        from app.relay.server import RelayServer, serve_forever

        relay = RelayServer(
            data_dir=ns.data_dir, session_id=ns.session, session_password=password,
            central_url=ns.central, host=ns.host, port=ns.port,
            upstream_interval_s=ns.interval, retry_cap_s=ns.retry_cap,
        ).start()
        print(f"relay for session {ns.session} on {relay.url}", flush=True)
        serve_forever(relay)
        return 0
    except (PackageError, HttpFailure) as exc:
        print(f"relay: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
