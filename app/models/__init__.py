"""SQLAlchemy tables and Alembic migrations.

The local store (kiosk, station) and the server store.
"""

import threading

ALEMBIC_LOCK = threading.Lock()
"""Held around every Alembic `command.upgrade` in this process.

Alembic's `context` is a module-global proxy: two migrations at once in one process would
run one's DDL on the other's connection. Found by `examroom simulate` packing 25 kiosks
in a process (their stores were left with half a schema: "not an examroom local store");
in production the station can migrate the relay's database while it opens its own store.
"""
