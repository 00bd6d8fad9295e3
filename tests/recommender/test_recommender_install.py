"""The install command fits the machine: CUDA build by driver and GPU, and answer/probe conflicts.

Machines are real recorded outputs (tests/fixtures/probes, see its README) replayed through the
probe's own parsers; the knowledge base is the shipped one, so these tests also hold the
compatibility table to what the install choice needs (floors recorded for the current releases).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kb.schema import CompatRow, CudaBuild, KnowledgeBase
from probes.accel import amd, apple, nvidia, tpu
from probes.cpu import parse_sysctl
from probes.report import Accelerator, ProbeReport
from probes.runner import ReplayRunner
from recommender.facts import compat_facts, version_key
from recommender.install import (
    Machine,
    build_fits,
    choose_install,
    install_notes,
    resolve_machine,
)
from tests.recommender.rec_kbfactory import probe

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "probes"


def fx(rel: str) -> str:
    return (FIX / rel).read_text(encoding="utf-8")


def report(rel: str) -> ProbeReport:
    return ProbeReport.model_validate_json(fx(f"reports/{rel}"))


def with_accelerators(accs: list[Accelerator], **kwargs: Any) -> ProbeReport:
    base = probe(**kwargs)
    return base.model_copy(update={"accelerators": accs})


def from_smi_table(rel: str) -> list[Accelerator]:
    """GPUs of a plain `nvidia-smi` table (old recordings have no --query-gpu output)."""
    text = fx(rel)
    driver = re.search(r"Driver Version:\s*(\S+)", text)
    names = re.findall(r"^\|\s+\d+\s+(.+?)\s{2,}(?:On|Off)\s", text, flags=re.M)
    assert driver and names, rel
    return nvidia.rows_to_accelerators(
        [{"name": n, "driver_version": driver.group(1)} for n in names],
        nvidia.parse_cuda_driver_version(text),
        "nvidia-smi",
    )


def rows(kb: KnowledgeBase, fw: str) -> list[CompatRow]:
    found = [r for r in kb.compatibility if r.framework == fw]
    return sorted(found, key=lambda r: version_key(r.version), reverse=True)


def row(kb: KnowledgeBase, fw: str, version: str) -> CompatRow:
    return next(r for r in rows(kb, fw) if r.version == version)


def default_build(r: CompatRow) -> CudaBuild:
    return next(b for b in r.cuda_builds if b.role == "default")


# --------------------------------------------------------------------- the floors themselves


@pytest.mark.parametrize(
    ("driver", "cap", "fits"),
    [
        ("580.65.06", "9.0", True),
        ("580.159.04", "12.0", True),
        ("575.57.08", "9.0", False),  # driver below the CUDA 13 floor
        ("580.65.06", "7.0", False),  # Volta: no code in CUDA 13 builds
        ("580.65.06", "6.1", False),  # Pascal
        ("580.65.06", "13.0", False),  # newer than the newest architecture carried
        (None, "8.6", True),  # unknown driver does not exclude
        ("590.10", None, True),  # unknown GPU does not exclude
    ],
)
def test_cuda13_build_floors(driver: str | None, cap: str | None, fits: bool) -> None:
    build = CudaBuild(
        version="13.0",
        role="default",
        min_driver="580",
        min_compute_capability="7.5",
        max_compute_capability="12.0",
    )
    machine = Machine(os="linux", arch="x86_64", vendors=("nvidia",), driver=driver)
    machine = Machine(**{**machine.__dict__, "compute_capability": cap})
    assert build_fits(build, machine) is fits


def test_shipped_rows_record_the_cuda13_floors(real_kb: KnowledgeBase) -> None:
    """Every PyTorch release whose default wheel is CUDA 13 records driver 580 and Turing+."""
    cuda13 = [
        r
        for r in rows(real_kb, "pytorch")
        if any(b.role == "default" for b in r.cuda_builds)
        and default_build(r).version.startswith("13.")
    ]
    assert [r.version for r in cuda13][-1] == "2.11"  # the first release with a CUDA 13 default
    for r in cuda13:
        d = default_build(r)
        assert d.min_driver == "580" and d.min_compute_capability == "7.5", r.version
        legacy = [b for b in r.cuda_builds if b.min_compute_capability == "5.0"]
        if version_key(r.version) < (2, 15):
            assert legacy and legacy[0].version == "12.6", r.version  # Maxwell..Volta served
        else:  # 2.15 ships no CUDA 12.6 build (kb/data/compatibility.yaml, torchcodec #1703)
            assert not legacy, r.version


# --------------------------------------------------------------------- (a) old GPU / old driver


def test_volta_gets_the_cuda_12_6_build(real_kb: KnowledgeBase) -> None:
    """TITAN V (Volta, 7.0) + RTX 5880 Ada, driver 570: the default CUDA 13 wheel cannot run."""
    runner = ReplayRunner(
        {
            "nvidia-smi --query-gpu": fx("nvidia-smi/titanv_rtx5880_query.csv"),
            "nvidia-smi": fx("nvidia-smi/h100_azure_535.txt"),
        }
    )
    machine = with_accelerators(nvidia.from_nvidia_smi(runner))
    choice = choose_install(real_kb, "pytorch", machine, {})
    assert choice is not None and choice.platform == "linux_cuda"
    assert choice.cuda == "12.6" and "/whl/cu126" in choice.command
    chosen = row(real_kb, "pytorch", choice.release)
    assert choice.machine is not None
    assert not build_fits(default_build(chosen), choice.machine)
    reasons = " ".join(en for en, _ in choice.reasons)
    assert "compute capability 7.0" in reasons and "CUDA 12.6" in reasons
    assert all(zh for _, zh in choice.reasons)


def test_driver_535_gets_a_cuda_12_build(real_kb: KnowledgeBase) -> None:
    """Azure H100 with driver 535.161.08: CUDA 13 needs 580, CUDA 12.x runs on >= 525."""
    machine = with_accelerators(from_smi_table("nvidia-smi/h100_azure_535.txt"))
    assert machine.accelerators[0].driver == "535.161.08"
    choice = choose_install(real_kb, "pytorch", machine, {})
    assert choice is not None and choice.cuda is not None and choice.cuda.startswith("12.")
    assert "--index-url https://download.pytorch.org/whl/cu12" in choice.command
    assert any("580" in en for en, _ in choice.reasons)
    # TensorFlow's CUDA 12.5 build needs 525.60.13: the default [and-cuda] command stays.
    tf = choose_install(real_kb, "tensorflow", machine, {})
    assert tf is not None and tf.platform == "linux_cuda" and "[and-cuda]" in tf.command


def test_driver_450_gets_the_cpu_build_with_the_reason(real_kb: KnowledgeBase) -> None:
    """TITAN Xp on driver 450.57 (2020): no recorded CUDA build runs; say so, offer CPU."""
    machine = with_accelerators(from_smi_table("nvidia-smi/titanxp_450.txt"))
    choice = choose_install(real_kb, "pytorch", machine, {})
    assert choice is not None and choice.platform == "linux_cpu"
    assert "/whl/cpu" in choice.command
    assert any("update the driver" in en for en, _ in choice.reasons)


# --------------------------------------------------------------------- (b) current GPU and driver


def test_hopper_on_driver_580_gets_the_default_build(real_kb: KnowledgeBase) -> None:
    """The recorded H200 report (driver 580.159.04, compute capability 9.0)."""
    machine = report("h200_torch_only_deep.json")
    choice = choose_install(real_kb, "pytorch", machine, {})
    assert choice is not None and choice.platform == "linux_cuda"
    chosen = row(real_kb, "pytorch", choice.release)
    assert choice.cuda == default_build(chosen).version
    assert choice.command == next(c.command for c in chosen.install if c.platform == "linux_cuda")
    # The newest release whose builds are recorded: a release without them is skipped, and
    # the report says why rather than handing out an unchecked wheel.
    newest_recorded = next(r for r in rows(real_kb, "pytorch") if r.cuda_builds)
    assert choice.release == newest_recorded.version
    skipped = [r.version for r in rows(real_kb, "pytorch")][
        : rows(real_kb, "pytorch").index(chosen)
    ]
    for version in skipped:
        assert any(f"PyTorch {version}" in en for en, _ in choice.reasons)
    assert choice.disagreement is None


def test_h100_on_driver_580_gets_the_cuda_13_default(real_kb: KnowledgeBase) -> None:
    """A lent H100 SXM (driver 580.159.04), recorded with the probe's own query."""
    accs = nvidia.from_nvidia_smi(
        ReplayRunner(
            {
                "nvidia-smi --query-gpu": fx("nvidia-smi/h100_580_query.csv"),
                "nvidia-smi": fx("nvidia-smi/h100_580.txt"),
            }
        )
    )
    assert [(a.name, a.driver, a.compute_capability) for a in accs] == [
        ("NVIDIA H100 80GB HBM3", "580.159.04", "9.0")
    ]
    choice = choose_install(real_kb, "pytorch", with_accelerators(accs), {})
    assert choice is not None and choice.cuda is not None and choice.cuda.startswith("13.")
    # torch 2.15's PyPI default is the CUDA 13.2 build: plain pip, no index URL
    assert (choice.release, choice.cuda) == ("2.15", "13.2")
    assert choice.command == 'pip install "torch==2.15.*"'
    tf = choose_install(real_kb, "tensorflow", with_accelerators(accs), {})
    assert tf is not None and tf.command == 'pip install "tensorflow[and-cuda]==2.21.*"'


