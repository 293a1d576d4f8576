"""Everything about the Windows installer that can be checked on Linux (issue 23: nothing
of it had been compiled; the hosted Windows CI workflow compiles and runs it).

- the [Code] section calls only Inno Setup support functions (CopyFile, a preprocessor
  function in Inno 6.3, once made the script fail to compile) or its own;
- it fails loudly: failures end in GetCustomSetupExitCode, refusals in PrepareToInstall;
- the configuration MERGE: its Pascal functions are mirrored here line by line, and the
  mirror is checked against Python's own TOML reader and app.config (the Pascal text is
  pinned below, so a change there fails until the mirror is looked at again);
- the scheduled task's XML: UTF-16LE with its byte-order mark, within the schema's limits,
  for the kiosk account only;
- the policies file is the one app/winsetup/policies.py writes.
"""

from __future__ import annotations

import re
import string
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.config import load_config
from app.winsetup.policies import POLICIES, render_reg
from app.winsetup.task import NAMESPACE, KioskTask, encode, task_xml

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "installer" / "windows"
ISS = (WINDOWS / "examroom.iss").read_text(encoding="utf-8")
CODE = ISS.split("[Code]", 1)[1]
DOC = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")

PASCAL_KEYWORDS = {
    "and", "array", "begin", "case", "const", "div", "do", "downto", "else", "end", "except",
    "exit", "finally", "for", "function", "if", "mod", "not", "of", "or", "procedure",
    "repeat", "then", "to", "try", "until", "var", "while", "with", "xor", "result", "true",
    "false", "string", "integer", "boolean", "variant", "tarrayofstring", "tsetupstep",
    "tuninstallstep",
}


def support_functions() -> set[str]:
    text = (Path(__file__).parent / "inno_support_functions.txt").read_text(encoding="utf-8")
    return {name.lower() for line in text.splitlines() if not line.startswith("#")
            for name in line.split()}


def code_without_strings_and_comments() -> str:
    code = re.sub(r"\{[^}#]*\}", "", CODE)  # { comments } (apostrophes in them), not {#ISPP}
    code = re.sub(r"'[^']*'", "''", code)
    return re.sub(r"//[^\n]*", "", code)


# -- the script compiles: identifiers, structure ----------------------------------------------


def test_the_code_calls_only_inno_support_functions_or_its_own() -> None:
    code = code_without_strings_and_comments()
    defined = {name.lower() for name in re.findall(r"\b(?:function|procedure)\s+(\w+)", code)}
    called = {name.lower() for name in re.findall(r"(?<![.\w])([A-Za-z_]\w*)\s*\(", code)}
    unknown = called - defined - support_functions() - PASCAL_KEYWORDS
    assert not unknown, f"not Inno Setup support functions: {sorted(unknown)}"
    assert "copyfile" not in called  # ISPP's, not Pascal's, in Inno 6.3


def test_event_functions_are_spelled_as_inno_calls_them() -> None:
    events = {"InitializeSetup", "PrepareToInstall", "CurStepChanged", "GetCustomSetupExitCode",
              "InitializeUninstall", "CurUninstallStepChanged"}
    for name in events:
        assert re.search(rf"^(function|procedure) {name}\(", CODE, re.M), name
    assert "function PrepareToInstall(var NeedsRestart: Boolean): String;" in CODE
    assert "function GetCustomSetupExitCode(): Integer;" in CODE


def test_begin_end_balance() -> None:
    code = code_without_strings_and_comments()
    opens = len(re.findall(r"\b(begin|case|try)\b", code, re.I))
    ends = len(re.findall(r"\bend\b", code, re.I))
    assert opens == ends, (opens, ends)


