"""The no-framework part of the probe: host, Python, CPU, memory, accelerators, packages, env.

Each section is collected independently; a section that fails adds a warning and leaves its
fields unknown, so one odd machine detail never costs the whole report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from probes import host, memory
from probes.accel import amd, apple, intel, nvidia, pci, tpu
from probes.blas_env import blas_env_warnings
from probes.cpu import collect_cpu
from probes.kbpeaks import PeakTables, load_tables, with_peaks
from probes.report import Accelerator, CpuInfo, HostInfo, MemoryInfo, PythonInfo
from probes.runner import Runner, run_command


@dataclass
class Inventory:
    host: HostInfo
    python: PythonInfo
    cpu: CpuInfo
    memory: MemoryInfo
    accelerators: list[Accelerator]
    packages: dict[str, str | None]
    env: dict[str, str]
    warnings: list[str] = field(default_factory=list)


AcceleratorCollector = Callable[[Runner, HostInfo], list[Accelerator]]


def _nvidia(runner: Runner, h: HostInfo) -> list[Accelerator]:
    return nvidia.collect_nvidia(runner) if h.os in ("linux", "windows") else []


def default_collectors() -> list[tuple[str, AcceleratorCollector]]:
    """One collector per vendor module in probes/accel/; a new vendor is one module and one row."""
    return [
        ("nvidia", _nvidia),
        ("amd", amd.collect_amd),
        ("intel", intel.collect_intel),
        ("apple", apple.collect_apple),
        ("tpu", tpu.collect_tpu),
    ]


def collect_inventory(
    runner: Runner = run_command,
    tables: PeakTables | None = None,
    collectors: list[tuple[str, AcceleratorCollector]] | None = None,
) -> Inventory:
    warnings: list[str] = []
    tables = tables if tables is not None else load_tables()
    if tables.problem:
        warnings.append(f"hardware peaks: {tables.problem}")
    h = host.collect_host(runner)
    py = host.collect_python()
    try:
        cpu = collect_cpu(runner, tables.cpu_peaks)
    except Exception as exc:
        warnings.append(f"cpu: could not be read ({type(exc).__name__}: {exc})")
        cpu = CpuInfo()
    mem = memory.collect_memory()
    accs: list[Accelerator] = []
    for name, collect in collectors if collectors is not None else default_collectors():
        try:
            accs.extend(collect(runner, h))
        except Exception as exc:
            warnings.append(f"{name} accelerators: probe failed ({type(exc).__name__}: {exc})")
    try:
        accs.extend(pci.collect_pci(runner, h, accs))
    except Exception as exc:
        warnings.append(f"lspci: probe failed ({type(exc).__name__}: {exc})")
    accs = with_peaks(accs, tables.accelerators)
    if mem.shm_gb is not None and mem.shm_gb < 0.5:
        warnings.append(
            f"/dev/shm is only {mem.shm_gb} GB; multi-worker data loading and NCCL may fail "
            "(Docker: --shm-size)"
        )
    env = host.collect_env()
    warnings += blas_env_warnings(env, cpu)
    return Inventory(
        host=h,
        python=py,
        cpu=cpu,
        memory=mem,
        accelerators=accs,
        packages=host.collect_packages(),
        env=env,
        warnings=warnings,
    )
