"""Every configuration key an IT technician writes is validated with a clear message.

A bad value names the file, the line and the key (docs/deploy.md, "Configuration keys"),
so that a typo pushed to 30 PCs is found on the first one. The config files the installers
ship or write are valid and mean what docs/deploy.md says.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from app.config import MODES, ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]
DEB_CONFIG = ROOT / "installer" / "debian" / "config.toml"
ISS = ROOT / "installer" / "windows" / "examroom.iss"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


# key, bad TOML value, words the message must contain
BAD_VALUES = [
    ("mode", '"kisok"', "must be one of kiosk, invigilator, admin, server, demo, not 'kisok'"),
    ("mode", "1", "must be one of"),
    ("server_url", '"examroom.lycee.fr"', "must be an http:// or https:// URL"),
    ("server_url", '"ftp://examroom.lycee.fr"', "must be an http:// or https:// URL"),
    ("server_url", '"https://"', "must be an http:// or https:// URL"),
    ("data_dir", '""', "must be a directory path"),
    ("data_dir", "42", "must be a directory path"),
    ("data_dir", '"var/lib/examroom"', "must be an absolute path"),
    ("language", '"de"', "must be one of fr, en, not 'de'"),
    ("relay_port", '"abc"', "must be a port number"),
    ("relay_port", "0", "must be between 1 and 65535, not 0"),
    ("relay_port", "70000", "must be between 1 and 65535, not 70000"),
    ("relay_port", "true", "must be a port number, not True"),
    ("relay_port", "8471.5", "must be a port number, not 8471.5"),
]


@pytest.mark.parametrize(("key", "value", "expected"), BAD_VALUES)
def test_a_bad_value_names_the_file_line_and_key(
    tmp_path: Path, key: str, value: str, expected: str
) -> None:
    # The bad key on line 3, after two good lines, as in a hand-written file.
    text = f'# lab 208\nlanguage = "fr"\n{key} = {value}\n'
    if key == "language":
        text = f'# lab 208\nmode = "kiosk"\n{key} = {value}\n'
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        load_config(path, environ={}, overrides=None)
    message = str(exc.value)
    assert message.startswith(f"{path}, line 3: key '{key}': "), message
    assert expected in message


def test_an_unknown_key_lists_the_known_ones(tmp_path: Path) -> None:
    path = write(tmp_path, 'mode = "kiosk"\nserver = "https://x.example"\n')
    with pytest.raises(ConfigError, match=r"line 2: key 'server': unknown key \(known keys: "):
        load_config(path, environ={})


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    # The classic Windows mistake: backslashes in a "basic" TOML string.
    path = write(tmp_path, 'mode = "kiosk"\ndata_dir = "C:\\ProgramData\\examroom"\n')
    with pytest.raises(ConfigError, match=r"invalid TOML: .*line 2"):
        load_config(path, environ={})


@pytest.mark.parametrize(
    ("variable", "value", "key"),
    [
        ("EXAMROOM_MODE", "teacher", "mode"),
        ("EXAMROOM_SERVER_URL", "examroom.lycee.fr", "server_url"),
        ("EXAMROOM_LANGUAGE", "es", "language"),
        ("EXAMROOM_RELAY_PORT", "port", "relay_port"),
        ("EXAMROOM_DATA_DIR", "relative/dir", "data_dir"),
    ],
)
def test_a_bad_environment_override_names_the_key(
    tmp_path: Path, variable: str, value: str, key: str
) -> None:
    environ = {"EXAMROOM_DATA_DIR": str(tmp_path)} | {variable: value}
    path = write(tmp_path, 'mode = "kiosk"\n')
    with pytest.raises(ConfigError, match=f"key '{key}'"):
        load_config(path, environ=environ)


def test_every_key_is_documented_for_it_staff() -> None:
    from app.config import _KEYS

    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for key in sorted(_KEYS):
        assert f"| `{key}` |" in doc, f"docs/deploy.md does not document the key {key!r}"
    for mode in MODES:
        assert f"`{mode}`" in doc


def test_the_debian_conffile_is_valid_and_kiosk(tmp_path: Path) -> None:
    # data_dir is overridden so that the test does not write /var/lib/examroom.
    config = load_config(DEB_CONFIG, environ={}, overrides={"data_dir": str(tmp_path)})
    assert config.mode == "kiosk"
    data = tomllib.loads(DEB_CONFIG.read_text(encoding="utf-8"))
    assert data["data_dir"] == "/var/lib/examroom"
    # Every commented default names a real key with its real default.
    from app.config import Config

    defaults = Config()
    for key, value in re.findall(r"^# (\w+) = (.+)$", DEB_CONFIG.read_text(), re.M):
        assert tomllib.loads(f"v = {value}")["v"] == getattr(defaults, key), key


def test_the_windows_installer_writes_known_keys_only(tmp_path: Path) -> None:
    """The keys examroom.iss merges into the PC's file exist, and load as it writes them."""
    from app.config import _KEYS

    iss = ISS.read_text(encoding="utf-8")
    written = set(re.findall(r"SetKey\(Lines, '(\w+)'", iss))
    assert written == {"mode", "server_url", "language", "data_dir"}
    assert written <= _KEYS

    def toml_string(text: str) -> str:  # TomlString() of the .iss
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    data_dir = tmp_path / 'Program"Data' / "examroom\\data"
    values = {
        "mode": "kiosk",
        "server_url": "https://examroom.example.org",
        "data_dir": str(data_dir),
        "language": "fr",
    }
    text = "".join(f"{key} = {toml_string(value)}\n" for key, value in values.items())
    config = load_config(write(tmp_path, text), environ={})
    assert config.data_dir == data_dir


def test_the_documented_windows_paths_are_the_ones_platformdirs_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """appname "examroom", appauthor off: %LOCALAPPDATA%\\examroom, not examroom\\examroom
    (issue 23). platformdirs' Windows rules, with its folders set through its overrides."""
    from platformdirs.windows import Windows

    local = r"C:\Users\eleve\AppData\Local"
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", local)
    monkeypatch.setenv("WIN_PD_OVERRIDE_COMMON_APPDATA", r"C:\ProgramData")
    dirs = Windows(appname="examroom", appauthor=False)

    def shown(path: str) -> str:
        return path.replace("/", "\\").replace(local, "%LOCALAPPDATA%").replace(
            r"C:\ProgramData", "%ProgramData%")

    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert f"`{shown(dirs.user_config_dir)}\\config.toml`" in doc
    assert f"`{shown(dirs.user_data_dir)}`" in doc
    assert f"`{shown(dirs.site_config_dir)}\\config.toml`" in doc
    assert "%LOCALAPPDATA%\\examroom\\examroom" not in doc
    assert "%ProgramData%\\examroom\\examroom" not in doc
