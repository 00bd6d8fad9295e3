"""Measured deployment paths as recommender evidence, on a real recorded ``--deploy`` report
(tests/fixtures/probes/reports/deploy_2vcpu_cpu.json: the project's 2-vCPU machine kind,
torch 2.13.0 CPU, tensorflow-cpu 2.21.0, the `deploy` extra; no litert-torch, no TF.js)."""

from __future__ import annotations

from datetime import date

import pytest

import kb
from probes.report import ProbeReport
from probes.report_io import parse_report
from recommender.deploy_evidence import (
    MAX_SHIFT,
    apply_deploy_paths,
    chosen_targets,
    deploy_next_steps,
    vote,
)
from recommender.evidence import ValueMatrix, build_values
from recommender.models import FrameworkValue, Profile, Recommendation
from recommender.pipeline import recommend
from tests.probes.conftest import FIXTURES

REPORT = FIXTURES / "reports" / "deploy_2vcpu_cpu.json"


@pytest.fixture(scope="module")
def probe() -> ProbeReport:
    return parse_report(REPORT.read_bytes(), REPORT.name)


@pytest.fixture(scope="module")
def knowledge() -> kb.KnowledgeBase:
    return kb.load()


def _value(vm: ValueMatrix, fw: str, crit: str) -> float:
    return float(vm.mode[vm.frameworks.index(fw), vm.criteria.index(crit)])


def test_the_recording_holds_what_the_rules_act_on(probe: ProbeReport) -> None:
    assert probe.deployment_paths is not None
    votes = {(e.path, e.model): vote(e) for e in probe.deployment_paths}
    assert votes[("pt_onnx", "cnn")] == 1.0 and votes[("pt_coreml", "cnn")] == 0.5
    assert votes[("tf_onnx", "encoder")] == -1.0  # failed on Erfc
    assert votes[("tf_tfjs", "cnn")] is None and votes[("pt_litert", "cnn")] is None


def test_server_paths_shift_server_deployment_in_proportion(
    probe: ProbeReport, knowledge: kb.KnowledgeBase
) -> None:
    today = date(2026, 11, 28)
    base = build_values(knowledge, None, today)
    vm = build_values(knowledge, None, today)
    answers = {"deploy_targets": ["cloud_server"]}
    apply_deploy_paths(knowledge, probe, answers, vm)
    crit = "server_deployment"
    # PyTorch: ONNX Runtime ran both models (2 of 2) -> the full shift, capped at 10
    pt = min(10.0, _value(base, "pytorch", crit) + MAX_SHIFT)
    assert _value(vm, "pytorch", crit) == pytest.approx(pt)
    # TensorFlow: SavedModel 2 works, tf2onnx 1 works + 1 failed on Erfc -> mean (3 - 1) / 4
    tf = min(10.0, _value(base, "tensorflow", crit) + MAX_SHIFT * 0.5)
    assert _value(vm, "tensorflow", crit) == pytest.approx(tf)
    i, j = vm.frameworks.index("tensorflow"), vm.criteria.index(crit)
    en, zh = vm.notes[(i, j)]
    assert "unsupported op Erfc (encoder)" in en and "Erfc" in zh
    assert vm.measured[i, j] and vm.evidence[(i, j)][0].source == "probe"
    # a criterion of a target nobody chose is left alone
    for c in ("microcontrollers", "browser_deployment", "mobile_edge_deployment"):
        assert _value(vm, "pytorch", c) == _value(base, "pytorch", c)


def test_mcu_uses_only_paths_that_serve_microcontrollers(
    probe: ProbeReport, knowledge: kb.KnowledgeBase
) -> None:
    today = date(2026, 11, 28)
    base = build_values(knowledge, None, today)
    vm = build_values(knowledge, None, today)
    apply_deploy_paths(knowledge, probe, {"deploy_targets": ["microcontroller"]}, vm)
    j = vm.criteria.index("microcontrollers")
    i = vm.frameworks.index("pytorch")
    assert "ExecuTorch" not in vm.notes[(i, j)][0]  # counts, not names, for working paths
    assert "2 of 2 PyTorch path runs worked" in vm.notes[(i, j)][0]
    assert _value(vm, "pytorch", "server_deployment") == _value(
        base, "pytorch", "server_deployment"
    )


def test_next_steps_give_the_commands_that_worked_here(probe: ProbeReport) -> None:
    answers = {"deploy_targets": ["cloud_server"]}
    assert chosen_targets(answers) == {"server"}
    steps = deploy_next_steps(probe, "pytorch", answers)
    assert len(steps) == 1  # PyTorch reaches a server here through ONNX Runtime only
    en, zh = steps[0]
    assert en.startswith("Worked on this machine for server") and "ONNX Runtime" in en
    assert "`torch.onnx.export(model.eval(), (x,), 'model.onnx', dynamo=True)`" in en
    assert "已在本机验证" in zh
    tf = deploy_next_steps(probe, "tensorflow", answers)
    assert tf and all("tf2onnx" in en or "SavedModel" in en for en, _ in tf)
    assert deploy_next_steps(probe, "pytorch", {}) == []
    assert deploy_next_steps(None, "pytorch", answers) == []


def test_recommend_uses_the_measured_paths(probe: ProbeReport, knowledge: kb.KnowledgeBase) -> None:
    profile = Profile(
        answers={
            "deploy_targets": ["cloud_server"],
            "stage": "production",
            "team_experience": "pytorch",
            "existing_code": "pytorch",
        }
    )
    with_paths = recommend(knowledge, profile, probe, draws=200)
    without = recommend(
        knowledge, profile, probe.model_copy(update={"deployment_paths": None}), draws=200
    )

    def server(rec: Recommendation) -> dict[str, FrameworkValue]:
        [c] = [c for c in rec.contributions if c.criterion == "server_deployment"]
        return {v.framework: v for v in c.values}

    a, b = server(with_paths), server(without)
    assert a["pytorch"].value > b["pytorch"].value and a["pytorch"].measured
    assert a["tensorflow"].value > b["tensorflow"].value
    assert "Erfc" in (a["tensorflow"].note or "")
    # both frameworks have a path that worked for a server here, so whoever wins gets its steps
    assert with_paths.winner is not None
    measured = [s for s in with_paths.next_steps_en if s.startswith("Worked on this machine")]
    assert measured and all("Steps: `" in s for s in measured)
    assert len(with_paths.next_steps_zh) == len(with_paths.next_steps_en)
    assert not any(s.startswith("Worked on this machine") for s in without.next_steps_en)
