"""The honest peak: no result above 105 % of the stated peak, and the clock source is named."""

from __future__ import annotations

from probes.peak import honest_peaks, peak_for, with_sustained_clock
from probes.report import Accelerator, BenchmarkResult, CpuInfo

CPU = CpuInfo(
    usable_cores=2,
    fp32_flops_per_cycle=32.0,
    peak_fp32_gflops=166.4,
    peak_basis="2 cores × 2.60 GHz (nominal) × 32",
    peak_clock_source="nominal",
)


def res(
    gflops: float,
    fw: str = "numpy",
    threads: int = 2,
    device: str = "cpu",
    dtype: str | None = "float32",
    variant: str = "eager",
) -> BenchmarkResult:
    return BenchmarkResult(
        workload="matmul_1024",
        framework=fw,
        device=device,
        variant=variant,
        median_s=2 * 1024**3 / gflops / 1e9,
        iqr_s=0.0,
        samples=3,
        threads=threads,
        gflops=gflops,
        dtype=dtype,
    )


def test_results_under_the_peak_keep_it_and_get_shares() -> None:
    cpu, out, warns = honest_peaks([res(150.0), res(80.0, "pytorch")], CPU, [])
    assert cpu.peak_fp32_gflops == 166.4 and warns == []
    assert [r.peak_share for r in out] == [round(150 / 166.4, 3), round(80 / 166.4, 3)]


def test_a_result_above_105_percent_withdraws_the_peak() -> None:
    cpu, out, warns = honest_peaks([res(200.0), res(150.0, "pytorch")], CPU, [])
    assert cpu.peak_fp32_gflops is None and cpu.peak_clock_source == "unknown"
    assert "withdrawn" in (cpu.peak_basis or "") and "200" in (cpu.peak_basis or "")
    assert all(r.peak_share is None for r in out)
    assert len(warns) == 1 and "105" in warns[0] and "峰值" in warns[0]


def test_exactly_at_the_limit_is_kept() -> None:
    cpu, out, _ = honest_peaks([res(166.4 * 1.05 - 0.01)], CPU, [])
    assert cpu.peak_fp32_gflops == 166.4 and (out[0].peak_share or 0) <= 1.05


def test_one_thread_results_are_measured_against_one_core() -> None:
    assert peak_for(res(80.0, threads=1), CPU, None) == 83.2
    cpu, _, warns = honest_peaks([res(91.0, threads=1)], CPU, [])  # 109 % of one core
    assert cpu.peak_fp32_gflops is None and "1 thread" in warns[0]


def test_reduced_precision_never_uses_the_fp32_peak() -> None:
    acc = Accelerator(vendor="nvidia", name="H100", source="nvidia-smi", peak_fp32_tflops=67.0)
    bf16 = res(600_000.0, "pytorch", device="cuda", dtype="bfloat16", variant="bf16")
    fp32 = res(50_000.0, "pytorch", device="cuda")
    _, out, warns = honest_peaks([bf16, fp32], CpuInfo(), [acc])
    assert warns == [] and out[0].peak_share is None
    assert out[1].peak_share == round(50 / 67, 3)


def test_gpu_peak_withdrawn_when_exceeded() -> None:
    acc = Accelerator(vendor="nvidia", name="H100", source="nvidia-smi", peak_fp32_tflops=40.0)
    _, out, warns = honest_peaks([res(50_000.0, "pytorch", device="cuda")], CpuInfo(), [acc])
    assert out[0].peak_share is None and "GPU FP32 peak withdrawn" in warns[0]


def test_sustained_clock_recomputes_and_names_its_source() -> None:
    cpu = with_sustained_clock(CPU, 3700.0, "os_under_load")
    assert cpu.peak_fp32_gflops == round(2 * 3.7 * 32, 1)
    assert cpu.peak_clock_source == "os_under_load" and cpu.sustained_mhz == 3700.0
    assert "under the GEMM load" in (cpu.peak_basis or "")
    assert with_sustained_clock(CPU, None, "os_under_load").peak_clock_source == "nominal"
    bare = CpuInfo(peak_fp32_gflops=None)
    assert with_sustained_clock(bare, None, None).peak_clock_source == "unknown"


def test_a_clock_timed_by_the_add_chain_says_so() -> None:
    cpu = with_sustained_clock(CPU, 3560.0, "cycles_under_load")
    assert cpu.peak_fp32_gflops == round(2 * 3.56 * 32, 1)
    assert cpu.peak_clock_source == "cycles_under_load"
    assert "dependent-add chain" in (cpu.peak_basis or "")
    assert with_sustained_clock(CPU, 3560.0, None).peak_clock_source == "nominal"
