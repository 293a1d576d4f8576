"""A new store is created from `app.models.local_head` without Alembic (issue 22 item 4):
it must be the very file Alembic's migrations make, and still match the models."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.models.local import LocalBase
from app.services.store import LocalStore, upgrade_schema
from tests.helpers.clock import FakeClock

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def _describe(path: Path) -> dict[str, Any]:
    with closing(sqlite3.connect(path)) as db:
        return {
            "master": sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")),
            "meta": sorted(db.execute("SELECT key, value FROM meta WHERE key != 'created_at'")),
            "revision": db.execute("SELECT version_num FROM alembic_version").fetchall(),
            "user_version": db.execute("PRAGMA user_version").fetchone()[0],
        }


def test_a_new_store_is_the_file_alembic_makes(tmp_path: Path) -> None:
    by_alembic = tmp_path / "alembic.sqlite"
    upgrade_schema(by_alembic)
    direct = tmp_path / "direct.sqlite"
    LocalStore.open(direct, device_id="k", clock=FakeClock(now=T0)).close()
    assert _describe(direct) == _describe(by_alembic)


def test_a_new_store_matches_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    path = tmp_path / "direct.sqlite"
    LocalStore.open(path, device_id="k", clock=FakeClock(now=T0)).close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), LocalBase.metadata) == []
    finally:
        engine.dispose()


def test_creating_a_store_imports_neither_alembic_nor_sqlalchemy(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from app.domain.clocks import SystemClock\n"
        "from app.services.store import LocalStore\n"
        f"LocalStore.open(Path({str(tmp_path / 'new.sqlite')!r}), device_id='k',"
        " clock=SystemClock()).close()\n"
        "print('alembic' in sys.modules, 'sqlalchemy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False False"
