"""The kiosk's lockdown on Windows with the Windows calls faked: which keys the hook
swallows (through the real hook procedure and real KBDLLHOOKSTRUCTs), the accessibility
shortcuts switched off and back, and the PC kept awake only while asked."""

from __future__ import annotations

import ctypes
import threading
from typing import Any

import pytest

from app.services.lockdown import NullGuard, system_guard
from app.services.lockdown.keys import (
    LLKHF_ALTDOWN,
    VK_ESCAPE,
    VK_F4,
    VK_LWIN,
    VK_RWIN,
    VK_SNAPSHOT,
    VK_SPACE,
    VK_TAB,
    Key,
    blocked,
)
from app.services.lockdown.windows import (
    ES_CONTINUOUS,
    ES_DISPLAY_REQUIRED,
    ES_SYSTEM_REQUIRED,
    FILTERKEYS,
    HOTKEYACTIVE,
    KBDLLHOOKSTRUCT,
    SPI_GETSTICKYKEYS,
    SPI_SETFILTERKEYS,
    SPI_SETSTICKYKEYS,
    SPI_SETTOGGLEKEYS,
    VK_CONTROL,
    VK_SHIFT,
    WM_KEYDOWN,
    WM_KEYUP,
    WM_SYSKEYDOWN,
    WindowsGuard,
)


@pytest.mark.parametrize(("key", "reason"), [
    (Key(VK_LWIN), "Windows key"),
    (Key(VK_RWIN, shift=True), "Windows key"),  # Win+Shift+S starts with it
    (Key(VK_TAB, alt=True), "Alt+Tab"),
    (Key(VK_TAB, alt=True, shift=True), "Alt+Tab"),
    (Key(VK_ESCAPE, alt=True), "Alt+Esc"),
    (Key(VK_ESCAPE, ctrl=True), "Ctrl+Esc"),
    (Key(VK_ESCAPE, ctrl=True, shift=True), "Ctrl+Shift+Esc"),
    (Key(VK_F4, alt=True), "Alt+F4"),
    (Key(VK_SPACE, alt=True), "Alt+Space"),
    (Key(VK_SNAPSHOT), "PrtScn"),
    (Key(VK_SNAPSHOT, alt=True), "PrtScn"),
    (Key(0xAC), "application key"),  # VK_BROWSER_HOME
    (Key(0xB6), "application key"),  # VK_LAUNCH_APP1 (often the calculator)
])
def test_system_shortcuts_are_swallowed(key: Key, reason: str) -> None:
    assert blocked(key) == reason


@pytest.mark.parametrize("key", [
    Key(ord("A")), Key(ord("Q"), alt=True, ctrl=True),  # the staff exit, Ctrl+Alt+Q
    Key(ord("C"), alt=True, ctrl=True), Key(0xBB, ctrl=True),  # contrast, zoom
    Key(VK_TAB), Key(VK_TAB, shift=True),  # moving between fields
    Key(VK_ESCAPE), Key(VK_SPACE), Key(VK_F4), Key(0xAF), Key(0xB3),  # volume, play
    Key(0x12, alt=True),  # Alt alone (AltGr for @ and accents on French keyboards)
])
def test_the_candidates_keys_get_through(key: Key) -> None:
    assert blocked(key) is None


