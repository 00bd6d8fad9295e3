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

# Drivers ≥ 610 print "CUDA UMD Version: 13.3" instead of "CUDA Version: 12.2".
_CUDA_RE = re.compile(r"CUDA (?:UMD )?Version\s*:\s*([0-9]+(?:\.[0-9]+)*)")


def _na(value: str) -> str | None:
    value = value.strip()
    if not value or value.startswith("[") or value.upper() in ("N/A", "NOT SUPPORTED"):
        return None
    return value


def parse_query_csv(text: str) -> list[dict[str, str | None]]:
    """Rows of ``--format=csv,nounits`` keyed by the header's field names.

    The header ("memory.total [MiB]") names the columns, so the parser does not depend on the
    order of the query and works for any recorded query output.
    """
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return []
    header = [re.sub(r"\s*\[.*?\]$", "", h.strip()) for h in lines[0].split(",")]
    if "name" not in header:
        return []
    rows: list[dict[str, str | None]] = []
    for line in lines[1:]:
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != len(header):
            continue
        rows.append({f: _na(c) for f, c in zip(header, cells, strict=True)})
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


def _query(runner: Runner, fields: tuple[str, ...]) -> list[dict[str, str | None]] | None:
    res = runner(["nvidia-smi", f"--query-gpu={','.join(fields)}", "--format=csv,nounits"], 5.0)
    if res.status == "unavailable":
        return None
    return parse_query_csv(res.stdout) if res.ok else []


def from_nvidia_smi(runner: Runner) -> list[Accelerator]:
    rows = _query(runner, QUERY_FIELDS)
    if rows is None:
        return []
    if not rows:  # old drivers reject compute_cap and fail the whole query
        rows = _query(runner, FALLBACK_FIELDS) or []
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
