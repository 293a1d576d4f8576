"""The `examroom` command line: one entry point, clear errors, modes dispatched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app import __version__
from app.cli import COMMANDS, main, split_argv

ROOT = Path(__file__).resolve().parents[2]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"examroom {__version__}"


def test_every_subcommand_of_the_issue_exists() -> None:
    assert set(COMMANDS) == {"kiosk", "invigilator", "admin", "server", "demo", "content",
                             "simulate", "setup-pc"}


@pytest.mark.parametrize(
    ("argv", "head", "rest"),
    [
        (["server", "--port", "8470"], ["server"], ["--port", "8470"]),
        (["-v", "--config", "c.toml", "kiosk", "--windowed"],
         ["-v", "--config", "c.toml", "kiosk"], ["--windowed"]),
        (["content", "check", "x"], ["content"], ["check", "x"]),
    ],
)
def test_a_modes_own_options_go_to_the_mode(argv: list[str], head: list[str],
                                            rest: list[str]) -> None:
    assert split_argv(argv) == (head, rest)


def test_a_bad_configuration_exits_with_ex_config(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "c.toml"
    bad.write_text('mode = "teacher"\n')
    assert main(["--config", str(bad), "content", "check", "."]) == 78
    err = capsys.readouterr().err
    assert "key 'mode'" in err and "Traceback" not in err


def test_python_dash_m_app_works(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "app", "--version"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"examroom {__version__}"


def test_content_check_names_file_challenge_and_field(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXAMROOM_DATA_DIR", str(tmp_path / "data"))
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "p.json").write_text(
        '{"format": "examroom-content/1", "challenges": [{"id": "x-1", "competence": "1.1",'
        ' "level": 1, "skill": "@s1", "type": "QCU", "instruction": "Q ?",'
        ' "proposals": ["a", "b"], "solution": 5}]}', encoding="utf-8")
    assert main(["content", "check", str(pack)]) == 1
    out = capsys.readouterr().out
    assert "p.json" in out and "x-1" in out and "solution" in out
    assert main(["content", "check", str(ROOT / "resources" / "content")]) == 0


def test_server_help_works_where_a_directory_cannot_be_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`examroom server --help` on a first start with a new data folder, on Windows.

    Windows refuses `os.open(directory, O_RDONLY)` (PermissionError): every directory fsync
    must be guarded, or the first start exits 78 before anything works (issue 23).
    """
    real_open = os.open

    def windows_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.path.isdir(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", windows_open)
    monkeypatch.delenv("EXAMROOM_CONFIG", raising=False)
    monkeypatch.setenv("EXAMROOM_DATA_DIR", str(tmp_path / "new data"))
    with pytest.raises(SystemExit) as exc:
        main(["server", "--help"])
    assert exc.value.code == 0
    assert "examroom server" in capsys.readouterr().out
    assert (tmp_path / "new data" / "device_id").is_file()


def test_a_start_that_fails_says_why_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """examroomw.exe has no console: the reason must be in the data folder's logs."""
    data = tmp_path / "data"
    bad = tmp_path / "c.toml"
    bad.write_text(f'data_dir = "{data}"\nmode = "kisok"\n', encoding="utf-8")
    monkeypatch.setattr(sys, "stderr", None)  # what a program without a console has
    assert main(["--config", str(bad), "kiosk"]) == 78
    logged = (data / "logs" / "startup-errors.log").read_text(encoding="utf-8")
    assert "configuration error" in logged and "key 'mode'" in logged and str(bad) in logged


def test_an_uncaught_exception_is_logged_in_the_data_folder(tmp_path: Path) -> None:
    """A mode that crashes leaves its traceback in logs/, not only on a missing console."""
    config = tmp_path / "c.toml"
    config.write_text(f'mode = "admin"\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    crash = ("import sys; sys.argv[1:] = ['--config', sys.argv[1], 'content', 'check', "
             "'--no-such-option']; import app.content_cli as c; "
             "c.run = lambda argv, config: 1 / 0; from app.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", crash, str(config)], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 1
    log = (tmp_path / "data" / "logs" / "content.log").read_text(encoding="utf-8")
    assert "uncaught exception" in log and "ZeroDivisionError" in log


def test_the_self_check_draws_a_page_and_renders_a_pdf(tmp_path: Path) -> None:
    """What the Windows CI runs through examroomw.exe with the real platform plugin."""
    config = tmp_path / "c.toml"
    config.write_text(f'mode = "admin"\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "app", "--config", str(config), "kiosk", "--self-check",
         str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "out" / "self-check.json").read_text(encoding="utf-8"))
    assert report["ok"] and report["platform"] == "offscreen"
    assert report["pdf_pages_rendered"] >= 1 and report["pdf_bytes"] > 1000
    assert (tmp_path / "out" / "window.png").stat().st_size > 0


def test_the_language_key_chooses_the_screens_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`language` is read at every start and, for the modes with screens, chosen before
    the first window (issue 20 item 2); the server and the tools keep theirs in English."""
    from app import cli
    from app.services import i18n

    config = tmp_path / "c.toml"
    seen: list[str] = []

    def mode(argv: list[str], cfg: object) -> int:
        seen.append(i18n.language())
        return 0

    monkeypatch.setattr(cli, "_resolve", lambda target: mode)
    try:
        for language in ("en", "fr"):
            data = tmp_path / language
            monkeypatch.setenv("EXAMROOM_DATA_DIR", str(data))
            config.write_text(f'language = "{language}"\n')
            assert main(["--config", str(config), "kiosk"]) == 0
            text = (data / "logs" / "kiosk.log").read_text(encoding="utf-8")
            assert f"language {language})" in text
    finally:
        i18n.set_language("fr")
    assert seen == ["en", "fr"]


def test_a_retired_key_is_said_in_the_log(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXAMROOM_DATA_DIR", str(tmp_path / "data"))
    config = tmp_path / "c.toml"
    config.write_text('room = "Salle 208"\n')
    (tmp_path / "pack").mkdir()
    main(["--config", str(config), "content", "check", str(tmp_path / "pack")])
    text = (tmp_path / "data" / "logs" / "content.log").read_text(encoding="utf-8")
    assert "key(s) room are no longer used and are ignored" in text
