"""The Windows side of the kiosk's lockdown: keyboard hook, wakefulness, accessibility
shortcuts. Every Windows call goes through `WindowsApi` (Win32Api is the ctypes one), so
tests replace it and drive the real hook procedure with real KBDLLHOOKSTRUCTs.

- **Keyboard hook** (SetWindowsHookExW(WH_KEYBOARD_LL)): a low-level hook sees keys before
  the shell does, in every window of the session; returning 1 swallows a key. It runs on
  a thread of its own with its own message loop (GetMessageW), not on Qt's: Windows drops
  a hook that does not answer within LowLevelHooksTimeout, and the GUI thread may be busy
  rendering a question. Keys decided by keys.blocked().
- **Awake** (SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED |
  ES_DISPLAY_REQUIRED)): no sleep, no screen off, so no lock screen after idle, while a
  candidate is on the kiosk; ES_CONTINUOUS alone gives it back.
- **Accessibility shortcuts** (SystemParametersInfoW with SPI_GET/SETSTICKYKEYS,
  FILTERKEYS, TOGGLEKEYS): their "hotkey active" flag is cleared while locked (five
  Shifts, Shift held 8 s, Num Lock held 5 s open dialogs that lead to Settings), for
  this session only (fWinIni = 0), and put back as they were. Safe Exam Browser does
  the same.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable
from ctypes import wintypes
from typing import Any, Protocol

from app.services.lockdown.keys import LLKHF_ALTDOWN, Key, blocked

log = logging.getLogger(__name__)

WH_KEYBOARD_LL = 13
HC_ACTION = 0
WM_KEYDOWN, WM_KEYUP, WM_SYSKEYDOWN, WM_SYSKEYUP = 0x0100, 0x0101, 0x0104, 0x0105
VK_SHIFT, VK_CONTROL = 0x10, 0x11
ES_CONTINUOUS, ES_SYSTEM_REQUIRED, ES_DISPLAY_REQUIRED = 0x80000000, 0x1, 0x2
SPI_GETFILTERKEYS, SPI_SETFILTERKEYS = 0x0032, 0x0033
SPI_GETTOGGLEKEYS, SPI_SETTOGGLEKEYS = 0x0034, 0x0035
SPI_GETSTICKYKEYS, SPI_SETSTICKYKEYS = 0x003A, 0x003B
HOTKEYACTIVE = 0x4  # SKF_, FKF_, TKF_HOTKEYACTIVE: the shortcut opens the dialog
FEATURE_ON = 0x1  # SKF_STICKYKEYSON, FKF_FILTERKEYSON, TKF_TOGGLEKEYSON


# Windows' DWORD and UINT are 32 bits; spelled c_uint32 (wintypes.DWORD is a C long, 64
# bits on Linux) so that the tests build these structures at Windows' sizes.
DWORD = UINT = ctypes.c_uint32


class KBDLLHOOKSTRUCT(ctypes.Structure):
    _fields_ = [("vkCode", DWORD), ("scanCode", DWORD), ("flags", DWORD), ("time", DWORD),
                ("dwExtraInfo", ctypes.c_size_t)]


class FLAGS_STRUCT(ctypes.Structure):
    """STICKYKEYS and TOGGLEKEYS: cbSize, dwFlags."""

    _fields_ = [("cbSize", UINT), ("dwFlags", DWORD)]


class FILTERKEYS(ctypes.Structure):
    _fields_ = [("cbSize", UINT), ("dwFlags", DWORD), ("iWaitMSec", DWORD),
                ("iDelayMSec", DWORD), ("iRepeatMSec", DWORD), ("iBounceMSec", DWORD)]


# LRESULT CALLBACK LowLevelKeyboardProc(int nCode, WPARAM wParam, LPARAM lParam)
HOOKPROC = getattr(ctypes, "WINFUNCTYPE", ctypes.CFUNCTYPE)(
    ctypes.c_ssize_t, ctypes.c_int, ctypes.c_size_t, ctypes.c_ssize_t)

ACCESSIBILITY = (
    ("StickyKeys", SPI_GETSTICKYKEYS, SPI_SETSTICKYKEYS, FLAGS_STRUCT),
    ("FilterKeys", SPI_GETFILTERKEYS, SPI_SETFILTERKEYS, FILTERKEYS),
    ("ToggleKeys", SPI_GETTOGGLEKEYS, SPI_SETTOGGLEKEYS, FLAGS_STRUCT),
)


class WindowsApi(Protocol):
    """The user32/kernel32 calls the guard makes (Win32Api: the real ones)."""

    def install_keyboard_hook(self, proc: Any) -> int: ...

    def call_next_hook(self, code: int, w_param: int, l_param: int) -> int: ...

    def unhook(self, handle: int) -> None: ...

    def key_is_down(self, vk: int) -> bool: ...

    def current_thread_id(self) -> int: ...

    def message_loop(self) -> None:
        """GetMessageW / DispatchMessageW until WM_QUIT (hooks are called from inside)."""

    def post_quit(self, thread_id: int) -> None: ...

    def set_execution_state(self, flags: int) -> int: ...

    def system_parameters(self, action: int, structure: ctypes.Structure) -> bool:
        """SystemParametersInfoW(action, sizeof, &structure, 0): get or set, this session."""


class WindowsGuard:
    """SystemGuard on Windows (app/services/lockdown/__init__.py)."""

    def __init__(self, api: WindowsApi) -> None:
        self.api = api
        self.swallowed: list[str] = []
        """What was swallowed since the last start (counts in the log, not the keys typed)."""
        self._proc = HOOKPROC(self._on_key)  # kept: Windows calls it until unhooked
        self._thread: threading.Thread | None = None
        self._thread_id = 0
        self._handle = 0
        self._ready = threading.Event()
        self._saved: dict[str, ctypes.Structure] = {}
        self._awake = False

    # -- keyboard --------------------------------------------------------------------------

    def lock_keys(self, on: bool) -> None:
        if on and self._thread is None:
            self._ready.clear()
            self._thread = threading.Thread(target=self._hook_thread, name="kiosk-keyboard-hook",
                                            daemon=True)
            self._thread.start()
            self._ready.wait(5)
            self._accessibility_shortcuts(off=True)
        elif not on and self._thread is not None:
            self.api.post_quit(self._thread_id)
            self._thread.join(5)
            self._thread = None
            self._accessibility_shortcuts(off=False)
            if self.swallowed:
                log.info("keyboard hook removed; swallowed %d system shortcut(s)",
                         len(self.swallowed))

    def _hook_thread(self) -> None:
        self._thread_id = self.api.current_thread_id()
        try:
            self._handle = self.api.install_keyboard_hook(self._proc)
        except OSError as exc:
            log.error("cannot install the keyboard hook: %s", exc)
            self._ready.set()
            return
        log.info("keyboard hook installed")
        self._ready.set()
        try:
            self.api.message_loop()
        finally:
            self.api.unhook(self._handle)
            self._handle = 0

    def _on_key(self, code: int, w_param: int, l_param: int) -> int:
        """LowLevelKeyboardProc: 1 swallows the key; anything else goes on down the chain.
        Never raises (an exception here would go to ctypes' stderr, not the log)."""
        try:
            if code == HC_ACTION and w_param in (WM_KEYDOWN, WM_SYSKEYDOWN, WM_KEYUP,
                                                 WM_SYSKEYUP):
                info = ctypes.cast(l_param, ctypes.POINTER(KBDLLHOOKSTRUCT)).contents
                key = Key(vk=int(info.vkCode), alt=bool(info.flags & LLKHF_ALTDOWN),
                          ctrl=self.api.key_is_down(VK_CONTROL),
                          shift=self.api.key_is_down(VK_SHIFT))
                reason = blocked(key)
                if reason is not None:
                    if w_param in (WM_KEYDOWN, WM_SYSKEYDOWN):
                        self.swallowed.append(reason)
                    return 1
        except Exception:  # never out of a Windows callback (see the docstring)
            log.exception("keyboard hook")
        return self.api.call_next_hook(code, w_param, l_param)

    # -- accessibility shortcuts -------------------------------------------------------------

    def _accessibility_shortcuts(self, *, off: bool) -> None:
        for name, get, set_, kind in ACCESSIBILITY:
            if off:
                current = kind()
                current.cbSize = ctypes.sizeof(kind)
                if not self.api.system_parameters(get, current):
                    continue
                self._saved[name] = current
                if current.dwFlags & FEATURE_ON:
                    continue  # a candidate who uses the feature keeps it as it is
                changed = kind.from_buffer_copy(current)
                changed.dwFlags &= ~HOTKEYACTIVE
                self.api.system_parameters(set_, changed)
            elif name in self._saved:
                self.api.system_parameters(set_, self._saved.pop(name))

    # -- awake ------------------------------------------------------------------------------

    def keep_awake(self, on: bool) -> None:
        if on == self._awake:
            return
        flags = ES_CONTINUOUS | (ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED if on else 0)
        if self.api.set_execution_state(flags) == 0:
            log.warning("SetThreadExecutionState(%#x) failed", flags)
        self._awake = on

    def close(self) -> None:
        self.lock_keys(False)
        self.keep_awake(False)


class Win32Api:  # pragma: no cover - Windows only (the Windows CI workflow runs it)
    """The real calls (user32, kernel32), types declared so that handles are not cut."""

    def __init__(self) -> None:
        windll: Callable[..., Any] = ctypes.WinDLL  # type: ignore[attr-defined,unused-ignore]
        self.user32 = windll("user32", use_last_error=True)
        self.kernel32 = windll("kernel32", use_last_error=True)
        u, k = self.user32, self.kernel32
        u.SetWindowsHookExW.restype = wintypes.HHOOK
        u.SetWindowsHookExW.argtypes = [ctypes.c_int, HOOKPROC, wintypes.HINSTANCE,
                                        wintypes.DWORD]
        u.CallNextHookEx.restype = ctypes.c_ssize_t
        u.CallNextHookEx.argtypes = [wintypes.HHOOK, ctypes.c_int, ctypes.c_size_t,
                                     ctypes.c_ssize_t]
        u.UnhookWindowsHookEx.argtypes = [wintypes.HHOOK]
        u.GetAsyncKeyState.restype = ctypes.c_short
        u.GetAsyncKeyState.argtypes = [ctypes.c_int]
        u.GetMessageW.argtypes = [ctypes.POINTER(wintypes.MSG), wintypes.HWND, wintypes.UINT,
                                  wintypes.UINT]
        u.PostThreadMessageW.argtypes = [wintypes.DWORD, wintypes.UINT, ctypes.c_size_t,
                                         ctypes.c_ssize_t]
        u.SystemParametersInfoW.argtypes = [wintypes.UINT, wintypes.UINT, ctypes.c_void_p,
                                            wintypes.UINT]
        k.GetModuleHandleW.restype = wintypes.HMODULE
        k.GetModuleHandleW.argtypes = [wintypes.LPCWSTR]
        k.SetThreadExecutionState.restype = ctypes.c_uint32
        k.SetThreadExecutionState.argtypes = [ctypes.c_uint32]

    def install_keyboard_hook(self, proc: Any) -> int:
        handle = self.user32.SetWindowsHookExW(WH_KEYBOARD_LL, proc,
                                               self.kernel32.GetModuleHandleW(None), 0)
        if not handle:
            raise ctypes.WinError(ctypes.get_last_error())  # type: ignore[attr-defined,unused-ignore]
        return int(handle)

    def call_next_hook(self, code: int, w_param: int, l_param: int) -> int:
        return int(self.user32.CallNextHookEx(None, code, w_param, l_param))

    def unhook(self, handle: int) -> None:
        self.user32.UnhookWindowsHookEx(handle)

    def key_is_down(self, vk: int) -> bool:
        return bool(self.user32.GetAsyncKeyState(vk) & 0x8000)

    def current_thread_id(self) -> int:
        return int(self.kernel32.GetCurrentThreadId())

    def message_loop(self) -> None:
        message = wintypes.MSG()
        while self.user32.GetMessageW(ctypes.byref(message), None, 0, 0) > 0:
            self.user32.TranslateMessage(ctypes.byref(message))
            self.user32.DispatchMessageW(ctypes.byref(message))

    def post_quit(self, thread_id: int) -> None:
        self.user32.PostThreadMessageW(thread_id, 0x0012, 0, 0)  # WM_QUIT

    def set_execution_state(self, flags: int) -> int:
        return int(self.kernel32.SetThreadExecutionState(flags))

    def system_parameters(self, action: int, structure: ctypes.Structure) -> bool:
        return bool(self.user32.SystemParametersInfoW(action, ctypes.sizeof(structure),
                                                      ctypes.byref(structure), 0))