def test_every_message_and_file_exists() -> None:
    assert "AppId={{7F58675A-C4CE-4EDC-B02F-CFBCC7A66AB5}" in ISS  # never changes
    for source in re.findall(r'^Source: "([^"{]+)"', ISS, re.M):
        assert (WINDOWS / source).is_file(), source
    for name in {a or b for a, b in re.findall(r"CustomMessage\('(\w+)'\)|\{cm:(\w+)\}", ISS)}:
        assert re.search(rf"^fr\.{name}=", ISS, re.M), f"fr.{name}"
        assert re.search(rf"^en\.{name}=", ISS, re.M), f"en.{name}"


def test_every_option_is_read_and_documented() -> None:
    for option in ("MODE", "SERVER", "LANG", "KIOSKUSER", "DATADIR"):
        assert f"Param('{option}')" in CODE, option
        assert f"`/{option}=`" in DOC, f"docs/deploy.md does not document /{option}="
    for switch in ("FORCECLOSE", "NOAUTOLOGON", "NOPOLICIES"):
        assert f"HasSwitch('{switch}')" in CODE, switch
        assert f"`/{switch}`" in DOC, f"docs/deploy.md does not document /{switch}"


# -- it fails loudly ------------------------------------------------------------------------


def test_failures_reach_the_exit_code_not_only_the_log() -> None:
    """A silent install used to exit 0 with no task: errors raised in ssPostInstall do not
    stop it. Failures are collected and returned by GetCustomSetupExitCode."""
    body = CODE.split("function GetCustomSetupExitCode(): Integer;", 1)[1].split("end;", 2)
    assert "if Failures <> '' then" in body[0] + body[1]
    assert "{#SetupFailedExitCode}" in body[0] + body[1]
    post_install = CODE.split("procedure CurStepChanged", 1)[1].split("\nend;", 1)[0]
    assert "RaiseException" not in post_install
    set_up = CODE.split("procedure SetUpPC();", 1)[1].split("\nend;", 1)[0]
    # setup-pc's status, and the task checked on its own afterwards.
    assert "RC <> 0" in set_up and "Fail('examroom setup-pc exited" in set_up
    assert "schtasks.exe'), '/Query /TN \"{#TaskName}\"'" in set_up
    assert "Fail('the scheduled task \"{#TaskName}\" is missing')" in set_up
    # Refusals before anything is installed: PrepareToInstall's result (exit code 7).
    prepare = CODE.split("function PrepareToInstall", 1)[1].split("\nend;", 1)[0]
    assert "CustomMessage('Running')" in prepare and "CustomMessage('NoAccount')" in prepare


def test_the_kiosk_account_is_remembered_and_the_data_folder_is_the_configured_one() -> None:
    assert 'ValueName: "KioskUser"; ValueData: "{code:KioskUserValue}"' in ISS
    assert "RegQueryStringValue(HKLM, 'Software\\examroom', 'KioskUser', Result)" in CODE
    uninstall = CODE.split("procedure CurUninstallStepChanged", 1)[1]
    assert "UninstallDataPath := DataDir('');" in uninstall
    assert "DelTree(UninstallDataPath" in uninstall
    assert "{commonappdata}\\examroom\\data" not in uninstall  # never the default alone
    assert "setup-pc --remove" in uninstall
    assert "kiosk-session.ps1" not in ISS and not (WINDOWS / "kiosk-session.ps1").exists()


# -- the configuration merge, mirrored --------------------------------------------------------

PINNED_PASCAL = [
    """function IsKeyLine(const Line, Key: String): Boolean;
var
  L: String;
begin
  Result := False;
  L := Trim(Line);
  if Copy(L, 1, Length(Key)) <> Key then
    Exit;
  L := Trim(Copy(L, Length(Key) + 1, Length(L)));
  Result := Copy(L, 1, 1) = '=';
end;""",
    """  StringChangeEx(R, '\\', '\\\\', True);
  StringChangeEx(R, '"', '\\"', True);
  Result := '"' + R + '"';""",
    """  Lines[I] := Key + ' = ' + TomlString(Value);
      Exit;
    end;
  At := 0;
  for I := 0 to N - 1 do
    if Trim(Lines[I]) = '[examroom]' then
      At := I + 1;
  SetArrayLength(Lines, N + 1);
  for I := N downto At + 1 do
    Lines[I] := Lines[I - 1];
  Lines[At] := Key + ' = ' + TomlString(Value);""",
    """  if Copy(V, 1, 1) = '''' then
  begin
    V := Copy(V, 2, Length(V));
    I := Pos('''', V);
    if I > 0 then
      Result := Copy(V, 1, I - 1);
    Exit;
  end;
  if Copy(V, 1, 1) <> '"' then
    Exit;""",
    """    if (C = '\\') and (I < Length(V)) then
    begin
      I := I + 1;
      C := Copy(V, I, 1);
      if C = 'n' then
        C := #10
      else if C = 't' then
        C := #9;
    end;""",
]


