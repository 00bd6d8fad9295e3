"""The deployment probe's pure parts: the path table against the KB, targets, error parsing,
intervals, reference weights, worker outcomes into report entries, and the report contract."""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import kb
from probes.cli import deploy_targets, main
from probes.deploy import TARGETS, entries_from_run, paths_for, registered
from probes.deploy.registry import PATHS_FILE, TARGET_OPTIONS, load_paths, register
from probes.report import DeploymentPath, ProbeReport
from probes.report_io import dump_report, parse_report
from probes.workers.deploy_common import (
    failed_ops,
    median_interval,
    reference_input,
    reference_weights,
)
from probes.workers_run import WorkerRun

# Recorded on this project's CI machine kind (tf2onnx 1.17.0, onnxruntime 1.32.0): TF's exact
# GELU becomes an ONNX Erfc node, which ONNX Runtime does not implement.
ORT_ERFC = (
    "[ONNXRuntimeError] : 10 : INVALID_GRAPH : Load model from ./"
    'tf_onnx_encoder.onnx failed:This is an invalid model. In Node, ("Gelu/Erfc", Erfc, "", -1) '
    ': ("Gelu/mul_1:0": tensor(float),) -> ("Gelu/Erfc:0",) , Error No Op registered for Erfc '
    "with domain_version of 1"
)

# A small, complete declaration in paths.toml's form.
ONNX_TABLE = """framework = "pytorch"
label = "PyTorch → ONNX"
label_zh = "PyTorch → ONNX"
targets = ["server"]
toolchains = ["onnx_runtime"]
install = "pip install onnx"
steps = ["torch.onnx.export(model, (x,), 'model.onnx', dynamo=True)"]"""


def test_every_path_belongs_to_the_targets_its_kb_toolchains_serve() -> None:
    """A path serves a --deploy target only where one of its toolchains lists that target."""
    knowledge = kb.load()
    paths = registered()
    assert set(paths) == {
        "pt_executorch",
        "pt_litert",
        "pt_onnx",
        "pt_coreml",
        "tf_litert",
        "tf_savedmodel",
        "tf_onnx",
        "tf_tfjs",
    }
    for spec in paths.values():
        served: set[str] = set()
        for tc in spec.toolchains:
            assert tc in knowledge.toolchains, f"{spec.id}: unknown toolchain {tc}"
            support = knowledge.toolchains[tc].support.get(spec.framework)
            assert support is not None and support.level != "none", (spec.id, tc)
            served |= set(knowledge.toolchains[tc].targets)
        for target in spec.targets:
            assert served & set(TARGET_OPTIONS[target]), f"{spec.id} does not serve {target}"


def test_each_declared_path_has_its_worker() -> None:
    """``[<id>]`` in probes/deploy/paths.toml is the path probes/workers/deploy_<id>.py runs."""
    declared = load_paths(PATHS_FILE.read_text("utf-8"))
    assert [s.id for s in declared] == list(registered())  # the file's order, every table
    for spec in declared:
        assert spec.worker == f"probes.workers.deploy_{spec.id}"
        assert importlib.util.find_spec(spec.worker) is not None, spec.worker
    onnx = registered()["pt_onnx"]
    with pytest.raises(ValueError, match="registered twice"):
        register(dataclasses.replace(onnx, label="another"))
    assert register(onnx) is onnx  # the same declaration again is fine


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ('framework = "pytorch"', "label"),  # keys missing
        (f'{ONNX_TABLE}\nlabel_en = "x"', "label_en"),  # a key DeployPathSpec does not have
        (ONNX_TABLE.replace('targets = ["server"]', 'targets = "server"'), "targets"),
        (ONNX_TABLE.replace('install = "pip install onnx"', "install = 3"), "install"),
    ],
)
def test_a_declaration_that_does_not_fit_names_its_path_and_key(table: str, named: str) -> None:
    with pytest.raises(ValueError, match=rf"deployment path 'pt_new'(.|\n)*{named}"):
        load_paths(f"[pt_new]\n{table}\n")