def test_agreeing_answers_keep_the_probed_driver(real_kb: KnowledgeBase) -> None:
    machine = report("h200_torch_only_deep.json")
    choice = choose_install(real_kb, "pytorch", machine, {"hardware": ["nvidia"], "os": ["linux"]})
    assert choice is not None and choice.disagreement is None
    assert choice.machine is not None and choice.machine.driver == "580.159.04"


# --------------------------------------------------------------------- (c) answers vs probe


def test_answers_nvidia_but_probe_found_none(real_kb: KnowledgeBase) -> None:
    """The dev VM's real report (no GPU) with answers saying NVIDIA GPUs."""
    machine = report("cpu_2vcpu_both_quick_calm.json")
    assert machine.accelerators == []
    choice = choose_install(real_kb, "pytorch", machine, {"hardware": ["nvidia"], "os": ["linux"]})
    assert choice is not None and choice.platform == "linux_cuda"  # the described machine
    d = choice.disagreement
    assert d is not None and d.decided_by == "answers"
    assert d.answered == ("nvidia",) and d.probed == ("cpu",)
    assert "NVIDIA accelerators" in d.en and "no accelerator (CPU only)" in d.en
    assert "run the probe" in d.en and "探测" in d.zh and "仅 CPU" in d.zh
    # The probed machine's (absent) driver says nothing about the described one.
    assert choice.machine is not None and choice.machine.driver is None
    notes = install_notes(choice)
    assert notes[0] == (d.en, d.zh)  # the warning comes first, then the reasons
    assert install_notes(None) == []