def test_the_mirror_below_is_of_the_pascal_in_the_script() -> None:
    for fragment in PINNED_PASCAL:
        assert fragment in CODE, "the Pascal changed: update the mirror, then this pin\n" + (
            fragment)


def pascal_trim(text: str) -> str:
    """Delphi's Trim: control characters and spaces (<= ' ') at both ends."""
    return text.strip("".join(chr(c) for c in range(33)))


def toml_string(value: str) -> str:  # TomlString
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def is_key_line(line: str, key: str) -> bool:  # IsKeyLine
    rest = pascal_trim(line)
    if not rest.startswith(key):
        return False
    return pascal_trim(rest[len(key):]).startswith("=")


def toml_value(line: str) -> str:  # TomlValue
    value = pascal_trim(line[line.index("=") + 1:] if "=" in line else line)
    if value.startswith("'"):
        value = value[1:]
        end = value.find("'")
        return value[:end] if end >= 0 else ""
    if not value.startswith('"'):
        return ""
    out, i = "", 1
    while i < len(value):
        char = value[i]
        if char == '"':
            return out
        if char == "\\" and i < len(value) - 1:
            i += 1
            char = {"n": "\n", "t": "\t"}.get(value[i], value[i])
        out += char
        i += 1
    return ""


def set_key(lines: list[str], key: str, value: str) -> None:  # SetKey
    for i, line in enumerate(lines):
        if is_key_line(line, key):
            lines[i] = f"{key} = {toml_string(value)}"
            return
    at = 0
    for i, line in enumerate(lines):
        if pascal_trim(line) == "[examroom]":
            at = i + 1
    lines.insert(at, f"{key} = {toml_string(value)}")


def merge(text: str | None, options: dict[str, str], default_data: str) -> str:
    """MergeConfig, with the options of the command line (MODE, SERVER, LANG, DATADIR);
    LoadStringsFromFile splits lines, SaveStringsToUTF8FileWithoutBOM ends each
    with CRLF."""
    existed = text is not None
    lines = text.splitlines() if text is not None else [
        "# examroom configuration of this PC (keys: docs/deploy.md). The installer changes",
        "# only the keys given on its command line (/MODE /SERVER /LANG /DATADIR).",
        "# Restore software (Deep Freeze...): keep the data_dir folder thawed/excluded.", ""]
    if existed and not options:
        return text or ""
    current = {key: toml_value(line) for line in lines for key in ("mode", "data_dir")
               if is_key_line(line, key)}
    if "MODE" in options or not existed:
        set_key(lines, "mode", options.get("MODE", current.get("mode") or "kiosk").lower())
    if "SERVER" in options:
        set_key(lines, "server_url", options["SERVER"])
    if "LANG" in options:
        set_key(lines, "language", options["LANG"].lower())
    if "DATADIR" in options or not existed:
        set_key(lines, "data_dir", options.get("DATADIR", current.get("data_dir") or default_data))
    return "".join(line + "\r\n" for line in lines)


# What a command line can carry: no control characters (TomlString does not escape them).
text_values = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40)


@given(text_values)
def test_toml_string_reads_back_as_written(value: str) -> None:
    assert tomllib.loads(f"k = {toml_string(value)}")["k"] == value


