"""Training speed of lessons.MLP (numpy) against PyTorch on the CPU; print JSON.

    python benchmarks/training.py [--repeats 3] [--seconds 0.25] [--clock wall|cpu] [--tune-malloc] [--out FILE]

For each network shape of the book, batch size and number of stacked seeds S,
the median number of full training steps per second (forward, backward,
Adam) over several repeats, higher is better:

- ``numpy``: lessons.train on an MLP holding S seeds as one stacked array;
- ``torch_loop``: S separate torch.nn.Sequential models, one Adam each;
- ``torch_bmm``: the S networks as stacked tensors, run with torch.baddbmm.

Everything runs in float64 on one thread: small matrices are slower with
several BLAS threads, so both libraries are pinned to one. On a machine
shared with other work, wall-clock rates drop with the load; ``--clock cpu``
counts this process's CPU time instead, closer to what an idle machine shows.
Without PyTorch the numpy column is still timed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import statistics
import sys
import time

from timing import ROOT, arguments, emit, one_thread, progress

one_thread()  # before numpy is imported, or OpenBLAS starts its thread pool anyway
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from lessons.training import MLP, train  # noqa: E402

try:
    import torch
except ImportError:  # the benchmark still times numpy
    torch = None

CLOCK = time.perf_counter  # or time.process_time (--clock cpu)

SHAPES: list[tuple[int, ...]] = [(131,), (11, 11, 10, 10), (64,), (16,) * 3, (16,) * 6, (8,) * 10]
BATCHES = (256, 1024)
STACKS = (1, 5)


def tune_malloc() -> bool:
    """Stop glibc from returning freed memory to the system after every large free."""
    path = ctypes.util.find_library("c")
    if path is None:
        return False
    libc = ctypes.CDLL(path)
    m_trim_threshold, m_mmap_threshold = -1, -3  # from <malloc.h>
    # glibc caps the mmap threshold at 32 MiB on 64-bit systems
    return bool(libc.mallopt(m_trim_threshold, 1 << 30)) and bool(libc.mallopt(m_mmap_threshold, 1 << 25))


def data(n: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.linspace(0.0, 1.0, n)
    return x, np.sin(16 * np.pi * x) * x


def rates(runners: dict, seconds: float, repeats: int) -> dict[str, float]:
    """Median steps per second of each ``run(k)`` (which returns its elapsed seconds).

    The repeats are interleaved (numpy, torch, numpy, torch, ...), so a burst
    of load from other processes hits every column alike.
    """
    steps = {}
    for name, run in runners.items():
        run(5)  # warm up: buffers, caches, lazy initialisation
        elapsed = min(run(10) for _ in range(2))
        steps[name] = max(20, int(10 * seconds / max(elapsed, 1e-9)))
    samples: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(repeats):
        for name, run in runners.items():
            samples[name].append(steps[name] / run(steps[name]))
    return {name: statistics.median(v) for name, v in samples.items()}


def numpy_runner(widths, n, S):
    x, y = data(n)
    model = MLP(widths, seeds=S)

    def run(k: int) -> float:
        start = CLOCK()
        train(model, x, y, steps=k, record_every=k)
        return CLOCK() - start

    return run


def torch_loop_runner(widths, n, S):
    x, y = (torch.tensor(a, dtype=torch.float64)[:, None] for a in data(n))
    models, optims = [], []
    for s in range(S):
        torch.manual_seed(s)
        layers, fan_in = [], 1
        for w in widths:
            layers += [torch.nn.Linear(fan_in, w, dtype=torch.float64), torch.nn.ReLU()]
            fan_in = w
        layers.append(torch.nn.Linear(fan_in, 1, dtype=torch.float64))
        models.append(torch.nn.Sequential(*layers))
        optims.append(torch.optim.Adam(models[-1].parameters(), lr=3e-3))

    def run(k: int) -> float:
        start = CLOCK()
        for _ in range(k):
            for model, opt in zip(models, optims):
                opt.zero_grad(set_to_none=True)
                loss = torch.mean((model(x) - y) ** 2)
                loss.backward()
                opt.step()
        return CLOCK() - start

    return run


def torch_bmm_runner(widths, n, S):
    x, y = (torch.tensor(a, dtype=torch.float64)[None, None, :] for a in data(n))
    x = x.expand(S, 1, n)
    torch.manual_seed(0)
    sizes = (1, *widths, 1)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        W = torch.randn(S, fan_out, fan_in, dtype=torch.float64) * (2.0 / fan_in) ** 0.5
        b = torch.zeros(S, fan_out, 1, dtype=torch.float64)
        params += [W.requires_grad_(), b.requires_grad_()]
    opt = torch.optim.Adam(params, lr=3e-3)

    def run(k: int) -> float:
        start = CLOCK()
        for _ in range(k):
            opt.zero_grad(set_to_none=True)
            h = x
            for i in range(0, len(params) - 2, 2):
                h = torch.relu(torch.baddbmm(params[i + 1], params[i], h))
            out = torch.baddbmm(params[-1], params[-2], h)
            # sum over seeds of each seed's MSE: seed s gets its own gradient
            loss = ((out - y) ** 2).mean(dim=(1, 2)).sum()
            loss.backward()
            opt.step()
        return CLOCK() - start

    return run


def gradient_check() -> float:
    """Largest relative difference between lessons' gradients and torch autograd."""
    model = MLP((16, 16, 16), seeds=(0,))
    x, y = data(256)
    tensors = [
        (torch.tensor(W[0], requires_grad=True), torch.tensor(b[0], requires_grad=True)) for W, b in model.layers
    ]
    h = torch.tensor(x)[:, None]
    for i, (W, b) in enumerate(tensors):
        h = h @ W.T + b
        if i < len(tensors) - 1:
            h = torch.relu(h)
    torch.mean((h[:, 0] - torch.tensor(y)) ** 2).backward()
    worst = 0.0
    for (dW, db), (W, b) in zip(model.gradients(x, y), tensors):
        for ours, theirs in ((dW[0], W.grad.numpy()), (db[0], b.grad.numpy())):
            worst = max(worst, float(np.abs(ours - theirs).max() / np.abs(theirs).max()))
    return worst


