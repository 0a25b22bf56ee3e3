"""Time ``make test`` once, in a temporary copy of the project; print JSON.

    python benchmarks/suite.py [--out FILE]

The copy has no ``.venv`` of its own: ``make`` is told to use this
interpreter's folder (``BIN``) and not to install anything (``STAMP``), so
what runs is exactly the ``test`` recipe of the Makefile. The copy starts
with empty caches, as a fresh clone does. The output holds the seconds, the
CPU time, the exit status, pytest's summary line with its counts, and on a
failure the part of the output that says why.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from timing import arguments, clean_env, copy_project, emit, logged, progress, timed

TEST_TIMEOUT = 3600
_COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)\b")


def pytest_summary(out: str) -> tuple[str, dict[str, int]]:
    """Pytest's last summary line ("1291 passed in 180.54s") and its counts by outcome."""
    line = next((ln.strip("= ") for ln in reversed(out.splitlines()) if _COUNT.search(ln)), "")
    return line, {word.rstrip("s") if word.startswith("error") else word: int(n) for n, word in _COUNT.findall(line)}


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__).parse_args(argv)
    make = shutil.which("make")
    if make is None:
        emit({"error": "make is not installed"}, args.out)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        copy = copy_project(Path(tmp) / "project")
        cmd = [make, "--no-print-directory", "test", f"BIN={Path(sys.executable).parent}", "STAMP="]
        progress("make test")
        record, out = timed(cmd, copy, clean_env(copy), TEST_TIMEOUT)
        logged(record, "make test")
    record["summary"], record["counts"] = pytest_summary(out)
    emit(record, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
