"""Composition root of `examroom admin`: one API client, one context, one window."""

from __future__ import annotations

import argparse
import logging

from app.config import Config
from app.services.admin_api import AdminApi
from app.views.admin.common import AdminContext
from app.views.admin.window import AdminWindow
from app.views.runtime import qt_app, run_qt
from app.views.style import Appearance

log = logging.getLogger(__name__)


def build(server_url: str) -> tuple[AdminContext, AdminWindow]:
    """The object graph, also used by tests and the screenshot tool."""
    api = AdminApi(server_url)
    ctx = AdminContext(api=api)
    return ctx, AdminWindow(ctx)


def run(argv: list[str], config: Config) -> int:
    parser = argparse.ArgumentParser(prog="examroom admin")
    parser.add_argument("--server", default=config.server_url, help="central server URL")
    parser.add_argument("--high-contrast", action="store_true")
    args = parser.parse_args(argv)
    app = qt_app()
    appearance = Appearance(app, high_contrast=args.high_contrast)

    async def main() -> int:
        import asyncio

        ctx, window = build(args.server)
        window.appearance = appearance
        window.resize(1100, 760)
        window.show()
        closed = asyncio.get_running_loop().create_future()

        def last_window_closed() -> None:
            if not closed.done():
                closed.set_result(0)

        app.lastWindowClosed.connect(last_window_closed)
        code: int = await closed
        ctx.tasks.cancel_all()
        ctx.api.close()
        return code

    return run_qt(main)