def test_answers_cpu_only_but_probe_found_a_gpu(real_kb: KnowledgeBase) -> None:
    machine = report("h200_torch_only_deep.json")
    choice = choose_install(real_kb, "pytorch", machine, {"hardware": ["cpu_only"]})
    assert choice is not None and choice.platform == "linux_cpu"
    assert choice.disagreement is not None and choice.disagreement.probed == ("nvidia",)


def test_answers_another_os_than_the_probe(real_kb: KnowledgeBase) -> None:
    machine = report("h200_torch_only_deep.json")
    described, disagreement = resolve_machine(machine, {"os": ["windows"]})
    assert described is not None and described.os == "windows"
    assert disagreement is not None and "windows" in disagreement.en
    choice = choose_install(real_kb, "tensorflow", machine, {"os": ["windows"]})
    assert choice is not None and choice.platform == "wsl2_cuda"  # TF's GPU route on Windows


# --------------------------------------------------------------------- (d) ROCm, (e) Apple, (f) TPU


def test_rocm_gets_rocm_builds_for_both(real_kb: KnowledgeBase) -> None:
    machine = with_accelerators(amd.parse_rocm_smi_json(fx("rocm-smi/rx7900xt.json")))
    torch = choose_install(real_kb, "pytorch", machine, {})
    assert torch is not None and torch.platform == "rocm"
    newest = next(r for r in rows(real_kb, "pytorch") if r.rocm)
    assert torch.release == newest.version and f"/whl/rocm{newest.rocm[0]}" in torch.command
    tf = choose_install(real_kb, "tensorflow", machine, {})
    assert tf is not None and tf.platform == "rocm" and tf.command.startswith("docker pull rocm/")
    assert tf.release == rows(real_kb, "tensorflow")[0].version  # AMD images reach the newest TF


def test_rocm_facts_are_true_for_both(real_kb: KnowledgeBase) -> None:
    facts = compat_facts(real_kb, None)
    assert facts["compat.tensorflow.rocm_supported"] is True
    assert facts["compat.pytorch.rocm_supported"] is True
    assert facts["compat.tensorflow.rocm_latest"] == rows(real_kb, "tensorflow")[0].version


