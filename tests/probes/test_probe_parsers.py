"""Parsers against real outputs captured on other machines (see tests/fixtures/probes/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from probes.accel import amd, apple, nvidia, pci, tpu
from probes.cpu import (
    compute_peak,
    facts_from_sysctl,
    flops_per_cycle,
    parse_cgroup_quota,
    parse_proc_cpuinfo,
    parse_sysctl,
)
from probes.host import detect_container, detect_wsl, parse_os_release
from probes.kbpeaks import match_accelerator, with_peaks
from probes.report import Accelerator, HostInfo
from probes.runner import ReplayRunner

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "probes"
LINUX = HostInfo(os="linux", os_name="Linux", arch="x86_64")


def fx(rel: str) -> str:
    return (FIX / rel).read_text(encoding="utf-8")


# ------------------------------------------------------------------ NVIDIA


@pytest.mark.parametrize(
    ("rel", "cuda"),
    [
        ("nvidia-smi/h100_azure_535.txt", "12.2"),
        ("nvidia-smi/titanxp_450.txt", "11.0"),
        ("nvidia-smi/b200_r610.txt", "13.3"),  # R610 renamed the field to "CUDA UMD Version"
    ],
)
def test_cuda_driver_version_from_header(rel: str, cuda: str) -> None:
    assert nvidia.parse_cuda_driver_version(fx(rel)) == cuda


def test_query_csv_uses_header_names() -> None:
    rows = nvidia.parse_query_csv(fx("nvidia-smi/titanv_rtx5880_query.csv"))
    assert [r["name"] for r in rows] == ["NVIDIA TITAN V", "NVIDIA RTX 5880 Ada Generation"]
    assert [r["compute_cap"] for r in rows] == ["7.0", "8.9"]
    assert rows[1]["index"] == "1" and rows[0]["driver_version"] == "570.86.15"


def test_nvidia_smi_through_replay_runner() -> None:
    runner = ReplayRunner(
        {
            "nvidia-smi --query-gpu": fx("nvidia-smi/titanv_rtx5880_query.csv"),
            "nvidia-smi": fx("nvidia-smi/h100_azure_535.txt"),
        }
    )
    accs = nvidia.from_nvidia_smi(runner)
    assert len(accs) == 2
    assert accs[1].name == "NVIDIA RTX 5880 Ada Generation" and accs[1].index == 1
    assert accs[0].compute_capability == "7.0"
    assert accs[0].cuda_driver_version == "12.2"
    assert accs[0].memory_gb is None  # not in that query: unknown, not zero
    assert accs[0].mig is None
    assert all(a.source == "nvidia-smi" for a in accs)


def test_nvidia_smi_missing_is_empty_not_error() -> None:
    runner = ReplayRunner({})
    assert nvidia.from_nvidia_smi(runner) == []
    assert runner.calls and runner.calls[0][0] == "nvidia-smi"


# ------------------------------------------------------------------ AMD


def test_rocm_smi_mi200() -> None:
    (acc,) = amd.parse_rocm_smi_json(fx("rocm-smi/mi200_productname.json"))
    assert acc.vendor == "amd" and "MI200" in acc.name
    assert acc.compute_capability == "gfx9010" and acc.memory_gb is None


def test_rocm_smi_rx7900xt_memory() -> None:
    (acc,) = amd.parse_rocm_smi_json(fx("rocm-smi/rx7900xt.json"))
    assert acc.name == "Radeon RX 7900 XT" and acc.memory_gb == 20.0
    assert acc.compute_capability == "gfx1100"


def test_amd_smi_json_gpu_data_root() -> None:
    (acc,) = amd.parse_amd_smi_static(fx("amd-smi/rx7800xt_static.json"))
    assert acc.name == "AMD Radeon RX 7800 XT" and acc.compute_capability == "gfx1101"


def test_amd_smi_text_form_through_collector() -> None:
    runner = ReplayRunner({"amd-smi static": fx("amd-smi/mi350x_static.txt")})
    (acc,) = amd.collect_amd(runner, LINUX)
    assert acc.name == "AMD Instinct MI350X" and acc.compute_capability == "gfx950"
    assert acc.driver == "6.18.3"


def test_amd_falls_back_to_rocm_smi() -> None:
    runner = ReplayRunner({"rocm-smi": fx("rocm-smi/rx7900xt.json")})
    (acc,) = amd.collect_amd(runner, LINUX)
    assert acc.source == "rocm-smi"


# ------------------------------------------------------------------ lspci, Apple, TPU


def test_lspci_finds_gpu_without_vendor_tool() -> None:
    found = pci.pci_fallback(fx("lspci/r9700_navi48.txt"), [])
    assert len(found) == 1 and found[0].vendor == "amd"
    assert "R9700" in found[0].name and found[0].source.startswith("lspci")
    # once amd-smi found AMD GPUs, lspci adds nothing for that vendor
    found_amd = Accelerator(vendor="amd", name="x", source="amd-smi")
    assert pci.pci_fallback(fx("lspci/r9700_navi48.txt"), [found_amd]) == []


def test_apple_sysctl() -> None:
    values = parse_sysctl(fx("sysctl/m1_machdep.txt") + "hw.memsize: 17179869184\n")
    (gpu,) = apple.apple_from_sysctl(values)
    assert gpu.vendor == "apple" and gpu.name == "Apple M1 GPU" and gpu.memory_gb == 16.0
    facts = facts_from_sysctl(
        parse_sysctl(fx("sysctl/m1_machdep.txt") + fx("sysctl/m1pro_perflevel.txt"))
    )
    assert facts.physical == 8  # performance cores only carry the FP throughput
    assert flops_per_cycle(facts, "arm64")[0] == 32.0


def test_tpu_needs_google_vendor() -> None:
    assert tpu.detect_tpu(["0x8086"], [], {}, False) == []  # an Intel NPU under /dev/accel
    chips = tpu.detect_tpu(["0x1ae0"] * 4, [], {"TPU_ACCELERATOR_TYPE": "v4-8"}, True)
    assert len(chips) == 4 and chips[0].name == "Google TPU v4-8"
    assert len(tpu.detect_tpu([], ["0x1ae0"] * 8, {}, True)) == 8  # v5e via vfio


# ------------------------------------------------------------------ CPU


def test_cpuinfo_zen5_vm() -> None:
    facts = parse_proc_cpuinfo(fx("cpuinfo/epyc_zen5_vm.txt"))
    assert facts.vendor == "AuthenticAMD" and facts.family == 26
    assert facts.logical == 2 and facts.physical == 2
    assert {"avx2", "fma", "avx512f"} <= facts.flags
    fpc, peak, basis, estimate = compute_peak(facts, 2, 2596.0, "nominal", "x86_64")
    assert fpc == 64.0 and peak == pytest.approx(332.3, abs=0.1) and estimate
    assert "Zen 5" in basis


def test_cpuinfo_graviton2() -> None:
    facts = parse_proc_cpuinfo(fx("cpuinfo/graviton2_n1.txt"))
    assert facts.vendor == "ARM" and facts.model == "Neoverse N1" and facts.logical == 5
    assert "neon" in facts.flags
    assert flops_per_cycle(facts, "aarch64")[0] == 16.0


def test_cpuinfo_sapphire_rapids() -> None:
    facts = parse_proc_cpuinfo(fx("cpuinfo/xeon_8470_spr.txt"))
    assert facts.model == "Intel(R) Xeon(R) Platinum 8470" and facts.mhz == 2001.0
    fpc, basis = flops_per_cycle(facts, "x86_64")
    assert fpc == 64.0 and "server" in basis


def test_peak_unknown_without_clock() -> None:
    facts = parse_proc_cpuinfo(fx("cpuinfo/graviton2_n1.txt"))
    fpc, peak, basis, _ = compute_peak(facts, 5, None, "", "aarch64")
    assert fpc == 16.0 and peak is None and "clock" in basis


def test_kb_cpu_row_fills_in_for_generic_arm() -> None:
    class Row:
        id = "neoverse_n1"
        microarchitectures = ("Neoverse N1",)
        requires_flags = ("asimd",)
        fp32_flops_per_cycle = 16.0
        estimate = False

    facts = parse_proc_cpuinfo(fx("cpuinfo/graviton2_n1.txt"))
    facts.cpu_part = "0xfff"  # an Arm core the built-in table does not know
    facts.model = "Neoverse N1 lookalike"
    fpc, _, basis, _ = compute_peak(facts, 5, 2500.0, "x", "aarch64", [Row()])
    assert fpc == 16.0 and "KB cpu_peaks row neoverse_n1" in basis


def test_cpuid_family_beats_a_loose_kb_name_match() -> None:
    class Zen4Row:
        id = "amd_zen4_avx512"
        microarchitectures = ("AMD",)
        requires_flags = ("avx512f",)
        fp32_flops_per_cycle = 32.0
        estimate = False

    facts = parse_proc_cpuinfo(fx("cpuinfo/epyc_zen5_vm.txt"))  # family 26 = Zen 5
    fpc, _, basis, _ = compute_peak(facts, 2, 2596.0, "x", "x86_64", [Zen4Row()])
    assert fpc == 64.0 and "CPUID family preferred" in basis


def test_cgroup_quota() -> None:
    assert parse_cgroup_quota("max 100000\n", None, None) is None
    assert parse_cgroup_quota("250000 100000\n", None, None) == 2.5
    assert parse_cgroup_quota(None, "-1", "100000") is None
    assert parse_cgroup_quota(None, "200000", "100000") == 2.0


# ------------------------------------------------------------------ host, KB peaks


def test_host_detection_helpers() -> None:
    osr = parse_os_release('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')
    assert osr["PRETTY_NAME"] == "Debian GNU/Linux 12 (bookworm)"
    assert detect_wsl("5.15.153.1-microsoft-standard-WSL2", None, {})
    assert not detect_wsl("6.1.0-18-amd64", "Linux version 6.1.0", {})
    assert detect_container("0::/kubepods/burstable/pod1", False, False, {}) == "kubernetes"
    assert detect_container("0::/", True, False, {}) == "docker"
    assert detect_container("0::/init.scope", False, False, {}) is None


def test_kb_accelerator_match_longest_pattern() -> None:
    class Row:
        def __init__(self, id: str, match: list[str], tflops: float) -> None:
            self.id, self.vendor, self.match, self.fp32_tflops = id, "nvidia", match, tflops

    rows = [Row("h100_pcie", ["H100"], 51.0), Row("h100_sxm", ["H100 80GB HBM3"], 67.0)]
    acc = Accelerator(vendor="nvidia", name="NVIDIA H100 80GB HBM3", source="nvidia-smi")
    assert getattr(match_accelerator(acc, rows), "id", None) == "h100_sxm"
    assert with_peaks([acc], rows)[0].peak_fp32_tflops == 67.0
    other = Accelerator(vendor="amd", name="H100 lookalike", source="x")
    assert with_peaks([other], rows)[0].peak_fp32_tflops is None


# ------------------------------------------------------------------ the project's own H200 capture


def test_h200_capture_through_the_probe_query() -> None:
    runner = ReplayRunner(
        {
            "nvidia-smi --query-gpu": fx("nvidia-smi/h200_query.csv"),
            "nvidia-smi": fx("nvidia-smi/h200_580.txt"),
        }
    )
    (acc,) = nvidia.from_nvidia_smi(runner)
    assert acc.name == "NVIDIA H200" and acc.compute_capability == "9.0"
    assert acc.memory_gb == 140.4 and acc.driver == "580.159.04"
    assert acc.cuda_driver_version == "13.0" and acc.mig is False
    sent = " ".join(runner.calls[0])
    assert "compute_cap" in sent and "--format=csv,nounits" in sent


def test_emerald_rapids_host() -> None:
    facts = parse_proc_cpuinfo(fx("cpuinfo/xeon_emr_h200_host.txt"))
    assert facts.model == "Intel(R) Xeon(R) Processor" and {"amx_tile", "avx512f"} <= facts.flags
    assert flops_per_cycle(facts, "x86_64")[0] == 64.0


def test_real_h200_report_loads() -> None:
    from probes.report_io import parse_report

    data = (FIX / "reports" / "h200_torch_only_deep.json").read_bytes()
    report = parse_report(data, "h200_torch_only_deep.json")
    assert report.frameworks["tensorflow"].status == "missing"
    torch = report.frameworks["pytorch"]
    assert torch.status == "ok" and torch.sees_accelerators is True
    mm = next(b for b in report.benchmarks if b.workload == "matmul_8192")
    assert mm.device == "cuda" and mm.peak_share is not None and mm.peak_share > 0.7


def test_real_busy_cpu_report_loads() -> None:
    from probes.report_io import parse_report

    data = (FIX / "reports" / "cpu_2vcpu_both_quick.json").read_bytes()
    report = parse_report(data, "cpu_2vcpu_both_quick.json")
    assert {fw.status for fw in report.frameworks.values()} == {"ok"}
    pair = [c for c in report.comparisons if c.b == "tensorflow"]
    assert pair and all(c.unreliable and c.verdict == "tie" for c in pair)
    assert report.bench_settings and max(report.bench_settings.foreign_load) > 0.25


def test_sysfs_pci_when_lspci_is_missing() -> None:
    devices = [
        ("0000:00:06.0", "0x10de", "0x2335", "0x030200"),  # an NVIDIA 3D controller
        ("0000:00:01.0", "0x8086", "0x7000", "0x060100"),  # an ISA bridge: ignored
    ]
    (acc,) = pci.sysfs_pci_fallback(devices, [])
    assert acc.vendor == "nvidia" and "10de:2335" in acc.name
    assert acc.source == "sysfs (0000:00:06.0)"
