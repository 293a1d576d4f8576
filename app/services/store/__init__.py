"""The local store: the durable SQLite log of a kiosk or an invigilator station.

Why it exists (ARCHITECTURE "The event log is the single source of truth"): a candidate's
answer that the screen has accepted must survive a crash or a power cut. `append` returns
only after its own transaction is committed with WAL and `synchronous=FULL`, i.e. after
SQLite has fsync'ed the WAL (STYLE item 7); after a restart the device rebuilds its state
by folding its log, nothing else needs recovering.

Threading: the API is synchronous and blocking (each write waits for an fsync). Async
callers run it in a single-thread executor (STYLE item 4); one lock also makes every method
safe to call from any thread, and serialises writes.

Errors (STYLE item 9): what the environment does to us (disk full, file corrupt, locked by
another process, read-only) is raised as a `StoreError` subclass with a calm sentence for the
screen (`user_message`: `user_message_fr` in the screen's language) and an English message
for the logs. Anything else, in
particular a SQL or constraint error, is a bug and propagates unchanged so that tests fail
loudly. The store never deletes, truncates or overwrites a file it could not open; moving a
bad file aside is an explicit decision (`LocalStore.quarantine`).

Why the standard `sqlite3` driver and not SQLAlchemy Core for the queries: the schema is
declared once with SQLAlchemy (`app.models.local`, migrated by Alembic), but building and
executing Core statements costs about 0.15 ms of Python per statement, which was more than
the fsync an append waits for (bench/RESULTS.md, issue 2). The store runs a dozen fixed
statements; they are plain SQL (`rows`), with column lists taken from the declared tables.

One module per job; import the public names from here:

- `errors`: the `StoreError` family and `NotYetSynced`; which SQLite/OS error is which.
- `sqlite_file`: the file: durable connection, read-only probe, schema, quarantine,
  background checkpoints.
- `rows`: events and heartbeats as rows, and the fixed SQL statements.
- `local_store`: `LocalStore` itself: append, outbox, pulled events, causal fold order,
  heartbeats, blobs, wiping.
"""

from app.services.store.errors import (
    CorruptStoreError,
    DiskFullError,
    NotYetSynced,
    ReadOnlyStoreError,
    StoreError,
    StoreLockedError,
    StoreTooNewError,
)
from app.services.store.local_store import BOOT_ID, HEARTBEAT_RETENTION, LocalStore
from app.services.store.rows import Heartbeat
from app.services.store.sqlite_file import upgrade_schema

__all__ = [
    "BOOT_ID",
    "HEARTBEAT_RETENTION",
    "CorruptStoreError",
    "DiskFullError",
    "Heartbeat",
    "LocalStore",
    "NotYetSynced",
    "ReadOnlyStoreError",
    "StoreError",
    "StoreLockedError",
    "StoreTooNewError",
    "upgrade_schema",
]
