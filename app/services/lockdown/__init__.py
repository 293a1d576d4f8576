"""What the locked kiosk asks of the operating system, beyond its Qt window.

Qt alone gives a frameless, full-screen, on-top window that ignores Alt+F4 and Escape
(app/views/kiosk/window.py). On Windows that leaves the Windows key, Alt+Tab, Win+D, Task
Manager, PrtScn, Sticky Keys' dialog, sleep and screen lock open (issue 23). A
`SystemGuard` closes what a program can close from inside the session:

- `lock_keys(True)`: system shortcuts swallowed while the kiosk is locked (keys.py says
  which, windows.py does it with a low-level keyboard hook), the accessibility shortcuts'
  dialogs (five Shifts...) off, both restored afterwards;
- `keep_awake(True)`: no sleep and no screen turning off while a candidate is on the
  kiosk (SetThreadExecutionState), released afterwards.

What no program can block (Ctrl+Alt+Del, Win+L) is the kiosk account's policies' job
(app/winsetup/policies.py). On Linux the X11 session and its own settings do this (the
guard does nothing there): `system_guard()` picks the platform's.

Signals: none; services, no widgets (app/views/kiosk/lockdown.py drives it).
"""

from __future__ import annotations

import sys
from typing import Protocol


class SystemGuard(Protocol):
    def lock_keys(self, on: bool) -> None: ...

    def keep_awake(self, on: bool) -> None: ...

    def close(self) -> None:
        """Undo everything (idempotent): the kiosk is being left."""


class NullGuard:
    """Platforms where the window and the session's settings are the lockdown (Linux X11)."""

    def lock_keys(self, on: bool) -> None:
        pass

    def keep_awake(self, on: bool) -> None:
        pass

    def close(self) -> None:
        pass


def system_guard() -> SystemGuard:
    if sys.platform == "win32":
        from app.services.lockdown.windows import Win32Api, WindowsGuard

        return WindowsGuard(Win32Api())
    return NullGuard()
