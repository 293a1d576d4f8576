"""The candidate kiosk in English (issue 20 item 2): every screen, state and sentence.

Every screen is staged as tools/render_kiosk_screens.py stages it (the real window, the
questions of the kiosk test pack, no server), under the `english` fixture; no French may be
left on it but the pack's own content (questions are data, not translated) and the
candidate's name. The runner's notices (server refusals, offline, store errors) are
checked as sentences, since a screen shows only one at a time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.domain.kiosk_flow import Phase, QuestionView
from app.services import kiosk_texts as T
from app.services.http import ApiRefused, too_many_attempts_fr
from app.services.store import errors
from app.views.kiosk.lockdown import ScreensScreen
from app.views.kiosk.question import instruction_html
from tests.helpers.i18n import french_left, looks_french
from tools.render_kiosk_screens import Stage, scenes


def pack_texts(stage: Stage) -> set[str]:
    """The test pack's content as the screens show it: instructions, proposals, fields'
    labels, pictures' descriptions, the attached files' names and contents."""
    out: set[str] = set()
    for challenge in stage.bank:
        out |= {challenge.instruction, instruction_html(challenge.instruction),
                challenge.image_alt, *challenge.proposals,
                *(f.label for f in challenge.fields if f.label)}
    package = stage.runner.package
    assert package is not None
    for file in package.files.values():
        out.add(file.name)
        text = file.data.decode("utf-8", errors="replace")
        out.add(text)
        if file.name.endswith(".csv"):
            for row in csv.reader(io.StringIO(text), delimiter=";"):
                out |= set(row)
    return out


@pytest.fixture
def stage(qapp: QApplication, english: None, tmp_path: Path) -> Iterator[Stage]:
    staged = Stage(tmp_path)  # after `english`: the window is built in English
    try:
        yield staged
    finally:
        staged.window.close()
        staged.window.deleteLater()
        staged.store.close()
        QApplication.processEvents()


def test_every_kiosk_screen_is_in_english(stage: Stage) -> None:
    allowed = pack_texts(stage)
    left: dict[str, list[str]] = {}
    window = stage.window
    for name, setup in scenes(stage):
        window.close_attachment()
        window.leave_exit()
        window.clear_notice()
        setup()  # type: ignore[operator]
        QApplication.processEvents()
        if found := french_left(window, allowed):
            left[name] = found
    # The states the scenes do not reach: a timed question's warning with extra time, a
    # picture that cannot be shown, the sync indicator offline.
    window.show_sync(False)
    stage.phase(Phase.QUESTION)
    stage.runner.question_changed.emit(QuestionView(
        stage.bank.by_id("k22-1"), 13, 15, 87618, False, True, None, None, warning=True))
    if found := french_left(window, allowed):
        left["extra time, offline"] = found
    stage.runner.question_changed.emit(QuestionView(
        stage.bank.by_id("k11-3"), 3, 15, 87618, False, False, b"not a picture", None))
    if found := french_left(window, allowed):
        left["picture missing"] = found
    assert left == {}


def test_the_second_screen_warning_is_in_english(english: None, qtbot: Any) -> None:
    screen = ScreensScreen()
    qtbot.addWidget(screen)
    assert french_left(screen) == []


def kiosk_sentences() -> dict[str, str]:
    """Every constant sentence of kiosk_texts, by name."""
    out: dict[str, str] = {}
    for name, value in vars(T).items():
        if name.isupper() and isinstance(value, str) and name != "NBSP":
            out[name] = value
    for n, line in enumerate(T.INSTRUCTIONS):
        out[f"INSTRUCTIONS[{n}]"] = line
    return out


def test_every_kiosk_sentence_and_notice_is_in_english(english: None) -> None:
    shown = {name: T.tr(text) for name, text in kiosk_sentences().items()}
    shown |= {f"refusal {code}": T.refusal_text(code, 90) for code in
              [*T.REFUSALS, "access_locked", "too_many_attempts", "something_new"]}
    shown |= {f"join {p.value}": T.tr(text) for p, text in T.JOIN_PROBLEMS.items()}
    shown |= {f"notice {n.value}": T.tr(text) for n, text in T.QUESTION_NOTICES.items()}
    shown |= {f"duration {s}": T.duration_text(s) for s in (1, 10, 60, 90, 120)}
    shown |= {f"countdown {ms}": T.countdown_spoken(ms) for ms in (0, 1000, 61_000, 125_000)}
    french = {name: text for name, text in shown.items() if looks_french(text)}
    assert french == {}
    assert T.wait_text(1) == "1\u00a0second" and T.wait_text(45) == "45\u00a0seconds"
    assert T.wait_text(61) == "2\u00a0minutes" and T.duration_text(60) == "1 minute"
    assert T.countdown_spoken(0) == "0 seconds"  # English plural for 0, unlike French
    assert T.tr(T.TIME_LEFT).format(time="0:07") == "Time left: 0:07"


def test_store_errors_and_rate_limits_are_in_english(english: None) -> None:
    kinds = [errors.StoreError, errors.DiskFullError, errors.CorruptStoreError,
             errors.StoreLockedError, errors.ReadOnlyStoreError, errors.StoreTooNewError]
    messages = [kind("x").user_message for kind in kinds]
    messages.append(errors.NotYetSynced(1, 2, pending=1, refused=0).user_message)
    assert [m for m in messages if looks_french(m)] == []
    limited = ApiRefused("too_many_attempts", "slow down", status=429, retry_after_s=42)
    assert too_many_attempts_fr(limited) == "Too many attempts. Try again in 42\u00a0s."


def test_french_is_unchanged_without_the_english_catalogues() -> None:
    """French stays the reference: the constants are shown as they are written."""
    assert T.tr(T.CONFIRM_QUESTION) == "Est-ce bien vous\u00a0?"
    assert T.wait_text(1) == "1\u00a0seconde" and T.countdown_spoken(0) == "0 seconde"
    assert errors.DiskFullError("x").user_message == errors.DiskFullError.user_message_fr
