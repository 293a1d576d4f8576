"""`examroom setup-pc` on a Windows PC held in memory (tests/helpers/fake_windows.py): the
kiosk account and its automatic log-on, its policies, the data folder's rights, the
scheduled task written and read back, and what makes the installer fail loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Config
from app.winsetup.policies import MACHINE, POLICIES
from app.winsetup.setup import ACCOUNT_COMMENT, WINLOGON, PcSetup, run
from app.winsetup.system import HIVE_MOUNT, HKLM
from app.winsetup.task import TASK_NAME
from tests.helpers.fake_windows import FakeWindows, element

PROGRAM = Path(r"C:\Program Files\examroom\examroomw.exe")


def kiosk_config(tmp_path: Path) -> Config:
    source = tmp_path / "config.toml"
    source.write_text('mode = "kiosk"\n', encoding="utf-8")
    return Config(mode="kiosk", data_dir=tmp_path / "data", source=source)


def passwords() -> object:
    count = iter(range(1, 100))
    return lambda: f"secret-{next(count)}"


def test_a_fresh_lab_pc_becomes_a_kiosk_that_logs_on_by_itself(tmp_path: Path) -> None:
    pc = FakeWindows()
    config = kiosk_config(tmp_path)
    steps = PcSetup(pc, new_password=passwords()).kiosk(  # type: ignore[arg-type]
        config=config, user="examroom-kiosk", autologon=True, policies=True, program=PROGRAM)
    assert all(step.ok for step in steps), [s.line() for s in steps]
    account = pc.accounts["examroom-kiosk"]
    assert account.comment == ACCOUNT_COMMENT
    # Automatic log-on: the password (a new one, nobody knows it) is the LSA secret, never
    # the registry's DefaultPassword in clear.
    assert account.password == pc.lsa_secret == "secret-2"
    assert pc.get_value(HKLM, WINLOGON, "AutoAdminLogon") == "1"
    assert pc.get_value(HKLM, WINLOGON, "DefaultUserName") == "examroom-kiosk"
    assert pc.get_value(HKLM, WINLOGON, "DefaultDomainName") == "LAB208-07"
    assert pc.get_value(HKLM, WINLOGON, "DefaultPassword") is None
    # Policies: the account's own ones in its hive (loaded: it never logged on), the PC's in
    # HKLM; nothing per-user lands in HKLM, where it would lock the teachers out too.
    assert pc.hives_loaded == ["examroom-kiosk"]
    hive = pc.hive_values(HIVE_MOUNT)
    for policy in POLICIES:
        if policy.scope == MACHINE:
            assert pc.get_value(HKLM, policy.key, policy.name) == policy.value
        else:
            assert hive[(policy.key.lower(), policy.name)] == policy.value
    assert hive[(r"software\microsoft\windows\currentversion\policies\system",
                 "DisableTaskMgr")] == 1
    # The data folder: the kiosk account, the administrators and SYSTEM only.
    assert pc.icacls()[0][:1] == ["/grant:r"] and f"*{account.sid}:(OI)(CI)M" in pc.icacls()[0]
    assert pc.icacls()[1] == ["/remove:g", "*S-1-5-32-545", "*S-1-5-11"]
    assert pc.icacls()[2] == ["/inheritance:r"]
    assert (tmp_path / "data").is_dir()
    # The task: this account's log-on only, the supervisor of the PC's configuration.
    xml = pc.task_text(TASK_NAME)
    assert element(xml, "UserId") == account.sid
    assert element(xml, "Command") == str(PROGRAM)
    assert element(xml, "Arguments") == f'--config "{config.source}" kiosk --supervise'
    assert "<GroupId>" not in xml  # not "any member of Users" (teachers, IT)


def test_an_account_it_made_keeps_its_password(tmp_path: Path) -> None:
    """/KIOSKUSER=eleve, an account IT created: the task is for it, its password is never
    reset, so its automatic log-on is IT's (said, not a failure)."""
    pc = FakeWindows()
    pc.create_account("eleve", "chosen-by-IT", "")
    config = kiosk_config(tmp_path)
    steps = PcSetup(pc, new_password=passwords()).kiosk(  # type: ignore[arg-type]
        config=config, user="eleve", autologon=True, policies=True, program=PROGRAM)
    assert all(s.ok for s in steps)
    autologon = next(s for s in steps if s.name == "automatic log-on")
    assert autologon.detail.startswith("left to IT") and "not created by the installer" in (
        autologon.detail)
    assert pc.accounts["eleve"].password == "chosen-by-IT" and pc.lsa_secret is None
    assert pc.get_value(HKLM, WINLOGON, "AutoAdminLogon") is None
    assert element(pc.task_text(TASK_NAME), "UserId") == pc.accounts["eleve"].sid
    # Without --autologon it is simply the task's account.
    pc2 = FakeWindows()
    pc2.create_account("eleve", "chosen-by-IT", "")
    steps = PcSetup(pc2).kiosk(config=config, user="eleve", autologon=False, policies=False,
                               program=PROGRAM)
    assert all(s.ok for s in steps)


