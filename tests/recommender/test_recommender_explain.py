"""Decision-record words: because, consequences, revisit triggers, install command, stale claims."""

from __future__ import annotations

from typing import Any

import pytest

from kb.schema import KnowledgeBase
from recommender import recommend
from recommender.explain import install_command, install_platforms, next_release
from recommender.models import Profile
from tests.recommender.rec_kbfactory import NOW, probe


@pytest.mark.parametrize(
    ("version", "expected"), [("2.21.0", "2.22"), ("2.15", "2.16"), ("1.0.0rc1", "1.1")]
)
def test_next_release(version: str, expected: str) -> None:
    assert next_release(version) == expected


@pytest.mark.parametrize(
    ("kwargs", "first"),
    [
        ({"vendors": ["nvidia"]}, "linux_cuda"),
        ({"vendors": []}, "linux_cpu"),
        ({"os": "windows", "vendors": ["nvidia"]}, "windows_cuda"),
        ({"os": "windows", "vendors": []}, "windows_cpu"),
        ({"os": "macos", "arch": "arm64", "vendors": ["apple"]}, "macos_arm64"),
        ({"vendors": ["amd"]}, "linux_rocm"),
        ({"arch": "aarch64"}, "linux_aarch64"),
    ],
)
def test_install_platform_from_probe(kwargs: dict[str, Any], first: str) -> None:
    assert install_platforms(probe(**kwargs), {})[0] == first


def test_install_command_picks_platform(small_kb: KnowledgeBase) -> None:
    assert install_command(small_kb, "tensorflow", probe(vendors=["nvidia"]), {}) == (
        "pip install 'tensorflow[and-cuda]'"
    )
    cpu = install_command(small_kb, "pytorch", probe(), {})
    assert cpu is not None and "whl/cpu" in cpu
    # TF has no windows_cuda or windows_cpu entry in the small KB: falls through to nothing.
    assert (
        install_command(small_kb, "tensorflow", probe(os="windows", vendors=["nvidia"]), {}) is None
    )
    # no probe: the answers decide
    assert install_command(
        small_kb, "pytorch", None, {"os": ["macos"], "hardware": ["apple_silicon"]}
    ) == ("pip install torch")
    assert install_command(small_kb, "pytorch", None, {}) is None


def test_recommendation_record_fields(small_kb: KnowledgeBase) -> None:
    rec = recommend(
        small_kb, Profile(answers={"deploy_targets": ["mobile"]}), probe(), draws=500, now=NOW
    )
    assert rec.drivers[0] == "mobile"
    assert "mainly because of Mobile" in rec.because_en and "主要因为" in rec.because_zh
    assert rec.install_command == "pip install tensorflow-cpu"
    kinds = {c.kind for c in rec.consequences}
    assert "good" in kinds  # TensorFlow rates 8 on mobile
    assert all(c.text_zh for c in rec.consequences)
    assert rec.revisit_triggers_en[0] == "Re-run when TensorFlow 2.22 ships."
    assert rec.revisit_triggers_zh[0] == "TensorFlow 2.22 发布后请重新运行。"
    assert len(rec.revisit_triggers_en) == len(rec.revisit_triggers_zh)
    assert rec.stale_claims == ["torchserve_dead"]  # touches the heavy "mobile" criterion
    assert rec.probe is not None and "2 cores" in rec.probe.machine
    assert rec.kb_version == "test-1" and rec.generated_at == NOW


def test_counterfactual_trigger_names_the_answer(small_kb: KnowledgeBase) -> None:
    rec = recommend(small_kb, Profile(answers={"deploy_targets": ["mobile"]}), draws=0, now=NOW)
    joined = " ".join(rec.revisit_triggers_en)
    assert "Re-run if you add “ecosystem” to “What matters most?” (PyTorch would lead)" in joined
    # no probe given: ask for one in words a person can act on, never as a command line
    probe_en = [t for t in rec.revisit_triggers_en if "probe" in t]
    probe_zh = [t for t in rec.revisit_triggers_zh if "探测" in t]
    assert probe_en and probe_zh
    for text in rec.revisit_triggers_en + rec.revisit_triggers_zh:
        assert "--" not in text and "python -m" not in text and "`" not in text, text


