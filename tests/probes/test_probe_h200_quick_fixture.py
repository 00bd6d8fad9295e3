"""A real quick probe from a lent H200 machine, taken with the six-group quick tier.

tests/fixtures/probes/reports/h200_torch_only_quick_six_groups.json (raw outputs in
tests/fixtures/probes/h200_quick_run/: nvidia-smi, the interpreter and package preflight, step
timings, the progress lines). The quick tier's table (probes/tiers.py, docs/benchmarks.md §2.1)
was written on a CPU machine; this recording shows what it measures on a GPU: every GEMM size the
worker offers there, host-to-device copies, and the model steps with their AMP variants.
"""

from __future__ import annotations

import json

import pytest

from probes.report import ProbeReport
from probes.tiers import QUICK_DROPPED, select
from tests.probes.conftest import FIXTURES, recorded_report

RUN = FIXTURES / "h200_quick_run"


@pytest.fixture(scope="module")
def quick() -> ProbeReport:
    return recorded_report("h200_torch_only_quick_six_groups.json")


def test_it_is_a_quick_probe_of_an_h200_with_torch_only(quick: ProbeReport) -> None:
    assert quick.tier == "quick"
    assert [a.name for a in quick.accelerators] == ["NVIDIA H200"]
    assert quick.frameworks["pytorch"].status == "ok"
    assert quick.frameworks["tensorflow"].status == "missing"
    assert "NVIDIA H200" in (RUN / "nvidia-smi.txt").read_text(encoding="utf-8")
    assert "tensorflow absent" in (RUN / "preflight.txt").read_text(encoding="utf-8")


def test_the_quick_table_selects_what_was_measured(quick: ProbeReport) -> None:
    measured = list(dict.fromkeys(b.workload for b in quick.benchmarks))
    assert select("quick", measured) == measured  # nothing outside the table ran
    assert not set(measured) & set(QUICK_DROPPED)
    assert not [b for b in quick.benchmarks if "compile" in (b.variant or "")]
    assert {"h2d_transfer", "dispatch_overhead", "cnn_infer_b1_eager", "cnn_train_eager"} <= set(
        measured
    )
    assert {"embedding_train_eager", "transformer_train_eager"} <= set(measured)


def test_gpu_readiness_variants_are_measured(quick: ProbeReport) -> None:
    variants = {(b.workload, b.variant) for b in quick.benchmarks if b.device == "cuda"}
    assert {("matmul_8192", v) for v in ("eager", "tf32", "bf16", "fp16")} <= variants
    for model in ("cnn_train_eager", "transformer_train_eager"):
        assert {(model, "amp_bf16"), (model, "amp_fp16")} <= variants
    assert {("h2d_transfer", "pinned"), ("h2d_transfer", "pageable")} <= variants
    settings = quick.bench_settings
    assert settings is not None and settings.tf32 is False  # pinned off on every side


def test_model_steps_carry_their_units(quick: ProbeReport) -> None:
    models = [b for b in quick.benchmarks if b.kind == "model"]
    assert models and all(b.unit in ("images/s", "tokens/s") for b in models)
    assert all(b.items_per_s and b.items_per_s > 0 for b in models)


def test_the_recorded_run_finished_every_step() -> None:
    log = (RUN / "log.txt").read_text(encoding="utf-8").split()
    assert "quick" in log and "rc=0" in log
    lines = (RUN / "quick.progress.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and all(isinstance(json.loads(x), dict) for x in lines)
