"""Every mode quits cleanly: exit 0, no traceback, nothing left pending (issue 19 item 6).

Real processes, offscreen: the quit path is the process's own end (qasync, Qt's loop,
interpreter shutdown), which an in-process test cannot see.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.helpers.live_server import ROOT

ENV = os.environ | {"QT_QPA_PLATFORM": "offscreen"}

EARLY_QUIT = textwrap.dedent("""
    import asyncio, sys
    from PySide6.QtWidgets import QApplication, QWidget
    from app.views.runtime import qt_app, run_qt

    async def forever():
        await asyncio.sleep(3600)

    async def main():
        window = QWidget()
        window.show()
        asyncio.get_running_loop().create_task(forever(), name="left-behind")
        await asyncio.sleep(0.05)
        window.close()
        QApplication.quit()  # Qt ends its loop while main() still has work to do
        await asyncio.sleep(0.2)  # the orderly shutdown (sync stop, store close...)
        print("shut down in order", flush=True)
        return 0

    qt_app()
    sys.exit(run_qt(main))
""")


def test_qt_ending_its_loop_early_does_not_cut_the_shutdown_short() -> None:
    done = subprocess.run([sys.executable, "-c", EARLY_QUIT], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "shut down in order" in done.stdout
    assert "Traceback" not in done.stderr
    assert "was destroyed but it is pending" not in done.stderr


@pytest.mark.parametrize("settle_s", [0.0, 1.0])
def test_the_kiosk_exits_0_without_traceback_when_asked_to_quit(
    tmp_path: Path, settle_s: float
) -> None:
    env = ENV | {"EXAMROOM_DATA_DIR": str(tmp_path / "kiosk")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "kiosk", "--windowed", "--remote-control",
         "--server", "http://127.0.0.1:9"],
        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdin is not None
        for line in proc.stdout:
            if "phase" in json.loads(line):
                break
        time.sleep(settle_s)
        proc.stdin.write(json.dumps({"quit": True}) + "\n")
        proc.stdin.flush()
        code = proc.wait(30)
        err = proc.stderr.read() if proc.stderr else ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
    assert code == 0, err
    assert "Traceback" not in err
    assert "was destroyed but it is pending" not in err


LOST_DISPLAY = textwrap.dedent("""
    import asyncio, sys
    from PySide6.QtWidgets import QApplication
    import app.views.runtime as runtime
    from app.views.runtime import qt_app, run_qt

    runtime.EARLY_STOP_GRACE_S = 0.5

    async def main():
        QApplication.exit(1)  # what Qt does when the X connection breaks
        try:
            await asyncio.sleep(3600)  # waits for a window that will never close
        finally:
            print("cleaned up", flush=True)
        return 0

    qt_app()
    sys.exit(run_qt(main))
""")


def test_a_mode_whose_display_is_lost_ends_after_a_grace_instead_of_hanging() -> None:
    done = subprocess.run([sys.executable, "-c", LOST_DISPLAY], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "cleaned up" in done.stdout
    assert "Traceback" not in done.stderr


CLOSE_EVERY_WINDOW = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from app.views.runtime import qt_app

    qt_app()

    def close_all():  # the person closes the window (or "Quitter", confirmed)
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        if not shown:
            QTimer.singleShot(200, close_all)
        for w in shown:
            w.close()

    QTimer.singleShot(1500, close_all)
    from app.cli import main
    sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.parametrize("mode", ["kiosk", "invigilator", "admin"])
def test_each_mode_exits_0_without_traceback_when_its_window_is_closed(
    tmp_path: Path, mode: str
) -> None:
    args = {
        "kiosk": ["kiosk", "--windowed", "--server", "http://127.0.0.1:9"],
        "invigilator": ["invigilator", "--server", "http://127.0.0.1:9",
                        "--data-dir", str(tmp_path / "station")],
        "admin": ["admin", "--server", "http://127.0.0.1:9"],
    }[mode]
    env = ENV | {"EXAMROOM_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", CLOSE_EVERY_WINDOW, *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert "was destroyed but it is pending" not in done.stderr
