"""The toolchain table (kb/data/toolchains.yaml): it loads, it is cross-checked, it is data.

A toolchain pick can become a must-have in a recommendation, so each support level must rest on
quoted, dated evidence, name frameworks and deploy targets that exist, and a third framework
must be a data change only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import kb
from kb.__main__ import main as kb_main
from tests.lookup import question

Edit = Callable[[Path, str, str], None]
LineOf = Callable[..., int]


# The ids agreed for issue 11: the questionnaire's `toolchains` options use exactly these.
CONTRACT_IDS = frozenset(
    {
        *("transformers", "trl_peft", "vllm", "diffusers", "sentence_transformers"),
        *("ultralytics", "timm", "monai", "nemo", "espnet", "torchaudio", "rllib"),
        *("stable_baselines3", "tf_agents", "torchrec", "tf_recommenders", "keras_rs"),
        *("keras_hub", "keras3", "tfx", "tf_serving", "torchserve", "triton_server"),
        *("tensorrt", "onnx_runtime", "openvino", "litert", "litert_torch", "litert_js"),
        *("tfjs", "executorch", "coreml", "coral_edge_tpu", "hailo", "st_edge_ai"),
        *("tflite_micro", "pyg", "dgl", "lightning", "deepspeed", "megatron", "torchtitan"),
        *("jax_flax", "tensorflow_probability", "tensorboard"),
    }
)


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run ``python -m kb check --dir root`` in-process; (exit code, problem lines)."""
    code = kb_main(["check", "--dir", str(root), "--today", "2026-11-28"])
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if line.startswith("toolchains.yaml:")]


def _entry_line(path: Path, line_of: LineOf, ident: str, needle: str) -> int:
    """Line of the first ``needle`` inside the entry ``ident``."""
    return line_of(path, needle, start=line_of(path, f"  - id: {ident}"))


# --- the shipped table ---------------------------------------------------------------------


def test_shipped_table_loads_and_is_cross_checked() -> None:
    base = kb.load()
    assert len(base.toolchains) >= 5
    targets = {o.id for o in question(base, "deploy_targets").options}
    for tc in base.toolchains.values():
        assert set(tc.support) <= set(base.frameworks), tc.id
        assert set(tc.targets) <= targets, tc.id
        for fw, sup in tc.support.items():
            assert sup.evidence or sup.unconfirmed, f"{tc.id}/{fw}"
            for ev in sup.evidence:
                assert ev.source in base.sources, f"{tc.id}/{fw}: {ev.source}"
                assert (ev.quote and ev.checked) or ev.unconfirmed, f"{tc.id}/{fw}"
            if sup.level == "conversion":
                assert sup.path, f"{tc.id}/{fw}"


def test_every_contract_id_is_in_the_table_for_both_frameworks() -> None:
    base = kb.load()
    assert len(CONTRACT_IDS) == 45
    missing = sorted(CONTRACT_IDS - set(base.toolchains))
    assert not missing, missing
    for ident in CONTRACT_IDS:
        assert {"pytorch", "tensorflow"} <= set(base.toolchains[ident].support), ident


def test_deploy_target_toolchains_list_that_target() -> None:
    """A target whose option names toolchains is among those toolchains' own targets."""
    base = kb.load()
    question = base.question("deploy_targets")
    assert question is not None
    for opt in question.options:
        for tc_id in opt.toolchains:
            assert opt.id in base.toolchains[tc_id].targets, f"{tc_id} lacks target {opt.id}"


def test_only_deployment_paths_name_targets() -> None:
    """`targets` feed the report's next steps for a deploy target, so a domain library (vLLM,
    Ultralytics, TFX) must not appear as *the* way to reach a cloud server or a phone."""
    libraries = {"model_library", "training_library", "experiment_tooling", "framework_api"}
    for tc in kb.load().toolchains.values():
        if tc.category in libraries:
            assert tc.targets == [], f"{tc.id} ({tc.category}) names targets {tc.targets}"


def test_decisive_facts_of_2026_are_in_the_table() -> None:
    """The facts issue 11 names as deciding, as recorded (each cell cites its source)."""
    tc = kb.load().toolchains
    assert tc["transformers"].support["tensorflow"].level == "none"
    assert tc["rllib"].support["tensorflow"].level == "none"
    assert tc["coral_edge_tpu"].support["pytorch"].level == "conversion"
    assert tc["coral_edge_tpu"].support["tensorflow"].level == "native"
    assert tc["tfjs"].support["pytorch"].level == "none"
    assert "browser_training" in tc["tfjs"].targets
    assert tc["executorch"].support["tensorflow"].level == "none"
    assert tc["torchserve"].support["pytorch"].status == "deprecated"
    assert tc["litert_js"].support["pytorch"].level == "conversion"
    assert tc["st_edge_ai"].support["pytorch"].level == "conversion"


