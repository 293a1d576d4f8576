"""Property-based API test: schemathesis generates requests from /openapi.json.

Every operation is called with generated (valid and invalid) data, with the token of the
role the route is for, against the ASGI app on SQLite and on PostgreSQL. No response may
be a 5xx, and every response must match the documented schema and content type. Examples
are limited so each run stays under two minutes.
"""

from __future__ import annotations

import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # WORKAROUND: see conftest (starlette/httpx warning)
    import schemathesis
    from fastapi.testclient import TestClient
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
    )

from app.domain.clocks import SystemClock
from app.server.app import create_app
from app.server.settings import ServerSettings
from tests.server.conftest import BANK, PG_BASE, Api, pg_available


def _build(db_url: str) -> tuple[Any, dict[str, str]]:
    """The app on `db_url` with a started session, and a token per role."""
    app = create_app(ServerSettings(db_url=db_url, max_wait_s=0.05), clock=SystemClock(),
                     bank=BANK)
    api = Api(client=TestClient(app), clock=SystemClock(), db_url=db_url)  # type: ignore[arg-type]
    admin = api.admin()
    _sid, _cand, inv, kiosk, _test = api.started(admin)
    return app, {"admin": admin, "jury": api.jury(), "candidate": kiosk, "invigilator": inv}


_DB = Path(tempfile.mkdtemp(prefix="examroom-st-")) / "server.sqlite"
APP, TOKENS = _build(f"sqlite:///{_DB}")
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)

# PostgreSQL too (issue 17: a NUL or an out-of-range value failed there only), in a schema
# of its own, dropped at the end of the module.
_PG_SCHEMA = f"st_{uuid.uuid4().hex[:12]}"
if pg_available():
    with sa.create_engine(PG_BASE).begin() as _conn:
        _conn.execute(sa.text(f"CREATE SCHEMA {_PG_SCHEMA}"))
    APP_PG, TOKENS_PG = _build(f"{PG_BASE}?options=-csearch_path%3D{_PG_SCHEMA}")
else:
    APP_PG, TOKENS_PG = create_app(
        ServerSettings(db_url=f"sqlite:///{_DB}", run_migrations=False), bank=BANK
    ), {}
schema_pg = schemathesis.openapi.from_asgi("/openapi.json", APP_PG)


@pytest.fixture(scope="module", autouse=True)
def _drop_pg_schema() -> Iterator[None]:
    yield
    if TOKENS_PG:
        engine = sa.create_engine(PG_BASE)
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {_PG_SCHEMA} CASCADE"))
        engine.dispose()


def _token_for(path: str, tokens: dict[str, str] = TOKENS) -> str:
    for prefix in ("admin", "jury", "candidate", "invigilator"):
        if path.startswith(f"/api/{prefix}/"):
            return tokens[prefix]
    return tokens["invigilator"]


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_conforms(case: Any) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {_token_for(case.path)}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


@schema_pg.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_conforms_on_postgresql(case: Any) -> None:
    if not TOKENS_PG:
        pytest.skip("PostgreSQL: nothing answers at 127.0.0.1:5432")
    case.call_and_validate(
        headers={"Authorization": f"Bearer {_token_for(case.path, TOKENS_PG)}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
