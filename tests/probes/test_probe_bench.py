"""Aggregation, verdicts (faster only beyond noise and when rounds agree), peaks, mismatch."""

from __future__ import annotations

from typing import Any

from probes.bench import aggregate, comparisons, decide, fairness_warnings, with_peak_shares
from probes.mismatch import assess
from probes.progress import Progress, ProgressEvent
from probes.report import Accelerator, CpuInfo, DeviceSeen, FrameworkProbe
from probes.workers.common import BUDGETS, measure, quantile


def ev(
    fw: str, median: float, iqr: float = 0.0, workload: str = "matmul_1024", **kw: Any
) -> dict[str, Any]:
    base = {
        "workload": workload,
        "framework": fw,
        "device": "cpu",
        "variant": "eager",
        "median_s": median,
        "iqr_s": iqr,
        "min_s": median,
        "samples": 5,
        "flops": 2.0 * 1024**3,
    }
    return base | kw


def test_aggregate_median_of_process_medians_and_spread() -> None:
    aggs = aggregate(
        [(0, ev("pytorch", 0.010)), (1, ev("pytorch", 0.012)), (2, ev("pytorch", 0.011))]
    )
    (agg,) = aggs.values()
    r = agg.result
    assert r.median_s == 0.011 and r.rounds == 3 and agg.per_round == [0.010, 0.012, 0.011]
    assert abs((r.spread or 0) - 0.002 / 0.011) < 1e-9
    assert r.gflops is not None and abs(r.gflops - 2 * 1024**3 / 0.011 / 1e9) < 1e-6
    assert r.unstable is False


def test_unstable_when_iqr_large() -> None:
    (agg,) = aggregate([(0, ev("pytorch", 0.010, iqr=0.002))]).values()
    assert agg.result.unstable


def test_tie_within_noise_and_faster_beyond() -> None:
    a = aggregate([(0, ev("pytorch", 0.0100, 0.0002)), (0, ev("tensorflow", 0.0103, 0.0002))])
    ratio, verdict, side, noise, _ = decide(
        a[("matmul_1024", "pytorch", "cpu", "eager")],
        a[("matmul_1024", "tensorflow", "cpu", "eager")],
    )
    assert verdict == "tie" and side is None and noise == 0.05 and 1.02 < ratio < 1.04
    b = aggregate([(0, ev("pytorch", 0.010, 0.0001)), (0, ev("tensorflow", 0.020, 0.0001))])
    (c,) = comparisons(b)
    assert c.verdict == "faster" and c.faster == "pytorch" and c.ratio == 2.0


def test_rounds_must_agree() -> None:
    """Faster overall but only in 1 of 3 rounds -> tie (benchmarking.md §7 G3)."""
    a = aggregate([(0, ev("pytorch", 0.010))])[("matmul_1024", "pytorch", "cpu", "eager")]
    b = aggregate([(0, ev("tensorflow", 0.020))])[("matmul_1024", "tensorflow", "cpu", "eager")]
    a.per_round, b.per_round = [0.010, 0.020, 0.020], [0.030, 0.019, 0.019]
    ratio, verdict, side, _, agreeing = decide(a, b)
    assert ratio == 2.0 and verdict == "tie" and side is None and agreeing == 1
    a.per_round, b.per_round = [0.010, 0.010, 0.020], [0.030, 0.029, 0.019]
    _, verdict, side, _, agreeing = decide(a, b)
    assert verdict == "faster" and side == "a"
    events = []
    for rnd, (t, f) in enumerate([(0.0100, 0.0120), (0.0100, 0.0120), (0.0110, 0.0105)]):
        events += [(rnd, ev("pytorch", t)), (rnd, ev("tensorflow", f))]
    (c,) = comparisons(aggregate(events))
    assert c.verdict == "faster" and c.faster == "pytorch" and c.rounds_agreeing == 2
    assert c.rounds == 3 and not c.unreliable