def test_counterfactual_that_rules_out_the_leader(small_kb: KnowledgeBase) -> None:
    rec = recommend(small_kb, Profile(answers={"priorities": ["ecosystem"]}), draws=0, now=NOW)
    assert rec.leader == "pytorch"
    assert any(
        "microcontroller" in t and "TensorFlow would lead" in t for t in rec.revisit_triggers_en
    )


def test_probe_framework_problems_become_warnings(small_kb: KnowledgeBase) -> None:
    report = probe(
        frameworks={
            "pytorch": {
                "status": "ok",
                "version": "2.13.0",
                "mismatch": "NVIDIA GPU present but CPU build",
            },
            "tensorflow": {"status": "import_error", "reason": "DLL load failed"},
        }
    )
    rec = recommend(small_kb, Profile(), report, draws=0, now=NOW)
    text = " ".join(rec.warnings)
    assert "TensorFlow did not work on the probed machine (import failed: DLL load failed)" in text
    did_not_work = [
        w for w in rec.warnings + rec.warnings_zh if "did not work" in w or "无法正常" in w
    ]
    assert did_not_work and not any("import_error" in w for w in did_not_work)  # status in words
    assert (
        "TensorFlow 在被探测的机器上无法正常工作（导入失败：DLL load failed）。" in rec.warnings_zh
    )
    assert "CPU build" in text
    assert rec.probe is not None
    assert rec.probe.frameworks == {"pytorch": "ok 2.13.0", "tensorflow": "import_error"}


def test_probe_summary_carries_the_probes_own_faster_or_tie_verdicts() -> None:
    """The report's benchmark table shows the probe's noise-tested verdicts, not re-derived ones;
    only comparisons between the frameworks being decided on, ratios as "× faster" (≥ 1)."""
    from pathlib import Path

    import kb
    from probes.report_io import parse_report
    from recommender import recommend
    from recommender.models import Profile

    path = Path(__file__).parents[1] / "fixtures/probes/reports/cpu_2vcpu_both_quick_calm.json"
    probe = parse_report(path.read_bytes(), path.name)
    rec = recommend(kb.load(), Profile(), probe, draws=200)
    assert rec.probe is not None
    rows = [r for r in rec.probe.benchmarks if "ratio" in r]
    expected = [c for c in probe.comparisons if {c.a, c.b} == {"pytorch", "tensorflow"}]
    assert len(rows) == len(expected) > 0
    for row, comp in zip(rows, expected, strict=True):
        assert row["workload"] == comp.workload
        assert isinstance(row["ratio"], float) and row["ratio"] >= 1.0
        if comp.unreliable:
            assert row["verdict"] == "unreliable" and row["faster"] is None
        else:
            assert row["verdict"] == comp.verdict
            assert row["faster"] == (comp.faster if comp.verdict == "faster" else None)
    assert any(r["verdict"] == "faster" for r in rows), "a calm-host run judges some workloads"


def test_probe_summary_compares_only_the_frameworks_being_decided() -> None:
    """``frameworks`` limits the comparison rows (it used to be shadowed and ignored)."""
    from pathlib import Path

    from probes.report_io import parse_report
    from recommender.explain import probe_summary

    path = Path(__file__).parents[1] / "fixtures/probes/reports/cpu_2vcpu_both_quick_calm.json"
    report = parse_report(path.read_bytes(), path.name)
    both = [r for r in probe_summary(report, ["pytorch", "tensorflow"]).benchmarks if "ratio" in r]
    assert both
    assert (
        probe_summary(report).benchmarks
        == probe_summary(report, ["pytorch", "tensorflow"]).benchmarks
    )
    only_one = probe_summary(report, ["pytorch"]).benchmarks
    assert not [r for r in only_one if "ratio" in r]
