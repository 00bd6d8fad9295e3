"""The tier table (probes/tiers.py): what quick measures, that the docs say the same, that
every entry is a workload the KB knows, and that the recommender still gets its evidence."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from probes.tiers import GPU_ONLY, QUICK_DROPPED, TIER_WORKLOADS, expected_groups, select
from tests.probes.conftest import FIXTURES, REPO

# What the CPU workers offer in the quick tier (numpy, torch and TensorFlow together, in the
# coordinator's order): the ten groups a real quick probe on the 2-vCPU VM measured before the
# table existed (its progress lines, docs/benchmarks.md §5.6).
OFFERED_CPU = [
    "matmul_1024",
    "conv2d",
    "mlp_train_eager",
    "dispatch_overhead",
    "memory_copy",
    "cnn_infer_b1_eager",
    "cnn_infer_b32_eager",
    "cnn_train_eager",
    "embedding_train_eager",
    "transformer_train_eager",
]


def _offered_on_h200() -> list[str]:
    """The groups of a real H200 probe (standard tier, torch only), in measured order."""
    path = FIXTURES / "reports" / "h200_torch_only_standard_paired.json"
    seen: list[str] = []
    for b in json.loads(path.read_text(encoding="utf-8"))["benchmarks"]:
        if b["workload"] not in seen:
            seen.append(b["workload"])
    return seen


def _kb_yaml(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "kb" / "data" / name).read_text(encoding="utf-8"))
    return data


def test_quick_measures_one_gemm_dispatch_and_four_model_steps_in_the_offered_order() -> None:
    assert select("quick", OFFERED_CPU) == [
        "matmul_1024",
        "dispatch_overhead",
        "cnn_infer_b1_eager",
        "cnn_train_eager",
        "embedding_train_eager",
        "transformer_train_eager",
    ]
    assert len(select("quick", OFFERED_CPU)) == expected_groups("quick")
    # on a GPU the prefix keeps every GEMM size, and host-to-device copies are measured
    gpu = select("quick", _offered_on_h200())
    assert [w for w in gpu if w.startswith("matmul_")] == [
        "matmul_1024",
        "matmul_2048",
        "matmul_512",
        "matmul_8192",
    ]
    assert "h2d_transfer" in gpu and "cnn_train_eager" in gpu
    assert not {w for w in gpu if w.endswith("_compiled")} | (set(gpu) & set(QUICK_DROPPED))


def test_standard_and_deep_keep_everything() -> None:
    for tier in ("standard", "deep"):
        assert TIER_WORKLOADS[tier] is None
        assert select(tier, _offered_on_h200()) == _offered_on_h200()
    # an offered workload the table does not know is not measured by quick (no silent growth)
    assert select("quick", ["lstm_train_eager"]) == []


def test_a_prefix_entry_needs_its_underscore() -> None:
    assert select("quick", ["matmul_512", "matmulx"]) == ["matmul_512"]
    assert select("quick", ["cnn_train_eager_bf16"]) == []  # exact ids are exact


def test_every_quick_entry_is_a_known_workload_and_every_drop_is_offered() -> None:
    known = set(_kb_yaml("kb.yaml")["workloads"])
    for entry in TIER_WORKLOADS["quick"] or ():
        if entry.endswith("_"):
            assert any(w.startswith(entry) for w in known), entry
        else:
            assert entry in known or entry in GPU_ONLY, entry
    assert set(QUICK_DROPPED) <= set(OFFERED_CPU)
    assert set(select("quick", OFFERED_CPU)) | set(QUICK_DROPPED) == set(OFFERED_CPU)


def test_quick_still_feeds_both_performance_criteria_with_model_level_evidence() -> None:
    quick = set(select("quick", OFFERED_CPU))
    measured = {
        c["id"]: set(c.get("measured_by") or ()) for c in _kb_yaml("criteria.yaml")["criteria"]
    }
    for cid in ("training_performance", "inference_performance"):
        models = {w for w in measured[cid] & quick if not w.startswith(("matmul_", "dispatch"))}
        assert models, cid
    # the training criterion gets three model-level steps, inference the batch-1 latency
    assert measured["training_performance"] & quick >= {
        "cnn_train_eager",
        "transformer_train_eager",
        "embedding_train_eager",
    }
    assert "cnn_infer_b1_eager" in measured["inference_performance"] & quick


def _docs_quick_line() -> str:
    text = (REPO / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.startswith("**Quick tier workloads**")]
    assert len(lines) == 1, "docs/benchmarks.md §2.1 must list the quick tier once"
    return lines[0]


def test_the_docs_list_exactly_the_quick_table() -> None:
    listed = re.findall(r"`([a-z0-9_*]+)`", _docs_quick_line())
    table = [e + "*" if e.endswith("_") else e for e in TIER_WORKLOADS["quick"] or ()]
    assert listed == table
    text = (REPO / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    dropped = [ln for ln in text.splitlines() if ln.startswith("**Left to the standard tier**")]
    assert len(dropped) == 1
    assert re.findall(r"`([a-z0-9_]+)`", dropped[0].split(":", 1)[1].split("—")[0]) == list(
        QUICK_DROPPED
    )