def test_best_variant_and_mlp_best() -> None:
    events = [
        (0, ev("pytorch", 0.005, workload="mlp_train_eager")),
        (0, ev("tensorflow", 0.010, workload="mlp_train_eager")),
        (0, ev("tensorflow", 0.0025, workload="mlp_train_compiled", variant="xla")),
        (0, ev("tensorflow", 0.0030, workload="mlp_train_compiled", variant="tf.function")),
    ]
    comps = {c.workload: c for c in comparisons(aggregate(events))}
    assert "mlp_train_compiled" not in comps  # torch.compile only runs in the deep tier
    assert comps["mlp_train_eager"].faster == "pytorch"
    best = comps["mlp_train_best"]
    assert best.faster == "tensorflow" and best.b_variant == "xla" and best.ratio == 0.5


def test_peak_share_and_warnings() -> None:
    cpu = CpuInfo(peak_fp32_gflops=100.0)
    aggs = aggregate(
        [(0, ev("numpy", 2 * 1024**3 / 150e9)), (0, ev("pytorch", 2 * 1024**3 / 90e9))]
    )
    results = with_peak_shares([a.result for a in aggs.values()], cpu, [])
    shares = {r.framework: r.peak_share for r in results}
    assert shares == {"numpy": 1.5, "pytorch": 0.9}
    warns = fairness_warnings(results, cpu)
    assert any("peak underestimated" in w for w in warns)
    assert any("pytorch" in w and "-40%" in w for w in warns)


def test_gpu_peak_from_accelerator() -> None:
    acc = Accelerator(vendor="nvidia", name="H200", source="nvml", peak_fp32_tflops=67.0)
    aggs = aggregate(
        [
            (
                0,
                ev(
                    "pytorch",
                    2 * 8192**3 / 50e12,
                    workload="matmul_8192",
                    device="cuda",
                    flops=2.0 * 8192**3,
                ),
            )
        ]
    )
    (r,) = with_peak_shares([a.result for a in aggs.values()], CpuInfo(), [acc])
    assert r.peak_share is not None and abs(r.peak_share - 50 / 67) < 1e-3


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


def test_measure_calibrates_and_reports() -> None:
    calls = {"n": 0}

    def fn() -> None:
        calls["n"] += 1

    st = measure(fn, lambda: None, BUDGETS["tiny"])
    assert st.samples >= 3 and st.loops > 1 and st.median_s > 0
    assert calls["n"] > st.samples * st.loops
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5


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


def test_busy_host_rounds_make_results_unstable() -> None:
    (agg,) = aggregate([(0, ev("pytorch", 0.010, host_busy=0.6))]).values()
    assert agg.result.unstable and "host busy in 1 of 1" in (agg.result.note or "")
    calm_majority = [
        (0, ev("pytorch", 0.010, host_busy=0.6)),
        (1, ev("pytorch", 0.010)),
        (2, ev("pytorch", 0.010)),
    ]
    (agg,) = aggregate(calm_majority).values()
    assert not agg.result.unstable  # the median of process medians absorbs one busy round


def test_unstable_side_forces_tie() -> None:
    aggs = aggregate([(0, ev("pytorch", 0.010, 0.004)), (0, ev("tensorflow", 0.100, 0.0001))])
    (c,) = comparisons(aggs)
    assert c.verdict == "tie" and c.unreliable and c.faster is None and c.ratio == 10.0


def test_busy_host_threads_and_contention() -> None:
    from probes.noise import choose_threads, contended

    assert choose_threads(2, 2, 0.02, 0.0) == 2  # calm: all usable cores
    assert choose_threads(2, 2, 0.6, 0.0) == 1  # a neighbour holds a core: one thread each
    assert choose_threads(16, 16, 0.5, 0.0) == 8
    assert choose_threads(2, 2, 0.99, 0.0) == 1  # never zero
    assert choose_threads(None, 2, 0.5, 0.0) is None
    assert contended(0.15, 0.0, 2, 2) and not contended(0.05, 0.0, 2, 2)
    assert not contended(0.4, 0.0, 2, 1) and contended(0.6, 0.0, 2, 1)
