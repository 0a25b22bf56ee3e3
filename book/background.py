"""Work started early in a build and collected later: a small thread pool.

The pages' code and the labs run in subprocesses and kernels, so threads
are enough to keep every core busy while MkDocs converts the Markdown.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable


class Background:
    """Jobs that return an error message or None; :meth:`errors` waits for them all."""

    def __init__(self, jobs: list[Callable[[], str | None]], name: str):
        self.start = time.perf_counter()
        self.count = len(jobs)
        self._futures: list[Future] = []
        if jobs:
            pool = ThreadPoolExecutor(max_workers=max(1, min(len(jobs), os.cpu_count() or 1)),
                                      thread_name_prefix=name)
            self._futures = [pool.submit(job) for job in jobs]
            pool.shutdown(wait=False)

    def errors(self) -> list[str]:
        """Wait for every job; the messages of those that failed."""
        return [e for e in (f.result() for f in self._futures) if e]

    def seconds(self) -> float:
        return time.perf_counter() - self.start
