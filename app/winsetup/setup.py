"""`examroom setup-pc`: the installer's last steps on a Windows PC, each checked.

    examroom setup-pc --kiosk-user examroom-kiosk [--autologon] [--no-policies]
    examroom setup-pc --remove --kiosk-user examroom-kiosk      (the uninstaller)

Run by the Inno Setup installer (as an administrator) after the files are in place; IT can
run it by hand too. It reads the PC's configuration (mode, data_dir) and does:

- kiosk mode: the kiosk account (created when `--autologon` asks for it and it does not
  exist; an account the installer did not create is never given a new password, so its
  automatic log-on stays IT's), its
  automatic log-on (a random password nobody sees, kept as the LSA secret Winlogon reads,
  not in clear in the registry), its policies (app/winsetup/policies.py) and the
  scheduled task that starts the kiosk's supervisor at its log-on only (task.py), read
  back after writing; the data folder readable and writable by that account, the
  administrators and SYSTEM only (the answers of candidates are personal data);
- other modes: the data folder writable by the PC's users (the teacher's account), and
  no kiosk task.

Each step prints `ok` or `FAILED` with the reason; the exit status is 0 only if every step
succeeded, so a silent installation reports a failure (issue 23: the installer used to
exit 0 with no task).
"""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.config import Config, machine_config_paths
from app.winsetup import task as kiosk_task
from app.winsetup.policies import MACHINE, POLICIES
from app.winsetup.system import HKLM, HKU, SetupError, WindowsSystem

log = logging.getLogger(__name__)

DEFAULT_KIOSK_USER = "examroom-kiosk"
ACCOUNT_COMMENT = "examroom kiosk (created by the examroom installer)"
WINLOGON = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon"
SYSTEM_SID, ADMINISTRATORS_SID, USERS_SID = "S-1-5-18", "S-1-5-32-544", "S-1-5-32-545"
AUTHENTICATED_USERS_SID = "S-1-5-11"
EXIT_FAILED = 1
EXIT_NOT_WINDOWS = 2


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        return f"{'ok    ' if self.ok else 'FAILED'} {self.name}" + (
            f": {self.detail}" if self.detail else "")


