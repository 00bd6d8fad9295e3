"""Shared code of the deployment-path workers: reference weights, timing, results, errors.

Imports numpy only at module level (the coordinator writes the reference weights with it); each
``deploy_<path>.py`` worker imports its framework and converter inside ``main``. One worker takes
the reference models through one path (docs/deployment-paths.md) and sends one ``result`` line
per model on the JSON-lines channel of ``probes/workers/common.py``.

Reference weights are plain numpy arrays from a fixed seed, written once per probe run to
``weights_<model>.npz`` in the shared work folder and loaded by every worker, so the PyTorch and
the TensorFlow models compute the same function and their outputs can be compared.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

MODELS = ("cnn", "encoder")
SEED = 20261128
# MobileNet-like CNN: (in, out, stride, depthwise) per block; input 1×3×32×32, 10 classes.
CNN_BLOCKS = ((3, 16, 2, False), (16, 16, 1, True), (16, 32, 1, False), (32, 32, 2, True))
CNN_LAST = 64  # pointwise 32→64 before the global average pool
CNN_INPUT = (1, 3, 32, 32)
CNN_CLASSES = 10
# Transformer encoder block (post-LN): batch 1, 16 tokens, d_model 32, 4 heads, FFN 64.
ENC_TOKENS, ENC_DIM, ENC_HEADS, ENC_FFN = 16, 32, 4, 64
ENC_INPUT = (1, ENC_TOKENS, ENC_DIM)
LN_EPS = 1e-5
BN_EPS = 1e-3


# ----------------------------------------------------------------------------- reference weights


def cnn_layers() -> list[tuple[str, int, int, int, int]]:
    """(name, cin, cout, stride, groups) of every conv, in order; each is followed by BN+ReLU6."""
    out: list[tuple[str, int, int, int, int]] = []
    for i, (cin, cout, stride, depthwise) in enumerate(CNN_BLOCKS):
        if depthwise:
            out.append((f"dw{i}", cin, cin, stride, cin))
            out.append((f"pw{i}", cin, cout, 1, 1))
        else:
            out.append((f"conv{i}", cin, cout, stride, 1))
    out.append(("pw_last", CNN_BLOCKS[-1][1], CNN_LAST, 1, 1))
    return out


def reference_weights(model: str) -> dict[str, np.ndarray]:
    """Deterministic float32 weights (PyTorch layouts: conv OIHW, linear out×in)."""
    rng = np.random.default_rng(SEED + MODELS.index(model))
    w: dict[str, np.ndarray] = {}

    def r(*shape: int, scale: float) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    if model == "cnn":
        for name, cin, cout, _stride, groups in cnn_layers():
            k = 1 if name.startswith("pw") else 3
            fan_in = (cin // groups) * k * k
            w[f"{name}.weight"] = r(cout, cin // groups, k, k, scale=math.sqrt(2.0 / fan_in))
            w[f"{name}.bn.gamma"] = (1.0 + r(cout, scale=0.1)).astype(np.float32)
            w[f"{name}.bn.beta"] = r(cout, scale=0.1)
            w[f"{name}.bn.mean"] = r(cout, scale=0.1)
            w[f"{name}.bn.var"] = (0.5 + rng.random(cout)).astype(np.float32)
        w["fc.weight"] = r(CNN_CLASSES, CNN_LAST, scale=math.sqrt(1.0 / CNN_LAST))
        w["fc.bias"] = r(CNN_CLASSES, scale=0.1)
        return w
    d, f = ENC_DIM, ENC_FFN
    for name, shape in (("q", (d, d)), ("k", (d, d)), ("v", (d, d)), ("o", (d, d))):
        w[f"{name}.weight"] = r(*shape, scale=math.sqrt(1.0 / d))
        w[f"{name}.bias"] = r(shape[0], scale=0.02)
    w["ff1.weight"], w["ff1.bias"] = r(f, d, scale=math.sqrt(1.0 / d)), r(f, scale=0.02)
    w["ff2.weight"], w["ff2.bias"] = r(d, f, scale=math.sqrt(1.0 / f)), r(d, scale=0.02)
    for ln in ("ln1", "ln2"):
        w[f"{ln}.gamma"] = (1.0 + r(d, scale=0.1)).astype(np.float32)
        w[f"{ln}.beta"] = r(d, scale=0.1)
    return w


def reference_input(model: str) -> np.ndarray:
    """The batch-1 input both frameworks see (NCHW for the CNN; TF transposes to NHWC)."""
    rng = np.random.default_rng(SEED + 100 + MODELS.index(model))
    shape = CNN_INPUT if model == "cnn" else ENC_INPUT
    return rng.standard_normal(shape).astype(np.float32)


def calibration_inputs(model: str, n: int = 16) -> list[np.ndarray]:
    """Inputs for int8 post-training quantisation (a representative data set)."""
    rng = np.random.default_rng(SEED + 200 + MODELS.index(model))
    shape = CNN_INPUT if model == "cnn" else ENC_INPUT
    return [rng.standard_normal(shape).astype(np.float32) for _ in range(n)]


def write_reference(workdir: Path) -> list[Path]:
    """Write ``weights_<model>.npz`` and ``input_<model>.npy`` (atomically) for every worker."""
    written = []
    for model in MODELS:
        target = workdir / f"weights_{model}.npz"
        tmp = workdir / f".weights_{model}.{os.getpid()}.npz"
        # numpy's stub types **kwds against its own allow_pickle: bool; these are all arrays
        np.savez(tmp, **reference_weights(model))  # type: ignore[arg-type]
        os.replace(tmp, target)
        np.save(workdir / f"input_{model}.npy", reference_input(model))
        written.append(target)
    return written


def load_reference(workdir: Path, model: str) -> tuple[dict[str, np.ndarray], np.ndarray]:
    with np.load(workdir / f"weights_{model}.npz") as data:
        weights = {k: data[k] for k in data.files}
    return weights, np.load(workdir / f"input_{model}.npy")


# ----------------------------------------------------------------------------- timing


@dataclass
class Latency:
    median_s: float
    ci_low_s: float
    ci_high_s: float
    samples: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "median_s": self.median_s,
            "ci_low_s": self.ci_low_s,
            "ci_high_s": self.ci_high_s,
            "samples": self.samples,
        }


def median_interval(values: list[float]) -> Latency:
    """Median with a distribution-free ~95 % interval (order statistics of the binomial)."""
    s = sorted(values)
    n = len(s)
    half = 1.96 * math.sqrt(n) / 2.0
    lo = max(0, math.floor(n / 2.0 - half))
    hi = min(n - 1, math.ceil(n / 2.0 + half) - 1)
    return Latency(statistics.median(s), s[lo], s[hi], n)


_TIMING_LOCK: list[Path] = []  # set by ``drive``: one timing section at a time per probe run


class _timing_lock:
    """Exclusive ``flock`` on the work folder's lock file while timing (POSIX; elsewhere none),
    so paths converting in parallel never time at the same moment."""

    def __enter__(self) -> None:
        self.fh = None
        if not _TIMING_LOCK:
            return
        try:
            import fcntl

            self.fh = open(_TIMING_LOCK[0], "a+")
            fcntl.flock(self.fh, fcntl.LOCK_EX)
        except (ImportError, OSError):
            self.fh = None

    def __exit__(self, *exc: object) -> None:
        if self.fh is not None:
            self.fh.close()  # closing releases the lock


def paired_latency(
    eager: Callable[[], Any],
    target: Callable[[], Any],
    rounds: int = 15,
    min_sample_s: float = 0.004,
    max_time_s: float = 2.0,
) -> tuple[Latency, Latency]:
    """Batch-1 latency of the framework's own eager call and of the target runtime, paired.

    Both are warmed up and calibrated to the same loop count, then measured in alternating
    blocks (order flipped every round) so both saw the same machine state.
    """
    with _timing_lock():
        return _paired(eager, target, rounds, min_sample_s, max_time_s)


def _paired(
    eager: Callable[[], Any],
    target: Callable[[], Any],
    rounds: int,
    min_sample_s: float,
    max_time_s: float,
) -> tuple[Latency, Latency]:
    for fn in (eager, target):
        for _ in range(3):
            fn()
    loops = 1
    while loops < 100_000:
        t0 = time.perf_counter()
        for _ in range(loops):
            target()
        if time.perf_counter() - t0 >= min_sample_s:
            break
        loops *= 2
    times: dict[int, list[float]] = {0: [], 1: []}
    fns = (eager, target)
    start = time.perf_counter()
    for r in range(rounds):
        for k in (0, 1) if r % 2 == 0 else (1, 0):
            time.sleep(0.005)  # let the other runtime's spinning thread pool go idle first
            t0 = time.perf_counter()
            for _ in range(loops):
                fns[k]()
            times[k].append((time.perf_counter() - t0) / loops)
        if r >= 4 and time.perf_counter() - start > max_time_s:
            break
    return median_interval(times[0]), median_interval(times[1])


def max_abs_diff(a: Any, b: Any) -> float:
    x = np.asarray(a, dtype=np.float64).reshape(-1)
    y = np.asarray(b, dtype=np.float64).reshape(-1)
    if x.shape != y.shape:
        raise ValueError(f"output shapes differ: {np.shape(a)} vs {np.shape(b)}")
    return float(np.max(np.abs(x - y))) if x.size else 0.0


def path_size(p: Path) -> int:
    """Bytes of a file, or of every file under a folder (.mlpackage, SavedModel, TF.js)."""
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


# ----------------------------------------------------------------------------- errors

# Patterns for the op names converters print when they cannot convert a model.
_OP_PATTERNS = (
    re.compile(r"Unsupported ops?: Counter\(\{([^}]*)\}\)"),  # tf2onnx
    re.compile(r"(?:Ops|ops) (?:that|which) (?:are|can) ?(?:not|n't)[^:]*:\s*([^\n]+)"),  # TFLite
    re.compile(r"(aten[.:]{1,2}[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?)"),  # torch.export / ExecuTorch
    re.compile(r"[Uu]nsupported (?:op|operator|operation)[s]?[ :'\"]+([A-Za-z0-9_.:]+)"),
    re.compile(r"(?:op|operator) (?:type )?'?([A-Za-z0-9_.:]+)'? (?:is )?not (?:supported|found)"),
    re.compile(r"No (?:Op|op|kernel) registered for ([A-Za-z0-9_.]+)"),  # ONNX Runtime
)


def failed_ops(text: str) -> list[str]:
    """Op names named in a converter's error message, in order, without duplicates."""
    found: list[str] = []
    for pat in _OP_PATTERNS:  # most specific first: the first pattern that names ops wins
        if found:
            break
        for m in pat.finditer(text):
            for part in re.split(r"[,\s]+", m.group(1)):
                name = part.strip("'\"{}()[]:0123456789 ")
                if name and len(name) > 1 and name not in found and not name.isdigit():
                    found.append(name)
    return found[:10]


