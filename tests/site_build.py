"""The test run's one build of the whole book, started as soon as the run knows a test needs it.

The build is the longest single step of a test run, so it does not wait for
the first test that reads it: once a worker (or a run without workers) has
collected a test that needs the built site, it starts ``python -m
tests.site_build OUT`` in the background, and the tests that need no site
run meanwhile (``conftest.py`` orders them first). The build runs
``mkdocs build --strict`` from an empty cache under ``SUBPATH_SITE_URL``
into ``OUT/site`` (caches in ``OUT/cache``) and writes its log, then its exit
status, last. Whoever needs the site waits for that status.
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from filelock import FileLock

from tests.helpers import ROOT, SUBPATH_SITE_URL, mkdocs_build

STARTED, LOG, STATUS = "build.started", "build.log", "build.status"
TIMEOUT = 3600  # seconds: a build that takes longer is stuck


def start(out: Path) -> None:
    """Start the build into ``out`` in the background, unless someone in this run already has."""
    out.mkdir(parents=True, exist_ok=True)
    with FileLock(str(out / "build.lock")):
        if (out / STARTED).exists():
            return
        proc = subprocess.Popen([sys.executable, "-m", "tests.site_build", str(out)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        (out / STARTED).write_text(str(proc.pid), encoding="utf-8")
    atexit.register(_stop, proc)


def _stop(proc: subprocess.Popen) -> None:
    """An interrupted run leaves no build behind: the build's whole process group (mkdocs, its page runs)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def wait(out: Path) -> tuple[Path, Path, str]:
    """(site, cache, log) of the finished build; fails with the build's log if it failed."""
    start(out)
    pid = int((out / STARTED).read_text(encoding="utf-8"))
    deadline = time.monotonic() + TIMEOUT
    while not (out / STATUS).exists():
        if not _alive(pid) and not (out / STATUS).exists():
            raise AssertionError("the test build stopped without an exit status")
        if time.monotonic() > deadline:
            raise AssertionError(f"the test build took more than {TIMEOUT} s")
        time.sleep(0.5)
    log = (out / LOG).read_text(encoding="utf-8")
    assert (out / STATUS).read_text(encoding="utf-8") == "0", f"mkdocs build --strict failed:\n{log[-6000:]}"
    return out / "site", out / "cache", log


def _alive(pid: int) -> bool:
    """Whether the build process still runs (a dead one lingers as a zombie until its starter exits)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:  # no /proc on this system: the signal said enough
        return True


def main(out: Path) -> int:
    proc = mkdocs_build(ROOT / "mkdocs.yml", out / "site", out / "cache", site_url=SUBPATH_SITE_URL)
    (out / LOG).write_text(proc.stderr, encoding="utf-8")
    tmp = out / f"{STATUS}.tmp"
    tmp.write_text(str(proc.returncode), encoding="utf-8")
    tmp.replace(out / STATUS)  # the status appears whole, after the log
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