class PcSetup:
    """The steps, in order; a step that fails says why and the others still run when
    they do not depend on it."""

    def __init__(self, system: WindowsSystem, *,
                 new_password: Callable[[], str] = lambda: secrets.token_urlsafe(24)) -> None:
        self.system = system
        self.new_password = new_password
        self.steps: list[Step] = []

    def _do(self, name: str, action: Callable[[], str]) -> bool:
        try:
            detail = action()
        except (OSError, RuntimeError, SetupError) as exc:
            self.steps.append(Step(name, False, str(exc)))
            log.error("setup-pc: %s failed: %s", name, exc)
            return False
        self.steps.append(Step(name, True, detail))
        log.info("setup-pc: %s: %s", name, detail or "ok")
        return True

    # -- kiosk ---------------------------------------------------------------------------

    def kiosk(self, *, config: Config, user: str, autologon: bool, policies: bool,
              program: Path, config_folder: Path | None = None) -> list[Step]:
        """`config_folder`: the PC's configuration folder, to make read-only for users."""
        self._protect_config(config_folder)
        sid: list[str] = []
        if not self._do(f"kiosk account {user}", lambda: self._account(user, autologon, sid)):
            return self.steps
        if autologon:
            self._do("automatic log-on", lambda: self._autologon(user))
        if policies:
            self._do("kiosk policies", lambda: self._policies(user, sid[0]))
        self._do(f"data folder {config.data_dir}",
                 lambda: self._data_folder(config.data_dir, [f"*{sid[0]}:(OI)(CI)M"],
                                           private=True))
        task = kiosk_task.KioskTask(user=sid[0], account=user, program=program,
                                    config=config.source)
        self._do(f"scheduled task {kiosk_task.TASK_NAME!r}",
                 lambda: self._register(task))
        return self.steps

    def _account(self, user: str, autologon: bool, sid: list[str]) -> str:
        found = self.system.account_sid(user)
        if found is None:
            if not autologon:
                raise SetupError(f"no account {user!r} on this PC (create it, or let the "
                                 f"installer create it with automatic log-on)")
            self.system.create_account(user, self.new_password(), ACCOUNT_COMMENT)
            found = self.system.account_sid(user)
            if found is None:
                raise SetupError(f"the account {user!r} was created but cannot be found")
            sid.append(found)
            return f"created ({found})"
        sid.append(found)
        return f"exists ({found})"

    def _autologon(self, user: str) -> str:
        """Only for an account the installer created: a password IT chose is never reset
        (said in the log, not a failure: IT chose that account and its log-on)."""
        if self.system.account_comment(user) != ACCOUNT_COMMENT:
            log.warning("setup-pc: %s was not created by the installer: its automatic log-on "
                        "is left to IT", user)
            return (f"left to IT: {user!r} was not created by the installer, its password is "
                    f"not changed (docs/deploy.md, 'Automatic log-on')")
        password = self.new_password()
        self.system.set_password(user, password)
        self.system.store_autologon_password(password)
        self.system.delete_value(HKLM, WINLOGON, "DefaultPassword")  # never in clear
        self.system.delete_value(HKLM, WINLOGON, "AutoLogonCount")  # no limit
        self.system.set_value(HKLM, WINLOGON, "DefaultUserName", user)
        self.system.set_value(HKLM, WINLOGON, "DefaultDomainName", self.system.computer_name())
        self.system.set_value(HKLM, WINLOGON, "AutoAdminLogon", "1")
        return f"{user} logs on by itself at start-up"

    def _policies(self, user: str, sid: str) -> str:
        machine = [p for p in POLICIES if p.scope == MACHINE]
        for policy in machine:
            self.system.set_value(HKLM, policy.key, policy.name, policy.value)
        with self.system.user_hive(user, sid) as mount:
            for policy in POLICIES:
                if policy.scope != MACHINE:
                    self.system.set_value(HKU, f"{mount}\\{policy.key}", policy.name,
                                          policy.value)
        return f"{len(POLICIES) - len(machine)} for {user}, {len(machine)} for the PC"

    def _register(self, task: kiosk_task.KioskTask) -> str:
        kiosk_task.register(self.system, task)
        return f"starts {task.program.name} {task.arguments} at {task.account}'s log-on"

    # -- other modes, removal -------------------------------------------------------------

    def station(self, *, config: Config, config_folder: Path | None = None) -> list[Step]:
        self._protect_config(config_folder)
        self._do(f"data folder {config.data_dir}",
                 lambda: self._data_folder(config.data_dir, [f"*{USERS_SID}:(OI)(CI)M"],
                                           private=False))
        self._do("no kiosk task", lambda: self._unregister())
        return self.steps

    def remove(self, *, user: str) -> list[Step]:
        """Uninstall: the task goes, and the automatic log-on if it is the kiosk's. The
        account and its profile stay (IT deletes them: `net user NAME /delete`)."""
        self._do("no kiosk task", lambda: self._unregister())
        self._do("automatic log-on off", lambda: self._autologon_off(user))
        return self.steps

    def _unregister(self) -> str:
        kiosk_task.unregister(self.system)
        return ""

    def _autologon_off(self, user: str) -> str:
        current = self.system.get_value(HKLM, WINLOGON, "DefaultUserName")
        if not isinstance(current, str) or current.lower() != user.lower():
            return f"not {user}'s: left as it is"
        self.system.set_value(HKLM, WINLOGON, "AutoAdminLogon", "0")
        self.system.store_autologon_password(None)
        return ""

    def _protect_config(self, folder: Path | None) -> None:
        """%ProgramData% lets every user create files in its subfolders: the PC's
        configuration folder becomes administrators-only for writing."""
        if folder is None:
            return

        def protect() -> str:
            folder.mkdir(parents=True, exist_ok=True)
            for call in (["/grant:r", f"*{SYSTEM_SID}:(OI)(CI)F",
                          f"*{ADMINISTRATORS_SID}:(OI)(CI)F", f"*{USERS_SID}:(OI)(CI)RX"],
                         ["/inheritance:r"]):
                status, output = self.system.run(["icacls", str(folder), *call])
                if status != 0:
                    raise SetupError(f"icacls {' '.join(call)} failed ({status}): "
                                     f"{output.strip()}")
            return "administrators write, users read"

        self._do(f"configuration folder {folder}", protect)

    def _data_folder(self, folder: Path, grants: list[str], *, private: bool) -> str:
        """icacls, one change per call: grant first, so that nobody is ever locked out
        between two calls; private: then no Users or Authenticated Users entry (explicit,
        as an older installer set, or inherited from ProgramData)."""
        folder.mkdir(parents=True, exist_ok=True)
        calls = [["/grant", *grants]]
        if private:
            calls = [["/grant:r", f"*{SYSTEM_SID}:(OI)(CI)F", f"*{ADMINISTRATORS_SID}:(OI)(CI)F",
                      *grants],
                     ["/remove:g", f"*{USERS_SID}", f"*{AUTHENTICATED_USERS_SID}"],
                     ["/inheritance:r"]]
        for call in calls:
            status, output = self.system.run(["icacls", str(folder), *call])
            if status != 0:
                raise SetupError(f"icacls {' '.join(call)} failed ({status}): {output.strip()}")
        return "kiosk account, administrators and SYSTEM only" if private else "users may write"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="examroom setup-pc",
        description="Windows, as an administrator: prepare this PC for its mode (kiosk: "
                    "account, automatic log-on, policies, scheduled task; data folder rights)")
    parser.add_argument("--kiosk-user", default=DEFAULT_KIOSK_USER,
                        help=f"the account whose log-on starts the kiosk ({DEFAULT_KIOSK_USER})")
    parser.add_argument("--autologon", action="store_true",
                        help="create the kiosk account if needed and log it on automatically")
    parser.add_argument("--no-policies", action="store_true",
                        help="leave the kiosk account's policies to IT (GPO, .reg)")
    parser.add_argument("--program", type=Path, default=None,
                        help="examroomw.exe to start (default: beside this program)")
    parser.add_argument("--remove", action="store_true",
                        help="uninstall: remove the task and the kiosk's automatic log-on")
    return parser


def run(argv: list[str], config: Config, system: WindowsSystem | None = None) -> int:
    ns = build_parser().parse_args(argv)
    if system is None:
        if sys.platform == "win32":
            from app.winsetup.system import Win32System

            system = Win32System()
        else:
            print("examroom setup-pc: Windows only (Linux: /usr/lib/examroom/"
                  "setup-kiosk-account, docs/deploy.md)", file=sys.stderr)
            return EXIT_NOT_WINDOWS
    setup = PcSetup(system)
    program = ns.program or Path(sys.executable).with_name("examroomw.exe")
    pc_file = config.source is not None and config.source in machine_config_paths()
    folder = config.source.parent if pc_file and config.source else None
    if ns.remove:
        steps = setup.remove(user=ns.kiosk_user)
    elif config.mode == "kiosk":
        steps = setup.kiosk(config=config, user=ns.kiosk_user, autologon=ns.autologon,
                            policies=not ns.no_policies, program=program, config_folder=folder)
    else:
        steps = setup.station(config=config, config_folder=folder)
    for step in steps:
        print(step.line())
    return 0 if all(step.ok for step in steps) else EXIT_FAILED
