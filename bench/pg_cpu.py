"""PostgreSQL's CPU while a command runs: every `postgres` process of this machine.

Wraps a run (a simulator load run, say) and prints, as JSON on stderr once the command
has ended, the CPU seconds PostgreSQL's processes spent meanwhile. Backends come and go:
each is read every half second and its last figure kept, so at most half a second of a
backend that ends is missed. Meant for a machine where nothing else uses PostgreSQL.

    .venv/bin/python bench/pg_cpu.py bash bench/simulate_runs.sh OUT load
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sync_ingest import cpu_seconds, postgres_pids


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    before = {pid: cpu_seconds([pid]) for pid in postgres_pids()}
    seen = dict(before)

    def sample() -> None:
        for pid in postgres_pids():  # a backend gone meanwhile reads 0: keep its last
            seen[pid] = max(seen.get(pid, 0.0), cpu_seconds([pid]))

    command = subprocess.Popen(sys.argv[1:])
    while command.poll() is None:
        sample()
        time.sleep(0.5)
    sample()
    used = sum(cpu - before.get(pid, 0.0) for pid, cpu in seen.items())
    print(json.dumps({"postgres_cpu_s": round(used, 2), "exit": command.returncode}),
          file=sys.stderr)
    return command.returncode


if __name__ == "__main__":
    sys.exit(main())
