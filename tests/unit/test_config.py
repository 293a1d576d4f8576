"""The configuration file an IT technician writes by hand: precise errors, never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_then_file_then_environment(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = write(tmp_path, f'mode = "invigilator"\ndata_dir = "{data}"\nroom = "Salle 208"\n')
    config = load_config(path, environ={"EXAMROOM_SERVER_URL": "https://exam.example.org/"})
    assert config.mode == "invigilator"
    assert config.room == "Salle 208"
    assert config.server_url == "https://exam.example.org"
    assert config.language == "fr"
    assert config.data_dir == data and config.source == path


def test_a_kiosk_of_a_room_with_a_relay(tmp_path: Path) -> None:
    key = "A" * 43 + "="  # 32 bytes in base64, as GET /api/public-key gives it
    path = write(tmp_path, f'data_dir = "{tmp_path}"\nrelay_urls = ["http://192.168.1.20:8471/"]\n'
                           f'central_public_key = "{key}"\n')
    config = load_config(path, environ={})
    assert config.relay_urls == ("http://192.168.1.20:8471",)
    assert config.central_public_key == key
    env = {"EXAMROOM_RELAY_URLS": "http://10.0.0.2:8471, http://10.0.0.3:8471"}
    assert load_config(path, environ=env).relay_urls == ("http://10.0.0.2:8471",
                                                         "http://10.0.0.3:8471")
    assert load_config(write(tmp_path, f'data_dir = "{tmp_path}"\n'), environ={}).relay_urls == ()


def test_an_examroom_table_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, f'[examroom]\nmode = "kiosk"\ndata_dir = "{tmp_path}"\n')
    assert load_config(path, environ={}).mode == "kiosk"


def test_the_device_id_is_generated_once_and_kept(tmp_path: Path) -> None:
    path = write(tmp_path, f'data_dir = "{tmp_path / "d"}"\n')
    first = load_config(path, environ={}).device_id
    assert len(first) == 32
    assert load_config(path, environ={}).device_id == first
    assert (tmp_path / "d" / "device_id").read_text() == first


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('mode = "kisok"\n', "line 1: key 'mode': must be one of kiosk"),
        ('room = "A"\nlanguage = "de"\n', "line 2: key 'language': must be one of fr, en"),
        ('server_url = "ftp://x"\n', "key 'server_url': must be an http:// or https:// URL"),
        ("relay_port = 70000\n", "key 'relay_port': must be between 1 and 65535"),
        ('relay_port = "abc"\n', "key 'relay_port': must be a port number"),
        ("room = 3\n", "key 'room': must be text"),
        ('relay_urls = ["192.168.1.20:8471"]\n', "key 'relay_urls': must be a list of http"),
        ("relay_urls = 8471\n", "key 'relay_urls': must be a list of http"),
        ('central_public_key = "abc"\n', "key 'central_public_key': must be the central"),
        ('sever_url = "http://x"\n', "line 1: key 'sever_url': unknown key (known keys:"),
        ('mode = "kiosk\n', "invalid TOML"),
        ("[examroom]\n[examroom]\n", "invalid TOML"),
        ('examroom = "x"\n', "[examroom] must be a table"),
    ],
)
def test_a_bad_file_names_the_line_and_key_and_is_not_touched(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        load_config(path, environ={"EXAMROOM_DATA_DIR": str(tmp_path)})
    assert str(path) in str(exc.value)
    assert message in str(exc.value)
    assert path.read_text(encoding="utf-8") == text


def test_an_empty_data_dir_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, 'data_dir = ""\n')
    with pytest.raises(ConfigError, match="line 1: key 'data_dir': must be a directory path"):
        load_config(path, environ={})


def test_bad_environment_values_are_named_too(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="key 'mode'"):
        load_config(None, environ={"EXAMROOM_MODE": "teacher", "EXAMROOM_DATA_DIR": str(tmp_path)})


def test_missing_or_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml", environ={})
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('room = "Salle d\'étude"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(bad, environ={})


def test_config_path_from_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path, f'mode = "admin"\ndata_dir = "{tmp_path}"\n')
    assert load_config(environ={"EXAMROOM_CONFIG": str(path)}).mode == "admin"


def test_unwritable_data_directory_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="not writable"):
        load_config(None, environ={"EXAMROOM_DATA_DIR": str(blocker / "sub")})
