"""Time ``count_pieces(sawtooth(k), 0, 1)`` for a range of k; print JSON.

    python benchmarks/bench_pieces.py [--kmin 10] [--kmax 22] [--runs 3] [--limit 20]

``benchmarks/run.py`` calls this in a subprocess (with OPENBLAS_NUM_THREADS=1)
so a missing, broken or slow ``lessons`` cannot take the harness down. The
output is one JSON object: ``{"available": true, "rows": [...]}`` or
``{"available": false, "reason": "..."}``; times are wall-clock seconds, and
``cpu`` is the median process time. Only the count is timed; the
network is built before the clock starts. Once one call takes longer than
``--limit`` seconds, larger k are skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kmin", type=int, default=10)
    ap.add_argument("--kmax", type=int, default=22)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit", type=float, default=20.0, help="skip larger k once one call takes this long (s)")
    args = ap.parse_args(argv)

    try:  # imported lazily: the functions may not exist yet
        import lessons

        count_pieces, sawtooth = lessons.count_pieces, lessons.sawtooth
    except Exception as err:  # noqa: BLE001 - any failure means "not available"
        print(json.dumps({"available": False, "reason": f"{type(err).__name__}: {err}"}))
        return 0

    rows = []
    too_slow = None
    for k in range(args.kmin, args.kmax + 1):
        if too_slow is not None:
            rows.append({"k": k, "skipped": f"k = {too_slow} took over {args.limit:g} s"})
            continue
        try:
            net = sawtooth(k)
            times, cpu, count = [], [], None
            for _ in range(max(args.runs, 1)):
                start, cpu0 = time.perf_counter(), time.process_time()
                count = count_pieces(net, 0, 1)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - cpu0)
                if times[-1] > args.limit:
                    too_slow = k
                    break
        except Exception as err:  # noqa: BLE001 - report, do not crash the harness
            rows.append({"k": k, "error": f"{type(err).__name__}: {err}"})
            continue
        rows.append({"k": k, "count": int(count), "expected": 2**k,
                     "median": statistics.median(times), "min": min(times), "max": max(times),
                     "cpu": statistics.median(cpu), "runs": len(times)})
    print(json.dumps({"available": True, "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