@given(text_values, st.booleans(), st.sampled_from(["", " # a comment", "   "]))
def test_toml_value_reads_what_toml_reads(value: str, literal: bool, tail: str) -> None:
    if literal and ("'" in value):
        return
    quoted = f"'{value}'" if literal else toml_string(value)
    line = f"  data_dir  =  {quoted}{tail}"
    assert toml_value(line) == tomllib.loads(line.strip())["data_dir"] == value
    assert is_key_line(line, "data_dir") and not is_key_line(line, "data")


ROOM_208 = """# Salle 208 - written by IT, kept as it is
mode = "kiosk"
server_url = "https://examroom.lycee-exemple.fr"
data_dir = 'T:\\examroom'   # Deep Freeze ThawSpace
relay_urls = [
  "http://192.168.1.20:8471",
]
central_public_key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
room = "Salle 208"
"""


def test_a_new_server_changes_that_line_only(tmp_path: Path) -> None:
    merged = merge(ROOM_208, {"SERVER": "https://autre.example.org"}, r"C:\ProgramData\x")
    before, after = ROOM_208.splitlines(), merged.splitlines()
    assert [a for a, b in zip(before, after, strict=True) if a != b] == [
        'server_url = "https://examroom.lycee-exemple.fr"']
    path = tmp_path / "config.toml"
    path.write_text(merged, encoding="utf-8", newline="")
    config = load_config(path, environ={}, overrides={"data_dir": str(tmp_path)})
    assert config.server_url == "https://autre.example.org"
    assert config.relay_urls == ("http://192.168.1.20:8471",)
    assert config.central_public_key.startswith("AAAA")
    assert config.retired_keys == ("room",)  # an older file's `room`: ignored, still starts
    assert tomllib.loads(merged)["data_dir"] == "T:\\examroom"  # the ThawSpace stays


def test_options_land_in_the_examroom_table_and_a_new_file_gets_defaults(tmp_path: Path) -> None:
    table = '# IT\n[examroom]\nmode = "kiosk"\nrelay_urls = ["http://10.0.0.2:8471"]\n'
    merged = merge(table, {"SERVER": 'https://b.example/"x" \\ 2', "LANG": "EN",
                           "MODE": "Invigilator"}, "unused")
    data = tomllib.loads(merged)["examroom"]
    assert data == {"mode": "invigilator", "server_url": 'https://b.example/"x" \\ 2',
                    "language": "en", "relay_urls": ["http://10.0.0.2:8471"]}
    fresh = merge(None, {}, r"C:\ProgramData\examroom\data")
    assert tomllib.loads(fresh) == {"mode": "kiosk", "data_dir": r"C:\ProgramData\examroom\data"}
    path = tmp_path / "config.toml"
    path.write_text(merge(None, {"DATADIR": str(tmp_path / "d")}, "x"), encoding="utf-8")
    assert load_config(path, environ={}).data_dir == tmp_path / "d"
    assert merge(ROOM_208, {}, "x") == ROOM_208  # nothing given: not even rewritten


@given(st.dictionaries(st.sampled_from(["SERVER", "LANG", "MODE", "DATADIR"]),
                       st.text(alphabet=string.ascii_letters + " éàç\\\"'/:.-", max_size=20),
                       max_size=5))
def test_a_merge_changes_only_the_keys_given(options: dict[str, str]) -> None:
    options = {k: v for k, v in options.items() if k not in ("LANG", "MODE")} | {
        k: v for k, v in options.items() if k in ("LANG", "MODE") and v}
    merged = tomllib.loads(merge(ROOM_208, options, "unused"))
    original = tomllib.loads(ROOM_208)
    key_of = {"SERVER": "server_url", "LANG": "language", "MODE": "mode",
              "DATADIR": "data_dir"}
    for option, value in options.items():
        wanted = value.lower() if option in ("LANG", "MODE") else value
        assert merged[key_of[option]] == wanted
    for key, value in original.items():
        if key not in {key_of[o] for o in options}:
            assert merged[key] == value


