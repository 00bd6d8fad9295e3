"""Shared worker plumbing: the JSON-lines channel, the timer and the workload sizes.

This module imports no ML framework, so the coordinator may import its constants too.

Protocol (one JSON object per line on the real stdout): ``{"type": "info", ...}`` once after
the import; in ``--mode serve`` the worker then stays alive and answers one line per command
read from stdin (see :func:`serve`), so the coordinator can alternate short timed blocks of two
frameworks (A B A B ...) under the same conditions; ``{"type": "done"}`` at the end. Framework
chatter on stdout is redirected to stderr.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, TextIO

# ----------------------------------------------------------------------------- sizes and budgets


@dataclass(frozen=True)
class Budget:
    """How one workload is prepared: pyperf-style loop calibration. How many samples and
    rounds it then gets is the coordinator's plan (probes/interleave.py)."""

    min_sample_s: float  # one sample lasts at least this long (loops are calibrated)
    warmup: int = 2


BUDGETS = {
    "quick": Budget(0.010),
    "standard": Budget(0.020),
    "deep": Budget(0.020),
    "tiny": Budget(0.001, warmup=1),
}


@dataclass(frozen=True)
class Sizes:
    matmul: tuple[int, ...]
    conv: tuple[int, int, int, int, int]  # N, H(=W), Cin, Cout, k
    mlp: tuple[int, int, int, int, int]  # batch, in, hidden, hidden, out
    transfer_mb: int
    cnn: tuple[int, int, int, int, int, int] = (32, 32, 32, 64, 128, 10)  # B, HW, c1, c2, fc, cls
    encoder: tuple[int, int, int, int, int] = (8, 64, 256, 4, 1024)  # B, seq, d_model, heads, ffn
    # vocabulary, dim, batch, seq, hidden, classes
    embed: tuple[int, int, int, int, int, int] = (20000, 64, 64, 64, 64, 2)


CPU_SIZES = Sizes((512, 1024), (8, 56, 32, 64, 3), (256, 784, 512, 512, 10), 64)
GPU_SIZES = Sizes(
    (2048, 8192),
    (32, 56, 64, 128, 3),
    (1024, 784, 2048, 2048, 10),
    256,
    cnn=(256, 32, 32, 64, 128, 10),
    encoder=(32, 256, 512, 8, 2048),
    embed=(20000, 64, 512, 64, 64, 2),
)
TINY_SIZES = Sizes(
    (64, 128),
    (1, 16, 8, 8, 3),
    (16, 64, 32, 32, 10),
    1,
    cnn=(4, 8, 4, 8, 16, 10),
    encoder=(2, 8, 16, 2, 32),
    embed=(100, 8, 4, 8, 8, 2),
)


def sizes_for(device: str, tiny: bool, threads: int = 0) -> Sizes:
    """Toy sizes for tests; on CPUs with many cores a 2048 GEMM, since 1024 cannot fill them."""
    if tiny:
        return TINY_SIZES
    if device != "cpu":
        return GPU_SIZES
    if threads >= 8:
        return Sizes(
            (*CPU_SIZES.matmul, 2048), CPU_SIZES.conv, CPU_SIZES.mlp, CPU_SIZES.transfer_mb
        )
    return CPU_SIZES


def conv_flops(s: Sizes) -> float:
    n, hw, cin, cout, k = s.conv
    return 2.0 * n * hw * hw * cout * cin * k * k


def mlp_flops(s: Sizes) -> float:
    """≈ 6·B·Σ(in·out): forward 2, backward 4 FLOP per weight per sample."""
    b, i, h1, h2, o = s.mlp
    return 6.0 * b * (i * h1 + h1 * h2 + h2 * o)


