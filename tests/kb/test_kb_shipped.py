"""The shipped knowledge base: valid, complete, sourced, bilingual, as docs/contracts.md says."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel

import kb
from kb.schema import Evidence, KnowledgeBase, Text, WeightEffect

CJK = re.compile(r"[\u3400-\u9fff]")
ARTICLE_OUTLINE = [
    f"§{major}.{minor}"
    for major, count in [(1, 3), (2, 3), (3, 3), (4, 3), (5, 3), (6, 3), (7, 2), (8, 3)]
    for minor in range(1, count + 1)
]
# docs/contracts.md: core questions and option ids (profiles depend on them).
CORE_QUESTIONS = {
    "stage": ("single", ["research", "prototype", "production", "learning"]),
    "domains": (
        "multi",
        [
            "vision",
            "nlp",
            "llm",
            "audio",
            "tabular",
            "recommender",
            "reinforcement",
            "graph",
            "generative",
            "scientific",
        ],
    ),
    "deploy_targets": (
        "multi",
        [
            "cloud_server",
            "on_prem_server",
            "mobile",
            "browser",
            "microcontroller",
            "edge_device",
            "none",
        ],
    ),
    "scale": ("single", ["laptop", "single_gpu", "multi_gpu", "multi_node", "tpu"]),
    "hardware": ("multi", ["nvidia", "amd", "apple_silicon", "intel_gpu", "tpu", "cpu_only"]),
    "os": ("single", ["linux", "windows", "macos"]),
    "team_experience": ("single", ["tensorflow", "pytorch", "both", "neither"]),
    "existing_code": ("single", ["tensorflow", "pytorch", "none"]),
    "pretrained_models": ("single", ["hugging_face", "framework_hubs", "none"]),
    "priorities": (
        "multi",
        [
            "ease_of_learning",
            "debugging",
            "training_speed",
            "inference_speed",
            "deployment_breadth",
            "ecosystem",
            "long_term_support",
            "distributed_scale",
        ],
    ),
}
REQUIRED_CRITERIA = {
    "community_ecosystem",
    "research_adoption",
    "industry_adoption",
    "execution_model",
    "data_pipelines",
    "api_learning_curve",
    "documentation",
    "debugging",
    "model_building",
    "training_performance",
    "compilers",
    "server_deployment",
    "mobile_edge_deployment",
    "microcontrollers",
    "browser_deployment",
    "gpu_vendor_breadth",
    "tpu_support",
    "distributed_training",
    "pretrained_models",
    "domain_libraries",
    "visualisation_tracking",
    "production_pipelines",
    "release_cadence_support",
}
REQUIRED_STALE = {
    "torchserve_limited_maintenance",
    "torchtext_ended",
    "torchscript_deprecated",
    "tflite_renamed_litert",
    "keras3_multi_backend",
    "transformers_v5_pytorch_only",
    "tf_windows_native_gpu_ended",
    "tensorflow_metal_abandoned",
    "tf_hub_moved_to_kaggle",
    "tf_tpu_support_table_ends",
    "tensorboard_not_bundled",
    "executorch_stable",
    "tensorflow_trains_faster",
}
# Workload ids the probes emit (probes/report.py BenchmarkResult.workload).
WORKLOADS = {
    "matmul_512",
    "matmul_1024",
    "matmul_2048",
    "matmul_8192",
    "conv2d",
    "mlp_train_eager",
    "mlp_train_compiled",
    "dispatch_overhead",
    # issue 12's model-level steps (docs/benchmarks.md §2), both workers emit them
    "cnn_train_eager",
    "cnn_train_compiled",
    "cnn_infer_b1_eager",
    "cnn_infer_b1_compiled",
    "cnn_infer_b32_eager",
    "cnn_infer_b32_compiled",
    "transformer_train_eager",
    "transformer_train_compiled",
    "embedding_train_eager",
}


def _walk(obj: object, path: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = [(path, obj)]
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            out += _walk(getattr(obj, name), f"{path}.{name}")
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            out += _walk(item, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for key, item in obj.items():
            out += _walk(item, f"{path}.{key}")
    return out


def test_shipped_kb_loads_with_version_and_hash() -> None:
    base = kb.load()
    assert isinstance(base, KnowledgeBase)
    assert base.kb_version == base.meta.kb_version
    assert re.fullmatch(r"[0-9a-f]{64}", base.content_hash)
    assert kb.load() is base  # cached
    assert kb.load(kb.DEFAULT_DIR) is base  # same resolved dir, same cache entry


def test_every_article_subsection_is_covered() -> None:
    base = kb.load()
    assert base.meta.article_outline == ARTICLE_OUTLINE
    sections = {s.id: s for s in base.article_sections}
    assert sorted(sections, key=ARTICLE_OUTLINE.index) == ARTICLE_OUTLINE
    for sec in sections.values():
        assert sec.criteria or sec.not_mapped_because, sec.id
        assert all(c in base.criteria for c in sec.criteria)


def test_required_criteria_are_rated_by_both_frameworks() -> None:
    base = kb.load()
    assert set(base.criteria) >= REQUIRED_CRITERIA
    assert {"tensorflow", "pytorch"} <= set(base.frameworks)
    for fw in base.frameworks.values():
        assert set(fw.ratings) == set(base.criteria), fw.id


def test_every_rating_has_dated_article_and_newer_evidence() -> None:
    base = kb.load()
    article = base.meta.article_source
    assert article is not None and article in base.sources
    for fw in base.frameworks.values():
        for crit, rating in fw.ratings.items():
            sources = [e.source for e in rating.evidence]
            assert all(isinstance(e.as_of, date) for e in rating.evidence)
            assert article in sources, f"{fw.id}/{crit} cites no article section"
            assert any(s != article for s in sources), f"{fw.id}/{crit} has no newer source"
            for ev in rating.evidence:
                if ev.source == article:
                    assert ev.section in base.meta.article_outline, f"{fw.id}/{crit}"
            assert 0 <= rating.low <= rating.mode <= rating.high <= 10


def test_evidence_cites_known_sources_with_real_urls() -> None:
    base = kb.load()
    for path, obj in _walk(base):
        if isinstance(obj, Evidence):
            assert obj.source in base.sources, path
    for src in base.sources.values():
        assert src.url.startswith(("http://", "https://")), src.id
        assert src.publisher.strip() and src.title.strip()


def test_english_and_chinese_everywhere() -> None:
    texts = [(p, o) for p, o in _walk(kb.load()) if isinstance(o, Text)]
    assert len(texts) > 300
    for path, text in texts:
        assert text.en.strip() and text.zh.strip(), path
        if len(text.en) > 24:
            assert CJK.search(text.zh), f"{path}: zh has no Chinese"


def test_core_questions_and_options_match_design() -> None:
    base = kb.load()
    for qid, (kind, options) in CORE_QUESTIONS.items():
        q = base.question(qid)
        assert q is not None, qid
        assert q.kind == kind
        # Every core option keeps its id and order; more may be added (issue 11: finer targets).
        ids = [o.id for o in q.options]
        assert [i for i in ids if i in options] == options
    priorities = base.question("priorities")
    assert priorities is not None and priorities.max_choices == 3


def test_every_option_has_effects_with_reasons_and_defaults_are_neutral() -> None:
    base = kb.load()
    for q in base.questions:
        for opt in q.options:
            # A toolchain pick acts through toolchains.yaml (must-have or graded cost).
            assert opt.effects or opt.toolchains, f"{q.id}.{opt.id} has no effect"
            for eff in opt.effects:
                assert eff.reason.en and eff.reason.zh
        for default in q.default:
            chosen = q.option(default)
            assert chosen is not None
            # A neutral default changes nothing: only factor-1.0 weights.
            assert all(isinstance(e, WeightEffect) and e.factor == 1.0 for e in chosen.effects), (
                f"default {q.id}={default} is not neutral"
            )


def test_stale_claims_cover_the_known_changes() -> None:
    base = kb.load()
    ids = {c.id for c in base.stale_claims}
    assert len(ids) >= 15
    assert ids >= REQUIRED_STALE
    for claim in base.stale_claims:
        assert claim.evidence and all(e.source != base.meta.article_source for e in claim.evidence)


def test_measured_criteria_use_probe_workload_ids() -> None:
    base = kb.load()
    assert set(base.meta.workloads) == WORKLOADS
    measured = {c.id: c.measured_by for c in base.criteria.values() if c.measured_by}
    assert {"training_performance", "inference_performance"} <= set(measured)
    for crit, workloads in measured.items():
        assert set(workloads) <= WORKLOADS, crit


def test_compatibility_rows_cover_required_releases() -> None:
    base = kb.load()
    versions = {(r.framework, r.version) for r in base.compatibility}
    assert {("tensorflow", f"2.{m}") for m in range(16, 22)} <= versions
    assert {("pytorch", f"2.{m}") for m in range(6, 16)} <= versions
    tf221 = next(
        r for r in base.compatibility if (r.framework, r.version) == ("tensorflow", "2.21")
    )
    assert tf221.python == ["3.10", "3.11", "3.12", "3.13"]
    assert tf221.windows_gpu == "wsl2_only"
    platforms = {i.platform for i in tf221.install}
    assert {"linux_cpu", "linux_cuda", "windows_cpu", "macos_arm64", "wsl2_cuda"} <= platforms
    torch214 = next(
        r for r in base.compatibility if (r.framework, r.version) == ("pytorch", "2.14")
    )
    assert {"linux_cpu", "linux_cuda", "windows_cuda", "macos_arm64", "xpu"} <= {
        i.platform for i in torch214.install
    }


def test_hardware_tables_have_peaks_and_sources() -> None:
    base = kb.load()
    ids = {a.id for a in base.accelerators}
    assert {"nvidia_h100_sxm", "nvidia_a100_40gb", "apple_m2_max", "google_tpu_v5e"} <= ids
    for acc in base.accelerators:
        assert acc.fp32_tflops or acc.bf16_tflops
        assert acc.source in base.sources
    assert any(c.fp32_flops_per_cycle == 32 and "avx2" in c.requires_flags for c in base.cpu_peaks)


def test_rules_name_known_questions_and_frameworks() -> None:
    base = kb.load()
    rule_ids = {r.id for r in base.rules}
    assert {"tf_windows_nvidia_needs_wsl2", "tf_no_apple_gpu", "tf_python_unsupported"} <= rule_ids
    for rule in base.rules:
        for cond in rule.when:
            assert cond.fact.split(".")[0] in {"answers", "probe", "compat"}


def test_no_machine_paths_in_data() -> None:
    for path in Path(kb.DEFAULT_DIR).rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "/work/" not in text and "/root/" not in text, path


def test_every_source_is_cited() -> None:
    base = kb.load()
    cited = {o.source for _, o in _walk(base) if isinstance(o, Evidence)}
    cited |= {a.source for a in base.accelerators} | {c.source for c in base.cpu_peaks}
    assert set(base.sources) - cited == set()


@pytest.mark.parametrize(
    ("vendor", "device", "expected"),
    [
        ("nvidia", "NVIDIA H100 80GB HBM3", "nvidia_h100_sxm"),
        ("nvidia", "NVIDIA H100 PCIe", "nvidia_h100_pcie"),
        ("nvidia", "NVIDIA H200", "nvidia_h200_sxm"),
        ("nvidia", "NVIDIA B200", "nvidia_b200"),
        ("nvidia", "NVIDIA L40S", "nvidia_l40s"),
        ("nvidia", "NVIDIA L4", "nvidia_l4"),
        ("nvidia", "NVIDIA A10", "nvidia_a10"),
        ("nvidia", "NVIDIA A100-SXM4-80GB", "nvidia_a100_80gb_sxm"),
        ("nvidia", "NVIDIA A100-PCIE-40GB", "nvidia_a100_40gb"),
        ("nvidia", "Tesla T4", "nvidia_t4"),
        ("nvidia", "Tesla V100-SXM2-16GB", "nvidia_v100_sxm2"),
        ("nvidia", "NVIDIA GeForce RTX 4090", "nvidia_rtx_4090"),
        ("nvidia", "NVIDIA TITAN V", None),
        ("apple", "Apple M3 Max", "apple_m3_max"),
        ("apple", "Apple M1", "apple_m1"),
        ("google", "TPU v5 lite", "google_tpu_v5e"),
    ],
)
def test_accelerator_names_match_the_right_row(
    vendor: str, device: str, expected: str | None
) -> None:
    """Longest case-insensitive substring of the device name wins (the probes' rule)."""
    best: tuple[int, str] | None = None
    for row in kb.load().accelerators:
        if row.vendor != vendor:
            continue
        for pattern in row.match:
            if pattern.lower() in device.lower() and (best is None or len(pattern) > best[0]):
                best = (len(pattern), row.id)
    assert (best[1] if best else None) == expected
