"""Work started early in a build and collected later: a small thread pool.

The pages' code and the labs run in subprocesses and kernels, so threads
are enough to keep every core busy while MkDocs converts the Markdown.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Hashable


class Background:
    """Named jobs that return an error message or None; :meth:`failures` waits for them all."""

    def __init__(self, jobs: dict[Hashable, Callable[[], str | None]], name: str):
        self.start = time.perf_counter()
        self.count = len(jobs)
        self._futures: dict[Hashable, Future] = {}
        if jobs:
            pool = ThreadPoolExecutor(max_workers=max(1, min(len(jobs), os.cpu_count() or 1)),
                                      thread_name_prefix=name)
            self._futures = {key: pool.submit(job) for key, job in jobs.items()}
            pool.shutdown(wait=False)

    def failures(self) -> dict[Hashable, str]:
        """Wait for every job; the message of each that failed, by its name."""
        return {key: error for key, error in ((k, f.result()) for k, f in self._futures.items()) if error}

    def errors(self) -> list[str]:
        """Wait for every job; the messages of those that failed."""
        return list(self.failures().values())

    def seconds(self) -> float:
        return time.perf_counter() - self.start
