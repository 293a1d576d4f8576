"""`language = "en"` (or EXAMROOM_LANGUAGE=en) for `examroom demo`: the station (in the
demo's own process) and every kiosk (a process each) are in English (issue 20 item 2)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from app import demo
from app.services import i18n
from tests.helpers.live_server import ROOT


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_kiosk_started_by_the_demo_gets_the_demos_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    """The language may come from the demo's --config file, which its kiosks do not read:
    it is handed to them explicitly."""
    started: list[dict[str, str]] = []

    def popen(args: list[str], **kw: Any) -> object:
        started.append(kw["env"])
        return object()

    monkeypatch.setattr(demo.subprocess, "Popen", popen)
    monkeypatch.delenv("EXAMROOM_LANGUAGE", raising=False)
    i18n.set_language(language)
    try:
        demo.start_kiosk("http://127.0.0.1:9", tmp_path / "kiosk-1")
    finally:
        i18n.set_language("fr")
    assert started[0]["EXAMROOM_LANGUAGE"] == language


def _wait_for(what: str, path_glob: str, root: Path, text: str, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for path in root.glob(path_glob):
            if text in path.read_text(encoding="utf-8", errors="replace"):
                return
        time.sleep(0.3)
    raise AssertionError(f"{what}: {text!r} not seen in {root}/{path_glob}")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups")
def test_the_language_key_reaches_the_demos_station_and_kiosks(tmp_path: Path) -> None:
    """Real processes: the demo (which hosts the station) and its kiosk each log the
    language they chose before their first window. The key is in the demo's --config file,
    which the kiosks do not read: they get it from the demo."""
    data = tmp_path / "demo-data"
    config = tmp_path / "demo.toml"
    config.write_text(f'mode = "admin"\nlanguage = "en"\ndata_dir = "{data}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("EXAMROOM_LANGUAGE",
                                                            "EXAMROOM_DATA_DIR")}
    env |= {"QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "app", "--config", str(config), "demo",
                             "--kiosks", "1"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_for("the demo (station)", "logs/demo.log", data, "demo starting")
        _wait_for("the demo (station)", "logs/demo.log", data, "language en)")
        _wait_for("its kiosk", "examroom-demo-*/kiosk-1/logs/kiosk.log", tmp_path,
                  "language en)")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
