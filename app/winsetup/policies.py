"""The policies of a Windows kiosk PC, each with why it is there (docs/deploy.md explains
them line by line; the same table writes installer/windows/kiosk-policies.reg).

Per-user ones go into the kiosk account's registry hive only (teachers and IT keep their
Task Manager); machine ones into HKLM. A pupil cannot undo either: the Policies keys are
writable by administrators only.
"""

from __future__ import annotations

from dataclasses import dataclass

USER = "HKEY_USERS"
MACHINE = "HKEY_LOCAL_MACHINE"
REG_MOUNT = "examroom-kiosk"
"""Where the .reg file expects the kiosk account's hive (`reg load HKU\\examroom-kiosk`)."""

_SYSTEM = r"Software\Microsoft\Windows\CurrentVersion\Policies\System"
_EXPLORER = r"Software\Microsoft\Windows\CurrentVersion\Policies\Explorer"


@dataclass(frozen=True, slots=True)
class Policy:
    scope: str  # USER (the kiosk account's hive) or MACHINE
    key: str
    name: str
    value: int | str  # int: REG_DWORD; str: REG_SZ
    why: str


POLICIES: tuple[Policy, ...] = (
    Policy(USER, _SYSTEM, "DisableTaskMgr", 1,
           "No Task Manager (Ctrl+Shift+Esc, Ctrl+Alt+Del): it could end the kiosk and "
           "start any program with 'Run new task'."),
    Policy(USER, _SYSTEM, "DisableLockWorkstation", 1,
           "No 'Lock' (Win+L, Ctrl+Alt+Del): a locked kiosk needs a password nobody has."),
    Policy(USER, _SYSTEM, "DisableChangePassword", 1,
           "No 'Change a password' on the Ctrl+Alt+Del screen."),
    Policy(USER, _EXPLORER, "NoLogoff", 1,
           "No 'Sign out' (Start menu, Ctrl+Alt+Del): leaving the kiosk account's session "
           "is IT's business (restart holding Shift, docs/deploy.md)."),
    Policy(USER, _EXPLORER, "NoRun", 1,
           "No Run dialog (Win+R), should the desktop ever show between two kiosk starts."),
    Policy(USER, _EXPLORER, "NoWinKeys", 1,
           "No Windows-key shortcuts (Win+E, Win+R, ...) outside the kiosk's own hook."),
    Policy(USER, r"Software\Policies\Microsoft\Windows\CurrentVersion\PushNotifications",
           "NoToastApplicationNotification", 1,
           "No pop-up notifications over the test."),
    Policy(USER, r"Software\Policies\Microsoft\Windows\Control Panel\Desktop",
           "ScreenSaveActive", "0",
           "No screen saver (and so no screen-saver lock) during a long question."),
    Policy(USER, r"Control Panel\Accessibility\StickyKeys", "Flags", "506",
           "Shift pressed five times no longer opens Sticky Keys' dialog, whose link leads "
           "to Settings."),
    Policy(USER, r"Control Panel\Accessibility\Keyboard Response", "Flags", "122",
           "Right Shift held for 8 s no longer opens Filter Keys' dialog."),
    Policy(USER, r"Control Panel\Accessibility\ToggleKeys", "Flags", "58",
           "Num Lock held for 5 s no longer opens Toggle Keys' dialog."),
    Policy(MACHINE, r"SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System",
           "HideFastUserSwitching", 1,
           "No 'Switch user': the kiosk's session stays the only one on the screen."),
    Policy(MACHINE, r"SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System",
           "EnableFirstLogonAnimation", 0,
           "The first automatic log-on goes straight to the desktop (and the kiosk)."),
    Policy(MACHINE, r"SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate", "SetActiveHours", 1,
           "Windows Update's active hours are set by policy: no automatic restart "
           "between ActiveHoursStart and ActiveHoursEnd."),
    Policy(MACHINE, r"SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate", "ActiveHoursStart", 7,
           "From 7:00..."),
    Policy(MACHINE, r"SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate", "ActiveHoursEnd", 19,
           "...to 19:00 (Windows allows at most 18 hours)."),
    Policy(MACHINE, r"SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU",
           "NoAutoRebootWithLoggedOnUsers", 1,
           "Never restart for updates while an account (the kiosk's) is logged on."),
)


def render_reg() -> str:
    """The table as a .reg file (ASCII, CRLF): user policies under HKEY_USERS\\examroom-kiosk,
    where IT loads the kiosk account's hive first (docs/deploy.md shows the three lines)."""
    lines = [
        "Windows Registry Editor Version 5.00",
        "",
        "; examroom: policies of a Windows kiosk PC (generated from app/winsetup/policies.py;",
        "; `examroom setup-pc` applies the same values; docs/deploy.md explains each line).",
        "; The HKEY_USERS\\examroom-kiosk lines go to the KIOSK ACCOUNT only: load its hive first,",
        ";   reg load HKU\\examroom-kiosk C:\\Users\\examroom-kiosk\\NTUSER.DAT",
        ";   reg import kiosk-policies.reg",
        ";   reg unload HKU\\examroom-kiosk",
    ]
    current = ""
    for policy in POLICIES:
        root = f"{USER}\\{REG_MOUNT}" if policy.scope == USER else MACHINE
        key = f"{root}\\{policy.key}"
        if key != current:
            lines += ["", f"[{key}]"]
            current = key
        lines.append(f"; {policy.why}")
        if isinstance(policy.value, int):
            lines.append(f'"{policy.name}"=dword:{policy.value:08x}')
        else:
            lines.append(f'"{policy.name}"="{policy.value}"')
    return "\r\n".join(lines) + "\r\n"
