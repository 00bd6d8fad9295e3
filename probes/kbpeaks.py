"""Hardware peak tables from the knowledge base, loaded defensively.

The probe must work on a bare GPU box where the KB may be missing or mid-edit: any failure to
load simply means "no table", and peaks stay unknown (None) rather than guessed.
"""

from __future__ import annotations

import re
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
        from kb import snapshot  # the validated KB as cached JSON (kb/snapshot.py)

        base = snapshot.load()
        return PeakTables(tuple(base.accelerators), tuple(base.cpu_peaks))
    except Exception as exc:  # KBError, missing files, partial edits: all mean "no table"
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return PeakTables(problem=f"knowledge base not loaded: {first[:160]}")


def _normalise(name: str) -> str:
    """Lower case, single spaces: "NVIDIA  GeForce RTX 4090" -> "nvidia geforce rtx 4090"."""
    return " ".join(name.lower().replace("_", " ").split())


def _occurs(pattern: str, name: str) -> bool:
    """``pattern`` occurs in ``name`` as whole words: "a10" is in "nvidia a10" and "a10-24q",
    not in "a100" or "a10g"; "h200" is not in "gh200"."""
    p = _normalise(pattern)
    if not p:
        return False
    return re.search(rf"(?<![a-z0-9]){re.escape(p)}(?![a-z0-9])", name) is not None


def match_accelerator(acc: Accelerator, rows: Sequence[object]) -> object | None:
    """The KB row for a device name: same vendor, a ``match`` pattern found as whole words, no
    ``exclude`` word present; the longest matching pattern wins.

    Whole words keep near-miss model numbers apart (A10 / A10G / A100, L4 / L40S, H200 / GH200);
    ``exclude`` keeps variants with the same base name apart (RTX 4090 Laptop GPU, RTX 4090 D,
    H200 NVL, Apple M3 Max for the M3 row). A device no row names gets no peak (None), never a
    near neighbour's.
    """
    name = _normalise(acc.name)
    best: tuple[int, object] | None = None
    for row in rows:
        if getattr(row, "vendor", None) != acc.vendor:
            continue
        if any(_occurs(str(x), name) for x in getattr(row, "exclude", []) or []):
            continue
        for pattern in getattr(row, "match", []):
            p = str(pattern)
            if _occurs(p, name) and (best is None or len(p) > best[0]):
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
