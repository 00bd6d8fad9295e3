"""A real probe report from a lent H100 machine (torch 2.11+cu130, no TensorFlow) replays cleanly.

The recording (tests/fixtures/probes/reports/h100_torch_only_standard.json, raw outputs in
tests/fixtures/probes/h100_run/) is the only evidence here of the GPU code paths: CUDA device
detection, AMP and TF32 variants, host-to-device bandwidth and torch.compile timings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from probes.accel.nvidia import parse_query_csv, rows_to_accelerators
from probes.report import ProbeReport
from tests.probes.conftest import FIXTURES, recorded_report


@pytest.fixture(scope="module")
def h100() -> ProbeReport:
    return recorded_report("h100_torch_only_standard.json")


def test_the_gpu_and_its_driver_are_seen(h100: ProbeReport) -> None:
    (gpu,) = h100.accelerators
    assert gpu.vendor == "nvidia" and "H100" in gpu.name
    assert gpu.compute_capability == "9.0" and gpu.driver == "580.159.04"
    assert gpu.peak_fp32_tflops is not None


def test_torch_sees_cuda_and_tensorflow_is_reported_missing(h100: ProbeReport) -> None:
    torch = h100.frameworks["pytorch"]
    assert torch.status == "ok" and torch.sees_accelerators
    assert h100.frameworks["tensorflow"].status == "missing"


def test_gpu_readiness_variants_were_measured(h100: ProbeReport) -> None:
    cuda = [b for b in h100.benchmarks if b.framework == "pytorch" and b.device == "cuda"]
    variants = {b.variant for b in cuda}
    assert {"tf32", "bf16", "fp16", "amp_bf16", "amp_fp16", "pinned", "torch.compile"} <= variants
    assert {b.kind for b in cuda} == {"kernel", "model"}
    compiled = [b for b in cuda if b.variant == "torch.compile"]
    assert compiled and all(b.compile_s and b.compile_s > 0 for b in compiled)


def test_no_result_claims_more_than_the_stated_peak(h100: ProbeReport) -> None:
    shares = [b.peak_share for b in h100.benchmarks if b.peak_share is not None]
    assert shares and max(shares) <= 1.05


def test_the_recorded_query_parses_to_the_same_gpu(h100: ProbeReport) -> None:
    csv = (FIXTURES / "nvidia-smi" / "h100_580_query.csv").read_text(encoding="utf-8")
    (gpu,) = rows_to_accelerators(parse_query_csv(csv), "13.0", "nvidia-smi")
    assert gpu.name == h100.accelerators[0].name
    assert gpu.compute_capability == h100.accelerators[0].compute_capability


def test_raw_outputs_of_the_run_are_kept() -> None:
    run = Path(FIXTURES / "h100_run")
    assert "H100" in (run / "nvidia-smi.txt").read_text(encoding="utf-8")
    assert "standard rc=0" in (run / "log.txt").read_text(encoding="utf-8")