def first_line(exc: BaseException) -> str:
    """The converter's or runtime's own first error line, prefixed with the exception type."""
    text = str(exc).strip()
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return f"{type(exc).__name__}: {line}"[:300] if line else type(exc).__name__


def missing_module(exc: BaseException) -> str | None:
    """The top-level module that is not installed, when ``exc`` says so."""
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        return exc.name.split(".")[0]
    return None


# ----------------------------------------------------------------------------- one path's run


@dataclass
class Outcome:
    """What one model did on one path; sent as one ``result`` line."""

    model: str
    status: str = "failed"  # works | converted_not_run | failed | not_installed
    artefact_bytes: int | None = None
    int8_bytes: int | None = None
    latency: Latency | None = None
    eager_latency: Latency | None = None
    int8_latency: Latency | None = None
    max_abs_diff: float | None = None
    int8_max_abs_diff: float | None = None
    error: str | None = None
    failed_ops: list[str] = field(default_factory=list)
    stage: str | None = None  # export | convert | load | run | compare
    convert_s: float | None = None

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "model": self.model,
            "status": self.status,
            "artefact_bytes": self.artefact_bytes,
            "int8_bytes": self.int8_bytes,
            "max_abs_diff": self.max_abs_diff,
            "int8_max_abs_diff": self.int8_max_abs_diff,
            "error": self.error,
            "failed_ops": self.failed_ops,
            "stage": self.stage,
            "convert_s": self.convert_s,
        }
        for key in ("latency", "eager_latency", "int8_latency"):
            lat = getattr(self, key)
            out[key] = lat.as_dict() if lat is not None else None
        return out


