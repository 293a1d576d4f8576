"""Which keys the locked kiosk swallows on Windows, as a pure rule (tested case by case).

Virtual-key codes and flags are Windows' (winuser.h); the hook (windows.py) reads them from
each KBDLLHOOKSTRUCT. Swallowed, while the kiosk is locked:

- both Windows keys, down and up: no Start menu, and with it none of Win+Tab, Win+D,
  Win+M, Win+Ctrl+D (new virtual desktop), Win+Shift+S (screenshot), Win+R, Win+E...
  (Win+L and Ctrl+Alt+Del are the system's own: the kiosk account's policies remove them);
- Alt+Tab, Alt+Esc (switch window), Ctrl+Esc (Start), Ctrl+Shift+Esc (Task Manager),
  Alt+F4 (the window ignores it too), Alt+Space (window menu);
- PrtScn alone or with any modifier (screenshots of questions);
- the keyboards' browser, mail and "launch application" keys.

Everything else reaches the kiosk: letters with accents, Ctrl+Alt+Q (the staff exit),
Ctrl + / Ctrl − (zoom), Ctrl+Alt+C (contrast), volume and media keys.
"""

from __future__ import annotations

from dataclasses import dataclass

VK_TAB = 0x09
VK_ESCAPE = 0x1B
VK_SPACE = 0x20
VK_SNAPSHOT = 0x2C  # PrtScn
VK_LWIN, VK_RWIN = 0x5B, 0x5C
VK_F4 = 0x73
BROWSER_KEYS = range(0xA6, 0xAD)  # VK_BROWSER_BACK .. VK_BROWSER_HOME
LAUNCH_KEYS = range(0xB4, 0xB8)  # VK_LAUNCH_MAIL .. VK_LAUNCH_APP2
LLKHF_ALTDOWN = 0x20  # KBDLLHOOKSTRUCT.flags: Alt is down


@dataclass(frozen=True, slots=True)
class Key:
    vk: int
    alt: bool = False
    ctrl: bool = False
    shift: bool = False


def blocked(key: Key) -> str | None:
    """The shortcut `key` would trigger if it is one the kiosk swallows, else None."""
    if key.vk in (VK_LWIN, VK_RWIN):
        return "Windows key"
    if key.vk == VK_SNAPSHOT:
        return "PrtScn"
    if key.vk in BROWSER_KEYS or key.vk in LAUNCH_KEYS:
        return "application key"
    if key.alt and key.vk == VK_TAB:
        return "Alt+Tab"
    if key.vk == VK_ESCAPE and (key.alt or key.ctrl):
        if key.ctrl and key.shift:
            return "Ctrl+Shift+Esc"
        return "Alt+Esc" if key.alt else "Ctrl+Esc"
    if key.alt and key.vk == VK_F4:
        return "Alt+F4"
    if key.alt and key.vk == VK_SPACE:
        return "Alt+Space"
    return None
