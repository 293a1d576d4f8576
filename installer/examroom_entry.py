"""Entry point of the frozen bundle (PyInstaller): the same `main` as the `examroom` script.

`multiprocessing.freeze_support()` lets a frozen child process (if a mode ever starts one
with multiprocessing) run its target instead of the command line again.
"""

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
