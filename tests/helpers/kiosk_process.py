"""A real `python -m app kiosk --windowed --remote-control` process, driven through stdin
by accessible names (app/views/kiosk/remote.py), for kill -9 tests and benchmarks."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.helpers.live_server import ROOT

Message = dict[str, Any]


class KioskProcess:
    def __init__(self, data_dir: Path, server_url: str, *,
                 env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.server_url = server_url
        self.extra_env = env or {}
        self.proc: subprocess.Popen[str] | None = None
        self.messages: queue.Queue[Message] = queue.Queue()
        self.seen: list[Message] = []
        self.started_at = 0.0

    def start(self, *extra: str) -> KioskProcess:
        env = os.environ | {
            "EXAMROOM_DATA_DIR": str(self.data_dir),
            "EXAMROOM_SERVER_URL": self.server_url,
            "QT_QPA_PLATFORM": "offscreen",
        } | self.extra_env
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", "kiosk", "--windowed", "--remote-control",
             "--heartbeat-ms", "500", "--sync-wait-s", "1", *extra],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, bufsize=1,
        )
        self.messages = queue.Queue()
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()
        return self

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            message["_at"] = time.monotonic()
            self.messages.put(message)

    def wait_for(self, predicate: Callable[[Message], bool], timeout_s: float = 30) -> Message:
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"kiosk did not say it in {timeout_s} s; saw {self.seen[-8:]}")
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            self.seen.append(message)
            if predicate(message):
                return message

    def phase(self, name: str, timeout_s: float = 30) -> Message:
        return self.wait_for(lambda m: m.get("phase") == name, timeout_s)

    def question(self, after: int = 0, timeout_s: float = 30) -> dict[str, Any]:
        """The next question shown whose position is beyond `after` (re-shows are skipped)."""
        message = self.wait_for(
            lambda m: "question" in m and m["question"]["position"] > after, timeout_s
        )
        return dict(message["question"])

    def send(self, **command: Any) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()

    def do(self, **command: Any) -> None:
        """Send a command and wait for its acknowledgement; fail if the kiosk refused it."""
        self.send(**command)
        ack = self.wait_for(lambda m: "ack" in m)
        assert ack["ok"], f"{command}: {ack['error']}"

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self._close()

    def _close(self) -> None:
        if self.proc is not None:
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()
        self.proc = None

    def quit(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.send(quit=True)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close()


def answer_commands(question: dict[str, Any]) -> list[dict[str, Any]]:
    """The clicks and typing that answer a question of the kiosk pack right (after
    "Commencer" on a timed question's warning)."""
    begin = [{"click": "Commencer"}] if question.get("warning") else []
    return begin + _answer_commands(question)


def _answer_commands(question: dict[str, Any]) -> list[dict[str, Any]]:
    kind = question["type"]
    if kind == "QCU":
        return [{"click": "La bonne réponse"}]
    if kind == "QCM":
        return [{"click": "Bonne A"}, {"click": "Bonne B"}]
    if kind == "QROC":
        text = "42" if "combien" in question.get("id", "") or question["id"].endswith(
            ("2", "4")) else "bonjour"
        return [{"type": "Votre réponse", "text": text}]
    return [{"type": "Premier mot", "text": "un"}, {"type": "Second mot", "text": "deux"}]