def cnn_forward_flops_per_image(s: Sizes) -> float:
    """conv3x3(3→c1) · pool · conv3x3(c1→c2) · pool · fc(→fc) · fc(→cls), same padding."""
    _, hw, c1, c2, fc, cls = s.cnn
    h2 = hw // 2
    flat = (hw // 4) * (hw // 4) * c2
    return 2.0 * (hw * hw * 3 * c1 * 9 + h2 * h2 * c1 * c2 * 9 + flat * fc + fc * cls)


def encoder_forward_flops(s: Sizes) -> float:
    """One post-LN encoder block: QKV, scores, weighted sum, output projection, FFN."""
    b, n, d, _, f = s.encoder
    per_token = 2.0 * (3 * d * d + d * d + 2 * d * f) + 4.0 * n * d
    return b * n * per_token


# ----------------------------------------------------------------------------- timing


# ----------------------------------------------------------------------------- channel


class Channel:
    """Owns the real stdout; everything else printed by frameworks goes to stderr."""

    def __init__(self) -> None:
        sys.stdout.flush()
        fd = os.dup(1)
        os.dup2(2, 1)  # C-level and Python prints from frameworks now land on stderr
        self.out: TextIO = os.fdopen(fd, "w", buffering=1, encoding="utf-8")
        sys.stdout = sys.stderr

    def send(self, kind: str, /, **payload: Any) -> None:
        self.out.write(json.dumps({"type": kind, **payload}, default=str) + "\n")
        self.out.flush()

    def finish(self) -> None:
        """Send "done" and leave at once: TF and torch teardown can take a second, and nothing
        is left to clean up in a throwaway process (the OS frees it)."""
        self.send("done", peak_rss_mb=peak_rss_mb())
        self.out.flush()
        sys.stderr.flush()
        os._exit(0)


def rss_mb() -> float | None:
    """Current resident memory of this process (psutil when present, else /proc)."""
    try:
        import psutil

        return round(psutil.Process().memory_info().rss / 2**20, 1)
    except Exception:
        pass
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, AttributeError):
        return None


def peak_rss_mb() -> float | None:
    try:
        import resource

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return round(rss / (2**20 if sys.platform == "darwin" else 1024), 1)
    except (ImportError, OSError):
        return None


COORDINATOR_PID_ENV = "FA_COORDINATOR_PID"


def coordinator_pid() -> int:
    """The pid of the coordinator that started this worker.

    The coordinator passes its pid explicitly (``FA_COORDINATOR_PID``, set at spawn time by
    ``probes.workers_run``). Reading ``os.getppid()`` at start-up instead has a window: a
    coordinator killed while the worker's interpreter is still starting leaves the worker already
    re-parented, so the orphan would record init as its "parent" and run on.
    """
    raw = os.environ.get(COORDINATOR_PID_ENV, "")
    return int(raw) if raw.isdigit() else os.getppid()