class FakeApi:
    """user32/kernel32 as the guard uses them; the hook thread's message loop waits for
    post_quit as GetMessageW would for WM_QUIT."""

    def __init__(self) -> None:
        self.proc: Any = None
        self.hooks_installed = 0
        self.unhooked: list[int] = []
        self.down: set[int] = set()
        self.passed_on: list[tuple[int, int]] = []
        self.states: list[int] = []
        self.quit = threading.Event()
        self.params: dict[int, int] = {SPI_GETSTICKYKEYS: 0x1FA, 0x0032: 0x7E, 0x0034: 0x3A}
        self.sets: list[tuple[int, int]] = []

    def install_keyboard_hook(self, proc: Any) -> int:
        self.proc = proc
        self.hooks_installed += 1
        return 0xBEEF

    def call_next_hook(self, code: int, w_param: int, l_param: int) -> int:
        self.passed_on.append((code, w_param))
        return 0

    def unhook(self, handle: int) -> None:
        self.unhooked.append(handle)

    def key_is_down(self, vk: int) -> bool:
        return vk in self.down

    def current_thread_id(self) -> int:
        return 4242

    def message_loop(self) -> None:
        self.quit.wait(10)

    def post_quit(self, thread_id: int) -> None:
        assert thread_id == 4242
        self.quit.set()

    def set_execution_state(self, flags: int) -> int:
        self.states.append(flags)
        return 1

    def system_parameters(self, action: int, structure: ctypes.Structure) -> bool:
        if action in (SPI_GETSTICKYKEYS, 0x0032, 0x0034):
            structure.dwFlags = self.params[action]  # type: ignore[attr-defined]
        else:
            self.sets.append((action, structure.dwFlags))  # type: ignore[attr-defined]
        return True

    def press(self, vk: int, message: int = WM_KEYDOWN, alt: bool = False) -> int:
        """What the hook procedure answers for one key event (1: swallowed)."""
        info = KBDLLHOOKSTRUCT(vkCode=vk, flags=LLKHF_ALTDOWN if alt else 0)
        return int(self.proc(0, message, ctypes.addressof(info)))


def test_the_hook_swallows_system_keys_and_passes_the_rest_on() -> None:
    api = FakeApi()
    guard = WindowsGuard(api)
    guard.lock_keys(True)
    assert api.hooks_installed == 1
    assert api.press(VK_LWIN) == 1 and api.press(VK_LWIN, WM_KEYUP) == 1  # no Start menu
    assert api.press(VK_TAB, WM_SYSKEYDOWN, alt=True) == 1
    api.down = {VK_CONTROL, VK_SHIFT}
    assert api.press(VK_ESCAPE) == 1  # Task Manager
    api.down = set()
    assert api.press(ord("A")) == 0 and api.press(VK_ESCAPE) == 0
    assert api.passed_on == [(0, WM_KEYDOWN), (0, WM_KEYDOWN)]
    assert guard.swallowed == ["Windows key", "Alt+Tab", "Ctrl+Shift+Esc"]
    assert int(api.proc(-1, WM_KEYDOWN, 0)) == 0  # nCode < 0: straight down the chain
    guard.lock_keys(True)  # already on: still one hook
    assert api.hooks_installed == 1
    guard.close()
    assert api.unhooked == [0xBEEF]
    guard.close()  # idempotent


def test_a_hook_procedure_that_fails_lets_the_key_through() -> None:
    api = FakeApi()
    guard = WindowsGuard(api)
    guard.lock_keys(True)
    api.key_is_down = lambda vk: 1 / 0  # type: ignore[assignment, method-assign]
    assert api.press(VK_LWIN) == 0  # logged, never raised into Windows
    guard.close()


def test_accessibility_shortcuts_off_while_locked_then_as_they_were() -> None:
    api = FakeApi()
    api.params[0x0034] |= 0x1  # Toggle Keys in use by this candidate: left alone
    guard = WindowsGuard(api)
    guard.lock_keys(True)
    assert api.sets == [(SPI_SETSTICKYKEYS, 0x1FA & ~HOTKEYACTIVE),
                        (SPI_SETFILTERKEYS, 0x7E & ~HOTKEYACTIVE)]
    api.sets.clear()
    guard.lock_keys(False)
    assert sorted(api.sets) == sorted([(SPI_SETSTICKYKEYS, 0x1FA), (SPI_SETFILTERKEYS, 0x7E),
                                       (SPI_SETTOGGLEKEYS, 0x3B)])
    # cbSize as Windows expects it (x64).
    assert (ctypes.sizeof(FILTERKEYS), ctypes.sizeof(KBDLLHOOKSTRUCT)) == (24, 24)


def test_awake_while_asked_only() -> None:
    api = FakeApi()
    guard = WindowsGuard(api)
    guard.keep_awake(True)
    guard.keep_awake(True)
    guard.keep_awake(False)
    assert api.states == [ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED,
                          ES_CONTINUOUS]
    guard.keep_awake(True)
    guard.close()
    assert api.states[-1] == ES_CONTINUOUS


def test_elsewhere_than_windows_the_guard_does_nothing() -> None:
    guard = system_guard()
    assert isinstance(guard, NullGuard)
    guard.lock_keys(True)
    guard.keep_awake(True)
    guard.close()