def table(repeats: int, seconds: float) -> list[dict]:
    """Steps per second of every variant, for every shape, batch size and number of seeds."""
    rows = []
    for widths in SHAPES:
        for n in BATCHES:
            for S in STACKS:
                runners = {"numpy": numpy_runner(widths, n, S)}
                if torch is not None:
                    runners["torch_loop"] = torch_loop_runner(widths, n, S)
                    runners["torch_bmm"] = torch_bmm_runner(widths, n, S)
                rows.append({"widths": list(widths), "batch": n, "seeds": S, **rates(runners, seconds, repeats)})
                progress(f"  {'x'.join(map(str, widths))} batch {n} S={S}: "
                         + ", ".join(f"{k} {v:.0f}/s" for k, v in rows[-1].items() if k.startswith(("numpy", "torch"))))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = arguments(__doc__)
    ap.add_argument("--repeats", type=int, default=3, help="timed repeats per cell (median reported)")
    ap.add_argument("--seconds", type=float, default=0.25, help="target length of one repeat")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall", help="what a second is")
    ap.add_argument("--tune-malloc", action="store_true", help="set glibc mallopt thresholds first")
    args = ap.parse_args(argv)
    global CLOCK
    CLOCK = time.perf_counter if args.clock == "wall" else time.process_time
    result = {"numpy": np.__version__, "torch": None, "blas_threads": 1, "clock": args.clock,
              "repeats": args.repeats, "malloc_tuned": tune_malloc() if args.tune_malloc else None}
    if torch is not None:
        torch.set_num_threads(1)
        result.update(torch=torch.__version__, torch_threads=torch.get_num_threads(), gradient_error=gradient_check())
    progress(f"training speed, numpy {np.__version__}, torch {result['torch']}")
    emit({**result, "rows": table(args.repeats, args.seconds)}, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
