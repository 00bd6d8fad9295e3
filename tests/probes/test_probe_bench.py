"""Fairness warnings, the timer, progress, load accounting and framework/accelerator mismatch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from probes.bench import fairness_warnings
from probes.mismatch import assess
from probes.progress import Progress, ProgressEvent
from probes.report import Accelerator, BenchmarkResult, DeviceSeen, FrameworkProbe
from probes.workers.common import BUDGETS, Spec, prepare, run_block


def gemm(fw: str, gflops: float, n: int = 1024) -> BenchmarkResult:
    flops = 2.0 * n**3
    return BenchmarkResult(
        workload=f"matmul_{n}",
        framework=fw,
        variant="eager",
        median_s=flops / gflops / 1e9,
        iqr_s=0.0,
        samples=5,
        gflops=gflops,
        peak_share=gflops / 100.0,
    )


def test_fairness_warnings_low_peak_share_and_numpy_gap() -> None:
    warns = fairness_warnings([gemm("numpy", 45.0), gemm("pytorch", 27.0)])
    assert any("only 45%" in w for w in warns)
    assert any("pytorch" in w and "-40%" in w for w in warns)
    assert fairness_warnings([gemm("numpy", 90.0), gemm("pytorch", 88.0)]) == []


def _fw(kinds: list[str], **build: Any) -> FrameworkProbe:
    return FrameworkProbe(
        status="ok", devices=[DeviceSeen(kind=k, name=k) for k in kinds], build=build
    )


def test_mismatch_cpu_only_torch_on_gpu_box() -> None:
    gpu = Accelerator(vendor="nvidia", name="NVIDIA H200", source="nvidia-smi")
    sees, text = assess("pytorch", _fw(["cpu"], is_cuda_build=False), [gpu], "linux")
    assert sees is False and text and "CPU-only build" in text
    sees, text = assess("pytorch", _fw(["cpu", "cuda"], is_cuda_build=True), [gpu], "linux")
    assert sees is True and text is None
    sees, text = assess("tensorflow", _fw(["cpu"], is_cuda_build=True), [gpu], "windows")
    assert sees is False and text and "native Windows" in text
    apple = Accelerator(vendor="apple", name="Apple M2 GPU", source="sysctl")
    assert "tensorflow-metal" in (assess("tensorflow", _fw(["cpu"]), [apple], "macos")[1] or "")


def test_mismatch_unknown_without_accelerators() -> None:
    assert assess("pytorch", _fw(["cpu"]), [], "linux") == (None, None)
    igpu = Accelerator(vendor="intel", name="Iris Xe", source="lspci (00:02.0)")
    assert assess("pytorch", _fw(["cpu"]), [igpu], "linux") == (None, None)
    sees, text = assess("pytorch", _fw(["cpu", "cuda"]), [], "linux")
    assert sees is True and text and "did not find" in text


def test_prepare_calibrates_and_blocks_time_per_call() -> None:
    calls = {"n": 0, "built": 0}

    def build() -> Callable[[], None]:
        calls["built"] += 1

        def fn() -> None:
            calls["n"] += 1
            sum(range(200))

        return fn

    spec = Spec("toy", "python", "kernel", build, flops=400.0, items=1, unit="items/s")
    prep, info = prepare(spec, lambda: None, BUDGETS["tiny"])
    assert calls["built"] == 1 and info["loops"] == prep.loops >= 1
    assert info["first_call_s"] > 0 and info["estimate_s"] > 0 and info["kind"] == "kernel"
    assert info["loops"] * info["estimate_s"] >= BUDGETS["tiny"].min_sample_s * 0.5
    before = calls["n"]
    block = run_block(prep, lambda: None, 4)
    assert calls["n"] - before == 4 * prep.loops
    assert len(block["times"]) == 4 and all(t > 0 for t in block["times"])
    assert block["wall_s"] >= sum(block["times"]) * prep.loops * 0.99
    assert block["cpu_s"] >= 0


def test_progress_events() -> None:
    seen: list[ProgressEvent] = []
    p = Progress(total=2, callback=seen.append)
    p.emit("a", 3.0)
    p.done += 1
    p.emit("b", None)
    assert [e.step for e in seen] == ["a", "b"]
    assert seen[0].eta_s == 3.0 and seen[1].eta_s is None and seen[1].done == 1
    assert set(seen[0].model_dump()) == {"step", "done", "total", "elapsed_s", "eta_s"}


def test_foreign_load_from_proc_stat() -> None:
    from probes.noise import CpuSample, foreign_share, parse_proc_stat

    text = "cpu  100 5 50 1000 10 1 2 30 0 0\ncpu0 50 2 25 500 5 0 1 15 0 0\n"
    assert parse_proc_stat(text) == (158.0, 30.0)
    before = CpuSample(busy_s=10.0, steal_s=1.0, ours_s=2.0, wall=0.0)
    after = CpuSample(busy_s=13.0, steal_s=1.2, ours_s=3.0, wall=2.0)
    share, steal = foreign_share(before, after, cpus=2) or (0.0, 0.0)
    assert abs(share - 0.5) < 1e-9 and abs(steal - 0.05) < 1e-9
    assert foreign_share(None, after, 2) is None


def test_busy_host_threads_and_contention() -> None:
    from probes.noise import choose_threads

    assert choose_threads(2, 2, 0.02, 0.0) == 2  # calm: all usable cores
    assert choose_threads(2, 2, 0.6, 0.0) == 1  # a neighbour holds a core: one thread each
    assert choose_threads(16, 16, 0.5, 0.0) == 8
    assert choose_threads(2, 2, 0.99, 0.0) == 1  # never zero
    assert choose_threads(None, 2, 0.5, 0.0) is None
