"""The configuration of one examroom installation: one TOML file.

Where it is read from, first found wins: `--config PATH`, `$EXAMROOM_CONFIG`, the user's
file (platformdirs, appauthor off: `~/.config/examroom/config.toml` on Linux,
`%LOCALAPPDATA%\\examroom\\config.toml` on Windows), then the PC's own file, which only an
administrator can write (`/etc/xdg/examroom/config.toml` or `/etc/examroom/config.toml` on
Linux, `%ProgramData%\\examroom\\config.toml` on Windows: what the installers write). Each key
can be overridden by an `EXAMROOM_<KEY>` environment variable (`EXAMROOM_SERVER_URL=...`).

Except on a kiosk: when the PC's file says `mode = "kiosk"` (or names no mode, kiosk being
the default), it is the configuration, whatever the session's environment or the user's
own file say. The pupils use the kiosk account; nothing they could set in its environment
may point the kiosk at another server or another data folder. Only the command line
(`--config`, `kiosk --server`), which the scheduled task or the autostart entry fixes,
still chooses (docs/deploy.md, "Configuration keys").

A file that cannot be parsed is an error that names the line and the key: it is never
overwritten, since an IT technician wrote it by hand (STYLE "Never overwrite a file you
could not parse"). The device id is generated once and kept in the data directory, not in
the config, so one config file can be pushed to 30 PCs.
"""

from __future__ import annotations

import base64
import os
import sys
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import platformdirs

from app.services.files import write_atomically

APP_NAME = "examroom"
MODES = ("kiosk", "invigilator", "admin", "server", "demo")
LANGUAGES = ("fr", "en")


class ConfigError(Exception):
    """A configuration problem, with a message that names the file, line or key."""


@dataclass(frozen=True, slots=True)
class Config:
    mode: str = "kiosk"
    server_url: str = "http://127.0.0.1:8470"
    data_dir: Path = field(default_factory=lambda: default_data_dir())
    language: str = "fr"
    relay_port: int = 8471
    relay_urls: tuple[str, ...] = ()
    """Kiosks: the room relays to try before `server_url` (the station's LAN address)."""
    central_public_key: str = ""
    """Kiosks: the central server's public key (base64, `GET /api/public-key`), written by
    the installer; without it a kiosk that never reached the central server cannot trust
    a relay (decision 0004)."""
    device_id: str = ""
    source: Path | None = None
    """The file this configuration was read from, if any."""
    retired_keys: tuple[str, ...] = ()
    """Keys of an older examroom that nothing reads any more (`room`): accepted, so that a
    PC's file written by an older installer still starts, and logged at start."""
    ignored_environment: tuple[str, ...] = ()
    """EXAMROOM_* variables of the environment not applied because the PC's own file says
    this PC is a kiosk (logged at start, so that IT sees why a variable did nothing)."""

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"


_KEYS = {f.name for f in fields(Config)} - {
    "source", "device_id", "ignored_environment", "retired_keys"}
RETIRED_KEYS = frozenset({"room"})
"""`room` was never read (issue 20): the station shows the session's room from the server."""


def machine_config_paths() -> list[Path]:
    """The PC's own configuration files, in the places only an administrator can write.

    Fixed paths, not platformdirs' site directory: on Linux that one follows
    $XDG_CONFIG_DIRS, and on Windows a WIN_PD_OVERRIDE_* variable, both set by whoever
    opens the session.
    """
    if sys.platform == "win32":
        return [_program_data() / APP_NAME / "config.toml"]
    return [Path("/etc/xdg") / APP_NAME / "config.toml", Path("/etc") / APP_NAME / "config.toml"]


def _program_data() -> Path:
    """%ProgramData% as Windows knows it (CSIDL_COMMON_APPDATA), not as the environment says."""
    if sys.platform == "win32":
        import ctypes

        buffer = ctypes.create_unicode_buffer(260)
        if ctypes.windll.shell32.SHGetFolderPathW(None, 0x23, None, 0, buffer) == 0:
            return Path(buffer.value)
    return Path(os.environ.get("PROGRAMDATA") or r"C:\ProgramData")


