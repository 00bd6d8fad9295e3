"""The frameworks a probe knows, each fact in one place.

Which frameworks exist, and which distributions mean "installed", come from the knowledge base
(``kb/data/frameworks/*.yaml``: ``id``, ``name``, ``packages``), so a framework added there is
reported by the probe with no code change. How to *run* one comes from ``WORKERS`` below: a
framework with a worker module in ``probes/workers/`` is imported and benchmarked in its own
subprocess; one without is reported from package metadata only (installed or not), never
imported. The coordinator itself imports no framework (tests/test_framework_isolation.py).

The probe must still work on a bare GPU box where the KB is missing or mid-edit: then it probes
the frameworks it has a worker for and says why the KB was not read (``Registry.problem``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the KB is imported only inside load_registry(), where a failure is caught
    from kb.schema import Framework
    from probes.report import FrameworkProbe  # pydantic: kept out of ``python -m probes``'s
    # first tenth of a second, which starts the --no-bench workers (probes/early.py)

# The numpy anchor: run beside the frameworks so every ratio has a common, framework-free base.
ANCHOR = "numpy"
ANCHOR_MODULE = "probes.workers.numpy_worker"

WhyNot = Callable[[str, "FrameworkProbe", str], str]  # (vendor, probe, os) -> reason


def _why_not_torch(vendor: str, probe: FrameworkProbe, _os_name: str) -> str:
    b = probe.build
    if vendor == "nvidia" and b.get("is_cuda_build") is False:
        return "this torch is a CPU-only build (install a CUDA wheel)"
    if vendor == "amd" and b.get("is_rocm_build") is False:
        return "this torch is not a ROCm build"
    if vendor == "google":
        return "PyTorch needs torch_xla for TPUs"
    return "driver or runtime not usable from torch"


def _why_not_tf(vendor: str, probe: FrameworkProbe, os_name: str) -> str:
    b = probe.build
    if os_name == "windows" and vendor == "nvidia":
        return "TensorFlow ≥ 2.11 has no GPU support on native Windows (use WSL2)"
    if vendor == "apple":
        return "TensorFlow needs the tensorflow-metal plugin for the Apple GPU"
    if vendor == "nvidia" and b.get("is_cuda_build") is False:
        return "this TensorFlow build has no CUDA support (e.g. tensorflow-cpu)"
    if vendor == "amd" and b.get("is_rocm_build") is False:
        return "this TensorFlow build has no ROCm support (tensorflow-rocm is needed)"
    return "driver, CUDA/cuDNN libraries or plugin not usable from TensorFlow"


@dataclass(frozen=True)
class WorkerSpec:
    """How the probe runs and judges one framework's worker subprocess."""

    module: str
    info_s: float  # expected seconds of ``--mode info`` on the 2-vCPU VM (the ETA only)
    compile_s: float  # expected extra seconds of a compiled variant's first block (the ETA only)
    # accelerator vendor -> device kinds (as the worker reports them) that mean "sees it"
    sees: Mapping[str, frozenset[str]]
    why_not: WhyNot  # why it sees none of a present vendor's devices


WORKERS: dict[str, WorkerSpec] = {
    "pytorch": WorkerSpec(
        module="probes.workers.torch_worker",
        info_s=1.6,
        compile_s=14.0,
        sees={
            "nvidia": frozenset({"cuda"}),
            "amd": frozenset({"rocm", "cuda"}),
            "apple": frozenset({"mps"}),
            "intel": frozenset({"xpu"}),
            "google": frozenset({"tpu", "xla"}),
        },
        why_not=_why_not_torch,
    ),
    "tensorflow": WorkerSpec(
        module="probes.workers.tensorflow_worker",
        info_s=3.5,
        compile_s=0.6,
        sees={
            "nvidia": frozenset({"gpu"}),
            "amd": frozenset({"gpu"}),
            "apple": frozenset({"gpu"}),
            "intel": frozenset({"xpu", "gpu"}),
            "google": frozenset({"tpu"}),
        },
        why_not=_why_not_tf,
    ),
}


@dataclass(frozen=True)
class KnownFramework:
    """A framework of the knowledge base, as the probe needs it."""

    id: str
    name: str
    packages: tuple[str, ...]  # distributions that mean "installed", in order of preference

    @property
    def worker(self) -> WorkerSpec | None:
        return WORKERS.get(self.id)

    def installed(self, packages: Mapping[str, str | None]) -> str | None:
        """The first of this framework's distributions found among ``packages``."""
        return next((n for n in self.packages if n in packages), None)


@dataclass(frozen=True)
class Registry:
    """The frameworks known to this probe run (KB order) and why the KB was not read, if not."""

    frameworks: tuple[KnownFramework, ...]
    problem: str | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.frameworks)

    def get(self, fid: str) -> KnownFramework | None:
        return next((f for f in self.frameworks if f.id == fid), None)

    def package_names(self) -> tuple[str, ...]:
        """Every framework's distributions, for the inventory's package list."""
        return tuple(dict.fromkeys(p for f in self.frameworks for p in f.packages))


def from_kb(kb_frameworks: Mapping[str, Framework]) -> Registry:
    """The registry from the KB's ``frameworks`` (id -> Framework), in the KB's order."""
    return Registry(
        tuple(KnownFramework(fw.id, fw.name, tuple(fw.packages)) for fw in kb_frameworks.values())
    )


def load_registry() -> Registry:
    """The frameworks of the shipped KB; if it cannot be loaded, those with a worker."""
    try:
        from kb import snapshot  # the validated KB as cached JSON: ~15 ms, not ~0.35 s

        return from_kb(snapshot.load().frameworks)
    except Exception as exc:  # KBError, missing files, partial edits: fall back, and say so
        # the headline and the first problem ("knowledge base invalid: 3 problems", "file:line: …")
        first = ": ".join(str(exc).splitlines()[:2]) or type(exc).__name__
        fallback = tuple(KnownFramework(fid, fid, ()) for fid in WORKERS)
        from kb.texts import inline  # only on this path: the catalog's imports cost ~0.5 s

        workers = (", ".join(WORKERS), "、".join(WORKERS))
        problem = inline("probe_kb_not_loaded", first=first[:200], workers=workers)
        return Registry(fallback, problem=problem)