def test_a_declaration_with_an_unknown_target_is_refused() -> None:
    [spec] = load_paths(f"[pt_new]\n{ONNX_TABLE.replace('server', 'fridge')}\n")
    with pytest.raises(ValueError, match=r"pt_new: unknown targets \['fridge'\]"):
        register(spec)
    assert "pt_new" not in registered()


def test_commands_start_with_the_install_line_without_its_note() -> None:
    paths = registered()
    tfjs = paths["tf_tfjs"]
    assert tfjs.install.startswith("pip install tensorflowjs  # ")  # the note, where it is missing
    assert tfjs.commands == ("pip install tensorflowjs", *tfjs.steps)
    litert = paths["pt_litert"]
    assert litert.commands == ("pip install litert-torch", *litert.steps)
    # SavedModel needs only TensorFlow, whose build (CPU or CUDA) the install advice chooses
    saved = paths["tf_savedmodel"]
    assert saved.install == "pip install tensorflow-cpu" and saved.commands == saved.steps
    for spec in paths.values():
        assert spec.steps and all(spec.steps) and len(set(spec.commands)) == len(spec.commands)


def test_paths_for_a_target() -> None:
    assert [s.id for s in paths_for(["server"])] == ["pt_onnx", "tf_onnx", "tf_savedmodel"]
    browser = {s.id for s in paths_for(["browser"])}
    assert {"tf_tfjs", "tf_litert", "pt_onnx"} <= browser and "tf_savedmodel" not in browser
    assert {s.id for s in paths_for(["mcu"])} == {"pt_executorch", "tf_litert"}
    assert len(paths_for(list(TARGETS))) == len(registered())
    assert paths_for([]) == []


def test_deploy_targets_from_the_command_line_and_the_profile(tmp_path: Path) -> None:
    assert deploy_targets(None, None) is None
    assert deploy_targets("", None) == TARGETS
    assert deploy_targets("server, mobile,server", None) == ("server", "mobile")
    with pytest.raises(ValueError, match="phone is not a target; allowed: mobile, browser"):
        deploy_targets("phone", None)
    profile = tmp_path / "p.yaml"
    profile.write_text("answers:\n  deploy_targets: [android, cloud_server]\n", encoding="utf-8")
    assert deploy_targets("", profile) == ("mobile", "server")
    none = tmp_path / "none.yaml"
    none.write_text("answers:\n  stage: research\n", encoding="utf-8")
    assert deploy_targets("", none) == TARGETS
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers:\n  deploy_targets: [moon]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml"):
        deploy_targets("", bad)


def test_cli_refuses_a_bad_target_before_probing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-bench", "--deploy", "toaster", "--quiet"]) == 2
    assert "toaster is not a target" in capsys.readouterr().err


def test_failed_ops_from_recorded_and_typical_messages() -> None:
    assert failed_ops(ORT_ERFC) == ["Erfc"]
    assert failed_ops("ValueError: Unsupported ops: Counter({'Erfc': 1, 'FooBar': 2})") == [
        "Erfc",
        "FooBar",
    ]
    assert failed_ops("Operator torch._ops.aten.unfold.default is not Aten Canonical") == [
        "aten.unfold.default"
    ]
    assert failed_ops("conversion failed: out of memory") == []


def test_median_interval_brackets_the_median() -> None:
    values = [float(v) for v in range(1, 16)]
    lat = median_interval(values)
    assert lat.median_s == 8.0 and lat.samples == 15
    assert lat.ci_low_s < 8.0 < lat.ci_high_s
    assert (lat.ci_low_s, lat.ci_high_s) == (4.0, 12.0)  # n=15: order statistics 4 and 12
    one = median_interval([2.0])
    assert one.ci_low_s == one.median_s == one.ci_high_s == 2.0


def test_reference_weights_are_fixed_and_differ_per_model() -> None:
    a, b = reference_weights("cnn"), reference_weights("cnn")
    assert a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)
    assert a["dw1.weight"].shape == (16, 1, 3, 3)  # depthwise: one filter per channel
    assert all(v.dtype == np.float32 for v in a.values())
    assert (a["conv0.bn.var"] > 0).all()
    enc = reference_weights("encoder")
    assert enc["q.weight"].shape == (32, 32) and enc["ff1.weight"].shape == (64, 32)
    assert reference_input("cnn").shape == (1, 3, 32, 32)
    assert reference_input("encoder").shape == (1, 16, 32)