# -- the scheduled task -------------------------------------------------------------------------


@pytest.fixture
def task_bytes() -> bytes:
    task = KioskTask(user="S-1-5-21-1-2-3-1001", account="élève",
                     program=Path(r"C:\Program Files\examroom\examroomw.exe"),
                     config=Path(r"C:\ProgramData\examroom\config.toml"))
    return encode(task_xml(task))


def test_the_task_file_is_utf16le_as_schtasks_reads_it(task_bytes: bytes) -> None:
    assert task_bytes.startswith(b"\xff\xfe")  # UTF-16LE byte-order mark
    text = task_bytes[2:].decode("utf-16-le")
    assert text.startswith('<?xml version="1.0" encoding="UTF-16"?>\r\n')
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    # The whole document parses as what it says it is.
    root = ET.fromstring(task_bytes)
    assert root.tag == f"{{{NAMESPACE}}}Task" and root.get("version") == "1.2"


def iso_minutes(duration: str) -> float:
    match = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", duration)
    assert match, duration
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return days * 1440 + hours * 60 + minutes + seconds / 60


def test_the_task_is_within_the_schema_and_for_the_kiosk_account_only(task_bytes: bytes) -> None:
    root = ET.fromstring(task_bytes)
    ns = {"t": NAMESPACE}

    def text(path: str) -> str:
        return root.findtext(path, namespaces=ns) or ""

    assert 1 <= int(text("t:Settings/t:RestartOnFailure/t:Count")) <= 255  # unsignedByte
    assert 1 <= iso_minutes(text("t:Settings/t:RestartOnFailure/t:Interval")) <= 31 * 1440
    assert 4 <= int(text("t:Settings/t:Priority")) <= 6  # normal priority
    assert text("t:Settings/t:ExecutionTimeLimit") == "PT0S"  # never stopped
    assert text("t:Settings/t:MultipleInstancesPolicy") == "IgnoreNew"
    assert text("t:Settings/t:DisallowStartIfOnBatteries") == "false"
    user = "S-1-5-21-1-2-3-1001"
    assert text("t:Triggers/t:LogonTrigger/t:UserId") == user
    assert text("t:Principals/t:Principal/t:UserId") == user
    assert root.find(".//t:GroupId", ns) is None
    assert text("t:Principals/t:Principal/t:LogonType") == "InteractiveToken"
    assert text("t:Principals/t:Principal/t:RunLevel") == "LeastPrivilege"
    assert text("t:Actions/t:Exec/t:Command").endswith("examroomw.exe")
    assert text("t:Actions/t:Exec/t:Arguments") == (
        '--config "C:\\ProgramData\\examroom\\config.toml" kiosk --supervise')


def test_the_task_escapes_what_xml_must(tmp_path: Path) -> None:
    task = KioskTask(user="PC\\a&b<c>", account="a&b<c>", program=Path("C:/x/examroomw.exe"),
                     config=None)
    root = ET.fromstring(encode(task_xml(task)))
    assert root.findtext(f".//{{{NAMESPACE}}}UserId") == "PC\\a&b<c>"


# -- the policies file -----------------------------------------------------------------------------


def test_the_policies_file_is_the_one_the_code_writes() -> None:
    shipped = (WINDOWS / "kiosk-policies.reg").read_bytes()
    assert shipped == render_reg().encode("ascii"), (
        "regenerate it: python -c 'from app.winsetup.policies import render_reg; "
        "open(\"installer/windows/kiosk-policies.reg\", \"w\", newline=\"\")"
        ".write(render_reg())'")
    assert shipped.startswith(b"Windows Registry Editor Version 5.00\r\n")


def test_every_policy_is_explained_in_the_deploy_guide() -> None:
    section = DOC.split("### The kiosk account's policies", 1)[1]
    for policy in POLICIES:
        assert f"`{policy.name}`" in section, f"docs/deploy.md does not explain {policy.name}"
