"""The report's sections on the numerics: counting pieces, and training against PyTorch."""

from __future__ import annotations

from budgets import PIECES_K, PIECES_MAX, Report, scrub

PIECES_INTRO = ("Only the count is timed (the network is built first), with OPENBLAS_NUM_THREADS=1; CPU is the "
                "median process time. Seconds per million pieces use the median wall-clock time; a constant "
                "value means the cost grows linearly with 2**k.")


def pieces_row(row: dict) -> tuple[str, str]:
    """(table row, what the budget line says) for one k."""
    k = row["k"]
    if "count" not in row:
        why = scrub(row.get("error") or "skipped: " + row.get("skipped", ""))
        return f"| {k} | {why} | | | |", why
    right = row["count"] == row["expected"]
    count = f"{row['count']}" if right else f"{row['count']}, **wrong**: 2**k = {row['expected']}"
    per_m = row["median"] / (row["expected"] / 1e6)
    return (f"| {k} | {count} | {row['median']:.4f} s ({row['min']:.4f}–{row['max']:.4f}) | {row['cpu']:.4f} s "
            f"| {per_m:.3f} |", f"{row['median']:.3f} s" + ("" if right else f", wrong count {row['count']}"))


def pieces(rep: Report, p: dict) -> None:
    rep.add("### `count_pieces(sawtooth(k), 0, 1)`", "")
    name, limit = f"`count_pieces(sawtooth({PIECES_K}), 0, 1)`", f"≤ {PIECES_MAX:g} s"
    if "error" in p:
        rep.failure("`pieces.py`", p["error"])
        rep.budget(name, "the script failed", limit, None)
        return
    if not p["available"]:
        rep.add(f"Not available: {scrub(p['reason'])}", "")
        rep.budget(name, "not available", limit, None)
        return
    rep.add(PIECES_INTRO, "", "| k | pieces | wall-clock | CPU | s per million pieces |",
            "| --- | --- | --- | --- | --- |")
    measured, ok = "not measured", None
    for row in p["rows"]:
        line, said = pieces_row(row)
        rep.add(line)
        if row["k"] == PIECES_K:
            measured = said
            ok = row["count"] == row["expected"] and row["median"] <= PIECES_MAX if "count" in row else None
    rep.add("")
    rep.budget(name, measured, limit, ok)


def training(rep: Report, t: dict, seconds: float | None) -> None:
    rep.add("### Training speed: numpy against PyTorch", "")
    name, limit = "numpy training vs PyTorch", "numpy at least as fast"
    if "error" in t:
        rep.failure("`training.py`", t["error"])
        rep.budget(name, "the script failed", limit, None)
        return
    torch = t.get("torch")
    rep.add(f"numpy {t['numpy']}" + (f" and PyTorch {torch}" if torch else " (PyTorch is not installed)")
            + ", float64, one thread each"
            + (f"; lessons' gradients of a 1x16x16x16x1 net match torch autograd to a relative "
               f"{t['gradient_error']:.1e}" if torch else "")
            + f". Median training steps per second ({t['clock']} clock) over {t['repeats']} repeats; "
            "higher is better. `torch loop`: one `nn.Sequential` and one Adam per seed; `torch bmm`: "
            "the seeds as stacked tensors (`baddbmm`).", "")
    rep.add("| widths | batch | seeds | numpy | torch loop | torch bmm | numpy ÷ torch |",
            "| --- | --- | --- | --- | --- | --- | --- |")
    ratios = []  # (row, numpy ÷ the faster torch)
    for r in t["rows"]:
        label = f"{'x'.join(map(str, r['widths']))}, batch {r['batch']}, {r['seeds']} seed(s)"
        if torch:
            ratios.append((label, r["numpy"] / max(r["torch_loop"], r["torch_bmm"])))
        cells = (f"{r['torch_loop']:.0f} | {r['torch_bmm']:.0f} | {ratios[-1][1]:.2f}×" if torch else "– | – | –")
        rep.add(f"| {'x'.join(map(str, r['widths']))} | {r['batch']} | {r['seeds']} | {r['numpy']:.0f} | {cells} |")
    rep.add("", *([f"`training.py` took {seconds:.1f} s.", ""] if seconds else []))
    if not ratios:
        rep.budget(name, "PyTorch is not installed", limit, None)
        return
    slow = [r for r in ratios if r[1] < 1.0]
    worst = min(ratios, key=lambda r: r[1])
    rep.budget(name, f"numpy at least as fast on {len(ratios) - len(slow)} of {len(ratios)} rows; lowest "
               f"numpy ÷ torch speed {worst[1]:.2f}× on `{worst[0]}`", limit, not slow)
