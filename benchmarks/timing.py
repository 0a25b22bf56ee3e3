"""What every bench script shares: timed subprocesses, their environment, a project copy, JSON out.

The measuring scripts (build, suite, pieces, training, weight) print one JSON
object each and never touch the working tree: whatever builds or tests runs
in a temporary copy of the project, so a benchmark can run while someone
edits pages, and an interrupted one leaves nothing behind to repair.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def clean_env(pythonpath: Path | None = None) -> dict[str, str]:
    """The environment without the switches and cache locations a contributor may have set."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("FIGURES", "NOTEBOOKS", "RESULTS", "PYTHONPATH") and not k.endswith("_CACHE")}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def one_thread() -> None:
    """Pin BLAS to one thread (before numpy is imported): small matrices are slower with more."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def _child_cpu() -> float | None:
    try:
        import resource
    except ImportError:  # not on this platform
        return None
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def timed(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float) -> tuple[dict, str]:
    """Run ``cmd``; return ({seconds, rc, cpu[, failure]}, its stdout + stderr). Never raises.

    ``cpu`` is user + system time of the process and everything it waited
    for: on a loaded machine it varies much less than the wall clock.
    ``failure``, only when the exit status is not 0, is the telling part of the output.
    """
    cpu0, start = _child_cpu(), time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        rc, out = proc.returncode, proc.stdout + proc.stderr
    except subprocess.TimeoutExpired as err:
        rc, out = -1, (err.stdout.decode() if isinstance(err.stdout, bytes) else err.stdout or "")
        out += f"\ntimed out after {timeout:g} s"
    except OSError as err:
        rc, out = -1, f"{cmd[0]}: {err}"
    wall, cpu1 = time.perf_counter() - start, _child_cpu()
    record = {"seconds": wall, "rc": rc, "cpu": None if cpu0 is None or cpu1 is None else cpu1 - cpu0}
    if rc:
        record["failure"] = excerpt(out)
    return record, out


_NOISE = re.compile(r"^(INFO\b|DEBUG\b|Building prefix dict|Loading model|Prefix dict|Dumping model)")
_TROUBLE = re.compile(r"^(ERROR|WARNING)\b|Traceback|Error\b|error:|failed|Aborted")


def excerpt(text: str, n: int = 30) -> str:
    """The part of a failed run's output that says what went wrong."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip() and not _NOISE.match(ln)]
    summary = next((i for i, ln in enumerate(lines) if "short test summary info" in ln), None)
    if summary is not None:  # pytest: its list of failures says it best
        return "\n".join(lines[summary:summary + n])
    first = next((i for i, ln in enumerate(lines) if _TROUBLE.search(ln)), None)
    if first is None:
        return "\n".join(lines[-n:])
    return "\n".join(lines[first:first + n] + (["..."] if len(lines) > first + n else []))


def logged(record: dict, label: str) -> dict:
    progress(f"  {label}: {record['seconds']:.2f} s" + ("" if record["rc"] == 0 else " FAILED"))
    return record


def repeat(n: int, once, label: str) -> list[dict]:
    """Up to ``n`` runs of ``once(i)`` (a run record); stops at the first failure."""
    runs: list[dict] = []
    for i in range(n):
        runs.append(logged(once(i), f"{label} {i + 1}/{n}"))
        if runs[-1]["rc"] != 0:
            break
    return runs


def copy_project(dest: Path) -> Path:
    """Copy the project's files (tracked, and new ones git does not ignore) into ``dest``.

    Builds and tests run there with ``PYTHONPATH`` = the copy, so the working
    tree, its ``site/`` and its ``.cache/`` are never written.
    """
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):  # not a git checkout
        listed = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file()
                  and not {".git", ".venv", ".cache", "site", "__pycache__"} & set(p.relative_to(ROOT).parts)]
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():  # a tracked file deleted in the working tree is skipped
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def arguments(doc: str) -> argparse.ArgumentParser:
    """A parser with the ``--out`` option every bench script has."""
    ap = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    ap.add_argument("--out", type=Path, help="write the JSON here (default: stdout)")
    return ap


def emit(data: dict, out: Path | None) -> None:
    text = json.dumps(data, indent=1)
    if out is None:
        print(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