def exit_with_parent(poll_s: float = 0.25) -> None:
    """Exit as soon as the coordinator that started us is gone.

    Workers run in their own session so the coordinator can kill them as a group; the flip side
    is that a coordinator killed outright (SIGKILL, OOM) cannot do so, and the worker would run
    on as an orphan, eating the CPU of whatever is measured next. Comparing the parent pid with
    the one the coordinator handed over is portable (no prctl), has no start-up window (checked
    once before returning) and costs nothing measurable at 0.25 s.
    """
    import threading

    parent = coordinator_pid()
    if os.getppid() != parent:  # the coordinator died before we got here
        os._exit(3)

    def watch() -> None:
        while True:
            time.sleep(poll_s)
            if os.getppid() != parent:
                os._exit(3)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Worker command line; also ties the worker's life to its coordinator's."""
    exit_with_parent()
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=("info", "serve"), default="info")
    p.add_argument("--tier", choices=("quick", "standard", "deep"), default="quick")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--tiny", action="store_true", help="tiny sizes and budgets (tests)")
    p.add_argument("--tf32", choices=("off", "on"), default="off")
    p.add_argument("--device", choices=("auto", "cpu"), default="auto")
    return p.parse_args(argv)


def budget_for(args: argparse.Namespace) -> Budget:
    return BUDGETS["tiny"] if args.tiny else BUDGETS[args.tier]


class Imported(NamedTuple):
    """A framework module, how long its import took and the resident memory right after."""

    module: Any
    seconds: float
    rss_mb: float | None


def timed_import(ch: Channel, module: str) -> Imported | None:
    """Import a framework and time it; if it cannot be imported, say why on ``ch`` (the info
    line the coordinator classifies) and return None."""
    t0 = time.perf_counter()
    try:
        imported = importlib.import_module(module)
    except BaseException as exc:  # includes MemoryError and SystemExit from broken builds
        status, reason = import_failure(exc, module)
        ch.send("info", status=status, reason=reason)
        return None
    return Imported(imported, time.perf_counter() - t0, rss_mb())


def start(
    argv: list[str] | None, module: str
) -> tuple[argparse.Namespace, Channel, Imported] | None:
    """How every framework worker starts: parse its command line (which ties it to its
    coordinator), open the channel, import the framework. None when the import failed (the
    reason is already on the channel)."""
    args = parse_args(argv)
    ch = Channel()
    imported = timed_import(ch, module)
    return None if imported is None else (args, ch, imported)


def send_info(
    ch: Channel,
    imported: Imported,
    *,
    version: str,
    build: dict[str, Any],
    devices: list[dict[str, Any]],
    mode: str,
) -> None:
    """A worker's first line once its framework imported (version, import cost, build,
    devices); in ``--mode info`` that is all it says."""
    ch.send(
        "info",
        status="ok",
        package=imported.module.__name__,
        version=version,
        import_time_s=round(imported.seconds, 3),
        import_rss_mb=imported.rss_mb,
        build=build,
        devices=devices,
    )
    if mode == "info":
        ch.finish()


def import_failure(exc: BaseException, module: str) -> tuple[str, str]:
    """Classify an exception raised while importing a framework into (status, reason)."""
    if isinstance(exc, MemoryError):
        return "oom", f"MemoryError while importing {module}"
    if isinstance(exc, ModuleNotFoundError) and (exc.name or "").split(".")[0] == module:
        return "missing", f"{module} is not installed"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return "import_error", f"{type(exc).__name__}: {text}"[:300]


# ----------------------------------------------------------------------------- serve mode


@dataclass
class Spec:
    """One workload a worker offers: ``build`` makes the tensors and returns the call to time.

    ``items`` is what one call processes in the unit people use (images, tokens), so the
    coordinator can report images/s or tokens/s; ``dtype`` keeps reduced-precision variants
    out of FP32 peak shares.
    """

    workload: str
    variant: str
    kind: str  # "kernel" | "model"
    build: Callable[[], Callable[[], Any]]
    flops: float | None = None
    nbytes: float | None = None
    items: float | None = None
    unit: str | None = None  # "images/s", "tokens/s"
    dtype: str = "float32"
    compiled: bool = False  # first call includes a compile (torch.compile / XLA)


@dataclass
class _Prepared:
    spec: Spec
    fn: Callable[[], Any]
    loops: int


def prepare(
    spec: Spec, sync: Callable[[], Any], budget: Budget
) -> tuple[_Prepared, dict[str, Any]]:
    """Build, first call (compile or trace included), warm up, calibrate loops per sample."""
    t0 = time.perf_counter()
    fn = spec.build()
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    fn()
    sync()
    first = time.perf_counter() - t0
    for _ in range(budget.warmup):
        fn()
        sync()
    loops = 1
    one = 0.0
    while loops < 1_000_000:  # double until one sample lasts min_sample_s (pyperf style)
        t0 = time.perf_counter()
        for _ in range(loops):
            fn()
        sync()
        one = time.perf_counter() - t0
        if one >= budget.min_sample_s:
            break
        loops *= 2
    info = {
        "workload": spec.workload,
        "variant": spec.variant,
        "kind": spec.kind,
        "flops": spec.flops,
        "nbytes": spec.nbytes,
        "items": spec.items,
        "unit": spec.unit,
        "dtype": spec.dtype,
        "compiled": spec.compiled,
        "build_s": round(build_s, 4),
        "first_call_s": first,
        "loops": loops,
        "estimate_s": one / loops,
    }
    return _Prepared(spec, fn, loops), info


def run_block(prep: _Prepared, sync: Callable[[], Any], samples: int) -> dict[str, Any]:
    """``samples`` timed samples of ``loops`` calls; the process CPU time (all threads) of the
    block lets the coordinator see whether this process actually got the cores it asked for."""
    times: list[float] = []
    c0, w0 = time.process_time(), time.perf_counter()
    for _ in range(max(1, samples)):
        t0 = time.perf_counter()
        for _ in range(prep.loops):
            prep.fn()
        sync()
        times.append((time.perf_counter() - t0) / prep.loops)
    return {
        "times": times,
        "wall_s": time.perf_counter() - w0,
        "cpu_s": time.process_time() - c0,
    }


def serve(
    ch: Channel,
    specs: list[Spec],
    sync: Callable[[], Any],
    budget: Budget,
    device: str,
    threads: int | None,
    stdin: TextIO | None = None,
) -> None:
    """Answer the coordinator's commands, one JSON line each, until "quit" or end of input.

    Commands: ``list``; ``prepare`` {workload, variant}; ``block`` {workload, variant,
    samples}; ``drop`` {workload, variant}; ``quit``. Every answer carries the command's ``id``
    so a late answer to a timed-out command can never be mistaken for the next one.
    """
    stream = stdin if stdin is not None else sys.stdin
    by_key = {(s.workload, s.variant): s for s in specs}
    ready: dict[tuple[str, str], _Prepared] = {}
    for line in stream:
        try:
            cmd = json.loads(line)
        except ValueError:
            continue
        if not isinstance(cmd, dict):
            continue
        op, cid = cmd.get("cmd"), cmd.get("id")
        key = (str(cmd.get("workload")), str(cmd.get("variant")))
        if op == "quit":
            break
        if op == "list":
            items = [
                {
                    "workload": s.workload,
                    "variant": s.variant,
                    "kind": s.kind,
                    "compiled": s.compiled,
                    "dtype": s.dtype,
                }
                for s in specs
            ]
            ch.send("workloads", id=cid, device=device, threads=threads, items=items)
        elif op == "prepare":
            ready.pop(key, None)
            spec = by_key.get(key)
            if spec is None:
                ch.send(
                    "error",
                    id=cid,
                    step=f"{key[0]} {key[1]}",
                    status="error",
                    reason="no such workload",
                )
                continue
            ch.send("step", name=f"{key[0]} ({key[1]})")
            try:
                prep, info = prepare(spec, sync, budget)
            except MemoryError:
                ch.send(
                    "error",
                    id=cid,
                    step=f"{key[0]} {key[1]}",
                    status="oom",
                    reason=f"MemoryError in {key[0]}",
                )
                continue
            except Exception as exc:
                first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
                ch.send(
                    "error",
                    id=cid,
                    step=f"{key[0]} {key[1]}",
                    status="error",
                    reason=f"{type(exc).__name__}: {first}",
                )
                continue
            ready[key] = prep
            ch.send("prepared", id=cid, device=device, threads=threads, **info)
        elif op == "block":
            found = ready.get(key)
            if found is None:
                ch.send(
                    "error",
                    id=cid,
                    step=f"{key[0]} {key[1]}",
                    status="error",
                    reason="not prepared",
                )
                continue
            try:
                out = run_block(found, sync, int(cmd.get("samples", 3)))
            except Exception as exc:
                ch.send(
                    "error",
                    id=cid,
                    step=f"{key[0]} {key[1]}",
                    status="error",
                    reason=f"{type(exc).__name__}: {str(exc)[:200]}",
                )
                continue
            ch.send("block", id=cid, workload=key[0], variant=key[1], **out)
        elif op == "drop":
            ready.pop(key, None)
            ch.send("dropped", id=cid)
    ch.finish()
