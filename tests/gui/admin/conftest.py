"""Admin GUI tests: offscreen Qt, a qasync loop, a live server, fakes for native dialogs.

The screens are driven as a person would: find a control by its accessible name, click,
type, read. File choosers and the print dialog are the only things replaced (they would
open native windows); confirmations are real QMessageBoxes, clicked by name.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from app.services.documents import Sheet
from app.views.admin.common import AdminContext
from app.views.admin.main import build
from app.views.admin.window import AdminWindow
from tests.helpers.live_server import LiveServer

W = TypeVar("W", bound=QWidget)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("server"))
    live.create_accounts()
    live.start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    import qasync

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        loop.close()
        asyncio.set_event_loop(None)


@dataclass
class FakeFiles:
    """Answers file choosers with the next queued path (or a default in tmp)."""

    folder: Path
    to_open: list[str] = field(default_factory=list)
    saved: list[Path] = field(default_factory=list)

    def open_file(
        self, parent: QWidget, title: str, filters: str, done: Callable[[str], None]
    ) -> None:
        done(self.to_open.pop(0))

    def save_file(
        self, parent: QWidget, title: str, suggested: str, done: Callable[[str], None]
    ) -> None:
        path = self.folder / suggested
        self.saved.append(path)
        done(str(path))


@dataclass
class FakePrinter:
    printed: list[Sheet] = field(default_factory=list)

    def print_sheet(self, parent: QWidget, sheet: Sheet) -> None:
        self.printed.append(sheet)


@dataclass
class Ui:
    ctx: AdminContext
    window: AdminWindow
    files: FakeFiles
    printer: FakePrinter

    @property
    def screen(self) -> Any:
        return self.window.current

    def find(self, name: str, cls: type[W] = QWidget) -> W:  # type: ignore[assignment]
        """The visible control named `name` on the current screen."""
        found = [
            w
            for w in self.window.findChildren(cls)
            if w.accessibleName() == name and w.isVisibleTo(self.window)
        ]
        assert found, f"no visible control named {name!r} on {type(self.screen).__name__}"
        return found[0]

    def click(self, name: str) -> None:
        button = self.find(name, QAbstractButton)
        assert button.isEnabled(), f"{name!r} is disabled"
        button.click()

    def type(self, name: str, text: str) -> None:
        widget: Any = self.find(name)
        if hasattr(widget, "setPlainText"):
            widget.setPlainText(text)
        else:
            widget.setText(text)

    def confirm(self, yes: str) -> None:
        box: QMessageBox | None = self.ctx.confirmer.last
        assert box is not None and box.isVisible(), "no confirmation is open"
        button = next(b for b in box.buttons() if b.accessibleName() == yes)
        button.click()

    async def until(self, predicate: Callable[[], object], timeout_s: float = 30) -> None:
        deadline = asyncio.get_running_loop().time() + timeout_s
        while not predicate():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(
                    f"condition not reached on {type(self.screen).__name__}: "
                    f"{self.screen.feedback.text() if hasattr(self.screen, 'feedback') else ''}"
                )
            await asyncio.sleep(0.02)

    async def screen_loaded(self, name: str) -> Any:
        await self.until(lambda: type(self.screen).__name__ == name and self.screen.loaded)
        return self.screen


@pytest.fixture
def ui(
    qapp: QApplication, loop: asyncio.AbstractEventLoop, server: LiveServer, tmp_path: Path
) -> Iterator[Ui]:
    ctx, window = build(server.url)
    files, printer = FakeFiles(tmp_path), FakePrinter()
    ctx.files, ctx.printer = files, printer
    window.resize(1024, 768)
    window.show()
    try:
        yield Ui(ctx, window, files, printer)
    finally:
        ctx.tasks.cancel_all()
        window.close()
        window.deleteLater()
        ctx.api.close()


def need_poppler() -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip(
            "poppler-utils (pdftotext, pdftoppm) is not installed: apt-get install poppler-utils"
        )