def fail(outcome: Outcome, stage: str, exc: BaseException) -> Outcome:
    outcome.status = "failed"
    outcome.stage = stage
    outcome.error = first_line(exc)
    outcome.failed_ops = failed_ops(str(exc))
    return outcome


def versions_of(names: tuple[str, ...]) -> dict[str, str | None]:
    """Installed versions of the distributions a path uses (None when absent)."""
    from importlib import metadata

    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def parse_args(argv: list[str] | None = None) -> Any:
    import argparse

    from probes.workers.common import exit_with_parent

    exit_with_parent()
    p = argparse.ArgumentParser()
    p.add_argument("--workdir", type=Path, required=True)
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--threads", type=int, default=0)
    return p.parse_args(argv)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- the driver

# (imported modules, the model's outcome to fill, weights, input, arguments): a worker's own part
PerModel = Callable[[Any, Outcome, dict[str, np.ndarray], np.ndarray, Any], None]


def drive(
    distributions: tuple[str, ...],
    importer: Callable[[], Any],
    per_model: PerModel,
    argv: list[str] | None = None,
    requires: tuple[str, ...] = (),
) -> None:
    """Import the framework and tools, then take every model through the path: the skeleton
    every ``deploy_<path>.py`` worker runs with only its framework-specific ``per_model``.

    A missing tool is an ``info`` with ``status: not_installed`` naming the module; any other
    import failure is ``import_error`` with its first line. Each model's failure is its own
    ``result`` (a ``StageFailed`` names its stage; anything else is the "run" stage); nothing
    here raises.
    """
    from probes.workers.common import Channel

    args = parse_args(argv)
    _TIMING_LOCK[:] = [args.workdir / "timing.lock"]
    ch = Channel()
    t0 = time.perf_counter()
    try:
        # a missing tool is found without importing the framework first (TF takes seconds)
        for name in requires:
            if importlib.util.find_spec(name) is None:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        mods = importer()
    except BaseException as exc:
        missing = missing_module(exc)
        status = "not_installed" if missing else "import_error"
        reason = f"{missing} is not installed" if missing else first_line(exc)
        ch.send(
            "info",
            status=status,
            reason=reason,
            missing=missing,
            versions=versions_of(distributions),
        )
        ch.finish()
    ch.send(
        "info",
        status="ok",
        versions=versions_of(distributions),
        import_s=round(time.perf_counter() - t0, 2),
    )
    for model in str(args.models).split(","):
        if model not in MODELS:
            continue
        ch.send("step", name=model)
        weights, x = load_reference(args.workdir, model)
        outcome = Outcome(model)
        try:
            per_model(mods, outcome, weights, x, args)
        except StageFailed as failed:  # what the stages before it recorded stays
            fail(outcome, failed.stage, failed.exc)
        except MemoryError:
            outcome = Outcome(model, status="failed", stage="run", error="MemoryError")
        except Exception as exc:
            outcome = fail(Outcome(model), "run", exc)
        ch.send("result", **outcome.payload())
    ch.finish()


