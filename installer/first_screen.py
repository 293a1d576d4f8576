"""Time from starting a kiosk process to its first screen, then quit it cleanly.

    python3 installer/first_screen.py [--runs N] [--cold] [--timeout S] -- CMD [ARG...]

CMD must be a kiosk started with `--windowed --remote-control` (it reports its screens as
JSON lines on stdout, see app/views/kiosk/remote.py): the first `{"phase": ...}` line is
the first screen shown. The timer starts just before the process is spawned, so it
includes the bundle's bootloader, Python, Qt and the store's opening. After it, the script
sends `{"quit": true}` and requires exit status 0 (a clean exit).

--cold drops the page cache before each run (root only: /proc/sys/vm/drop_caches), i.e. the
first start after a power cut. Prints one line per run and the median; exits 1 on failure.
Standard library only, so it runs with any python3 (used from the host by test-deb.sh).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time


def drop_caches() -> bool:
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def one_run(cmd: list[str], timeout: float, settle: float = 0.0) -> tuple[float, int, str]:
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    first: list[float] = []
    lines: list[str] = []
    seen = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if not first:
                try:
                    data = json.loads(line)
                except ValueError:
                    continue
                if isinstance(data, dict) and "phase" in data:
                    first.append(time.monotonic() - t0)
                    seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not seen.wait(timeout):
        proc.kill()
        proc.wait()
        err = proc.stderr.read() if proc.stderr else ""
        return -1.0, -1, f"no first screen within {timeout}s; stdout: {lines[-5:]}; " \
            f"stderr: {err[-2000:]}"
    time.sleep(settle)
    assert proc.stdin is not None
    proc.stdin.write(json.dumps({"quit": True}) + "\n")
    proc.stdin.flush()
    try:
        code = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return first[0], -9, "did not exit after quit"
    err = proc.stderr.read() if proc.stderr else ""
    return first[0], code, "" if code == 0 else err[-2000:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--cold", action="store_true", help="drop the page cache first")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--settle", type=float, default=0.0, help="seconds shown before quit")
    parser.add_argument(
        "--lenient-exit", action="store_true",
        help="report, but do not fail on, a non-zero exit after quit (first screen still required)",
    )
    parser.add_argument("cmd", nargs=argparse.REMAINDER)
    ns = parser.parse_args()
    cmd = ns.cmd[1:] if ns.cmd[:1] == ["--"] else ns.cmd
    if not cmd:
        parser.error("give the kiosk command after --")
    times = []
    for i in range(ns.runs):
        cold = ns.cold and drop_caches()
        seconds, code, detail = one_run(cmd, ns.timeout, ns.settle)
        if seconds < 0 or (code != 0 and not ns.lenient_exit):
            print(f"run {i + 1}: FAILED (exit {code}) {detail}")
            return 1
        times.append(seconds)
        note = " (cold cache)" if cold else ""
        tail = detail.strip()[-120:]
        ending = "exit 0" if code == 0 else f"WARN exit {code} after quit: {tail!r}"
        print(f"run {i + 1}: first screen after {seconds * 1000:.0f} ms{note}, {ending}")
    print(f"median: {statistics.median(times) * 1000:.0f} ms over {len(times)} run(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
