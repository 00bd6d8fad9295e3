"""One deployment-path entry as the cells of a table row, for every table that shows them.

The Markdown probe report (probes/deploy/markdown.py) and the app's machine page
(app_pages/common/deploy_table.py) show the same columns by the same rules from here; each only
writes an absent value its own way (an em dash in Markdown, an empty cell in the app).
"""

from __future__ import annotations

from dataclasses import dataclass

from probes.report import DeployLatency, DeploymentPath


@dataclass(frozen=True)
class DeployRow:
    """The cells of one (path, model) row; ``None`` where the value is unknown."""

    path: str  # the path's label, its id where the report has none
    model: str
    targets: tuple[str, ...]
    status: str
    size_kib: float | None  # the artefact, KiB to one decimal
    int8_kib: float | None  # the int8 artefact, where the path quantises
    latency_ms: str | None  # the target runtime's median (95 % interval), ms
    eager_ms: str | None  # the framework's own eager call, paired with it
    max_abs_diff: str | None  # against the framework's own output
    note: str  # failed ops and the error, or the install command of a missing tool


def kib(n_bytes: int | None) -> float | None:
    """Bytes as KiB to one decimal; unknown (or an empty artefact) is ``None``."""
    return round(n_bytes / 1024, 1) if n_bytes else None


def ms(lat: DeployLatency | None) -> str | None:
    """A latency in ms: the median, then its interval where the report has one."""
    if lat is None:
        return None
    if lat.ci_low_s is None or lat.ci_high_s is None:
        return f"{lat.median_s * 1e3:.3f}"
    return f"{lat.median_s * 1e3:.3f} ({lat.ci_low_s * 1e3:.3f}–{lat.ci_high_s * 1e3:.3f})"


def note(e: DeploymentPath) -> str:
    """Why a path did not work: the ops the converter named, then its error; for a missing tool
    the command that installs it."""
    if e.failed_ops:
        return f"{', '.join(e.failed_ops)}: {e.error or ''}"
    if e.status == "not_installed" and e.install:
        return e.install
    return e.error or ""


def deploy_row(e: DeploymentPath) -> DeployRow:
    return DeployRow(
        path=e.label or e.path,
        model=e.model,
        targets=tuple(e.targets),
        status=e.status,
        size_kib=kib(e.artefact_bytes),
        int8_kib=kib(e.int8_bytes),
        latency_ms=ms(e.latency),
        eager_ms=ms(e.eager_latency),
        max_abs_diff=f"{e.max_abs_diff:.1e}" if e.max_abs_diff is not None else None,
        note=note(e),
    )
