"""Tell whether examroom's local data on this PC has all been sent to the server.

Used before local data is deleted: by the Debian package's maintainer scripts (prerm/postrm
on purge) and by the Windows uninstaller. Frozen into the bundle as `examroom-check-synced`
(installer/examroom.spec), so it needs no Python on the PC; `python3 check-synced.py` works
too.

    examroom-check-synced [--config FILE] [DATA_DIR]

DATA_DIR defaults to `data_dir` of the configuration file (default /etc/examroom/config.toml,
or %ProgramData%\\examroom\\config.toml on Windows). Every `*.sqlite` file in it that has an
`events` table with a `sync_state` column is a local store (kiosk.sqlite, the invigilator
station's store...); its own events still `pending` have not reached the server. A server
database (`server.sqlite`) is the reference copy of a centre's data: it is never called
"synced", so it is never deleted by an uninstall.

Exit status: 0 everything synced (the data may be deleted), 1 events still pending or a
server database present (keep the data), 2 cannot tell (keep the data). Each store is read
through a read-only SQLite connection, so a damaged file is never modified.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tomllib
from pathlib import Path

SYNCED, PENDING, UNKNOWN = 0, 1, 2


def default_config() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "examroom" / "config.toml"
    return Path("/etc/examroom/config.toml")


def data_dir_from(config: Path) -> Path | None:
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    table = data.get("examroom", data)
    value = table.get("data_dir") if isinstance(table, dict) else None
    return Path(value).expanduser() if isinstance(value, str) and value.strip() else None


def pending_in(store: Path) -> int | None:
    """Own events not yet acknowledged by the server; None if not a local store."""
    uri = store.resolve().as_uri() + "?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=5)
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(events)")}
        if "sync_state" not in columns:
            return None
        own = " AND origin = 'own'" if "origin" in columns else ""
        (count,) = db.execute(
            f"SELECT count(*) FROM events WHERE sync_state = 'pending'{own}"
        ).fetchone()
        return int(count)
    finally:
        db.close()


def check(data_dir: Path, out: list[str]) -> int:
    if not data_dir.exists():
        out.append(f"{data_dir}: no local data")
        return SYNCED
    status = SYNCED
    for path in sorted(data_dir.rglob("*.sqlite")):
        if path.name == "server.sqlite":
            out.append(f"{path}: server database, kept (the reference copy of the centre's data)")
            status = max(status, PENDING)
            continue
        try:
            pending = pending_in(path)
        except sqlite3.Error as exc:
            out.append(f"{path}: cannot be read ({exc}); kept")
            status = UNKNOWN
            continue
        if pending is None:
            continue
        if pending:
            out.append(f"{path}: {pending} event(s) not yet sent to the server")
            status = max(status, PENDING)
        else:
            out.append(f"{path}: synced")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="examroom-check-synced",
        description="exit 0 if every local event of examroom has reached the server",
    )
    parser.add_argument("--config", type=Path, default=None, help="configuration file (TOML)")
    parser.add_argument("data_dir", nargs="?", type=Path, help="data directory to check")
    ns = parser.parse_args(argv)
    data_dir = ns.data_dir
    if data_dir is None:
        config = ns.config or default_config()
        data_dir = data_dir_from(config) if config.is_file() else None
        if data_dir is None:
            print(f"examroom-check-synced: no data_dir in {config}", file=sys.stderr)
            return UNKNOWN
    lines: list[str] = []
    try:
        status = check(data_dir, lines)
    except OSError as exc:
        print(f"examroom-check-synced: {data_dir}: {exc}", file=sys.stderr)
        return UNKNOWN
    for line in lines:
        print(line)
    return status


if __name__ == "__main__":
    sys.exit(main())