def default_data_dir() -> Path:
    """The user's data folder (`~/.local/share/examroom`, `%LOCALAPPDATA%\\examroom`)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def default_config_paths() -> list[Path]:
    return [user_config_path(), *machine_config_paths()]


def load_config(
    path: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    machine_paths: list[Path] | None = None,
) -> Config:
    """Read the configuration; raise ConfigError with a precise message if it is bad.

    `machine_paths` replaces the PC's files (`machine_config_paths()`) and leaves the
    user's file out: tests that must not depend on the machine they run on.
    """
    env: Mapping[str, str] = os.environ if environ is None else environ
    path, env, ignored = _choose_source(path, env, machine_paths)
    raw: dict[str, Any] = {}
    if path is not None:
        raw = _read_toml(path)
    for key in _KEYS:
        env_value = env.get(f"EXAMROOM_{key.upper()}")
        if env_value is not None:
            raw[key] = env_value
    raw.update(overrides or {})
    retired = tuple(sorted(k for k in raw if k in RETIRED_KEYS))
    values = _validate({k: v for k, v in raw.items() if k not in RETIRED_KEYS}, path)
    config = Config(source=path, ignored_environment=ignored, retired_keys=retired, **values)
    return _with_device_id(config)


def _choose_source(
    path: Path | None, env: Mapping[str, str], machine_paths: list[Path] | None
) -> tuple[Path | None, Mapping[str, str], tuple[str, ...]]:
    """The file to read and the environment that applies (see the module's docstring)."""
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: configuration file not found")
        return path, env, ()
    machine = machine_config_paths() if machine_paths is None else machine_paths
    pc_file = next((p for p in machine if p.is_file()), None)
    if pc_file is not None and _read_toml(pc_file).get("mode", "kiosk") == "kiosk":
        wanted = {"EXAMROOM_CONFIG", *(f"EXAMROOM_{key.upper()}" for key in _KEYS)}
        return pc_file, {}, tuple(sorted(name for name in env if name in wanted))
    if env.get("EXAMROOM_CONFIG"):
        path = Path(env["EXAMROOM_CONFIG"])
        if not path.is_file():
            raise ConfigError(f"{path}: configuration file not found")
        return path, env, ()
    user = [user_config_path()] if machine_paths is None else []
    return next((p for p in [*user, *machine] if p.is_file()), None), env, ()


def data_dir_hint(path: Path | None = None, *, environ: Mapping[str, str] | None = None) -> Path:
    """Where the data folder most likely is when the configuration could not be loaded.

    Only used to write the reason of a failed start where IT looks for logs (logs/ in the
    data folder; `examroomw` has no console): the `data_dir` line of the file examroom
    would read, even if another line of it is broken, else the default.
    """
    env: Mapping[str, str] = os.environ if environ is None else environ
    try:
        source, env, _ = _choose_source(path, env, None)
    except ConfigError:  # a broken or missing file: look at the one it would have been
        named = [path] if path else [*machine_config_paths(), Path(env.get("EXAMROOM_CONFIG", ""))]
        source = next((p for p in named if str(p) not in ("", ".") and p.is_file()), None)
    value = env.get("EXAMROOM_DATA_DIR", "")
    if not value and source is not None:
        value = _data_dir_line(source)
    candidate = Path(value).expanduser() if value.strip() else None
    if candidate is not None and candidate.is_absolute():
        return candidate
    return default_data_dir()


def _data_dir_line(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for line in lines:
        if line.strip().startswith("data_dir"):
            try:
                value = tomllib.loads(line.strip()).get("data_dir")
            except tomllib.TOMLDecodeError:
                return ""
            return value if isinstance(value, str) else ""
    return ""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already ends with "(at line L, column C)".
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    # The examroom keys may sit at the top level or in an [examroom] table.
    table = data.get("examroom", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [examroom] must be a table")
    return dict(table)


def _line_of(path: Path | None, key: str) -> str:
    if path is None:
        return ""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith(key):
                return f", line {number}"
    except OSError:
        pass
    return ""


def _validate(raw: Mapping[str, Any], path: Path | None) -> dict[str, Any]:
    where = str(path) if path else "configuration"

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{where}{_line_of(path, key)}: key '{key}': {message}")

    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        known = ", ".join(sorted(_KEYS))
        raise fail(unknown[0], f"unknown key (known keys: {known})")

    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "mode":
            if value not in MODES:
                raise fail(key, f"must be one of {', '.join(MODES)}, not {value!r}")
            out[key] = value
        elif key == "language":
            if value not in LANGUAGES:
                raise fail(key, f"must be one of {', '.join(LANGUAGES)}, not {value!r}")
            out[key] = value
        elif key == "server_url":
            if not _is_http_url(value):
                raise fail(key, f"must be an http:// or https:// URL, not {value!r}")
            out[key] = str(value).rstrip("/")
        elif key == "relay_urls":
            # A TOML array, or "url1,url2" from an EXAMROOM_RELAY_URLS variable.
            items = value.split(",") if isinstance(value, str) else value
            if not isinstance(items, list | tuple):
                raise fail(key, f"must be a list of http:// URLs, not {value!r}")
            urls = [str(u).strip() for u in items if str(u).strip()]
            bad = [u for u in urls if not _is_http_url(u)]
            if bad:
                raise fail(key, f"must be a list of http:// or https:// URLs, not {bad[0]!r}")
            out[key] = tuple(u.rstrip("/") for u in urls)
        elif key == "central_public_key":
            text = str(value).strip()
            if text and not _is_public_key(text):
                raise fail(key, "must be the central server's public key as shown by "
                                "GET /api/public-key (44 characters of base64)")
            out[key] = text
        elif key == "data_dir":
            if not isinstance(value, str) or not value.strip():
                raise fail(key, "must be a directory path")
            data_dir = Path(value).expanduser()
            # A relative path would depend on the directory the kiosk was started from
            # (an autostart, a scheduled task): the answers could land anywhere.
            if not data_dir.is_absolute():
                raise fail(key, f"must be an absolute path, not {value!r}")
            out[key] = data_dir
        elif key == "relay_port":
            # bool is an int in Python and 8471.5 would be truncated: refuse both.
            if isinstance(value, bool | float):
                raise fail(key, f"must be a port number, not {value!r}")
            try:
                port = int(value)
            except (TypeError, ValueError):
                raise fail(key, f"must be a port number, not {value!r}") from None
            if not 1 <= port <= 65535:
                raise fail(key, f"must be between 1 and 65535, not {port}")
            out[key] = port
    return out


def _is_http_url(value: object) -> bool:
    parsed = urlparse(str(value))
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def _is_public_key(text: str) -> bool:
    try:
        return len(base64.b64decode(text.encode("ascii"), validate=True)) == 32
    except (ValueError, UnicodeEncodeError):
        return False


def _with_device_id(config: Config) -> Config:
    """Read the device id kept in the data directory, creating it once if needed."""
    id_file = config.data_dir / "device_id"
    try:
        device_id = id_file.read_text(encoding="ascii").strip()
    except (FileNotFoundError, NotADirectoryError):
        device_id = ""
    except OSError as exc:
        raise ConfigError(f"{id_file}: cannot be read ({exc.strerror})") from exc
    if not device_id:
        device_id = uuid.uuid4().hex
        try:
            config.data_dir.mkdir(parents=True, exist_ok=True)
            write_atomically(id_file, device_id.encode("ascii"))
        except OSError as exc:
            raise ConfigError(
                f"{config.data_dir}: data directory is not writable ({exc.strerror})"
            ) from exc
    return replace(config, device_id=device_id)
