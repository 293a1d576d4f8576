"""A Windows PC in memory for `examroom setup-pc` (app/winsetup): accounts, registry, LSA
secret, user hives and the programs it runs (schtasks, icacls), as the real calls would
leave them. Shared by tests/unit/test_winsetup.py and tests/deploy."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app.winsetup.system import HIVE_MOUNT, HKU


@dataclass
class Account:
    sid: str
    comment: str
    password: str


@dataclass
class FakeWindows:
    name: str = "LAB208-07"
    accounts: dict[str, Account] = field(default_factory=dict)
    registry: dict[tuple[str, str, str], int | str] = field(default_factory=dict)
    lsa_secret: str | None = None
    logged_on: set[str] = field(default_factory=set)
    hives_loaded: list[str] = field(default_factory=list)
    hive_mounted: bool = False
    tasks: dict[str, bytes] = field(default_factory=dict)
    """Task name -> the definition file's bytes, as schtasks /Create read them."""
    query_override: str | None = None
    """What schtasks /Query /XML answers instead of the stored task (a task changed since)."""
    commands: list[list[str]] = field(default_factory=list)
    fail: dict[str, int] = field(default_factory=dict)
    """Program name -> exit status it fails with."""

    # -- WindowsSystem --------------------------------------------------------------------

    def computer_name(self) -> str:
        return self.name

    def account_sid(self, name: str) -> str | None:
        account = self.accounts.get(name.lower())
        return account.sid if account else None

    def account_comment(self, name: str) -> str:
        account = self.accounts.get(name.lower())
        return account.comment if account else ""

    def create_account(self, name: str, password: str, comment: str) -> None:
        sid = f"S-1-5-21-1004336348-1177238915-682003330-{1001 + len(self.accounts)}"
        self.accounts[name.lower()] = Account(sid, comment, password)

    def set_password(self, name: str, password: str) -> None:
        self.accounts[name.lower()].password = password

    def store_autologon_password(self, password: str | None) -> None:
        self.lsa_secret = password

    def get_value(self, root: str, key: str, name: str) -> int | str | None:
        return self.registry.get((root, key.lower(), name))

    def set_value(self, root: str, key: str, name: str, value: int | str) -> None:
        if root == HKU:
            assert self.hive_mounted or key.split("\\")[0] in {
                a.sid for n, a in self.accounts.items() if n in self.logged_on
            }, f"{key}: the account's hive is not loaded"
        self.registry[(root, key.lower(), name)] = value

    def delete_value(self, root: str, key: str, name: str) -> None:
        self.registry.pop((root, key.lower(), name), None)

    @contextmanager
    def user_hive(self, name: str, sid: str) -> Iterator[str]:
        if name.lower() in self.logged_on:
            yield sid
            return
        self.hives_loaded.append(name)
        self.hive_mounted = True
        try:
            yield HIVE_MOUNT
        finally:
            self.hive_mounted = False

    def run(self, argv: Sequence[str]) -> tuple[int, str]:
        self.commands.append(list(argv))
        program = argv[0]
        if program in self.fail:
            return self.fail[program], f"{program}: simulated failure"
        if program == "schtasks":
            return self._schtasks(list(argv[1:]))
        return 0, "Successfully processed 1 files"

    def _schtasks(self, args: list[str]) -> tuple[int, str]:
        name = args[args.index("/TN") + 1]
        if args[0] == "/Create":
            self.tasks[name] = Path(args[args.index("/XML") + 1]).read_bytes()
            return 0, f'SUCCESS: The scheduled task "{name}" has successfully been created.'
        if name not in self.tasks:
            return 1, "ERROR: The system cannot find the file specified."
        if args[0] == "/Delete":
            del self.tasks[name]
            return 0, "SUCCESS"
        if "/XML" in args:  # the console shows the definition, its declaration included
            return 0, self.query_override or self.task_text(name)
        return 0, name

    # -- what tests look at ----------------------------------------------------------------

    def task_text(self, name: str) -> str:
        data = self.tasks[name]
        assert data[:2] == b"\xff\xfe", "not UTF-16LE with its byte-order mark"
        return data[2:].decode("utf-16-le")

    def hive_values(self, mount: str) -> dict[tuple[str, str], int | str]:
        prefix = mount.lower() + "\\"
        return {(key[len(prefix):], name): value
                for (root, key, name), value in self.registry.items()
                if root == HKU and key.startswith(prefix)}

    def icacls(self) -> list[list[str]]:
        return [c[2:] for c in self.commands if c[0] == "icacls"]


def element(xml: str, tag: str) -> str:
    found = re.search(rf"<{tag}>([^<]*)</{tag}>", xml)
    assert found, f"no <{tag}> in the task"
    return found.group(1)
