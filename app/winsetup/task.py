"""The scheduled task "examroom kiosk": the kiosk's supervisor at the kiosk account's log-on.

Why a task and not the Startup folder or a Run key: it can be limited to one account,
restarted by Task Scheduler if the supervisor itself dies, and started hidden with no time
limit. Why XML through `schtasks /Create /XML` rather than schtasks' options: the options
cannot say "this account's log-on only", "no time limit" or "restart on failure".

`schtasks /XML` reads UTF-16 (the encoding Task Scheduler itself exports); a UTF-8 file is
refused. So the file is written UTF-16LE with its byte-order mark and says
`encoding="UTF-16"`. Limits of the schema (Task Scheduler Schema, restartType):
RestartOnFailure/Count is an unsignedByte from 1 to 255, Interval from PT1M to P31D;
Priority 0 to 10 (4 to 6: normal, so the kiosk is not slowed down).
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from app.winsetup.system import WindowsSystem

TASK_NAME = "examroom kiosk"
NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"
RESTART_COUNT = 255  # the schema's maximum (unsignedByte)
RESTART_INTERVAL = "PT1M"  # the schema's minimum
PRIORITY = 5  # NORMAL_PRIORITY_CLASS (the default, 7, is below normal)


@dataclass(frozen=True, slots=True)
class KioskTask:
    user: str
    """The account whose log-on starts the kiosk, as the task names it: its SID
    (S-1-5-21-..., which no renaming or language changes), else its name."""
    account: str
    """The account's name (the task may give it back by name rather than by SID)."""
    program: Path
    """examroomw.exe (no console window)."""
    config: Path | None
    """The PC's configuration file, passed as --config so that nothing else is read."""

    @property
    def arguments(self) -> str:
        config = f'--config "{self.config}" ' if self.config is not None else ""
        return f"{config}kiosk --supervise"


def task_xml(task: KioskTask) -> str:
    """The task definition (version 1.2 of the schema: Windows Vista and later)."""
    ET.register_namespace("", NAMESPACE)

    def sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
        element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
        if text is not None:
            element.text = text
        return element

    root = ET.Element(f"{{{NAMESPACE}}}Task", {"version": "1.2"})
    info = sub(root, "RegistrationInfo")
    sub(info, "Description", "examroom: starts the candidate kiosk (its supervisor) at this "
                             "account's log-on; the supervisor restarts the kiosk.")
    trigger = sub(sub(root, "Triggers"), "LogonTrigger")
    sub(trigger, "Enabled", "true")
    sub(trigger, "UserId", task.user)
    principal = sub(sub(root, "Principals"), "Principal")
    principal.set("id", "Author")
    sub(principal, "UserId", task.user)
    sub(principal, "LogonType", "InteractiveToken")  # in the account's own session
    sub(principal, "RunLevel", "LeastPrivilege")
    settings = sub(root, "Settings")
    for tag, text in (
        ("MultipleInstancesPolicy", "IgnoreNew"),
        ("DisallowStartIfOnBatteries", "false"),
        ("StopIfGoingOnBatteries", "false"),
        ("AllowHardTerminate", "true"),
        ("StartWhenAvailable", "true"),
        ("RunOnlyIfNetworkAvailable", "false"),
    ):
        sub(settings, tag, text)
    idle = sub(settings, "IdleSettings")
    sub(idle, "StopOnIdleEnd", "false")
    sub(idle, "RestartOnIdle", "false")
    for tag, text in (
        ("AllowStartOnDemand", "true"),
        ("Enabled", "true"),
        ("Hidden", "false"),
        ("RunOnlyIfIdle", "false"),
        ("WakeToRun", "false"),
        ("ExecutionTimeLimit", "PT0S"),  # no limit: the kiosk runs all day
        ("Priority", str(PRIORITY)),
    ):
        sub(settings, tag, text)
    restart = sub(settings, "RestartOnFailure")
    sub(restart, "Interval", RESTART_INTERVAL)
    sub(restart, "Count", str(RESTART_COUNT))
    actions = sub(root, "Actions")
    actions.set("Context", "Author")
    exec_ = sub(actions, "Exec")
    sub(exec_, "Command", str(task.program))
    sub(exec_, "Arguments", task.arguments)
    sub(exec_, "WorkingDirectory", str(task.program.parent))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-16"?>\r\n' + body.replace("\n", "\r\n") + "\r\n"


def encode(xml: str) -> bytes:
    """UTF-16LE with its byte-order mark: what `schtasks /Create /XML` reads."""
    return b"\xff\xfe" + xml.encode("utf-16-le")


def register(system: WindowsSystem, task: KioskTask) -> None:
    """Create (or replace) the task, then read it back: a missing or different task is an
    error, so the installer can fail with a non-zero exit code (issue 23)."""
    with tempfile.TemporaryDirectory(prefix="examroom-task-") as folder:
        path = Path(folder) / "examroom-kiosk-task.xml"
        path.write_bytes(encode(task_xml(task)))
        status, output = system.run(["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(path),
                                     "/F"])
    if status != 0:
        raise RuntimeError(f"schtasks /Create failed ({status}): {output.strip()}")
    problems = check_registered(system, task)
    if problems:
        raise RuntimeError(f"the task {TASK_NAME!r} is not as written: {'; '.join(problems)}")


def check_registered(system: WindowsSystem, task: KioskTask) -> list[str]:
    """What differs between the registered task and `task` (empty: all good)."""
    status, output = system.run(["schtasks", "/Query", "/TN", TASK_NAME, "/XML"])
    if status != 0:
        return [f"schtasks /Query failed ({status}): {output.strip()}"]
    try:
        root = ET.fromstring(re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", output.strip()))
    except ET.ParseError as exc:
        return [f"unreadable definition: {exc}"]
    ns = {"t": NAMESPACE}
    if root.tag == f"{{{NAMESPACE}}}Tasks":  # several definitions wrapped: ours is the first
        first = root.find("t:Task", ns)
        if first is None:
            return ["no task in the definition"]
        root = first

    def text(path: str) -> str:
        return (root.findtext(path, default="", namespaces=ns) or "").strip()

    problems = []
    if text("t:Actions/t:Exec/t:Command").strip('"').lower() != str(task.program).lower():
        problems.append(f"command {text('t:Actions/t:Exec/t:Command')!r}")
    if text("t:Actions/t:Exec/t:Arguments") != task.arguments:
        problems.append(f"arguments {text('t:Actions/t:Exec/t:Arguments')!r}")
    if not _same_account(text("t:Principals/t:Principal/t:UserId"), task):
        problems.append(f"account {text('t:Principals/t:Principal/t:UserId')!r}")
    if root.find("t:Triggers/t:LogonTrigger", ns) is None:
        problems.append("no log-on trigger")
    return problems


def _same_account(registered: str, task: KioskTask) -> bool:
    """Task Scheduler may give the account back as its SID, its name or COMPUTER\\name."""
    name = registered.lower().rsplit("\\", 1)[-1]
    return name in (task.user.lower(), task.account.lower().rsplit("\\", 1)[-1])


def unregister(system: WindowsSystem) -> None:
    """Delete the task if it is there (a PC that is no longer a kiosk)."""
    status, _ = system.run(["schtasks", "/Query", "/TN", TASK_NAME])
    if status != 0:
        return
    status, output = system.run(["schtasks", "/Delete", "/TN", TASK_NAME, "/F"])
    if status != 0:
        raise RuntimeError(f"schtasks /Delete failed ({status}): {output.strip()}")
