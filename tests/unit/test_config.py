"""The configuration file an IT technician writes by hand: precise errors, never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import (
    ConfigError,
    data_dir_hint,
    default_data_dir,
    load_config,
    machine_config_paths,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_then_file_then_environment(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = write(tmp_path, f'mode = "invigilator"\ndata_dir = "{data}"\nroom = "Salle 208"\n')
    config = load_config(path, environ={"EXAMROOM_SERVER_URL": "https://exam.example.org/"})
    assert config.mode == "invigilator"
    assert config.retired_keys == ("room",)  # never read: accepted, ignored, logged
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


def test_on_a_kiosk_the_pcs_file_wins_over_the_session(tmp_path: Path) -> None:
    """A pupil's session cannot point the kiosk elsewhere (docs/deploy.md, issue 23)."""
    pc = tmp_path / "etc" / "config.toml"
    pc.parent.mkdir()
    pc.write_text(f'mode = "kiosk"\nserver_url = "https://exam.example.org"\n'
                  f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    own = write(tmp_path, f'mode = "admin"\ndata_dir = "{tmp_path / "own"}"\n')
    env = {"EXAMROOM_CONFIG": str(own), "EXAMROOM_SERVER_URL": "http://elsewhere.example",
           "EXAMROOM_DATA_DIR": str(tmp_path / "other"), "EXAMROOM_OTHER": "x"}
    config = load_config(environ=env, machine_paths=[pc])
    assert (config.source, config.mode, config.server_url) == (
        pc, "kiosk", "https://exam.example.org")
    assert config.data_dir == tmp_path / "data"
    assert config.ignored_environment == (
        "EXAMROOM_CONFIG", "EXAMROOM_DATA_DIR", "EXAMROOM_SERVER_URL")
    # The command line, which the scheduled task or autostart entry fixes, still chooses.
    assert load_config(own, environ=env, machine_paths=[pc]).mode == "admin"
    # A PC's file that names no mode is a kiosk's too (kiosk is the default mode).
    pc.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    assert load_config(environ=env, machine_paths=[pc]).source == pc
    # The teacher's PC: the environment and the user's own file apply.
    pc.write_text('mode = "invigilator"\n', encoding="utf-8")
    config = load_config(environ=env, machine_paths=[pc])
    assert (config.source, config.mode, config.server_url) == (
        own, "admin", "http://elsewhere.example")
    assert config.ignored_environment == ()
    alone = load_config(environ={"EXAMROOM_DATA_DIR": str(tmp_path)}, machine_paths=[pc])
    assert alone.source == pc


def test_the_pcs_file_is_found_at_fixed_places(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not through $XDG_CONFIG_DIRS, which whoever opens the session sets."""
    monkeypatch.setenv("XDG_CONFIG_DIRS", "/tmp/elsewhere")
    assert [str(p) for p in machine_config_paths()] == [
        "/etc/xdg/examroom/config.toml", "/etc/examroom/config.toml"]


def test_the_data_dir_hint_for_a_start_that_failed(tmp_path: Path) -> None:
    """The reason of a failed start goes to the data folder the broken file names."""
    data = tmp_path / "data"
    path = write(tmp_path, f'mode = "kisok"\ndata_dir = "{data}"\nroom = [\n')
    with pytest.raises(ConfigError):
        load_config(path, environ={})
    assert data_dir_hint(path, environ={}) == data
    assert data_dir_hint(path, environ={"EXAMROOM_DATA_DIR": str(tmp_path / "x")}) == tmp_path / "x"
    assert data_dir_hint(tmp_path / "missing.toml", environ={}) == default_data_dir()
    write(tmp_path, 'data_dir = "relative"\n')
    assert data_dir_hint(path, environ={}) == default_data_dir()


def test_room_is_retired_never_read_and_an_old_file_still_starts(tmp_path: Path) -> None:
    """Issue 20 item 3: a key nothing reads is gone from the settings; a PC's file written
    by an older installer keeps working."""
    path = write(tmp_path, f'room = "Salle 208"\ndata_dir = "{tmp_path}"\n')
    config = load_config(path, environ={})
    assert config.retired_keys == ("room",) and not hasattr(config, "room")
    assert load_config(write(tmp_path, f'data_dir = "{tmp_path}"\n'), environ={}
                       ).retired_keys == ()
