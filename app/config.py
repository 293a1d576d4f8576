"""The configuration of one examroom installation: one TOML file.

Where it is read from, first found wins: `--config PATH`, `$EXAMROOM_CONFIG`, then the
platform's config directory (platformdirs: `~/.config/examroom/config.toml` on Linux,
`C:\\ProgramData\\examroom\\config.toml` for a per-machine install on Windows reads the
site directory), then `/etc/examroom/config.toml`. Each key can be overridden by an
`EXAMROOM_<KEY>` environment variable (`EXAMROOM_SERVER_URL=...`).

A file that cannot be parsed is an error that names the line and the key: it is never
overwritten, since an IT technician wrote it by hand (STYLE "Never overwrite a file you
could not parse"). The device id is generated once and kept in the data directory, not in
the config, so one config file can be pushed to 30 PCs.
"""

from __future__ import annotations

import base64
import os
import tomllib
import uuid
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import platformdirs

APP_NAME = "examroom"
MODES = ("kiosk", "invigilator", "admin", "server", "demo")
LANGUAGES = ("fr", "en")


class ConfigError(Exception):
    """A configuration problem, with a message that names the file, line or key."""


@dataclass(frozen=True, slots=True)
class Config:
    mode: str = "kiosk"
    server_url: str = "http://127.0.0.1:8470"
    data_dir: Path = field(
        default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )
    language: str = "fr"
    room: str = ""
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

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"


_KEYS = {f.name for f in fields(Config)} - {"source", "device_id"}


def default_config_paths() -> list[Path]:
    return [
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml",
        Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / "config.toml",
        Path("/etc/examroom/config.toml"),
    ]


def load_config(
    path: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """Read the configuration; raise ConfigError with a precise message if it is bad."""
    env = os.environ if environ is None else environ
    if path is None and env.get("EXAMROOM_CONFIG"):
        path = Path(env["EXAMROOM_CONFIG"])
    if path is not None and not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    if path is None:
        path = next((p for p in default_config_paths() if p.is_file()), None)

    raw: dict[str, Any] = {}
    if path is not None:
        raw = _read_toml(path)
    for key in _KEYS:
        env_value = env.get(f"EXAMROOM_{key.upper()}")
        if env_value is not None:
            raw[key] = env_value
    raw.update(overrides or {})
    values = _validate(raw, path)
    config = Config(source=path, **values)
    return _with_device_id(config)


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
        elif key == "room":
            if not isinstance(value, str):
                raise fail(key, "must be text")
            out[key] = value
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


def write_atomically(path: Path, data: bytes) -> None:
    """Temp file, fsync, os.replace, fsync of the directory: a crash leaves old or new."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    # WORKAROUND: until files.write_atomically lands (relay-recut, issue 21): Windows refuses
    # os.open() of a directory (PermissionError), so the directory fsync is skipped where the
    # platform cannot do it, as store.py does; NTFS makes the rename durable by itself.
    with suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