def save_eager(workdir: Path, framework: str, model: str, y: np.ndarray) -> None:
    """The framework's own output, for the coordinator's cross-framework comparison."""
    tmp = workdir / f".eager_{framework}_{model}.{os.getpid()}.npy"
    np.save(tmp, np.asarray(y, dtype=np.float32))
    os.replace(tmp, workdir / f"eager_{framework}_{model}.npy")


def litert_runner(
    interpreter_cls: Any, path: Path, x: np.ndarray, threads: int
) -> Callable[[], Any]:
    """A batch-1 call of a ``.tflite`` file in the LiteRT interpreter (ai-edge-litert)."""
    interp = interpreter_cls(model_path=str(path), num_threads=threads or None)
    interp.allocate_tensors()
    inp = interp.get_input_details()[0]
    outp = interp.get_output_details()[0]["index"]
    data = x.astype(inp["dtype"]) if inp["dtype"] != np.float32 else x

    def call() -> Any:
        interp.set_tensor(inp["index"], data)
        interp.invoke()
        return interp.get_tensor(outp)

    return call


def tflite_ops(interpreter_cls: Any, path: Path) -> list[str]:
    """Op names in a ``.tflite`` file (for the report's notes), best effort."""
    try:
        interp = interpreter_cls(model_path=str(path))
        return sorted({str(d.get("op_name")) for d in interp._get_ops_details()})
    except Exception:
        return []