def _run(events: list[dict[str, object]], **kw: Any) -> WorkerRun:
    return WorkerRun(framework="deploy:pt_onnx", events=events, wall_s=3.0, **kw)


def test_entries_from_worker_outcomes() -> None:
    spec = registered()["pt_onnx"]
    lat = {"median_s": 0.001, "ci_low_s": 0.0009, "ci_high_s": 0.0012, "samples": 15}
    works = {
        "type": "result",
        "model": "cnn",
        "status": "works",
        "artefact_bytes": 28597,
        "latency": lat,
        "eager_latency": lat,
        "max_abs_diff": 2e-7,
        "failed_ops": [],
    }
    run = _run(
        [
            {"type": "info", "status": "ok", "versions": {"torch": "2.13.0"}},
            works,
            {"type": "done"},
        ],
        returncode=0,
    )
    cnn, enc = entries_from_run(spec, run, ["server", "edge"], 60.0)
    assert cnn.status == "works" and cnn.target == "edge" and cnn.targets == ["edge", "server"]
    assert cnn.latency and cnn.latency.median_s == 0.001 and cnn.commands == list(spec.commands)
    assert cnn.toolchains == ["onnx_runtime"] and cnn.versions == {"torch": "2.13.0"}
    assert enc.status == "error" and enc.model == "encoder"  # no result for it: never silent
    timed = entries_from_run(
        spec,
        _run([{"type": "info", "status": "ok"}], timed_out=True, returncode=-9),
        ["server"],
        60.0,
    )
    assert {e.status for e in timed} == {"timeout"}
    missing = _run(
        [{"type": "info", "status": "not_installed", "reason": "onnx is not installed"}],
        returncode=0,
    )
    [entry, _] = entries_from_run(spec, missing, ["server"], 60.0)
    assert entry.status == "not_installed" and entry.install == spec.install


def test_report_v2_round_trips_and_v1_still_loads(minimal_report: ProbeReport) -> None:
    entry = DeploymentPath(
        framework="pytorch",
        path="pt_onnx",
        target="server",
        status="failed",
        error="X: y",
        failed_ops=["Erfc"],
    )
    report = minimal_report.model_copy(
        update={"deployment_paths": [entry], "deploy_cross_framework_diff": {"cnn": 2e-7}}
    )
    assert report.schema_version == 2
    assert parse_report(dump_report(report), "r.json") == report
    old = minimal_report.model_dump(mode="json")
    old["schema_version"] = 1
    old.pop("deployment_paths", None)
    import json

    loaded = parse_report(json.dumps(old).encode(), "old.json")
    assert loaded.deployment_paths is None and loaded.schema_version == 1
    with pytest.raises(ValueError, match="negative"):
        DeploymentPath(
            framework="pytorch", path="pt_onnx", target="server", status="works", artefact_bytes=-1
        )


def test_markdown_report_has_the_deployment_table(minimal_report: ProbeReport) -> None:
    from probes.markdown import render_markdown

    assert "Deployment paths" not in render_markdown(minimal_report)  # probed without --deploy
    entry = DeploymentPath(
        framework="tensorflow",
        path="tf_onnx",
        label="TensorFlow → tf2onnx → ONNX → ONNX Runtime",
        target="server",
        targets=["server"],
        status="failed",
        error="InvalidGraph: a | b\nsecond line",
        failed_ops=["Erfc"],
    )
    text = render_markdown(minimal_report.model_copy(update={"deployment_paths": [entry]}))
    row = next(ln for ln in text.splitlines() if ln.startswith("| TensorFlow → tf2onnx"))
    assert row.endswith("| Erfc: InvalidGraph: a \\| b second line |")
    assert row.count(" | ") == 9  # ten cells: the message's pipe and newline cannot break it
