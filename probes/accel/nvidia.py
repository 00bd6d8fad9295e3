"""NVIDIA GPUs through NVML when ``nvidia-ml-py`` is installed, else ``nvidia-smi``.

NVIDIA documents the CSV query interface as the stable one (the human table changes between
drivers); the driver's highest supported CUDA version is only in the table header, so that one
line is read from it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
from typing import Any

from probes.report import Accelerator
from probes.runner import Runner

QUERY_FIELDS: tuple[str, ...] = (
    "index",
    "name",
    "memory.total",
    "driver_version",
    "compute_cap",
    "mig.mode.current",
)
# compute_cap needs driver ≥ 510; older drivers reject the whole query, so retry without it.
FALLBACK_FIELDS: tuple[str, ...] = (
    "index",
    "name",
    "memory.total",
    "driver_version",
    "mig.mode.current",
)

_CUDA_RE = re.compile(r"CUDA Version\s*:\s*([0-9]+(?:\.[0-9]+)*)")


def _na(value: str) -> str | None:
    value = value.strip()
    if not value or value.startswith("[") or value.upper() in ("N/A", "NOT SUPPORTED"):
        return None
    return value


def parse_query_csv(
    text: str, fields: tuple[str, ...] = QUERY_FIELDS
) -> list[dict[str, str | None]]:
    """Rows of ``--format=csv,noheader,nounits`` as dicts keyed by the query field names."""
    rows: list[dict[str, str | None]] = []
    for line in text.splitlines():
        if not line.strip() or line.lower().startswith(("no devices", "nvidia-smi has failed")):
            continue
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != len(fields):
            continue
        rows.append({f: _na(c) for f, c in zip(fields, cells, strict=True)})
    return rows


def parse_cuda_driver_version(smi_table: str) -> str | None:
    """The 'CUDA Version: 12.4' of the nvidia-smi header (highest CUDA the driver supports)."""
    m = _CUDA_RE.search(smi_table)
    return m.group(1) if m else None


def _mig(value: str | None) -> bool | None:
    if value is None:
        return None
    low = value.lower()
    return True if low == "enabled" else False if low == "disabled" else None


def rows_to_accelerators(
    rows: list[dict[str, str | None]], cuda: str | None, source: str
) -> list[Accelerator]:
    out: list[Accelerator] = []
    for i, row in enumerate(rows):
        mem = row.get("memory.total")
        try:
            mem_gb = round(float(mem) / 1024, 1) if mem else None  # MiB with nounits
        except ValueError:
            mem_gb = None
        idx = row.get("index")
        out.append(
            Accelerator(
                vendor="nvidia",
                name=row.get("name") or "NVIDIA GPU",
                index=int(idx) if idx and idx.isdigit() else i,
                memory_gb=mem_gb,
                driver=row.get("driver_version"),
                cuda_driver_version=cuda,
                compute_capability=row.get("compute_cap"),
                mig=_mig(row.get("mig.mode.current")),
                source=source,
            )
        )
    return out


def from_nvidia_smi(runner: Runner) -> list[Accelerator]:
    fields = QUERY_FIELDS
    res = runner(
        ["nvidia-smi", f"--query-gpu={','.join(fields)}", "--format=csv,noheader,nounits"], 5.0
    )
    if res.status == "unavailable":
        return []
    if not res.ok or not parse_query_csv(res.stdout, fields):
        fields = FALLBACK_FIELDS
        res = runner(
            ["nvidia-smi", f"--query-gpu={','.join(fields)}", "--format=csv,noheader,nounits"], 5.0
        )
        if not res.ok:
            return []
    rows = parse_query_csv(res.stdout, fields)
    if not rows:
        return []
    header = runner(["nvidia-smi"], 5.0)
    cuda = parse_cuda_driver_version(header.stdout) if header.ok else None
    return rows_to_accelerators(rows, cuda, "nvidia-smi")


def from_nvml() -> list[Accelerator] | None:
    """Read GPUs through NVML; None when pynvml is not installed or NVML cannot start."""
    if importlib.util.find_spec("pynvml") is None:
        return None
    try:
        import pynvml  # optional, from the nvidia-ml-py distribution
    except Exception:
        return None
    nv: Any = pynvml
    try:
        nv.nvmlInit()
    except Exception:
        return None
    try:
        driver = _s(nv.nvmlSystemGetDriverVersion())
        cuda = None
        try:
            v = int(nv.nvmlSystemGetCudaDriverVersion_v2())
            cuda = f"{v // 1000}.{(v % 1000) // 10}"
        except Exception:
            pass
        out: list[Accelerator] = []
        for i in range(int(nv.nvmlDeviceGetCount())):
            h = nv.nvmlDeviceGetHandleByIndex(i)
            cc = mig = None
            try:
                major, minor = nv.nvmlDeviceGetCudaComputeCapability(h)
                cc = f"{major}.{minor}"
            except Exception:
                pass
            with contextlib.suppress(Exception):
                mig = bool(nv.nvmlDeviceGetMigMode(h)[0])
            out.append(
                Accelerator(
                    vendor="nvidia",
                    name=_s(nv.nvmlDeviceGetName(h)),
                    index=i,
                    memory_gb=round(nv.nvmlDeviceGetMemoryInfo(h).total / 1024**3, 1),
                    driver=driver,
                    cuda_driver_version=cuda,
                    compute_capability=cc,
                    mig=mig,
                    source="nvml",
                )
            )
        return out
    except Exception:
        return None
    finally:
        with contextlib.suppress(Exception):
            nv.nvmlShutdown()


def _s(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def collect_nvidia(runner: Runner, use_nvml: bool = True) -> list[Accelerator]:
    if use_nvml:
        found = from_nvml()
        if found:
            return found
    return from_nvidia_smi(runner)