def ort_runner(ort: Any, path: Path, x: np.ndarray, threads: int) -> Callable[[], Any]:
    """A batch-1 call of an ``.onnx`` file in ONNX Runtime on the CPU."""
    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
    # idle ORT threads spin by default and would steal the eager side's cores
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    name = sess.get_inputs()[0].name
    return lambda: sess.run(None, {name: x})[0]


# ----------------------------------------------------------------------------- a path's stages


@dataclass
class Eager:
    """The framework's own side of one model: the net, its batch-1 call and output, and the input
    in the layout the path's converter and runtime take (NHWC for TensorFlow's CNN)."""

    net: Any
    call: Callable[[], Any]
    y: np.ndarray
    x: np.ndarray


class StageFailed(Exception):
    """A stage of the path failed; ``drive`` records it on the model's outcome."""

    def __init__(self, stage: str, exc: Exception) -> None:
        super().__init__(f"{stage}: {exc}")
        self.stage = stage
        self.exc = exc


@contextmanager
def stage(name: str) -> Iterator[None]:
    """An exception in the block fails the path at stage ``name`` (export, convert, load, run)."""
    try:
        yield
    except StageFailed:
        raise
    except Exception as exc:
        raise StageFailed(name, exc) from exc


@contextmanager
def converting(out: Outcome, artefact: Path) -> Iterator[None]:
    """Time the conversion in the block, a "convert" failure unless an inner ``stage`` names
    another; then record its time and the size of ``artefact`` (a file or a folder)."""
    t0 = time.perf_counter()
    with stage("convert"):
        yield
    out.convert_s = time.perf_counter() - t0
    out.artefact_bytes = path_size(artefact)


def _same(result: Any) -> Any:
    return result


def run_and_time(
    out: Outcome,
    load: Callable[[], Callable[[], Any]],
    eager: Eager,
    rounds: int,
    output: Callable[[Any], Any] = _same,
) -> None:
    """The tail every runnable path shares: load the artefact in its runtime ("load" stage),
    compare its output (``output`` picks it from what the call returns) with the framework's
    own, then time the call paired with the eager one ("run" stage)."""
    with stage("load"):
        run = load()
    with stage("run"):
        out.max_abs_diff = max_abs_diff(output(run()), eager.y)
        out.eager_latency, out.latency = paired_latency(eager.call, run, rounds=rounds)
    out.status = "works"
