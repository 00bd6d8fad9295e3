"""A printable account of a probed machine, and the framework problems the probe saw there."""

from __future__ import annotations

import re
from collections.abc import Collection

from kb.schema import KnowledgeBase
from kb.texts import Bilingual, pair, t
from probes.report import Comparison, ProbeReport
from recommender.comparisons import comparison_status
from recommender.labels import framework_status, fw_name
from recommender.models import ProbeSummary


def probe_summary(probe: ProbeReport, frameworks: Collection[str] = ()) -> ProbeSummary:
    """A short, printable account of the probed machine.

    Benchmark rows carry a ``framework``; comparison rows between two of ``frameworks`` (the
    ones being decided on, not the numpy anchor; by default the frameworks the probe imported)
    carry the probe's own noise-tested verdict, with the ratio as "how many times faster" (≥ 1)
    so a reader never has to invert it.
    """
    cores = probe.cpu.usable_cores or probe.cpu.logical_cores
    accel = [a.name for a in probe.accelerators]
    parts = [f"{probe.host.os_name} {probe.host.arch}"]
    if cores:
        parts.append(t("n_cores", "en", n=cores))
    if probe.memory.total_gb:
        parts.append(t("n_gb_ram", "en", n=f"{probe.memory.total_gb:.0f}"))
    parts.append(", ".join(accel) if accel else t("machine_no_accelerator", "en"))
    found = {
        fw: (f"{p.status} {p.version}" if p.version else p.status)
        for fw, p in probe.frameworks.items()
    }
    decided = set(frameworks) or set(found)
    benchmarks: list[dict[str, str | float | None]] = [
        {
            "workload": b.workload,
            "framework": b.framework,
            "device": b.device,
            "variant": b.variant,
            "median_s": b.median_s,
            "gflops": b.gflops,
            "peak_share": b.peak_share,
            "kind": b.kind,
            "items_per_s": b.items_per_s,
            "unit": b.unit,
        }
        for b in probe.benchmarks
    ]
    for c in probe.comparisons:
        status = comparison_status(probe, c, decided)
        if status == "off_topic":
            continue
        judged = status == "judged"
        low, high = _oriented(c)
        benchmarks.append(
            {
                "workload": c.workload,
                "device": c.device,
                "a": c.a,
                "b": c.b,
                "ratio": round(max(c.ratio, 1 / c.ratio), 3),
                # the same rule as the scores (recommender/comparisons.py): a comparison they
                # do not use is shown as not compared, never as "X faster"
                "verdict": c.verdict if judged else "unreliable",
                "faster": c.faster if c.verdict == "faster" and judged else None,
                "noise": c.noise,
                # the paired interval, oriented like "ratio" (how many times faster, >= 1)
                "ci_low": low,
                "ci_high": high,
            }
        )
    return ProbeSummary(
        machine=", ".join(parts),
        collected_at=probe.collected_at.isoformat(),
        os=probe.host.os,
        arch=probe.host.arch,
        python=probe.python.version,
        cpu=probe.cpu.model,
        accelerators=accel,
        frameworks=found,
        benchmarks=benchmarks,
        host_busy=probe.host_busy,
        rerun_advice=probe.rerun_advice,
    )


def _oriented(c: Comparison) -> tuple[float | None, float | None]:
    """The comparison's interval on the same side as its shown ratio (>= 1)."""
    if c.ci_low is None or c.ci_high is None or c.ci_low <= 0:
        return None, None
    if c.ratio >= 1:
        return round(c.ci_low, 3), round(c.ci_high, 3)
    return round(1 / c.ci_high, 3), round(1 / c.ci_low, 3)


def probe_warnings(kb: KnowledgeBase, probe: ProbeReport) -> list[Bilingual]:
    """Framework problems seen on the probed machine, with the status in words."""
    out: list[Bilingual] = []
    for fw, p in probe.frameworks.items():
        name = fw_name(kb, fw)
        if p.status == "missing":
            out.append(pair("probe_fw_not_installed", name=name))
        elif p.status != "ok":
            sep = pair("colon")
            reason = (sep[0] + p.reason, sep[1] + p.reason) if p.reason else ""
            out.append(
                pair(
                    "probe_fw_not_working",
                    name=name,
                    state=framework_status(p.status),
                    reason=reason,
                )
            )
        if p.mismatch:
            out.append((f"{name}: {p.mismatch}", f"{name}：{p.mismatch}"))
    return out


# The fixed phrases of the machine line (kb/texts.py), each read back by its English with any
# ``{n}`` as a number, and its Chinese written with that number.
_MACHINE_PARTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(re.escape(en).replace(re.escape("{n}"), r"(?P<n>\d+)")), zh)
    for en, zh in map(pair, ("n_cores", "n_gb_ram", "machine_no_accelerator"))
)


def machine_text(machine: str, lang: str) -> str:
    """The one-line machine of :func:`probe_summary` in ``lang`` ("16 核，64 GB 内存" in zh).

    The line is stored in English in the recommendation (a contract field); its parts are the
    fixed phrases built above, so they are translated here part by part, names kept as they are.
    """
    if lang != "zh":
        return machine
    parts = []
    for part in machine.split(", "):
        for pattern, zh in _MACHINE_PARTS:
            m = pattern.fullmatch(part)
            if m:
                part = zh.format(**m.groupdict())
                break
        parts.append(part)
    return "，".join(parts)
