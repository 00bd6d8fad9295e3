"""Which install command fits the machine: platform, release and CUDA build.

Kept apart from the decision-record words (recommender/explain.py) because choosing a command is
its own idea: it reads the compatibility table, the answers and the probed machine.

Which hardware decides (docs/install-choice.md tells the same rule to users):

1. The answers describe the machine the work will run on. When they name accelerators (or "CPU
   only") that the probe did not find, the answers decide the platform and the disagreement is
   returned, so the caller can warn. The probe's driver and compute capability then describe a
   different machine and are not used.
2. When the answers agree with the probe, or say nothing about hardware, the probe decides and
   its driver and compute capability pick the CUDA build.
3. Without a probe the answers decide.

A CUDA build fits when the driver meets its floor and the GPU's compute capability lies within
its architecture range (unknown facts do not exclude). The default build of the newest release
that fits wins; else another build of that release (e.g. cu126 for a V100); else an older
release. A release whose CUDA builds the KB has not recorded cannot be checked, so it is skipped
while the machine's driver or compute capability is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kb.schema import CompatRow, CudaBuild, InstallCommand, KnowledgeBase
from kb.texts import Bilingual, pair
from probes.report import ProbeReport
from recommender.facts import version_key
from recommender.labels import OS_NAMES

# Install platform preference per OS and accelerator vendor; the first one the KB lists wins.
_PLATFORMS: dict[str, dict[str, list[str]]] = {
    "linux": {
        "nvidia": ["linux_cuda", "cuda"],
        "amd": ["linux_rocm", "rocm"],
        "intel": ["linux_xpu", "xpu"],
        "google": ["linux_tpu", "tpu"],
    },
    # Native Windows first; the KB's WSL2 command is the GPU route where there is no native one.
    "windows": {"nvidia": ["windows_cuda", "wsl2_cuda"], "intel": ["windows_xpu", "xpu"]},
    "macos": {"apple": ["macos_arm64", "macos_mps"]},
}
_HARDWARE_TO_VENDOR = {
    "nvidia": "nvidia",
    "amd": "amd",
    "intel_gpu": "intel",
    "apple_silicon": "apple",
    "tpu": "google",
}
_VENDOR_ORDER = ("nvidia", "amd", "intel", "google", "apple")
_CUDA_PLATFORMS = frozenset({"linux_cuda", "cuda", "windows_cuda", "wsl2_cuda"})
_ROLE_ORDER = {"default": 0, "stable": 1, "legacy": 2, "experimental": 3}


@dataclass(frozen=True)
class Machine:
    """The machine an install command is for."""

    os: str
    arch: str
    vendors: tuple[str, ...]
    wsl: bool = False
    driver: str | None = None  # NVIDIA driver of the probed machine
    compute_capability: str | None = None  # lowest among its NVIDIA GPUs
    source: str = "answers"  # "probe" or "answers"
    python: str | None = None  # "3.10": the probed machine's Python (a wheel must exist for it)


@dataclass(frozen=True)
class HardwareDisagreement:
    """The answers and the probed machine describe different hardware."""

    answered: tuple[str, ...]  # accelerator vendors (or "cpu") the answers name
    probed: tuple[str, ...]  # accelerator vendors (or "cpu") the probe found
    decided_by: str  # "answers": the command is for the described machine
    en: str
    zh: str


@dataclass(frozen=True)
class InstallChoice:
    """An install command and why it was chosen."""

    command: str
    platform: str
    release: str  # framework release row, e.g. "2.14"
    cuda: str | None = None  # CUDA build chosen, e.g. "12.6"
    reasons: tuple[Bilingual, ...] = ()
    disagreement: HardwareDisagreement | None = None
    machine: Machine | None = field(default=None, compare=False)


def _answer_vendors(answers: dict[str, list[str]]) -> list[str] | None:
    """Vendors the answers name; ["cpu"] for "CPU only"; None when hardware was not given."""
    hardware = answers.get("hardware")
    if not hardware:
        return None
    vendors = [_HARDWARE_TO_VENDOR[h] for h in hardware if h in _HARDWARE_TO_VENDOR]
    if vendors:
        return vendors
    return ["cpu"] if "cpu_only" in hardware else None


_NAMES = {"nvidia": "NVIDIA", "amd": "AMD", "intel": "Intel", "apple": "Apple", "google": "TPU"}


def _label(vendors: Sequence[str]) -> Bilingual:
    named = [_NAMES.get(v, v) for v in vendors if v != "cpu"]
    if not named:
        return pair("install_no_accelerator")
    return pair("install_accelerators", names=" + ".join(named))


def _joined(sep: Bilingual, parts: Sequence[Bilingual]) -> Bilingual:
    """Bilingual parts joined with a bilingual separator, each language with its own."""
    return sep[0].join(p[0] for p in parts), sep[1].join(p[1] for p in parts)


def _nvidia_facts(probe: ProbeReport) -> tuple[str | None, str | None]:
    """Driver and lowest compute capability of the probed NVIDIA GPUs."""
    gpus = [a for a in probe.accelerators if a.vendor == "nvidia"]
    drivers = [a.driver for a in gpus if a.driver]
    caps = [a.compute_capability for a in gpus if a.compute_capability]
    driver = min(drivers, key=version_key) if drivers else None
    cap = min(caps, key=version_key) if caps else None
    return driver, cap


def resolve_machine(
    probe: ProbeReport | None, answers: dict[str, list[str]]
) -> tuple[Machine | None, HardwareDisagreement | None]:
    """The machine to install for, by the rule in the module docstring, and any disagreement."""
    said = _answer_vendors(answers)
    said_os = (answers.get("os") or [""])[0]
    if probe is None:
        vendors = tuple(v for v in (said or []) if v != "cpu")
        arch = "arm64" if "apple" in vendors else ""
        return (Machine(os=said_os, arch=arch, vendors=vendors) if said_os else None), None
    # "other" accelerators have no answer option and no install platform: not compared.
    found: list[str] = sorted({str(a.vendor) for a in probe.accelerators if a.vendor != "other"})
    driver, cap = _nvidia_facts(probe)
    parts = probe.python.version.split(".")
    py = f"{parts[0]}.{parts[1]}" if len(parts) >= 2 and parts[1].isdigit() else None
    probed = Machine(
        os=probe.host.os,
        arch=probe.host.arch.lower(),
        vendors=tuple(found),
        wsl=bool(probe.host.wsl),
        driver=driver,
        compute_capability=cap,
        source="probe",
        python=py,
    )
    said_set = set(said or [])
    found_set: set[str] = set(found) or {"cpu"}
    os_differs = bool(said_os) and said_os != probe.host.os
    if (said is None or said_set == found_set) and not os_differs:
        return probed, None
    vendors = tuple(v for v in (said or found) if v != "cpu")
    os_name = said_os or probe.host.os
    same_os = os_name == probe.host.os
    # The probed NVIDIA driver and GPU still describe the machine when both name NVIDIA there.
    same_gpu = same_os and "nvidia" in vendors and "nvidia" in found
    described = Machine(
        os=os_name,
        arch=probed.arch if same_os else ("arm64" if "apple" in vendors else ""),
        vendors=vendors,
        wsl=probed.wsl and same_os,
        driver=driver if same_gpu else None,
        compute_capability=cap if same_gpu else None,
        source="answers",
        python=py if same_os else None,  # the probed Python, where it is the same machine
    )
    answered = tuple(sorted(said_set)) if said is not None else tuple(found) or ("cpu",)
    probed_l = tuple(sorted(found_set))
    en, zh = pair(
        "install_disagreement",
        answered=_label(answered),
        where=pair("on_place", place=os_name) if os_differs else "",
        probed_os=probe.host.os,
        probed=_label(probed_l),
    )
    return described, HardwareDisagreement(answered, probed_l, "answers", en, zh)


def _platforms_for(machine: Machine) -> list[str]:
    if machine.os not in _PLATFORMS:
        return []
    out: list[str] = []
    if machine.wsl and "nvidia" in machine.vendors:
        out.append("wsl2_cuda")
    for vendor in _VENDOR_ORDER:
        if vendor in machine.vendors:
            out += _PLATFORMS[machine.os].get(vendor, [])
    if machine.os == "macos":
        out += ["macos_arm64"] if machine.arch in ("arm64", "aarch64", "") else ["macos_x86_64"]
    elif machine.os == "linux" and machine.arch in ("aarch64", "arm64"):
        out += ["linux_aarch64", "linux_arm64", "linux_cpu"]
    else:
        out += [f"{machine.os}_cpu"]
    out.append("cpu")
    return list(dict.fromkeys(out))


def _accelerator_platforms(machine: Machine) -> set[str]:
    return {p for v in machine.vendors for p in _PLATFORMS.get(machine.os, {}).get(v, [])}


def _has_platform(rows: list[CompatRow], machine: Machine, vendor: str) -> bool:
    wanted = set(_PLATFORMS.get(machine.os, {}).get(vendor, []))
    return any(c.platform in wanted for r in rows for c in r.install)


def install_platforms(probe: ProbeReport | None, answers: dict[str, list[str]]) -> list[str]:
    """Install platforms to try, best first, for the machine the rule above picks."""
    machine, _ = resolve_machine(probe, answers)
    return [] if machine is None else _platforms_for(machine)


def _at_least(value: str | None, floor: str | None) -> bool:
    """value >= floor by version order; an unknown value or floor does not exclude."""
    if value is None or floor is None:
        return True
    return version_key(value) >= version_key(floor)


def build_fits(build: CudaBuild, machine: Machine) -> bool:
    """Does this CUDA build run on the machine (driver floor, architecture range)?"""
    if not _at_least(machine.driver, build.min_driver):
        return False
    if not _at_least(machine.compute_capability, build.min_compute_capability):
        return False
    cap, top = machine.compute_capability, build.max_compute_capability
    return cap is None or top is None or version_key(cap) <= version_key(top)


def _why_not(build: CudaBuild, machine: Machine) -> Bilingual:
    """Every floor this machine misses for the build (driver, architecture)."""
    misses: list[Bilingual] = []
    if not _at_least(machine.driver, build.min_driver):
        misses.append(pair("install_need_driver", floor=build.min_driver, driver=machine.driver))
    if not build_fits(build.model_copy(update={"min_driver": None}), machine):
        misses.append(pair("install_no_code_for_cc", cc=machine.compute_capability))
    joined = _joined(pair("install_and_also"), misses)
    return pair("install_build_misses", version=build.version, misses=joined)


def _cuda_choice(
    framework: str, rows: list[CompatRow], platform: str, machine: Machine
) -> tuple[CompatRow, InstallCommand, CudaBuild | None, list[Bilingual]] | None:
    """Newest release whose CUDA build fits the machine, and that build."""
    known = machine.driver is not None or machine.compute_capability is not None
    notes: list[Bilingual] = []
    for row in rows:
        cmd = next((c for c in row.install if c.platform == platform), None)
        if cmd is None:
            continue
        if not known:
            default = next((b for b in row.cuda_builds if b.role == "default"), None)
            return row, cmd, default, notes
        if not row.cuda_builds:
            notes.append(pair("install_builds_not_recorded", fw=framework, version=row.version))
            continue
        # Default first, then stable before legacy, the newer CUDA first within a role.
        builds = sorted(
            (b for b in row.cuda_builds if b.role != "experimental"),
            key=lambda b: (_ROLE_ORDER[b.role], tuple(-k for k in version_key(b.version))),
        )
        fitting = [b for b in builds if build_fits(b, machine)]
        default = next((b for b in builds if b.role == "default"), None)
        if fitting:
            best = fitting[0]
            if default is not None and best is not default:
                notes.append(
                    pair(
                        "install_default_build_misses",
                        fw=framework,
                        version=row.version,
                        default=default.version,
                        why=_why_not(default, machine),
                        best=best.version,
                    )
                )
            return row, cmd, best, notes
        why = _joined(pair("list_sep"), [_why_not(b, machine) for b in builds])
        notes.append(pair("install_no_build_fits", fw=framework, version=row.version, why=why))
    return None


def _rows_for_python(
    rows: list[CompatRow], python: str | None, name: str
) -> tuple[list[CompatRow], Bilingual | None]:
    """The releases (newest first) with wheels for the machine's Python, and why the newest
    was passed over; all of them, said so, when none lists that Python."""
    if python is None:
        return rows, None
    fitting = [r for r in rows if python in r.python]
    if not fitting:
        return rows, pair("install_python_none", fw=name, py=python)
    if rows and fitting[0] is not rows[0]:
        newest = rows[0]
        return fitting, pair(
            "install_python_older",
            fw=name,
            newest=newest.version,
            py=python,
            release=fitting[0].version,
            lowest=min(newest.python, key=version_key) if newest.python else "?",
        )
    return fitting, None


def choose_install(
    kb: KnowledgeBase,
    framework: str | None,
    probe: ProbeReport | None,
    answers: dict[str, list[str]],
) -> InstallChoice | None:
    """The KB's install command for the chosen framework on the machine the rule picks.

    Platforms are tried best first (an accelerator build before the CPU one); for each, the newest
    release row that lists it wins, so a GPU command in an older row beats a CPU-only newer one.
    On CUDA platforms the build must also fit the machine's driver and GPU (see module docstring).
    """
    if framework is None:
        return None
    machine, disagreement = resolve_machine(probe, answers)
    if machine is None:
        return None
    rows = sorted(
        (r for r in kb.compatibility if r.framework == framework),
        key=lambda r: version_key(r.version),
        reverse=True,
    )
    name = kb.frameworks[framework].name if framework in kb.frameworks else framework
    reasons: list[Bilingual] = []
    rows, python_reason = _rows_for_python(rows, machine.python, name)
    if python_reason is not None:
        reasons.append(python_reason)
    for platform in _platforms_for(machine):
        if platform in _CUDA_PLATFORMS:
            picked = _cuda_choice(name, rows, platform, machine)
            if picked is None:
                if any(c.platform == platform for r in rows for c in r.install):
                    reasons.append(
                        pair(
                            "install_no_kb_build_fits",
                            fw=name,
                            driver=machine.driver,
                            cc=machine.compute_capability,
                        )
                    )
                continue
            row, cmd, build, notes = picked
            reasons += notes
            if cmd.note is not None:
                reasons.append((cmd.note.en, cmd.note.zh))
            command = cmd.command
            if build is not None and build.role != "default" and build.command:
                command = build.command
            return InstallChoice(
                command=command,
                platform=platform,
                release=row.version,
                cuda=build.version if build is not None else None,
                reasons=tuple(reasons),
                disagreement=disagreement,
                machine=machine,
            )
        for row in rows:
            plain = next((c for c in row.install if c.platform == platform), None)
            if plain is not None:
                missing = [v for v in machine.vendors if not _has_platform(rows, machine, v)]
                if missing and platform not in _accelerator_platforms(machine):
                    reasons.append(
                        pair(
                            "install_cpu_build_only",
                            fw=name,
                            hardware=_label(missing),
                            os=OS_NAMES.get(machine.os, machine.os),
                        )
                    )
                if plain.note is not None:
                    reasons.append((plain.note.en, plain.note.zh))
                return InstallChoice(
                    command=plain.command,
                    platform=platform,
                    release=row.version,
                    reasons=tuple(reasons),
                    disagreement=disagreement,
                    machine=machine,
                )
    return None


def install_command(
    kb: KnowledgeBase,
    framework: str | None,
    probe: ProbeReport | None,
    answers: dict[str, list[str]],
) -> str | None:
    """The command of :func:`choose_install` (None when there is none)."""
    choice = choose_install(kb, framework, probe, answers)
    return None if choice is None else choice.command


def install_notes(choice: InstallChoice | None) -> list[Bilingual]:
    """What the report should say next to the command: the disagreement first (a warning), then
    why this release and build were chosen. Empty when there is nothing to say."""
    if choice is None:
        return []
    out: list[Bilingual] = []
    if choice.disagreement is not None:
        out.append((choice.disagreement.en, choice.disagreement.zh))
    out += list(choice.reasons)
    return out