def test_apple_silicon(real_kb: KnowledgeBase) -> None:
    accs = apple.apple_from_sysctl(parse_sysctl(fx("sysctl/m1_machdep.txt")))
    assert [a.vendor for a in accs] == ["apple"]
    machine = with_accelerators(accs, os="macos", arch="arm64")
    torch = choose_install(real_kb, "pytorch", machine, {})
    assert torch is not None and torch.platform == "macos_arm64"
    assert "--index-url" not in torch.command
    assert any("MPS" in en for en, _ in torch.reasons)
    tf = choose_install(real_kb, "tensorflow", machine, {})
    assert tf is not None and any("CPU only" in en for en, _ in tf.reasons)


def test_cloud_tpu(real_kb: KnowledgeBase) -> None:
    accs = tpu.detect_tpu([], ["0x1ae0"], {"TPU_ACCELERATOR_TYPE": "v5litepod-8"}, True)
    machine = with_accelerators(accs)
    tf = choose_install(real_kb, "tensorflow", machine, {})
    assert tf is not None and tf.platform == "linux_tpu"
    assert "--version=tpu-vm-tf-" in tf.command and tf.command.endswith("-pjrt")
    assert tf.release == "2.18"  # the newest TF in Cloud TPU's supported table
    assert any("TPU7x" in en for en, _ in tf.reasons)
    torch = choose_install(real_kb, "pytorch", machine, {})
    assert torch is not None and torch.platform == "linux_cpu"
    assert any("no PyTorch install command for TPU" in en for en, _ in torch.reasons)


# --------------------------------------------------------------------- (e) the machine's Python


def _on_python(report_: ProbeReport, version: str) -> ProbeReport:
    return report_.model_copy(
        update={"python": report_.python.model_copy(update={"version": version})}
    )


def test_a_python_the_newest_release_dropped_gets_the_newest_release_that_has_it(
    real_kb: KnowledgeBase,
) -> None:
    """torch 2.15 needs Python 3.11 (its PyPI wheels): on 3.10 `pip install torch==2.15.*`
    would fail, so the command is for the newest release listing 3.10, and says why."""
    newest = rows(real_kb, "pytorch")[0]
    older = next(r for r in rows(real_kb, "pytorch") if "3.10" in r.python)
    assert "3.10" not in newest.python and older is not newest, "KB changed: pick another case"
    machine = _on_python(report("cpu_2vcpu_both_quick_calm.json"), "3.10.14")
    choice = choose_install(real_kb, "pytorch", machine, {})
    assert choice is not None and choice.release == older.version
    assert f"torch=={older.version}.*" in choice.command
    reason = next(en for en, _ in choice.reasons if "Python 3.10" in en)
    assert newest.version in reason and older.version in reason
    # a Python the newest release has: no change, no reason
    machine = _on_python(machine, f"{newest.python[0]}.1")
    choice = choose_install(real_kb, "pytorch", machine, {})
    assert choice is not None and choice.release == newest.version
    assert not [en for en, _ in choice.reasons if "Python" in en]


def test_a_python_no_release_lists_keeps_the_newest_and_says_so(real_kb: KnowledgeBase) -> None:
    machine = _on_python(report("cpu_2vcpu_both_quick_calm.json"), "3.99.0")
    choice = choose_install(real_kb, "tensorflow", machine, {})
    assert choice is not None and choice.release == rows(real_kb, "tensorflow")[0].version
    assert any("lists Python 3.99" in en for en, _ in choice.reasons)
    assert all(zh for _, zh in choice.reasons)


def test_answers_alone_never_filter_by_python(real_kb: KnowledgeBase) -> None:
    machine, _ = resolve_machine(None, {"hardware": ["cpu_only"], "os": ["linux"]})
    assert machine is not None and machine.python is None


def test_a_pascal_gpu_on_a_new_driver_stays_on_the_last_release_with_cuda_12_6(
    real_kb: KnowledgeBase,
) -> None:
    """torch 2.15 ships no CUDA 12.6 build and its CUDA 13.2 default starts at Turing: a Pascal
    card (6.1) gets 2.14's cu126 build, with the reason, even on a CUDA 13 driver."""
    machine = with_accelerators(
        [Accelerator(vendor="nvidia", name="NVIDIA GeForce GTX 1080 Ti", driver="580.95.05",
                     compute_capability="6.1", source="nvidia-smi")]
    )  # fmt: skip
    choice = choose_install(real_kb, "pytorch", machine, {})
    assert choice is not None and (choice.release, choice.cuda) == ("2.14", "12.6")
    assert choice.command.endswith("/whl/cu126")
    assert any("2.15" in en for en, _ in choice.reasons)
