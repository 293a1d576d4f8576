"""The Windows calls `examroom setup-pc` makes, behind one small interface.

`WindowsSystem` is what the setup steps use; `Win32System` does it for real with ctypes
and winreg (Windows only, run as an administrator by the installer); tests pass a fake
that records what would have been done (tests/unit/test_winsetup.py). Each real call
follows Microsoft's documentation of the function named in its docstring.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

HKLM = "HKLM"
HKU = "HKU"
HIVE_MOUNT = "examroom-kiosk-setup"
"""Where the kiosk account's hive is loaded while its policies are written (not logged on)."""


class SetupError(Exception):
    """A Windows call failed: the message names the call and Windows' error."""


class WindowsSystem(Protocol):
    def computer_name(self) -> str: ...

    def account_sid(self, name: str) -> str | None:
        """The account's SID as a string, None if there is no such account."""

    def account_comment(self, name: str) -> str: ...

    def create_account(self, name: str, password: str, comment: str) -> None:
        """A local standard user, member of Users, whose password never expires."""

    def set_password(self, name: str, password: str) -> None: ...

    def store_autologon_password(self, password: str | None) -> None:
        """The LSA secret "DefaultPassword" Winlogon reads for automatic log-on (None:
        cleared)."""

    def get_value(self, root: str, key: str, name: str) -> int | str | None: ...

    def set_value(self, root: str, key: str, name: str, value: int | str) -> None:
        """int: REG_DWORD; str: REG_SZ. Creates the key."""

    def delete_value(self, root: str, key: str, name: str) -> None:
        """Nothing happens if it is not there."""

    def user_hive(self, name: str, sid: str) -> AbstractContextManager[str]:
        """The key under HKU where the account's own registry is while the block runs:
        its SID if it is logged on, else its NTUSER.DAT loaded (its profile is created
        first if it never logged on)."""

    def run(self, argv: Sequence[str]) -> tuple[int, str]:
        """Run a system program (schtasks, icacls); its status and output."""


def run_program(argv: Sequence[str]) -> tuple[int, str]:
    """Console programs write in the OEM code page on Windows."""
    done = subprocess.run(list(argv), capture_output=True, check=False)
    encoding = "oem" if sys.platform == "win32" else "utf-8"
    output = (done.stdout + done.stderr).decode(encoding, errors="replace")
    return done.returncode, output


