"""Prepare a Windows lab PC for examroom: `examroom setup-pc`, run by the installer.

What Linux does with `setup-kiosk-account`, a conffile and an autostart entry, a Windows
kiosk needs from the system itself: a local account that logs on by itself after a power
cut, the policies that keep a pupil inside the kiosk (Task Manager, lock, sign-out and
switch user off, Sticky Keys' shortcut off, Windows Update not restarting during the day),
a scheduled task that starts the kiosk's supervisor at that account's log-on only, and a
data folder only that account (and the administrators) can read. Issue 23.

- `policies.py`: the policies, one table, also rendered as `installer/windows/
  kiosk-policies.reg` for IT who prefer to apply them by hand or by GPO.
- `task.py`: the scheduled task's XML (UTF-16LE, as `schtasks /XML` wants it) and its
  registration, checked by reading it back.
- `system.py`: the few Windows calls used (accounts, LSA secret, registry, user hive,
  processes), behind one small interface that tests replace.
- `setup.py`: the steps, and the `examroom setup-pc` command.

Nothing here runs on the kiosk's own start: only the installer (an administrator) runs it.
"""
