"""A power cut below the process: writes the kernel never synced are dropped.

A SIGKILL (tests/simulate) leaves the kernel's page cache intact, so it cannot show that
the store survives a power cut. Here the store runs under an LD_PRELOAD shim that models
the disk as only what was made durable:

- at each successful fsync/fdatasync of a file in the watched directory, the shim copies
  the file's whole content to a shadow directory, keyed by inode (what the disk holds now);
- at each fsync of the watched directory itself, it records which name points to which
  inode (the durable directory entries: a new or renamed file survives a cut only after
  its directory is synced);
- writes and these copies are serialised by one lock, so a copy never contains a write
  that started after the fsync returned.

The cut: the writer is SIGKILLed at a random moment, then every file of the directory is
put back to its last durable state (durable entries restored from the shadow, others
deleted; a never-synced -shm comes back empty, as after a reboot). The store is reopened
and must hold every event whose `append` had returned (the child prints each id after
`append` returns). A control run with `PRAGMA synchronous = OFF` must LOSE acknowledged
events under the same cut: it proves the shim really drops unsynced writes.

Limits (also in docs/decisions/0003-power-loss.md): the model is POSIX's, not a given
disk's; it trusts fsync to reach stable storage (a drive that lies about its write cache
defeats any software); it drops whole unsynced writes, it does not tear a sector.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.domain.clocks import SystemClock
from app.services.store import LocalStore

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

SHIM_C = r"""
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static const char *watch_dir, *shadow_dir;
static size_t watch_len;

static void init(void) {
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_write = dlsym(RTLD_NEXT, "write");
    real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_writev = dlsym(RTLD_NEXT, "writev");
    watch_dir = getenv("CUT_WATCH_DIR");
    shadow_dir = getenv("CUT_SHADOW_DIR");
    watch_len = watch_dir ? strlen(watch_dir) : 0;
}

static int watched(int fd, char *path) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, PATH_MAX - 1);
    if (n < 0 || !watch_dir || !shadow_dir) return 0;
    path[n] = 0;
    if (strncmp(path, watch_dir, watch_len) != 0) return 0;
    return path[watch_len] == 0 || path[watch_len] == '/';
}

static void put(const char *name, const char *data, size_t len, int from_fd) {
    char dst[PATH_MAX], tmp[PATH_MAX];
    snprintf(dst, sizeof dst, "%s/%s", shadow_dir, name);
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", shadow_dir, name);
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) abort();
    if (data) {
        if (real_write(out, data, len) != (ssize_t)len) abort();
    } else {
        char buf[65536];
        off_t off = 0;
        ssize_t n;
        while ((n = pread(from_fd, buf, sizeof buf, off)) > 0) {
            if (real_write(out, buf, n) != n) abort();
            off += n;
        }
        if (n < 0) abort();
    }
    close(out);
    if (rename(tmp, dst) != 0) abort();
}

static void snapshot(int fd, const char *path) {
    struct stat st;
    if (fstat(fd, &st) != 0) abort();
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d) abort();
        char *list = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&list, &len);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.' && (e->d_name[1] == 0 ||
                (e->d_name[1] == '.' && e->d_name[2] == 0))) continue;
            char full[PATH_MAX];
            struct stat es;
            snprintf(full, sizeof full, "%s/%s", path, e->d_name);
            if (lstat(full, &es) == 0 && S_ISREG(es.st_mode))
                fprintf(mem, "%lu %s\n", (unsigned long)es.st_ino, e->d_name);
        }
        closedir(d);
        fclose(mem);
        put("dir", list, len, -1);
        free(list);
    } else if (S_ISREG(st.st_mode)) {
        char name[64], proc[64];
        snprintf(name, sizeof name, "ino-%lu", (unsigned long)st.st_ino);
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        int rd = open(proc, O_RDONLY);  /* the fd itself may be write-only */
        if (rd < 0) abort();
        put(name, NULL, 0, rd);
        close(rd);
    }
}

static int synced(int fd, int data_only) {
    pthread_once(&once, init);
    pthread_mutex_lock(&mu);
    int r = data_only ? real_fdatasync(fd) : real_fsync(fd);
    char path[PATH_MAX];
    if (r == 0 && watched(fd, path)) snapshot(fd, path);
    pthread_mutex_unlock(&mu);
    return r;
}

int fsync(int fd) { return synced(fd, 0); }
int fdatasync(int fd) { return synced(fd, 1); }

#define LOCKED(call) do { pthread_once(&once, init); pthread_mutex_lock(&mu); \
    ssize_t r_ = call; pthread_mutex_unlock(&mu); return r_; } while (0)
