"""Kiosk figures (issue 4): "Je valide" -> next question, resume after a kill, start time
against a bare PySide6 window, memory. Prints one JSON object.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/kiosk.py [--candidates 4] [--kills 5]
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/kiosk.py --start-only [--runs 5]

- validate_to_next_ms: in-process, the real window at 800x600 offscreen against a live
  server; clock from the mouse click on "Je valide" to the next question's screen built
  and painted (durable append of the answer, fold, durable ChallengeShown, widgets rebuilt,
  synchronous repaint). The push to the server runs in the background, as in production.
- resume_after_kill: a real `examroom kiosk --windowed --remote-control` process SIGKILLed
  on question 4, the server down too; clock from the new process's Popen to the resume
  screen, then from the access code + resume code typed (the machine's part; the
  person's typing is not counted) to the question shown.
- start_vs_bare: Popen -> first screen reported, kiosk vs a bare PySide6 window script,
  with compiled bytecode as installed (--no-bytecode: as the environment says).
- rss_mb: VmRSS / VmHWM of the kiosk process on a question after the resume.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton  # noqa: E402

from app.domain.kiosk_flow import Phase, QuestionView  # noqa: E402
from app.services import kiosk_texts as T  # noqa: E402
from app.views.kiosk.window import KioskWindow  # noqa: E402
from app.views.runtime import qt_app  # noqa: E402
from app.views.style import Appearance  # noqa: E402
from tests.helpers.kiosk import PACK, Loop, make_kiosk, open_room, until  # noqa: E402
from tests.helpers.kiosk_process import KioskProcess, answer_commands  # noqa: E402
from tests.helpers.live_server import LiveServer  # noqa: E402

BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
w = QLabel("Rejoindre une session")
w.resize(1024, 768)
w.show()
app.processEvents()
print("shown", flush=True)
"""


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def widget_answer(window: KioskWindow, view: QuestionView) -> None:
    for command in answer_commands({"type": view.challenge.type.value, "id": view.challenge.id,
                                    "warning": view.warning}):
        if "click" in command:
            for box in window.findChildren(QAbstractButton):
                if box.accessibleName() == command["click"] and box.isVisible():
                    box.click()
        else:
            screen = window.question.input
            edits = getattr(screen, "edits", {})
            for edit in edits.values():
                if edit.accessibleName() == command["type"]:
                    edit.setText(command["text"])


def validate_to_next(server: LiveServer, tmp: Path, candidates: int) -> list[float]:
    app = qt_app()
    app.setQuitOnLastWindowClosed(False)
    qloop = Loop(app)
    samples: list[float] = []

    async def one(n: int) -> None:
        room = open_room(server)
        kiosk = make_kiosk(tmp / f"k{n}", server.url)
        window = KioskWindow(kiosk.runner, Appearance(app), locked=False)
        window.resize(800, 600)
        window.show()
        runner = kiosk.runner
        await runner.start_up()
        await runner.join(str(room.sid), "Ada", "Lovelace", "04", "05", "2010")
        await runner.confirm_identity(True)
        room.act("PresenceConfirmed")
        await until(lambda: runner.phase is Phase.ACCESS_CODE)
        await runner.start_test(room.access_code)
        shown: dict[int, float] = {}

        def on_question(view: QuestionView) -> None:
            if view.position not in shown:
                window.question.repaint()
                shown[view.position] = time.perf_counter()

        runner.question_changed.connect(on_question)
        while runner.phase is Phase.QUESTION and runner.question is not None:
            view = runner.question
            await until(lambda: not runner.busy)  # ChallengeShown recorded just after
            widget_answer(window, view)
            validate = window.question.validate
            assert validate.isEnabled(), view.challenge.id
            start = time.perf_counter()
            QTest.mouseClick(validate, Qt.MouseButton.LeftButton)
            await until(lambda p=view.position: runner.phase is not Phase.QUESTION
                        or p + 1 in shown)
            if view.position + 1 in shown:
                samples.append((shown[view.position + 1] - start) * 1000)
        window.close()
        await kiosk.close()

    for n in range(candidates):
        qloop.run(one(n), timeout_s=300)
    qloop.close()
    return samples


