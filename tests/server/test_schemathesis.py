"""Property-based API test: schemathesis generates requests from /openapi.json.

Every operation is called with generated (valid and invalid) data, with the token of the
role the route is for, against the ASGI app on SQLite. No response may be a 5xx, and every
response must match the documented schema and content type. Examples are limited so the
run stays under two minutes.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from typing import Any

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
from tests.server.conftest import BANK, Api

_DB = Path(tempfile.mkdtemp(prefix="examroom-st-")) / "server.sqlite"
APP = create_app(
    ServerSettings(db_url=f"sqlite:///{_DB}", max_wait_s=0.05), clock=SystemClock(), bank=BANK
)
_client = TestClient(APP)
_api = Api(client=_client, clock=SystemClock(), db_url=f"sqlite:///{_DB}")  # type: ignore[arg-type]
_ADMIN = _api.admin()
_SID, _CAND, _INV, _KIOSK, _TEST = _api.started(_ADMIN)
TOKENS = {"admin": _ADMIN, "jury": _api.jury(), "candidate": _KIOSK, "invigilator": _INV}

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


def _token_for(path: str) -> str:
    for prefix in ("admin", "jury", "candidate", "invigilator"):
        if path.startswith(f"/api/{prefix}/"):
            return TOKENS[prefix]
    return TOKENS["invigilator"]


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