ssize_t write(int fd, const void *b, size_t n) { LOCKED(real_write(fd, b, n)); }
ssize_t pwrite(int fd, const void *b, size_t n, off_t o) { LOCKED(real_pwrite(fd, b, n, o)); }
ssize_t pwrite64(int fd, const void *b, size_t n, off_t o) { LOCKED(real_pwrite64(fd, b, n, o)); }
ssize_t writev(int fd, const struct iovec *v, int c) { LOCKED(real_writev(fd, v, c)); }
"""

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.services.files import write_atomically
    from app.domain.clocks import SystemClock
    from app.domain.events import EventKind
    from app.services.store import LocalStore

    directory, unsafe = Path(sys.argv[1]), sys.argv[2] == "unsafe"
    store = LocalStore.open(directory / "kiosk.sqlite", device_id="pc-1", clock=SystemClock())
    if unsafe:
        store._db.execute("PRAGMA synchronous = OFF")  # the control: no fsync at commit
    if not (directory / "device_id").exists():
        write_atomically(directory / "device_id", b"pc-1")
        print("device_id", flush=True)
    n = 0
    while True:
        n += 1
        event = store.append(EventKind.ANSWER_SUBMITTED, session_id=1, candidate_id=2,
                             payload={"challenge_id": f"c{n}", "answer": n})
        print(event.id, flush=True)
    """
)


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("gcc") is None:
        pytest.skip("gcc is needed to build the power-cut shim")
    build = tmp_path_factory.mktemp("shim")
    (build / "cut.c").write_text(SHIM_C)
    lib = build / "libcut.so"
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O1", "-o", str(lib), str(build / "cut.c"), "-ldl",
         "-lpthread"],
        check=True, capture_output=True,
    )
    return lib


def durable_baseline(directory: Path, shadow: Path) -> None:
    """After a clean check, declare the state at rest durable (as a sync at shutdown)."""
    shutil.rmtree(shadow, ignore_errors=True)
    shadow.mkdir()
    lines = []
    for f in sorted(directory.iterdir()):
        if f.is_file():
            ino = f.stat().st_ino
            shutil.copyfile(f, shadow / f"ino-{ino}")
            lines.append(f"{ino} {f.name}")
    (shadow / "dir").write_text("".join(line + "\n" for line in lines))


def cut(directory: Path, shadow: Path) -> dict[str, int]:
    """Put every file back to its last durable state; return name -> bytes kept."""
    entries: dict[str, str] = {}
    listing = shadow / "dir"
    if listing.exists():
        for line in listing.read_text().splitlines():
            ino, name = line.split(" ", 1)
            entries[name] = ino
    for f in directory.iterdir():
        if f.name not in entries:
            f.unlink()
    kept = {}
    for name, ino in entries.items():
        source = shadow / f"ino-{ino}"
        data = source.read_bytes() if source.exists() else b""
        (directory / name).write_bytes(data)
        kept[name] = len(data)
    return kept


def run_until_cut(shim: Path, directory: Path, shadow: Path, *, unsafe: bool,
                  rng: random.Random) -> list[str]:
    """Start the writer under the shim, kill it after a random number of acks."""
    env = os.environ | {
        "LD_PRELOAD": str(shim),
        "CUT_WATCH_DIR": str(directory),
        "CUT_SHADOW_DIR": str(shadow),
        "PYTHONPATH": str(ROOT),
    }
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(directory), "unsafe" if unsafe else "safe"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True,
    )
    assert child.stdout is not None
    acked: list[str] = []
    target = rng.randint(5, 250)
    try:
        for line in child.stdout:
            acked.append(line.strip())
            if len(acked) >= target:
                break
        child.send_signal(signal.SIGKILL)  # the power goes: nothing more reaches the disk
        rest, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
    acked += [line.strip() for line in rest.splitlines() if line.strip()]
    if len(acked) < target:
        raise AssertionError(f"the writer died early: {err[-3000:]}")
    return acked


def reopen_and_find(directory: Path, acked: list[str]) -> tuple[set[str], list[str]]:
    store = LocalStore.open(directory / "kiosk.sqlite", device_id="pc-1", clock=SystemClock())
    try:
        ids = {e.id for e in store.events(1)}
        check = [row[0] for row in store._db.execute("PRAGMA integrity_check")]  # type: ignore[union-attr]
    finally:
        store.close()
    return {a for a in acked if a != "device_id" and a not in ids}, check


def test_every_acknowledged_append_survives_power_cuts(shim: Path, tmp_path: Path) -> None:
    directory, shadow = tmp_path / "data", tmp_path / "shadow"
    directory.mkdir()
    shadow.mkdir()
    rng = random.Random(20261122)
    total = 0
    for cycle in range(6):
        acked = run_until_cut(shim, directory, shadow, unsafe=False, rng=rng)
        kept = cut(directory, shadow)
        assert "kiosk.sqlite" in kept, f"cycle {cycle}: the store file itself was not durable"
        if cycle == 0:
            assert "device_id" in acked and (directory / "device_id").read_bytes() == b"pc-1"
        missing, integrity = reopen_and_find(directory, acked)
        assert integrity == ["ok"], f"cycle {cycle}: {integrity}"
        assert not missing, f"cycle {cycle}: {len(missing)} acknowledged appends lost"
        total += len(acked)
        durable_baseline(directory, shadow)
    assert total > 30


def test_the_cut_does_drop_unsynced_writes(shim: Path, tmp_path: Path) -> None:
    """The control: with synchronous=OFF acknowledged appends are lost, so the cut is real."""
    directory, shadow = tmp_path / "data", tmp_path / "shadow"
    directory.mkdir()
    shadow.mkdir()
    # A first safe cycle creates a durable store; the unsafe one appends on top of it.
    run_until_cut(shim, directory, shadow, unsafe=False, rng=random.Random(1))
    cut(directory, shadow)
    durable_baseline(directory, shadow)
    rng = random.Random(2)
    acked = run_until_cut(shim, directory, shadow, unsafe=True, rng=rng)
    cut(directory, shadow)
    missing, integrity = reopen_and_find(directory, acked)
    assert integrity == ["ok"]
    assert len(missing) > 0, "synchronous=OFF lost nothing: the shim does not drop writes"
