"""Before the kiosk loads its runner: is a candidate in progress on this PC?

Why: with no candidate in progress the kiosk's first screen is always the join screen
(`kiosk_flow.screen_at_start` with nobody joined), so the kiosk can show it before it
imports the store, the runner and the wire models, and load those right after the first
paint (issue 22 item 4). This answers from the store file through a read-only connection,
with nothing but `sqlite3`; whenever it cannot tell, it says so and the kiosk takes the
ordinary path (store first, then the screen the runner chooses).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

CURRENT_KEY: Final = "kiosk/current"
"""The blob of the candidate in progress (`exam_package.CurrentCandidate`), if any."""


def candidate_in_progress(path: Path) -> bool | None:
    """True or False as the store at `path` says, None when it cannot tell (unreadable,
    locked, not ours, or an older layout): then only the store itself may decide."""
    if not path.exists():
        return None if path.parent.exists() and not path.parent.is_dir() else False
    try:
        uri = path.resolve().as_uri() + "?mode=ro"
        db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0.5)
        try:
            row = db.execute("SELECT 1 FROM blobs WHERE key = ?", (CURRENT_KEY,)).fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return row is not None
