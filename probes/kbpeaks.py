"""Hardware peak tables from the knowledge base, loaded defensively.

The probe must work on a bare GPU box where the KB may be missing or mid-edit: any failure to
load simply means "no table", and peaks stay unknown (None) rather than guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from probes.report import Accelerator


@dataclass(frozen=True)
class PeakTables:
    accelerators: Sequence[object] = field(default_factory=tuple)
    cpu_peaks: Sequence[object] = field(default_factory=tuple)
    problem: str | None = None


def load_tables() -> PeakTables:
    try:
        import kb

        loader = getattr(kb, "load", None)
        if loader is None:
            return PeakTables(problem="knowledge base loader not available")
        base = loader()
        return PeakTables(tuple(base.accelerators), tuple(base.cpu_peaks))
    except Exception as exc:  # KBError, missing files, partial edits: all mean "no table"
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return PeakTables(problem=f"knowledge base not loaded: {first[:160]}")


def match_accelerator(acc: Accelerator, rows: Sequence[object]) -> object | None:
    """Longest case-insensitive ``match`` substring of the device name, same vendor, wins."""
    name = acc.name.lower()
    best: tuple[int, object] | None = None
    for row in rows:
        if getattr(row, "vendor", None) != acc.vendor:
            continue
        for pattern in getattr(row, "match", []):
            p = str(pattern).lower()
            if p and p in name and (best is None or len(p) > best[0]):
                best = (len(p), row)
    return None if best is None else best[1]


def with_peaks(accs: list[Accelerator], rows: Sequence[object]) -> list[Accelerator]:
    out = []
    for acc in accs:
        row = match_accelerator(acc, rows)
        if row is not None and acc.peak_fp32_tflops is None:
            acc = acc.model_copy(update={"peak_fp32_tflops": getattr(row, "fp32_tflops", None)})
        out.append(acc)
    return out