if sys.platform == "win32":  # pragma: no cover - Windows only (the CI workflow runs it)
    import ctypes
    import winreg
    from ctypes import wintypes

    _netapi = ctypes.WinDLL("netapi32")
    _advapi = ctypes.WinDLL("advapi32", use_last_error=True)
    _kernel = ctypes.WinDLL("kernel32", use_last_error=True)
    _userenv = ctypes.WinDLL("userenv")

    class _UserInfo1(ctypes.Structure):  # USER_INFO_1 (lmaccess.h)
        _fields_ = [("name", wintypes.LPWSTR), ("password", wintypes.LPWSTR),
                    ("password_age", wintypes.DWORD), ("priv", wintypes.DWORD),
                    ("home_dir", wintypes.LPWSTR), ("comment", wintypes.LPWSTR),
                    ("flags", wintypes.DWORD), ("script_path", wintypes.LPWSTR)]

    class _UserInfo10(ctypes.Structure):  # USER_INFO_10
        _fields_ = [("name", wintypes.LPWSTR), ("comment", wintypes.LPWSTR),
                    ("usr_comment", wintypes.LPWSTR), ("full_name", wintypes.LPWSTR)]

    class _UserInfo1003(ctypes.Structure):  # USER_INFO_1003
        _fields_ = [("password", wintypes.LPWSTR)]

    class _LocalGroupMembersInfo0(ctypes.Structure):  # LOCALGROUP_MEMBERS_INFO_0
        _fields_ = [("sid", ctypes.c_void_p)]

    class _LsaUnicodeString(ctypes.Structure):  # LSA_UNICODE_STRING (lengths in bytes)
        _fields_ = [("Length", wintypes.USHORT), ("MaximumLength", wintypes.USHORT),
                    ("Buffer", wintypes.LPWSTR)]

    class _LsaObjectAttributes(ctypes.Structure):  # LSA_OBJECT_ATTRIBUTES (all zero)
        _fields_ = [("Length", wintypes.ULONG), ("RootDirectory", wintypes.HANDLE),
                    ("ObjectName", ctypes.c_void_p), ("Attributes", wintypes.ULONG),
                    ("SecurityDescriptor", ctypes.c_void_p),
                    ("SecurityQualityOfService", ctypes.c_void_p)]

    class _Luid(ctypes.Structure):
        _fields_ = [("LowPart", wintypes.DWORD), ("HighPart", wintypes.LONG)]

    class _TokenPrivileges(ctypes.Structure):  # TOKEN_PRIVILEGES with one entry
        _fields_ = [("PrivilegeCount", wintypes.DWORD), ("Luid", _Luid),
                    ("Attributes", wintypes.DWORD)]

    _USER_PRIV_USER = 1
    _UF_SCRIPT, _UF_PASSWD_CANT_CHANGE, _UF_DONT_EXPIRE_PASSWD = 0x1, 0x40, 0x10000
    _NERR_USER_NOT_FOUND = 2221
    _ERROR_MEMBER_IN_ALIAS = 1378
    _ERROR_NONE_MAPPED = 1332
    _POLICY_CREATE_SECRET = 0x20
    _USERS_SID = "S-1-5-32-545"

    def _proto(dll: Any, name: str, restype: Any, *argtypes: Any) -> None:
        """Declare a function's types: without them ctypes passes every integer as a C int,
        which truncates handles and HKEY_USERS (0x80000003) on 64-bit Windows."""
        function = getattr(dll, name)
        function.restype, function.argtypes = restype, list(argtypes)

    _P = ctypes.POINTER
    _W, _D, _V = wintypes.LPCWSTR, wintypes.DWORD, ctypes.c_void_p
    _proto(_kernel, "GetCurrentProcess", wintypes.HANDLE)
    _proto(_kernel, "CloseHandle", wintypes.BOOL, wintypes.HANDLE)
    _proto(_kernel, "LocalFree", _V, _V)
    _proto(_kernel, "GetComputerNameW", wintypes.BOOL, wintypes.LPWSTR, _P(_D))
    _proto(_advapi, "OpenProcessToken", wintypes.BOOL, wintypes.HANDLE, _D, _P(wintypes.HANDLE))
    _proto(_advapi, "LookupPrivilegeValueW", wintypes.BOOL, _W, _W, _P(_Luid))
    _proto(_advapi, "AdjustTokenPrivileges", wintypes.BOOL, wintypes.HANDLE, wintypes.BOOL,
           _P(_TokenPrivileges), _D, _V, _V)
    _proto(_advapi, "LookupAccountNameW", wintypes.BOOL, _W, _W, _V, _P(_D), wintypes.LPWSTR,
           _P(_D), _P(_D))
    _proto(_advapi, "LookupAccountSidW", wintypes.BOOL, _W, _V, wintypes.LPWSTR, _P(_D),
           wintypes.LPWSTR, _P(_D), _P(_D))
    _proto(_advapi, "ConvertSidToStringSidW", wintypes.BOOL, _V, _P(wintypes.LPWSTR))
    _proto(_advapi, "ConvertStringSidToSidW", wintypes.BOOL, _W, _P(_V))
    _proto(_advapi, "LsaOpenPolicy", wintypes.ULONG, _V, _P(_LsaObjectAttributes), _D, _P(_V))
    _proto(_advapi, "LsaStorePrivateData", wintypes.ULONG, _V, _P(_LsaUnicodeString),
           _P(_LsaUnicodeString))
    _proto(_advapi, "LsaClose", wintypes.ULONG, _V)
    _proto(_advapi, "LsaNtStatusToWinError", wintypes.ULONG, wintypes.ULONG)
    _proto(_advapi, "RegLoadKeyW", wintypes.LONG, wintypes.HKEY, _W, _W)
    _proto(_advapi, "RegUnLoadKeyW", wintypes.LONG, wintypes.HKEY, _W)
    _proto(_netapi, "NetUserAdd", _D, _W, _D, _P(_UserInfo1), _P(_D))
    _proto(_netapi, "NetUserGetInfo", _D, _W, _W, _D, _P(_P(_UserInfo10)))
    _proto(_netapi, "NetUserSetInfo", _D, _W, _W, _D, _P(_UserInfo1003), _P(_D))
    _proto(_netapi, "NetLocalGroupAddMembers", _D, _W, _W, _D, _P(_LocalGroupMembersInfo0), _D)
    _proto(_netapi, "NetApiBufferFree", _D, _V)
    _proto(_userenv, "CreateProfile", ctypes.c_long, _W, _W, wintypes.LPWSTR, _D)

    def _net_check(status: int, call: str) -> None:
        if status != 0:
            raise SetupError(f"{call} failed: {ctypes.FormatError(status)} ({status})")

    def _sid_from_string(text: str) -> ctypes.c_void_p:
        """A SID in memory from LocalAlloc (small, setup-time only: not freed)."""
        sid = ctypes.c_void_p()
        if not _advapi.ConvertStringSidToSidW(text, ctypes.byref(sid)):
            raise SetupError(f"ConvertStringSidToSidW({text}): {ctypes.WinError()}")
        return sid

    def _lsa_string(text: str) -> _LsaUnicodeString:
        size = len(text.encode("utf-16-le"))
        return _LsaUnicodeString(size, size + 2, text)

    def _open(root: str, key: str, access: int) -> Any:
        top = winreg.HKEY_LOCAL_MACHINE if root == HKLM else winreg.HKEY_USERS
        return winreg.CreateKeyEx(top, key, 0, access | winreg.KEY_WOW64_64KEY)

    def _enable_privileges(*names: str) -> None:
        """SeBackupPrivilege and SeRestorePrivilege, which RegLoadKey needs (an administrator
        holds them, disabled)."""
        token = wintypes.HANDLE()
        process = _kernel.GetCurrentProcess()
        if not _advapi.OpenProcessToken(process, 0x20 | 0x8, ctypes.byref(token)):
            raise SetupError(f"OpenProcessToken: {ctypes.WinError(ctypes.get_last_error())}")
        try:
            for name in names:
                luid = _Luid()
                if not _advapi.LookupPrivilegeValueW(None, name, ctypes.byref(luid)):
                    raise SetupError(f"LookupPrivilegeValueW({name}): {ctypes.WinError()}")
                wanted = _TokenPrivileges(1, luid, 0x2)  # SE_PRIVILEGE_ENABLED
                ok = _advapi.AdjustTokenPrivileges(token, False, ctypes.byref(wanted), 0, None,
                                                   None)
                if not ok or ctypes.get_last_error() != 0:  # 1300: not held by this account
                    raise SetupError(f"AdjustTokenPrivileges({name}): {ctypes.WinError()}")
        finally:
            _kernel.CloseHandle(token)

    class Win32System:
        """The real thing: netapi32 (accounts), advapi32 (SIDs, LSA, hives), winreg."""

        def computer_name(self) -> str:
            size = wintypes.DWORD(256)
            buffer = ctypes.create_unicode_buffer(size.value)
            if not _kernel.GetComputerNameW(buffer, ctypes.byref(size)):
                raise SetupError(f"GetComputerNameW: {ctypes.WinError()}")
            return buffer.value

        def account_sid(self, name: str) -> str | None:
            """LookupAccountNameW, then ConvertSidToStringSidW."""
            sid = ctypes.create_string_buffer(68)
            sid_size = wintypes.DWORD(68)
            domain = ctypes.create_unicode_buffer(256)
            domain_size = wintypes.DWORD(256)
            use = wintypes.DWORD()
            if not _advapi.LookupAccountNameW(None, name, sid, ctypes.byref(sid_size), domain,
                                              ctypes.byref(domain_size), ctypes.byref(use)):
                error = ctypes.get_last_error()
                if error == _ERROR_NONE_MAPPED:
                    return None
                raise SetupError(f"LookupAccountNameW({name}): {ctypes.WinError(error)}")
            text = wintypes.LPWSTR()
            if not _advapi.ConvertSidToStringSidW(sid, ctypes.byref(text)):
                raise SetupError(f"ConvertSidToStringSidW: {ctypes.WinError()}")
            try:
                return str(text.value)
            finally:
                _kernel.LocalFree(text)

        def account_comment(self, name: str) -> str:
            """NetUserGetInfo level 10."""
            info = ctypes.POINTER(_UserInfo10)()
            status = _netapi.NetUserGetInfo(None, name, 10, ctypes.byref(info))
            if status == _NERR_USER_NOT_FOUND:
                return ""
            _net_check(status, f"NetUserGetInfo({name})")
            try:
                return str(info.contents.comment or "")
            finally:
                _netapi.NetApiBufferFree(info)

        def create_account(self, name: str, password: str, comment: str) -> None:
            """NetUserAdd level 1, then NetLocalGroupAddMembers to Users (by its SID: the
            group's name depends on the language of Windows)."""
            info = _UserInfo1(name, password, 0, _USER_PRIV_USER, None, comment,
                              _UF_SCRIPT | _UF_PASSWD_CANT_CHANGE | _UF_DONT_EXPIRE_PASSWD, None)
            error = wintypes.DWORD()
            _net_check(_netapi.NetUserAdd(None, 1, ctypes.byref(info), ctypes.byref(error)),
                       f"NetUserAdd({name})")
            users = self._account_name(_USERS_SID)
            member = _LocalGroupMembersInfo0(_sid_from_string(self.account_sid(name) or ""))
            status = _netapi.NetLocalGroupAddMembers(None, users, 0, ctypes.byref(member), 1)
            if status not in (0, _ERROR_MEMBER_IN_ALIAS):
                _net_check(status, f"NetLocalGroupAddMembers({users}, {name})")

        def _account_name(self, sid_text: str) -> str:
            """LookupAccountSidW: "Users" is "Utilisateurs" on a French Windows."""
            sid = _sid_from_string(sid_text)
            name = ctypes.create_unicode_buffer(256)
            name_size = wintypes.DWORD(256)
            domain = ctypes.create_unicode_buffer(256)
            domain_size = wintypes.DWORD(256)
            use = wintypes.DWORD()
            if not _advapi.LookupAccountSidW(None, sid, name, ctypes.byref(name_size), domain,
                                             ctypes.byref(domain_size), ctypes.byref(use)):
                raise SetupError(f"LookupAccountSidW({sid_text}): {ctypes.WinError()}")
            return name.value

        def set_password(self, name: str, password: str) -> None:
            """NetUserSetInfo level 1003."""
            info = _UserInfo1003(password)
            _net_check(_netapi.NetUserSetInfo(None, name, 1003, ctypes.byref(info), None),
                       f"NetUserSetInfo({name})")

        def store_autologon_password(self, password: str | None) -> None:
            """LsaOpenPolicy + LsaStorePrivateData("DefaultPassword"), as Microsoft's
            "Protecting the Automatic Logon Password" shows."""
            attributes = _LsaObjectAttributes()
            handle = ctypes.c_void_p()
            status = _advapi.LsaOpenPolicy(None, ctypes.byref(attributes), _POLICY_CREATE_SECRET,
                                           ctypes.byref(handle))  # zero attributes: reserved
            if status != 0:
                raise SetupError(f"LsaOpenPolicy: {_advapi.LsaNtStatusToWinError(status)}")
            try:
                key = _lsa_string("DefaultPassword")
                data = _lsa_string(password) if password is not None else None
                status = _advapi.LsaStorePrivateData(
                    handle, ctypes.byref(key), ctypes.byref(data) if data is not None else None)
                if status != 0:
                    raise SetupError(
                        f"LsaStorePrivateData: {_advapi.LsaNtStatusToWinError(status)}")
            finally:
                _advapi.LsaClose(handle)

        def get_value(self, root: str, key: str, name: str) -> int | str | None:
            top = winreg.HKEY_LOCAL_MACHINE if root == HKLM else winreg.HKEY_USERS
            try:
                with winreg.OpenKey(top, key, 0,
                                    winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as handle:
                    value, _kind = winreg.QueryValueEx(handle, name)
            except FileNotFoundError:
                return None
            return value if isinstance(value, int | str) else None

        def set_value(self, root: str, key: str, name: str, value: int | str) -> None:
            kind = winreg.REG_DWORD if isinstance(value, int) else winreg.REG_SZ
            with _open(root, key, winreg.KEY_SET_VALUE) as handle:
                winreg.SetValueEx(handle, name, 0, kind, value)

        def delete_value(self, root: str, key: str, name: str) -> None:
            try:
                with _open(root, key, winreg.KEY_SET_VALUE) as handle:
                    winreg.DeleteValue(handle, name)
            except FileNotFoundError:
                pass

        @contextmanager
        def user_hive(self, name: str, sid: str) -> Iterator[str]:
            """HKU\\<SID> when logged on; else CreateProfile (userenv) if it never logged
            on, then RegLoadKeyW of its NTUSER.DAT, RegUnLoadKeyW after."""
            try:
                winreg.OpenKey(winreg.HKEY_USERS, sid).Close()
            except FileNotFoundError:
                pass
            else:
                yield sid
                return
            profile = self._profile_path(sid)
            if profile is None:
                buffer = ctypes.create_unicode_buffer(260)
                result = _userenv.CreateProfile(sid, name, buffer, 260)
                if result not in (0, -2147024713):  # S_OK, HRESULT(ERROR_ALREADY_EXISTS)
                    raise SetupError(f"CreateProfile({name}): HRESULT {result & 0xFFFFFFFF:#x}")
                profile = buffer.value or self._profile_path(sid)
            if not profile:
                raise SetupError(f"no profile folder for {name}")
            _enable_privileges("SeBackupPrivilege", "SeRestorePrivilege")
            hive = os.path.join(profile, "NTUSER.DAT")
            status = _advapi.RegLoadKeyW(winreg.HKEY_USERS, HIVE_MOUNT, hive)
            if status != 0:
                raise SetupError(f"RegLoadKeyW({hive}): {ctypes.FormatError(status)}")
            try:
                yield HIVE_MOUNT
            finally:
                _advapi.RegUnLoadKeyW(winreg.HKEY_USERS, HIVE_MOUNT)

        def _profile_path(self, sid: str) -> str | None:
            key = rf"SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\{sid}"
            value = self.get_value(HKLM, key, "ProfileImagePath")
            return os.path.expandvars(value) if isinstance(value, str) else None

        def run(self, argv: Sequence[str]) -> tuple[int, str]:
            return run_program(argv)
