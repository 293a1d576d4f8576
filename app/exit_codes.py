"""The exit statuses of `examroom` that something else acts on.

The kiosk supervisor (app/supervisor.py), the Debian wrapper, the systemd unit and the
Windows scheduled task decide by them whether to start the kiosk again: every exit is
restarted except EXIT_STAFF, the deliberate one (the invigilator left the kiosk with the
session password). A crash, a kill, a bad configuration (which IT may fix from afar) or a
kiosk already running are all retried, with a growing pause.
"""

from __future__ import annotations

EXIT_STAFF = 0
"""The kiosk was left on purpose, with the session password (or `{"quit": true}` of the
test-only remote control): the supervisor stops."""
EXIT_USAGE = 2
"""Bad command line, or a mode not built in this version (argparse's own status)."""
EXIT_ALREADY_RUNNING = 3
"""Another kiosk (or station) holds the lock of this data folder."""
EXIT_STORE = 4
"""The local store cannot be opened (disk full, damaged file): said in French on screen."""
EXIT_PROGRAM_GONE = 69
"""EX_UNAVAILABLE: the supervisor found its program removed (uninstalled, or an upgrade
emptying the program folder) and stops instead of starting nothing in a loop."""
EXIT_CONFIG = 78
"""EX_CONFIG: the configuration file is wrong (logs/startup-errors.log says where)."""