def test_shipped_toolchain_sources_are_specific_pages() -> None:
    base = kb.load()
    cited = {
        ev.source
        for tc in base.toolchains.values()
        for sup in tc.support.values()
        for ev in sup.evidence
    }
    for sid in sorted(s for s in cited if s.startswith("tc_")):
        src = base.sources[sid]
        assert src.kind is not None, sid
        path = src.url.split("://", 1)[1].partition("/")[2]
        assert path.strip("/"), f"{sid} cites a site root: {src.url}"


# --- what `kb check` refuses, with file:line ---------------------------------------------


def test_unknown_framework_fails_with_line(
    kb_copy: Path, edit: Edit, line_of: LineOf, capsys: pytest.CaptureFixture[str]
) -> None:
    path = kb_copy / "toolchains.yaml"
    start = line_of(path, "  - id: transformers")
    edit(path, "      tensorflow:\n        level: none", "      tensorfow:\n        level: none")
    line = line_of(path, "      tensorfow:", start=start)
    code, problems = _check(kb_copy, capsys)
    assert code == 1
    hits = [p for p in problems if p.startswith(f"toolchains.yaml:{line}:")]
    assert hits, problems
    assert "support.tensorfow" in hits[0] and "unknown framework 'tensorfow'" in hits[0]
    assert "pytorch, tensorflow" in hits[0]  # says what is allowed


def test_unknown_target_fails_with_line(
    kb_copy: Path, edit: Edit, line_of: LineOf, capsys: pytest.CaptureFixture[str]
) -> None:
    path = kb_copy / "toolchains.yaml"
    edit(path, "    targets: [cloud_server, on_prem_server]", "    targets: [cloud_server, mars]")
    line = line_of(path, "targets: [cloud_server, mars]")
    code, problems = _check(kb_copy, capsys)
    assert code == 1
    hits = [p for p in problems if p.startswith(f"toolchains.yaml:{line}:")]
    assert hits, problems
    assert "'mars' is not an option of deploy_targets" in hits[0]


def test_evidence_without_quote_fails_with_line(
    kb_copy: Path, edit: Edit, line_of: LineOf, capsys: pytest.CaptureFixture[str]
) -> None:
    path = kb_copy / "toolchains.yaml"
    text = path.read_text(encoding="utf-8")
    first_quote = next(ln for ln in text.splitlines() if ln.strip().startswith("quote: "))
    edit(path, first_quote + "\n", "")
    line = line_of(path, "  - source: ")
    code, problems = _check(kb_copy, capsys)
    assert code == 1
    hits = [p for p in problems if p.startswith(f"toolchains.yaml:{line}:")]
    assert hits, problems
    assert "evidence without quote" in hits[0] and "allowed: a verbatim quote" in hits[0]


def test_evidence_marked_unconfirmed_needs_no_quote(kb_copy: Path, edit: Edit) -> None:
    path = kb_copy / "toolchains.yaml"
    text = path.read_text(encoding="utf-8")
    first_quote = next(ln for ln in text.splitlines() if ln.strip().startswith("quote: "))
    indent = first_quote[: len(first_quote) - len(first_quote.lstrip())]
    edit(path, first_quote + "\n", f'{indent}unconfirmed: "page gone; test"\n')
    assert kb.load(kb_copy).toolchains  # loads: the reason replaces the quote


def test_conversion_without_path_fails(
    kb_copy: Path, edit: Edit, line_of: LineOf, capsys: pytest.CaptureFixture[str]
) -> None:
    path = kb_copy / "toolchains.yaml"
    start = line_of(path, "  - id: coral_edge_tpu")
    target = line_of(path, "        path: ", start=start)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    del lines[target - 1]
    path.write_text("".join(lines), encoding="utf-8")
    code, problems = _check(kb_copy, capsys)
    assert code == 1
    assert any("conversion without path" in p for p in problems), problems


def test_level_none_is_the_only_level_without_status(kb_copy: Path, edit: Edit) -> None:
    path = kb_copy / "toolchains.yaml"
    edit(path, "        level: native\n        status: active\n", "        level: native\n")
    with pytest.raises(kb.KBError) as info:
        kb.load(kb_copy)
    assert any("level native without status" in p for p in info.value.problems)


def test_level_none_takes_no_status(kb_copy: Path, edit: Edit) -> None:
    path = kb_copy / "toolchains.yaml"
    edit(
        path,
        "      tensorflow:\n        level: none\n",
        "      tensorflow:\n        level: none\n        status: active\n",
    )
    with pytest.raises(kb.KBError) as info:
        kb.load(kb_copy)
    assert any("level none with a status" in p for p in info.value.problems)


def test_duplicate_toolchain_id_is_named(kb_copy: Path, edit: Edit) -> None:
    path = kb_copy / "toolchains.yaml"
    edit(path, "  - id: vllm\n", "  - id: transformers\n")
    with pytest.raises(kb.KBError) as info:
        kb.load(kb_copy)
    assert any("duplicate toolchain id 'transformers'" in p for p in info.value.problems)


