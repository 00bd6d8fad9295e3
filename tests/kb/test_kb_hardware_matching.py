"""Device names find the right hardware row, or none: near misses never borrow a neighbour's peak.

Recorded names (tests/fixtures/probes, see its README) go through the probe's own parsers; the
table adds names as nvidia-smi, sysctl and the TPU detection print them for the near misses the
KB must keep apart: similar model numbers (A10 / A10G / A100, L4 / L40 / L40S, H20 / H200 /
GH200), laptop and regional variants (RTX 4090 Laptop GPU, RTX 4090 D), cloud sub-SKUs (H100 SXM
/ PCIe / NVL, H800, H200 NVL), Apple Pro / Max / Ultra, and Xeon SKUs with one or two AVX-512 FMA
units.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kb
from kb.schema import KnowledgeBase
from probes.accel import amd, apple, nvidia, tpu
from probes.cpu import CpuFacts, match_kb_cpu_peak, parse_proc_cpuinfo, parse_sysctl
from probes.kbpeaks import match_accelerator, with_peaks
from probes.report import Accelerator
from probes.runner import ReplayRunner

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "probes"


def fx(rel: str) -> str:
    return (FIX / rel).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def base() -> KnowledgeBase:
    return kb.load()


def row_id(base: KnowledgeBase, acc: Accelerator) -> str | None:
    return getattr(match_accelerator(acc, base.accelerators), "id", None)


# ------------------------------------------------------------------ recorded outputs


def test_recorded_nvidia_names(base: KnowledgeBase) -> None:
    h200 = nvidia.from_nvidia_smi(
        ReplayRunner(
            {
                "nvidia-smi --query-gpu": fx("nvidia-smi/h200_query.csv"),
                "nvidia-smi": fx("nvidia-smi/h200_580.txt"),
            }
        )
    )
    titan_rtx = nvidia.from_nvidia_smi(
        ReplayRunner(
            {
                "nvidia-smi --query-gpu": fx("nvidia-smi/titanv_rtx5880_query.csv"),
                "nvidia-smi": fx("nvidia-smi/h100_azure_535.txt"),
            }
        )
    )
    assert [row_id(base, a) for a in h200] == ["nvidia_h200_sxm"]
    # TITAN V and RTX 5880 Ada have no row: no peak rather than a neighbour's.
    assert [row_id(base, a) for a in titan_rtx] == [None, None]
    assert [a.peak_fp32_tflops for a in with_peaks(titan_rtx, base.accelerators)] == [None, None]


@pytest.mark.parametrize(
    ("rel", "name", "expected"),
    [
        ("nvidia-smi/h100_azure_535.txt", "NVIDIA H100 80GB HBM3", "nvidia_h100_sxm"),
        ("nvidia-smi/h100_580.txt", "NVIDIA H100 80GB HBM3", "nvidia_h100_sxm"),
        ("nvidia-smi/b200_r610.txt", "NVIDIA B200", "nvidia_b200"),
        ("nvidia-smi/titanxp_450.txt", "TITAN Xp", None),
    ],
)
def test_recorded_smi_tables(
    base: KnowledgeBase, rel: str, name: str, expected: str | None
) -> None:
    assert name in fx(rel)  # the name exactly as that machine printed it
    assert row_id(base, Accelerator(vendor="nvidia", name=name, source="nvidia-smi")) == expected


def test_recorded_amd_apple_and_tpu_names(base: KnowledgeBase) -> None:
    gpus = amd.parse_rocm_smi_json(fx("rocm-smi/rx7900xt.json"))
    gpus += amd.parse_rocm_smi_json(fx("rocm-smi/mi200_productname.json"))
    assert gpus and all(row_id(base, a) is None for a in gpus)  # no AMD rows: nothing borrowed
    (m1,) = apple.apple_from_sysctl(parse_sysctl(fx("sysctl/m1_machdep.txt")))
    assert m1.name == "Apple M1 GPU" and row_id(base, m1) == "apple_m1"
    for kind, expected in [
        ("v5litepod-8", "google_tpu_v5e"),
        ("v5p-8", "google_tpu_v5p"),
        ("v6e-8", "google_tpu_v6e"),
        ("v4-8", "google_tpu_v4"),
        ("tpu7x-8", "google_tpu7x"),
    ]:
        (chip,) = tpu.detect_tpu([], ["0x1ae0"], {"TPU_ACCELERATOR_TYPE": kind}, True)
        assert row_id(base, chip) == expected, kind


# ------------------------------------------------------------------ near misses


@pytest.mark.parametrize(
    ("vendor", "name", "expected"),
    [
        ("nvidia", "NVIDIA A10", "nvidia_a10"),
        ("nvidia", "NVIDIA A10G", None),  # AWS part: not the A10 datasheet
        ("nvidia", "NVIDIA A10-24Q", "nvidia_a10"),  # vGPU profile of an A10
        ("nvidia", "NVIDIA A100-SXM4-40GB", "nvidia_a100_40gb"),
        ("nvidia", "NVIDIA A100-PCIE-40GB", "nvidia_a100_40gb"),
        ("nvidia", "NVIDIA A100-SXM4-80GB", "nvidia_a100_80gb_sxm"),
        ("nvidia", "NVIDIA A100 80GB PCIe", "nvidia_a100_80gb_pcie"),
        ("nvidia", "NVIDIA A800-SXM4-80GB", None),
        ("nvidia", "NVIDIA L4", "nvidia_l4"),
        ("nvidia", "NVIDIA L40", None),
        ("nvidia", "NVIDIA L40S", "nvidia_l40s"),
        ("nvidia", "Tesla T4", "nvidia_t4"),
        ("nvidia", "NVIDIA T400", None),
        ("nvidia", "Tesla V100-SXM2-16GB", "nvidia_v100_sxm2"),
        ("nvidia", "Tesla V100-PCIE-32GB", "nvidia_v100_pcie"),
        ("nvidia", "Tesla V100S-PCIE-32GB", None),
        ("nvidia", "NVIDIA H100 PCIe", "nvidia_h100_pcie"),
        ("nvidia", "NVIDIA H100 80GB HBM3", "nvidia_h100_sxm"),
        ("nvidia", "NVIDIA H100 NVL", None),
        ("nvidia", "NVIDIA H800", None),
        ("nvidia", "NVIDIA H800 PCIe", None),
        ("nvidia", "NVIDIA H20", None),
        ("nvidia", "NVIDIA H200", "nvidia_h200_sxm"),
        ("nvidia", "NVIDIA H200 NVL", None),
        ("nvidia", "NVIDIA GH200 480GB", None),
        ("nvidia", "NVIDIA B200", "nvidia_b200"),
        ("nvidia", "NVIDIA GB200", None),
        ("nvidia", "NVIDIA GeForce RTX 3090", "nvidia_rtx_3090"),
        ("nvidia", "NVIDIA GeForce RTX 3090 Ti", None),
        ("nvidia", "NVIDIA GeForce RTX 4090", "nvidia_rtx_4090"),
        ("nvidia", "NVIDIA GeForce RTX 4090 Laptop GPU", None),
        ("nvidia", "NVIDIA GeForce RTX 4090 D", None),
        ("nvidia", "NVIDIA GeForce RTX 5090", "nvidia_rtx_5090"),
        ("nvidia", "NVIDIA GeForce RTX 5090 Laptop GPU", None),
        ("apple", "Apple M1 GPU", "apple_m1"),
        ("apple", "Apple M1 Pro GPU", "apple_m1_pro"),
        ("apple", "Apple M1 Max GPU", "apple_m1_max"),
        ("apple", "Apple M1 Ultra GPU", "apple_m1_ultra"),
        ("apple", "Apple M2 Ultra GPU", "apple_m2_ultra"),
        ("apple", "Apple M3 Max GPU", "apple_m3_max"),
        ("apple", "Apple M3 Ultra GPU", None),  # no row: not the M3's peak
        ("apple", "Apple M4 GPU", "apple_m4"),
        ("apple", "Apple M4 Pro GPU", "apple_m4_pro"),
        ("apple", "Apple M5 GPU", None),
        ("google", "Google TPU", None),
        ("amd", "NVIDIA H100 80GB HBM3", None),  # wrong vendor never matches
    ],
)
def test_near_miss_names(base: KnowledgeBase, vendor: str, name: str, expected: str | None) -> None:
    acc = Accelerator(vendor=vendor, name=name, source="test")
    assert row_id(base, acc) == expected


def test_every_row_is_reachable_by_its_own_patterns(base: KnowledgeBase) -> None:
    """No row is shadowed: each match pattern (as a device name) finds its own row."""
    for row in base.accelerators:
        for pattern in row.match:
            acc = Accelerator(vendor=row.vendor, name=pattern, source="test")
            assert row_id(base, acc) == row.id, (row.id, pattern)


# ------------------------------------------------------------------ CPU: one or two FMA units


@pytest.mark.parametrize(
    ("model", "fpc"),
    [
        ("Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", 64.0),
        ("Intel(R) Xeon(R) Gold 5122 CPU @ 3.60GHz", 64.0),  # the 5000 number with two units
        ("Intel(R) Xeon(R) Gold 5120 CPU @ 2.20GHz", 32.0),
        ("Intel(R) Xeon(R) Gold 5218 CPU @ 2.30GHz", 32.0),
        ("Intel(R) Xeon(R) Gold 5222 CPU @ 3.80GHz", 64.0),
        ("Intel(R) Xeon(R) Silver 4114 CPU @ 2.20GHz", 32.0),
        ("Intel(R) Xeon(R) Bronze 3204 CPU @ 1.90GHz", 32.0),
        ("Intel(R) Xeon(R) Platinum 8280 CPU @ 2.70GHz", 64.0),
    ],
)
def test_xeon_fma_units(base: KnowledgeBase, model: str, fpc: float) -> None:
    hit = match_kb_cpu_peak(CpuFacts(model=model, flags={"avx512f"}), base.cpu_peaks)
    assert hit is not None and hit[0] == fpc, model


def test_recorded_cpu_names(base: KnowledgeBase) -> None:
    spr = parse_proc_cpuinfo(fx("cpuinfo/xeon_8470_spr.txt"))
    assert spr.model == "Intel(R) Xeon(R) Platinum 8470"
    hit = match_kb_cpu_peak(CpuFacts(model=spr.model, flags={"avx512f"}), base.cpu_peaks)
    assert hit is not None and hit[0] == 64.0
    # An unnamed "AMD EPYC" (as VMs report) is not guessed from the vendor name.
    vm = parse_proc_cpuinfo(fx("cpuinfo/epyc_zen5_vm.txt"))
    assert match_kb_cpu_peak(CpuFacts(model=vm.model, flags=vm.flags), base.cpu_peaks) is None