def test_an_unknown_account_fails_before_any_task(tmp_path: Path) -> None:
    pc = FakeWindows()
    steps = PcSetup(pc).kiosk(config=kiosk_config(tmp_path), user="nobody", autologon=False,
                              policies=True, program=PROGRAM)
    assert [(s.name, s.ok) for s in steps] == [("kiosk account nobody", False)]
    assert "no account 'nobody'" in steps[0].detail
    assert pc.tasks == {} and pc.commands == []


def test_a_task_that_does_not_read_back_as_written_is_a_failure(tmp_path: Path) -> None:
    """schtasks said SUCCESS, but the task found afterwards is another account's."""
    pc = FakeWindows()
    pc.query_override = (
        '<?xml version="1.0" encoding="UTF-16"?>\r\n<Task version="1.2" xmlns='
        '"http://schemas.microsoft.com/windows/2004/02/mit/task"><Triggers><LogonTrigger/>'
        '</Triggers><Principals><Principal id="Author"><UserId>LAB208-07\\prof</UserId>'
        f'</Principal></Principals><Actions><Exec><Command>{PROGRAM}</Command>'
        '<Arguments>kiosk</Arguments></Exec></Actions></Task>')
    steps = PcSetup(pc).kiosk(config=kiosk_config(tmp_path), user="examroom-kiosk",
                              autologon=True, policies=False, program=PROGRAM)
    task = steps[-1]
    assert not task.ok and "is not as written" in task.detail
    assert "account 'LAB208-07\\\\prof'" in task.detail and "arguments 'kiosk'" in task.detail


def test_schtasks_refusing_the_task_is_a_failure(tmp_path: Path) -> None:
    pc = FakeWindows(fail={"schtasks": 1})
    steps = PcSetup(pc).kiosk(config=kiosk_config(tmp_path), user="examroom-kiosk",
                              autologon=True, policies=False, program=PROGRAM)
    assert not steps[-1].ok and "schtasks /Create failed (1)" in steps[-1].detail


def test_a_logged_on_kiosk_account_gets_its_policies_in_its_live_hive(tmp_path: Path) -> None:
    pc = FakeWindows()
    pc.create_account("examroom-kiosk", "x", ACCOUNT_COMMENT)
    pc.logged_on.add("examroom-kiosk")
    PcSetup(pc).kiosk(config=kiosk_config(tmp_path), user="examroom-kiosk", autologon=False,
                      policies=True, program=PROGRAM)
    assert pc.hives_loaded == []
    sid = pc.accounts["examroom-kiosk"].sid
    assert pc.hive_values(sid)[(r"control panel\accessibility\stickykeys", "Flags")] == "506"


def test_a_teachers_pc_gets_a_writable_data_folder_and_no_kiosk_task(tmp_path: Path) -> None:
    pc = FakeWindows()
    pc.tasks[TASK_NAME] = b"\xff\xfe"  # left by an earlier kiosk installation
    config = Config(mode="invigilator", data_dir=tmp_path / "data")
    steps = PcSetup(pc).station(config=config, config_folder=tmp_path / "conf")
    assert all(s.ok for s in steps)
    # The PC's configuration folder: users may read it, not write in it (ProgramData's
    # default lets them create files there); the data folder: users may write.
    assert pc.icacls() == [
        ["/grant:r", "*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F", "*S-1-5-32-545:(OI)(CI)RX"],
        ["/inheritance:r"],
        ["/grant", "*S-1-5-32-545:(OI)(CI)M"]]
    assert TASK_NAME not in pc.tasks


def test_uninstall_removes_the_task_and_the_kiosks_automatic_log_on(tmp_path: Path) -> None:
    pc = FakeWindows()
    setup = PcSetup(pc, new_password=passwords())  # type: ignore[arg-type]
    setup.kiosk(config=kiosk_config(tmp_path), user="examroom-kiosk", autologon=True,
                policies=False, program=PROGRAM)
    steps = PcSetup(pc).remove(user="examroom-kiosk")
    assert all(s.ok for s in steps)
    assert pc.tasks == {} and pc.lsa_secret is None
    assert pc.get_value(HKLM, WINLOGON, "AutoAdminLogon") == "0"
    # Another account's automatic log-on (IT's own set-up) is left alone.
    other = FakeWindows()
    other.set_value(HKLM, WINLOGON, "DefaultUserName", "borne")
    other.set_value(HKLM, WINLOGON, "AutoAdminLogon", "1")
    PcSetup(other).remove(user="examroom-kiosk")
    assert other.get_value(HKLM, WINLOGON, "AutoAdminLogon") == "1"


def test_the_command_exits_non_zero_when_a_step_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pc = FakeWindows(fail={"icacls": 5})
    code = run(["--kiosk-user", "examroom-kiosk", "--autologon", "--program", str(PROGRAM)],
               kiosk_config(tmp_path), system=pc)
    out = capsys.readouterr().out
    assert code == 1
    assert "FAILED data folder" in out and "icacls /grant:r" in out
    assert "ok     scheduled task 'examroom kiosk'" in out
    assert run(["--kiosk-user", "examroom-kiosk", "--autologon", "--program", str(PROGRAM)],
               kiosk_config(tmp_path), system=FakeWindows()) == 0


def test_the_command_says_it_is_for_windows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([], kiosk_config(tmp_path)) == 2
    assert "Windows only" in capsys.readouterr().err