def test_unknown_evidence_source_is_named(kb_copy: Path, edit: Edit, line_of: LineOf) -> None:
    path = kb_copy / "toolchains.yaml"
    edit(path, "source: tc_vllm_readme\n", "source: tc_no_such_page\n")
    line = line_of(path, "source: tc_no_such_page")
    with pytest.raises(kb.KBError) as info:
        kb.load(kb_copy)
    assert any(
        p.startswith(f"toolchains.yaml:{line}:") and "unknown source 'tc_no_such_page'" in p
        for p in info.value.problems
    ), info.value.problems


def test_install_for_a_framework_without_support_is_named(kb_copy: Path, edit: Edit) -> None:
    path = kb_copy / "toolchains.yaml"
    edit(
        path,
        '      - command: "pip install transformers"\n        framework: pytorch\n',
        '      - command: "pip install transformers"\n        framework: jax\n',
    )
    with pytest.raises(kb.KBError) as info:
        kb.load(kb_copy)
    assert any("framework 'jax' has no support entry here" in p for p in info.value.problems)


def test_option_naming_an_unknown_toolchain_fails_with_line(
    kb_copy: Path, edit: Edit, line_of: LineOf
) -> None:
    path = kb_copy / "questions.yaml"
    edit(path, "toolchains: [coral_edge_tpu]", "toolchains: [coral_edge_tpux]")
    line = line_of(path, "toolchains: [coral_edge_tpux]")
    with pytest.raises(kb.KBError) as info:
        kb.load(kb_copy)
    assert any(
        p.startswith(f"questions.yaml:{line}:")
        and "'coral_edge_tpux' is not a toolchain in toolchains.yaml" in p
        for p in info.value.problems
    ), info.value.problems


# --- frameworks are data ------------------------------------------------------------------


def _add_jax_column(path: Path, edit: Edit) -> None:
    edit(
        path,
        "      tensorflow:\n        level: none\n",
        "      jax:\n"
        "        level: none\n"
        "        evidence:\n"
        "          - source: tc_transformers_v5_migration\n"
        '            claim: "Transformers v5 removes its JAX parts too."\n'
        "            as_of: 2025-12-01\n"
        '            quote: "We\'re removing the TensorFlow and Jax parts of the library."\n'
        "            checked: 2026-11-28\n"
        "      tensorflow:\n        level: none\n",
    )


def test_jax_column_loads_with_a_jax_framework_and_no_code_change(
    kb_copy: Path, edit: Edit
) -> None:
    fw_dir = kb_copy / "frameworks"
    pytorch = (fw_dir / "pytorch.yaml").read_text(encoding="utf-8")
    (fw_dir / "jax.yaml").write_text(pytorch.replace("id: pytorch", "id: jax", 1), "utf-8")
    _add_jax_column(kb_copy / "toolchains.yaml", edit)
    base = kb.load(kb_copy)
    assert base.toolchains["transformers"].support["jax"].level == "none"
    assert list(base.toolchains["transformers"].support) == ["pytorch", "jax", "tensorflow"]


def test_jax_column_without_a_jax_framework_fails(
    kb_copy: Path, edit: Edit, line_of: LineOf, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_jax_column(kb_copy / "toolchains.yaml", edit)
    line = line_of(kb_copy / "toolchains.yaml", "      jax:")
    code, problems = _check(kb_copy, capsys)
    assert code == 1
    assert any(
        p.startswith(f"toolchains.yaml:{line}:") and "unknown framework 'jax'" in p
        for p in problems
    ), problems


# --- the table and the questionnaire ------------------------------------------------------


def test_a_kb_without_the_table_still_loads(kb_copy: Path) -> None:
    (kb_copy / "toolchains.yaml").unlink()
    base = kb.load(kb_copy)
    assert base.toolchains == {}
    assert base.frameworks  # the rest is unchanged


def test_toolchains_question_options_must_be_toolchain_ids(kb_copy: Path) -> None:
    questions = kb_copy / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    if "  - id: toolchains\n" in text:  # the shipped questionnaire already asks it
        text = text.replace("  - id: toolchains\n", "  - id: toolchains_old\n", 1)
    text += (
        "  - id: toolchains\n"
        "    kind: multi\n"
        "    group: project\n"
        '    text: {en: "Which toolchains?", zh: "依赖哪些工具链？"}\n'
        '    help: {en: "Pick all.", zh: "可多选。"}\n'
        "    options:\n"
        '      - id: vllm\n        label: {en: "vLLM", zh: "vLLM"}\n'
        '      - id: not_a_toolchain\n        label: {en: "Nope", zh: "没有"}\n'
    )
    questions.write_text(text, encoding="utf-8")
    with pytest.raises(kb.KBError) as info:
        kb.load(kb_copy)
    hits = [p for p in info.value.problems if "not_a_toolchain" in p]
    assert hits and hits[0].startswith("questions.yaml:"), info.value.problems
    assert "is not a toolchain in toolchains.yaml" in hits[0]
    assert not any("'vllm' is not a toolchain" in p for p in info.value.problems)
