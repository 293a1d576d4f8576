"""`examroom simulate`: a simulated exam room under faults, and the proof in figures.

    examroom simulate --spawn-server --kiosks 10 --duration 60 --kill-rate 6 \\
        --net-faults 0.1 --server-kills 1 --seed 7 --json

Why it exists (issue 9): the promise is "no answer lost, none counted twice, whatever
happens". Unit tests check each piece; this runs the real pieces together (the real
kiosk ExamRunner in separate processes, the real server) while killing kiosks and the
server and breaking the network, then compares what every kiosk acknowledged with what
the server holds. See room.py for the timeline, proxy.py for the network faults,
kiosk.py for the headless kiosk and check.py for the verdict.

Exit status: 0 when nothing was lost, duplicated or mismatched and the drain finished;
1 otherwise; 2 for a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.config import Config


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="examroom simulate", description=__doc__.splitlines()[0])
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--server", help="URL of a running server (needs --admin-email)")
    target.add_argument("--spawn-server", action="store_true",
                        help="start a server of its own (SQLite in a temp dir unless --db)")
    p.add_argument("--db", help="with --spawn-server: database URL (PostgreSQL)")
    p.add_argument("--kiosks", type=int, default=10, help="simulated kiosks (candidates)")
    p.add_argument("--duration", type=float, default=60.0, help="fault window, seconds")
    p.add_argument("--kill-rate", type=float, default=0.0,
                   help="kiosk SIGKILLs per minute across the room (random moments)")
    p.add_argument("--net-faults", type=float, default=0.0,
                   help="probability that a request through the proxy is faulted (0-1)")
    p.add_argument("--server-kills", type=int, default=0,
                   help="kill -9 and restart the spawned server this many times")
    p.add_argument("--outage", type=float, default=0.0,
                   help="stop the spawned server this many seconds (a long outage)")
    p.add_argument("--outage-at", type=float, default=10.0,
                   help="seconds into the run when the outage starts")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--speed", type=float, default=None,
                   help="candidates answer this many times faster than humans "
                        "(default: fit the test in 60%% of the duration)")
    p.add_argument("--kiosks-per-process", type=int, default=1,
                   help="pack several kiosks per process (load runs; kills then take "
                        "down the whole pack)")
    p.add_argument("--room-size", type=int, default=40, help="candidates per session")
    p.add_argument("--levels", type=int, default=6,
                   help="competences each candidate is certified on (3 questions each)")
    p.add_argument("--resume-wait", type=float, default=6.0,
                   help="seconds a restarted kiosk waits for the station before the "
                        "invigilator types the session password on it")
    p.add_argument("--no-proxy", action="store_true", help="kiosks talk to the server directly")
    p.add_argument("--arrival", type=float, default=0.0,
                   help="candidates sit down at random moments in the first ARRIVAL seconds")
    p.add_argument("--relay", action="store_true",
                   help="one room through a room relay: kiosks use it first, central second")
    p.add_argument("--relay-kills", type=int, default=0,
                   help="with --relay: kill -9 and restart the relay this many times")
    p.add_argument("--sync-wait", type=float, default=5.0,
                   help="each kiosk's long-poll in seconds (the kiosk app's default is 20)")
    p.add_argument("--server-workers", type=int, default=1,
                   help="with --spawn-server and --db PostgreSQL: server processes")
    p.add_argument("--drain-timeout", type=float, default=180.0)
    p.add_argument("--admin-email", default=os.environ.get("EXAMROOM_SIM_ADMIN_EMAIL"))
    p.add_argument("--admin-password", default=os.environ.get("EXAMROOM_SIM_ADMIN_PASSWORD"))
    p.add_argument("--workdir", type=Path, help="keep kiosk stores and logs here")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument("--json", action="store_true", help="print only the JSON summary")
    return p


def run(argv: list[str], config: Config) -> int:
    """Entry point of `examroom simulate` (app.cli dispatches here)."""
    from app.simulate.room import RoomOptions, simulate, to_json

    ns = build_parser().parse_args(argv)
    if ns.server and not (ns.admin_email and ns.admin_password):
        print("examroom simulate: --server needs --admin-email and --admin-password "
              "(or EXAMROOM_SIM_ADMIN_EMAIL/PASSWORD)", file=sys.stderr)
        return 2
    if ns.db and not ns.spawn_server:
        print("examroom simulate: --db goes with --spawn-server", file=sys.stderr)
        return 2
    if ns.relay_kills and not ns.relay:
        print("examroom simulate: --relay-kills goes with --relay", file=sys.stderr)
        return 2
    if ns.relay and ns.room_size < ns.kiosks:
        print("examroom simulate: --relay simulates one room: --room-size must be at least "
              "--kiosks", file=sys.stderr)
        return 2
    if ns.server_workers > 1 and not (ns.spawn_server and ns.db):
        print("examroom simulate: --server-workers goes with --spawn-server --db PostgreSQL",
              file=sys.stderr)
        return 2
    if (ns.server_kills or ns.outage) and not ns.spawn_server:
        print("examroom simulate: server kills and outages need --spawn-server", file=sys.stderr)
        return 2
    opts = RoomOptions(
        server=ns.server, spawn_server=ns.spawn_server, db=ns.db, kiosks=ns.kiosks,
        duration=ns.duration, kill_rate=ns.kill_rate, net_faults=ns.net_faults,
        server_kills=ns.server_kills, outage=ns.outage, outage_at=ns.outage_at, seed=ns.seed,
        speed=ns.speed, kiosks_per_process=ns.kiosks_per_process, room_size=ns.room_size,
        levels=ns.levels, admin_email=ns.admin_email, admin_password=ns.admin_password,
        workdir=ns.workdir, keep=ns.keep, drain_timeout=ns.drain_timeout,
        no_proxy=ns.no_proxy, resume_wait=ns.resume_wait, relay=ns.relay, arrival=ns.arrival,
        relay_kills=ns.relay_kills, server_workers=ns.server_workers,
        sync_wait=ns.sync_wait,
        log=None if ns.json else sys.stderr,
    )
    summary = simulate(opts)
    print(to_json(summary))
    return 0 if passed(summary) else 1


def passed(summary: dict[str, object]) -> bool:
    """The run kept the promise: nothing lost, duplicated or mismatched, and it drained."""
    relay = summary.get("relay")
    return (
        summary.get("lost") == 0
        and summary.get("lost_events") == 0
        and summary.get("undelivered") == 0
        and summary.get("duplicated") == 0
        and summary.get("mismatched_states") == 0
        and summary.get("first_answer_mismatch") == 0
        and summary.get("drain_time_s") is not None
        and (relay is None
             or (isinstance(relay, dict) and relay.get("drain_to_central_s") is not None))
    )