def resume_after_kill(server: LiveServer, tmp: Path, kills: int) -> dict[str, Any]:
    to_screen, to_question, rss, hwm = [], [], [], []
    for n in range(kills):
        if server.proc is None:
            server.start()
        room = open_room(server)
        kiosk = KioskProcess(tmp / f"p{n}", server.url).start()
        kiosk.phase("join")
        for name, text in ((T.SESSION_NUMBER, str(room.sid)), (T.FIRST_NAME, "Ada"),
                           (T.BIRTH_NAME, "Lovelace"), (T.DAY, "04"), (T.MONTH, "05"),
                           (T.YEAR, "2010")):
            kiosk.do(type=name, text=text)
        kiosk.do(click=T.CONTINUE)
        kiosk.phase("confirm")
        kiosk.do(click=T.CONFIRM_YES)
        room.act("PresenceConfirmed")
        kiosk.phase("access_code")
        kiosk.do(type=T.ACCESS_CODE, text=room.access_code)
        kiosk.do(click=T.START)
        question = kiosk.question()
        for _ in range(3):
            for command in answer_commands(question):
                kiosk.do(**command)
            kiosk.do(click=T.VALIDATE)
            question = kiosk.question(after=question["position"])
        kiosk.kill()
        server.kill()
        kiosk.start()
        started = kiosk.started_at
        screen = kiosk.phase("resume")
        to_screen.append((screen["_at"] - started) * 1000)
        kiosk.send(type=T.ACCESS_CODE, text=room.access_code)
        kiosk.send(click=T.RESUME)
        kiosk.phase("resume_wait")
        typed = time.monotonic()
        kiosk.send(type=T.RESUME_CODE, text=room.resume_code)
        kiosk.send(click=T.AUTHORIZE)
        shown = kiosk.wait_for(lambda m: "question" in m)
        assert shown["question"]["position"] == 4
        code_sent = screen["_at"]
        to_question.append(((shown["_at"] - typed) + (typed - code_sent)) * 1000)
        assert kiosk.proc is not None
        status = Path(f"/proc/{kiosk.proc.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss.append(int(fields["VmRSS"].split()[0]) / 1024)
        hwm.append(int(fields["VmHWM"].split()[0]) / 1024)
        kiosk.quit()
        server.start()
    return {
        "process_start_to_resume_screen_ms": {
            "median": round(statistics.median(to_screen), 1), "max": round(max(to_screen), 1)},
        "resume_screen_to_question_ms_machine": {
            "median": round(statistics.median(to_question), 1),
            "max": round(max(to_question), 1)},
        "rss_mb": {"median": round(statistics.median(rss), 1), "max": round(max(rss), 1),
                   "peak_hwm": round(max(hwm), 1)},
    }


def start_vs_bare(tmp: Path, runs: int = 5, *, bytecode: bool = True) -> dict[str, Any]:
    """Popen -> first screen, the kiosk against a bare PySide6 window, median of `runs`.

    `bytecode`: as the installed kiosk runs (the bundle ships compiled bytecode), i.e. with
    .pyc files in a temporary PYTHONPYCACHEPREFIX, written by one untimed start of each
    first; without it, the environment decides (PYTHONDONTWRITEBYTECODE=1 here: every
    start compiles the app's modules from source, which the bare window does not have).
    """
    env: dict[str, str] = {"QT_QPA_PLATFORM": "offscreen"}
    if bytecode:
        env |= {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    bare, kiosk_times = [], []
    for n in range(-1 if bytecode else 0, runs):
        begin = time.monotonic()
        subprocess.run([sys.executable, "-c", BARE], check=True, capture_output=True,
                       env=os.environ | env)
        elapsed = (time.monotonic() - begin) * 1000
        kiosk = KioskProcess(tmp / f"s{n}", "http://127.0.0.1:9", env=env).start()
        shown = kiosk.phase("join")
        kiosk.quit()
        if n >= 0:  # n = -1: the warm-up start that writes the bytecode
            bare.append(elapsed)
            kiosk_times.append((shown["_at"] - kiosk.started_at) * 1000)
    b, k = statistics.median(bare), statistics.median(kiosk_times)
    return {"bare_pyside6_window_ms": round(b, 1), "kiosk_first_screen_ms": round(k, 1),
            "ratio": round(k / b, 2), "bytecode": bytecode, "runs": runs}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=4)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument(
        "--start-only", action="store_true", help="only the first screen vs a bare window"
    )
    parser.add_argument("--runs", type=int, default=5, help="start runs (median)")
    parser.add_argument(
        "--no-bytecode", action="store_true",
        help="start as the environment says (here PYTHONDONTWRITEBYTECODE=1: from source)",
    )
    ns = parser.parse_args()
    if ns.start_only:
        with tempfile.TemporaryDirectory() as tmp_name:
            start = start_vs_bare(Path(tmp_name), ns.runs, bytecode=not ns.no_bytecode)
            print(json.dumps({"start_vs_bare": start}))
        return 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "server").mkdir()
        server = LiveServer(tmp / "server", content=PACK)
        server.create_accounts()
        server.start()
        try:
            samples = validate_to_next(server, tmp, ns.candidates)
            resume = resume_after_kill(server, tmp, ns.kills)
            start = start_vs_bare(tmp, bytecode=not ns.no_bytecode)
        finally:
            server.stop()
    print(json.dumps({
        "validate_to_next_ms": {"samples": len(samples), "p50": pct(samples, 0.5),
                                "p95": pct(samples, 0.95), "max": round(max(samples), 1),
                                "goal_p95": 100},
        **resume,
        "start_vs_bare": start,
        "goals": {"resume_s": 3, "start_ratio": 2, "rss_mb": 200},
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
