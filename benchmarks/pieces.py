"""Time ``count_pieces(sawtooth(k), 0, 1)`` for a range of k; print JSON.

    python benchmarks/pieces.py [--kmin 10] [--kmax 22] [--runs 3] [--limit 20] [--out FILE]

Only the count is timed: the network is built before the clock starts.
BLAS runs on one thread. The output is ``{"available": true, "rows": [...]}``
(wall-clock seconds: median, min, max; ``cpu``: median process time), or
``{"available": false, "reason": "..."}`` when ``lessons`` lacks the
functions. Once one call takes longer than ``--limit`` seconds, larger k
are skipped.
"""

from __future__ import annotations

import statistics
import sys
import time

from timing import ROOT, arguments, emit, one_thread

one_thread()
sys.path.insert(0, str(ROOT))


def time_k(count_pieces, sawtooth, k: int, runs: int, limit: float) -> dict:
    """One row: the count and its timings for ``sawtooth(k)``."""
    net = sawtooth(k)
    times, cpu, count = [], [], None
    for _ in range(max(runs, 1)):
        start, cpu0 = time.perf_counter(), time.process_time()
        count = count_pieces(net, 0, 1)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu0)
        if times[-1] > limit:
            break
    return {"k": k, "count": int(count), "expected": 2**k, "median": statistics.median(times),
            "min": min(times), "max": max(times), "cpu": statistics.median(cpu), "runs": len(times)}


def main(argv: list[str] | None = None) -> int:
    ap = arguments(__doc__)
    ap.add_argument("--kmin", type=int, default=10)
    ap.add_argument("--kmax", type=int, default=22)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit", type=float, default=20.0, help="skip larger k once one call takes this long (s)")
    args = ap.parse_args(argv)
    try:  # a lessons without these functions is reported, not a crash
        from lessons import count_pieces, sawtooth
    except Exception as err:  # noqa: BLE001
        emit({"available": False, "reason": f"{type(err).__name__}: {err}"}, args.out)
        return 0
    rows, too_slow = [], None
    for k in range(args.kmin, args.kmax + 1):
        if too_slow is not None:
            rows.append({"k": k, "skipped": f"k = {too_slow} took over {args.limit:g} s"})
            continue
        try:
            rows.append(time_k(count_pieces, sawtooth, k, args.runs, args.limit))
        except Exception as err:  # noqa: BLE001 - one failing k is a row of the report
            rows.append({"k": k, "error": f"{type(err).__name__}: {err}"})
            continue
        if rows[-1]["max"] > args.limit:
            too_slow = k
    emit({"available": True, "rows": rows}, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
