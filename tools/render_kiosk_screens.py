"""Render every kiosk screen to PNG at 1024×768 and 800×600 (docs/screens/kiosk/).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/render_kiosk_screens.py [OUT_DIR]
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/render_kiosk_screens.py --language en
                                                          # -> docs/screens/kiosk/en/

Why: a person must look at each screen (clipped text, buttons out of view, tiny type,
English) at the smallest size a school PC has. The screens are the real widgets, staged
with the questions of the kiosk test pack (tests/data/kiosk_pack); no server is needed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.domain.clocks import SystemClock  # noqa: E402
from app.domain.kiosk_flow import EndView, Phase, QuestionView  # noqa: E402
from app.services import kiosk_texts as T  # noqa: E402
from app.services.candidate_api import CandidateApi, Joined  # noqa: E402
from app.services.content import load_pack  # noqa: E402
from app.services.exam import ExamRunner  # noqa: E402
from app.services.exam_package import AttachedFile, CurrentCandidate, TestPackage  # noqa: E402
from app.services.i18n import LANGUAGES, set_language  # noqa: E402
from app.services.store import LocalStore  # noqa: E402
from app.services.sync import HttpTransport  # noqa: E402
from app.views.kiosk.window import KioskWindow  # noqa: E402
from app.views.runtime import qt_app  # noqa: E402
from app.views.style import Appearance  # noqa: E402
from tools.i18n import release  # noqa: E402

PACK = ROOT / "tests" / "data" / "kiosk_pack"
SIZES = ((1024, 768), (800, 600))


class Stage:
    """A kiosk window whose runner is set by hand to show each screen."""

    def __init__(self, data_dir: Path) -> None:
        self.app = qt_app(sys.argv[:1])
        self.appearance = Appearance(self.app)
        self.store = LocalStore.open(data_dir / "k.sqlite", device_id="render", clock=SystemClock())
        api = CandidateApi("http://127.0.0.1:9")
        self.runner = ExamRunner(
            store=self.store, api=api, transport=HttpTransport("http://127.0.0.1:9", lambda: None),
            clock=SystemClock(), device_id="render", store_executor=ThreadPoolExecutor(1),
            net_executor=ThreadPoolExecutor(1),
        )
        self.window = KioskWindow(self.runner, self.appearance, locked=False)
        self.bank = load_pack(PACK)
        self.runner.joined = Joined(token="t", candidate_id=7, session_id=296, first_name="Ada",
                                    last_name="Lovelace", status="joined")
        self.runner.current = CurrentCandidate(296, 7, "t", "Ada", "Lovelace")
        files = {}
        for challenge in self.bank:
            for kind, path in (("image", challenge.image), ("attachment", challenge.attachment)):
                if path:
                    data = (self.bank.root_for(challenge.id) / path).read_bytes()
                    files[(challenge.id, kind)] = AttachedFile(path.rsplit("/", 1)[-1], data)
        self.runner.package = TestPackage(
            certification_number=87618, challenges={c.id: c for c in self.bank},
            extra_time=0.0, accessibility=False, resume_verifier="", test_started_event={},
            files=files,
        )
        self.window.show_sync(True)

    def phase(self, phase: Phase) -> None:
        self.runner.phase = phase
        self.window.show_phase(phase.value)

    def question(self, cid: str, position: int, *, paused: bool = False, ms: int = -1,
                 warning: bool = False) -> None:
        challenge = self.bank.by_id(cid)
        package = self.runner.package
        assert package is not None
        image = package.file(cid, "image")
        attachment = package.file(cid, "attachment")
        self.phase(Phase.QUESTION)
        self.runner.question_changed.emit(
            QuestionView(challenge, position, 15, 87618, paused, False,
                         image.data if image else None, attachment.name if attachment else None,
                         warning=warning)
        )
        self.runner.countdown_changed.emit(ms)

    def shoot(self, out: Path, name: str, size: tuple[int, int]) -> Path:
        self.window.resize(*size)
        self.window.show()
        for _ in range(3):
            QApplication.processEvents()
        path = out / f"{name}-{size[0]}x{size[1]}.png"
        self.window.grab().save(str(path))
        return path


def scenes(stage: Stage) -> list[tuple[str, object]]:
    """(name, callable that stages the screen)."""
    w = stage.window
    runner = stage.runner

    def join_error() -> None:
        stage.phase(Phase.JOIN)
        w.join.number.setText("296")
        w.join.first.setText("Ada")
        w.join.last.setText("Byron")
        w.show_notice("error", T.refusal_text("not_found"))

    def end(by: str) -> object:
        def stage_end() -> None:
            runner.end_view = EndView(by=by, seen=False)
            stage.phase(Phase.END)
        return stage_end

    def skip_confirm() -> None:
        stage.question("k11-2", 2)
        w.question.skip.click()

    def viewer(cid: str) -> object:
        def stage_viewer() -> None:
            stage.question(cid, 10)
            w.open_attachment(cid)
        return stage_viewer

    def timed_warning() -> None:
        stage.question("k22-1", 13, warning=True)

    def report_confirm() -> None:
        stage.question("k11-2", 2)
        w.question.report.click()

    def focus_lost() -> None:
        stage.question("k22-1", 13, ms=7_000)
        w.show_notice("warning", T.tr(T.FOCUS_LOST))

    def time_up() -> None:
        stage.question("k22-2", 14, ms=0)
        w.show_notice("warning", T.tr(T.TIME_UP))

    def answered_qroc() -> None:
        stage.question("k13-1", 7)
        edit = w.question.input.edits["r"]  # type: ignore[union-attr]
        edit.setText("bonjour")

    return [
        ("01-join", lambda: stage.phase(Phase.JOIN)),
        ("02-join-error", join_error),
        ("03-confirm", lambda: stage.phase(Phase.CONFIRM)),
        ("04-waiting", lambda: stage.phase(Phase.WAITING)),
        ("05-access-code", lambda: stage.phase(Phase.ACCESS_CODE)),
        ("06-question-qcu-image", lambda: stage.question("k11-1", 1)),
        ("07-question-qcm", lambda: stage.question("k12-1", 4)),
        ("08-question-qroc-code", answered_qroc),
        ("09-question-qroc-number", lambda: stage.question("k13-2", 8)),
        ("10-question-qrocm-attachment", lambda: stage.question("k21-1", 10)),
        ("11a-question-timed-warning", timed_warning),
        ("11-question-timed-focus", focus_lost),
        ("12-question-time-up", time_up),
        ("13-question-paused", lambda: stage.question("k12-2", 5, paused=True)),
        ("14-question-skip-confirm", skip_confirm),
        ("14a-question-report-confirm", report_confirm),
        ("15-viewer-csv", viewer("k21-1")),
        ("16-viewer-text", viewer("k21-2")),
        ("17-viewer-pdf", viewer("k21-3")),
        ("18-end", end("candidate")),
        ("19-end-by-invigilator", end("invigilator")),
        ("20-end-max-duration", end("max_duration")),
        ("21-end-finalised", end("session_finalised")),
        ("22-resume", lambda: stage.phase(Phase.RESUME)),
        ("23-resume-wait", lambda: stage.phase(Phase.RESUME_WAIT)),
        ("24-exit", w.open_exit),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="folder (default docs/screens/kiosk, "
                        "or its en/ subfolder with --language en)")
    parser.add_argument("--language", choices=LANGUAGES, default="fr",
                        help="the screens' language (the `language` key)")
    ns = parser.parse_args(argv)
    folder = ROOT / "docs" / "screens" / "kiosk"
    out: Path = ns.out or (folder if ns.language == "fr" else folder / ns.language)
    out.mkdir(parents=True, exist_ok=True)
    if ns.language != "fr":
        release()  # the .qm catalogues, from the .ts sources
    set_language(ns.language)  # before the application: qt_app() installs the catalogues
    with tempfile.TemporaryDirectory() as tmp:
        stage = Stage(Path(tmp))
        written = []
        for size in SIZES:
            for name, setup in scenes(stage):
                stage.window.close_attachment()
                stage.window.leave_exit()
                stage.window.clear_notice()
                setup()  # type: ignore[operator]
                written.append(stage.shoot(out, name, size))
        # High contrast and zoom, at the smallest size.
        stage.window.leave_exit()
        stage.window.clear_notice()
        stage.window._contrast()
        stage.question("k11-1", 1)
        written.append(stage.shoot(out, "30-question-high-contrast", (800, 600)))
        stage.window._contrast()
        stage.window._zoom_in()
        stage.window._zoom_in()
        stage.question("k21-1", 10)
        written.append(stage.shoot(out, "31-question-zoom-130", (800, 600)))
        stage.store.close()
    print(f"{len(written)} screens written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
