"""Deterministic words for the decision record (MADR-shaped), in English and Simplified Chinese.

Everything here is derived from numbers already computed (weights, ratings, contributions,
eliminations, counterfactual leaders); nothing is generated freely, so the same inputs always
give the same text and every sentence can be traced back.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from kb.schema import KnowledgeBase
from probes.report import Comparison, ProbeReport
from recommender.facts import version_key
from recommender.install import install_command as install_command  # re-exported (moved)
from recommender.install import install_platforms as install_platforms  # re-exported (moved)
from recommender.models import Consequence, Elimination, ProbeSummary

TOP_DRIVERS = 5
CONSEQUENCE_CRITERIA = 6
GOOD_AT = 7.0
BAD_BELOW = 4.0

Bilingual = tuple[str, str]


@dataclass(frozen=True)
class Counterfactual:
    """An answer the user did not give that would change who leads (or rule the leader out)."""

    question: str
    option: str
    multi: bool
    new_leader: str | None  # None: nobody survives


def fw_name(kb: KnowledgeBase, fw: str | None) -> str:
    if fw is None:
        return "—"
    return kb.frameworks[fw].name if fw in kb.frameworks else fw


def drivers(criteria: list[str], weights: np.ndarray) -> list[str]:
    """The heaviest criteria: what this decision is mostly about."""
    order = np.argsort(-weights, kind="stable")
    return [criteria[j] for j in order[:TOP_DRIVERS]]


def consequences(
    kb: KnowledgeBase,
    fw_index: int,
    frameworks: list[str],
    criteria: list[str],
    weights: np.ndarray,
    modes: np.ndarray,
    notes: dict[tuple[int, int], Bilingual],
    records: list[Elimination],
) -> list[Consequence]:
    """Good / neutral / bad consequences of choosing one framework, on the heaviest criteria."""
    fw = frameworks[fw_index]
    name = fw_name(kb, fw)
    out: list[Consequence] = []
    for j in np.argsort(-weights, kind="stable")[:CONSEQUENCE_CRITERIA]:
        crit = kb.criteria[criteria[j]]
        value = float(modes[fw_index, j])
        rating = kb.rating(fw, criteria[j])
        why_en, why_zh = notes.get((fw_index, int(j)), (rating.rationale.en, rating.rationale.zh))
        kind = "good" if value >= GOOD_AT else "neutral" if value >= BAD_BELOW else "bad"
        out.append(
            Consequence(
                kind=kind,
                text_en=f"{crit.title.en}: {name} rates {value:.1f}/10 — {why_en}",
                text_zh=f"{crit.title.zh}：{name} 评分 {value:.1f}/10 —— {why_zh}",
            )
        )
    for r in records:
        if r.framework == fw and r.kind == "penalty":
            out.append(
                Consequence(
                    kind="bad",
                    text_en=f"Penalty of {r.points:g} points: {r.reason_en}",
                    text_zh=f"扣 {r.points:g} 分：{r.reason_zh}",
                )
            )
    return out


def next_release(version: str) -> str:
    """'2.21.0' -> '2.22': the next minor release to watch for."""
    key = version_key(version)
    major = key[0] if key else 0
    minor = key[1] if len(key) > 1 else 0
    return f"{major}.{minor + 1}"


def revisit_triggers(
    kb: KnowledgeBase,
    watched: list[str],
    counterfactuals: list[Counterfactual],
    probe: ProbeReport | None,
    stale_count: int,
) -> list[Bilingual]:
    """When to re-run: new releases, answers that would flip the result, missing facts."""
    out: list[Bilingual] = []
    for fw in watched:
        nxt = next_release(kb.frameworks[fw].latest_version)
        name = fw_name(kb, fw)
        out.append((f"Re-run when {name} {nxt} ships.", f"{name} {nxt} 发布后请重新运行。"))
    for cf in counterfactuals:
        q = kb.question(cf.question)
        if q is None:
            continue
        opt = q.option(cf.option)
        label_en = opt.label.en if opt else cf.option
        label_zh = opt.label.zh if opt else cf.option
        if cf.new_leader is None:
            then_en, then_zh = "every framework would be ruled out", "所有框架都会被排除"
        else:
            lead = fw_name(kb, cf.new_leader)
            then_en, then_zh = f"{lead} would lead", f"{lead} 将领先"
        if cf.multi:
            out.append(
                (
                    f"Re-run if you add “{label_en}” to “{q.text.en}” ({then_en}).",
                    f"如果在“{q.text.zh}”中加上“{label_zh}”，请重新运行（{then_zh}）。",
                )
            )
        else:
            out.append(
                (
                    f"Re-run if your answer to “{q.text.en}” becomes “{label_en}” ({then_en}).",
                    f"如果“{q.text.zh}”的答案变为“{label_zh}”，请重新运行（{then_zh}）。",
                )
            )
    if probe is None:
        out.append(
            (
                "Probe the machine that will do the work (`python -m probes --out report.json`) "
                "and re-run with `--probe report.json`: measured facts replace general claims.",
                "请在实际运行的机器上执行探测（`python -m probes --out report.json`），"
                "再用 `--probe report.json` 重新运行：实测结果会取代一般结论。",
            )
        )
    if stale_count:
        out.append(
            (
                f"Re-run after the knowledge base is refreshed: {stale_count} evidence items "
                "behind this decision are older than its freshness limit.",
                f"知识库更新后请重新运行：本决策依据中有 {stale_count} 条证据已超过时效期限。",
            )
        )
    return out


def stale_claims(kb: KnowledgeBase, heavy: list[str]) -> list[str]:
    """Stale-claim records of the seed article that touch the criteria this decision rests on."""
    wanted = set(heavy)
    return [s.id for s in kb.stale_claims if wanted & set(s.criteria)]


def probe_summary(probe: ProbeReport, frameworks: Collection[str] = ()) -> ProbeSummary:
    """A short, printable account of the probed machine.

    Benchmark rows carry a ``framework``; comparison rows between two of ``frameworks`` (the
    ones being decided on, not the numpy anchor) carry the probe's own noise-tested verdict, with
    the ratio as "how many times faster" (≥ 1) so a reader never has to invert it.
    """
    cores = probe.cpu.usable_cores or probe.cpu.logical_cores
    accel = [a.name for a in probe.accelerators]
    parts = [f"{probe.host.os_name} {probe.host.arch}"]
    if cores:
        parts.append(f"{cores} cores")
    if probe.memory.total_gb:
        parts.append(f"{probe.memory.total_gb:.0f} GB RAM")
    parts.append(", ".join(accel) if accel else "no accelerator found")
    frameworks = {
        fw: (f"{p.status} {p.version}" if p.version else p.status)
        for fw, p in probe.frameworks.items()
    }
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
        if c.a not in frameworks or c.b not in frameworks or c.ratio <= 0:
            continue
        benchmarks.append(
            {
                "workload": c.workload,
                "device": c.device,
                "a": c.a,
                "b": c.b,
                "ratio": round(max(c.ratio, 1 / c.ratio), 3),
                "verdict": "unreliable" if c.unreliable else c.verdict,
                "faster": c.faster if c.verdict == "faster" and not c.unreliable else None,
                "noise": c.noise,
                # the paired interval, oriented like "ratio" (how many times faster, >= 1)
                "ci_low": _oriented(c)[0],
                "ci_high": _oriented(c)[1],
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
        frameworks=frameworks,
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
    """Framework problems seen on the probed machine."""
    out: list[Bilingual] = []
    for fw, p in probe.frameworks.items():
        name = fw_name(kb, fw)
        if p.status == "missing":
            out.append(
                (
                    f"{name} is not installed on the probed machine.",
                    f"被探测的机器上没有安装 {name}。",
                )
            )
        elif p.status != "ok":
            why = f": {p.reason}" if p.reason else ""
            out.append(
                (
                    f"{name} did not work on the probed machine ({p.status}{why}).",
                    f"{name} 在被探测的机器上无法正常工作（{p.status}{why}）。",
                )
            )
        if p.mismatch:
            out.append((f"{name}: {p.mismatch}", f"{name}：{p.mismatch}"))
    return out
