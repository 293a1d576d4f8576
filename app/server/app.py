"""The FastAPI application factory: `create_app(settings)` builds the whole object graph.

Start-up runs the migrations (unless told not to), binds the notifier to the event loop
and, on PostgreSQL, starts the notifier's LISTEN and publishing tasks that wake long-polls
on every process.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import __version__
from app.domain.clocks import Clock, SystemClock
from app.server.context import ServerContext
from app.server.db import make_engine, make_sessionmaker, migrate
from app.server.errors import ERROR_RESPONSES, error_body, install_error_handlers
from app.server.eventlog import EventLog
from app.server.notify import Notifier
from app.server.routers import (
    admin,
    candidate,
    invigilator,
    public,
    relay,
    relay_keys,
    results,
    sync,
)
from app.server.settings import ServerSettings
from app.server.shedding import ShedLoad
from app.services.content import ContentBank

UPLOAD_SUFFIXES = ("/documents", "/candidates/import")


class BodySizeLimit:
    """Refuse a request body above the limit with 413, counting bytes as they arrive.

    Content-Length is checked first; a chunked body is counted, so a client cannot send
    more by leaving the header out. Upload routes get the larger upload limit.
    """

    def __init__(self, app: ASGIApp, *, default: int, uploads: int) -> None:
        self.app = app
        self.default = default
        self.uploads = uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.uploads if path.endswith(UPLOAD_SUFFIXES) else self.default
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    too_big = False
                if too_big:
                    await _send_413(send)
                    return
        received = 0
        sent_413 = False

        async def limited_receive() -> Message:
            nonlocal received, sent_413
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    sent_413 = True
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            if sent_413:
                await _send_413(send)


class _TooLarge(Exception):
    pass


async def _send_413(send: Send) -> None:
    import json

    body = json.dumps(error_body("too_large", "the request body is too large")).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


WORKER_THREADS = 30
"""Threads for sync routes (AnyIO's); with PUSH_THREADS, fewer than the database
connections (see db.make_engine)."""
PUSH_THREADS = 8
"""Threads for the pushes of events (the event loop's default executor, routers/sync.py)."""
PUSH_THREAD = "examroom-push"
"""Their names' prefix."""


def create_app(
    settings: ServerSettings,
    *,
    clock: Clock | None = None,
    bank: ContentBank | None = None,
) -> FastAPI:
    engine = make_engine(settings.db_url, pool_size=settings.pool_size)
    if settings.run_migrations:
        migrate(engine)
    notifier = Notifier()
    ctx = ServerContext(
        settings=settings,
        engine=engine,
        sessions=make_sessionmaker(engine),
        eventlog=EventLog(
            notifier=notifier, postgres=settings.is_postgres,
            presence_validity=timedelta(minutes=settings.presence_validity_minutes)),
        notifier=notifier,
        clock=clock or SystemClock(),
        bank_override=bank,
    )

    ctx.eventlog.on_finalised = ctx.tokens.forget_session

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        loop = asyncio.get_running_loop()
        # shut down (threads joined) by the loop when it closes: uvicorn's, a TestClient's
        loop.set_default_executor(ThreadPoolExecutor(PUSH_THREADS, thread_name_prefix=PUSH_THREAD))
        notifier.bind(loop)
        if settings.is_postgres:
            notifier.start_listener(settings.db_url)
        try:
            yield
        finally:
            await notifier.stop()
            engine.dispose()

    app = FastAPI(
        title="examroom server",
        version=__version__,
        description="Central server of examroom: administration, kiosks, invigilator "
        "stations and the jury sync here. Errors are JSON: "
        '`{"error": {"code", "message", "details"}}`.',
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
    )
    app.state.ctx = ctx
    app.add_middleware(ShedLoad, limit=settings.max_in_progress)
    install_error_handlers(app)
    for router in (
        sync.router,
        public.router,
        admin.router,
        results.admin_router,
        results.jury_router,
        candidate.router,
        invigilator.router,
        relay.router,
        relay_keys.router,
    ):
        app.include_router(router)
    app.add_middleware(
        BodySizeLimit, default=settings.max_body_bytes, uploads=settings.max_upload_bytes
    )
    return app
