"""The value matrix: KB ratings, replaced by measurements from the target machine where made.

Measured beats claimed. For a criterion whose ``measured_by`` lists a benchmark workload that the
probe compared between two frameworks, the general rating is replaced for *this machine*:

* Each comparison says ``a`` is ``ratio``× faster than ``b`` (or a tie within noise). We turn the
  comparisons into one log₂-speed per framework (weighted least squares, centred; for two
  frameworks ``s_a = −s_b = ½·log₂ ratio``; a tie gives 0).
* In proportion: a paired comparison (``docs/benchmarks.md`` §1) with a bootstrap interval counts
  with the interval's end nearest to a tie (``ci_low`` when ``a`` is faster), not its median: the
  speed-up we are 95 % sure of. A model-level result (a CNN or transformer training step, batch-1
  inference: ``kind: "model"``) weighs ``MODEL_WEIGHT`` times a kernel (a GEMM, one convolution):
  it is much closer to the user's own workload.
* A comparison the probe could not judge (``unreliable``: the host stayed too busy for enough
  undisturbed pairs, or in a sequential v1 report a side was too noisy) is not used at all —
  counting its forced "tie" would erase the KB's gap on the strength of a measurement nobody
  could make. The warning says so and repeats the probe's
  ``rerun_advice``.
* Conservative scaling: the measured rating is ``m̄ + K·s`` with ``K = 1.5`` rating points per
  doubling of speed, the shift capped at ±2 points, around ``m̄`` = the mean of the general
  ratings of the measured frameworks. So 2× faster opens a 1.5-point gap, and no set of
  micro-benchmarks can open more than a 4-point gap (micro-benchmarks on a shared CPU routinely
  show 10× differences that a real model would not).
* A measured tie therefore stays a tie: both get ``m̄``.
* The uncertainty band becomes ±1.5 points: the number is real on this machine, but a
  micro-benchmark is not the user's model.
* Where both frameworks were compared on an accelerator (cuda, mps, …), only those comparisons
  count: training on a GPU box is decided by the GPU, not by its host CPU.
* On a machine with an accelerator that a compared framework cannot see (a CPU-only build, a
  driver mismatch), CPU-only comparisons are not used at all: they would stand in for GPU work
  and turn a setup task into a rating. The general rating stays, and a warning says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from kb.freshness import past_limit
from kb.schema import Evidence, KnowledgeBase
from kb.texts import Bilingual, pair
from probes.report import Comparison, ProbeReport
from probes.steps import workload_name
from recommender.comparisons import comparison_status
from recommender.models import EvidenceRef

POINTS_PER_DOUBLING = 1.5
MAX_SHIFT = 2.0
MEASURED_BAND = 1.5
MODEL_WEIGHT = 3.0  # a model step against a kernel, in the least-squares fit


@dataclass
class ValueMatrix:
    frameworks: list[str]
    criteria: list[str]
    low: np.ndarray  # frameworks × criteria, 0–10
    mode: np.ndarray
    high: np.ndarray
    measured: np.ndarray  # bool
    notes: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # (en, zh)
    evidence: dict[tuple[int, int], list[EvidenceRef]] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def _ref(kb: KnowledgeBase, ev: Evidence, today: date) -> EvidenceRef:
    src = kb.sources.get(ev.source)
    return EvidenceRef(
        source=ev.source,
        title=src.title if src else ev.source,
        url=src.url if src else "",
        claim=ev.claim,
        as_of=ev.as_of.isoformat(),
        stale=past_limit(kb, ev.as_of, today),
    )


def build_values(kb: KnowledgeBase, probe: ProbeReport | None, today: date) -> ValueMatrix:
    """KB ratings (triangular low/mode/high) with probe measurements substituted."""
    fws = list(kb.frameworks)
    crits = list(kb.criteria)
    shape = (len(fws), len(crits))
    low, mode, high = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    vm = ValueMatrix(fws, crits, low, mode, high, np.zeros(shape, dtype=bool))
    for i, fw in enumerate(fws):
        for j, c in enumerate(crits):
            r = kb.rating(fw, c)
            low[i, j], mode[i, j], high[i, j] = r.low, r.mode, r.high
            vm.evidence[(i, j)] = [_ref(kb, ev, today) for ev in r.evidence]
    if probe is not None:
        _apply_measurements(kb, probe, vm)
    return vm


def _usable(probe: ProbeReport, comp: Comparison, vm: ValueMatrix) -> bool:
    status = comparison_status(probe, comp, vm.frameworks)
    if status == "unstable":
        vm.warnings.append(pair("evidence_unstable", workload=comp.workload))
    # an unreliable one is reported once, with the probe's advice (_busy_warning)
    return status == "judged"


def sure_ratio(comp: Comparison) -> float:
    """The speed-up a comparison supports: 1 for a tie, else its CI end nearest to a tie.

    ``ratio`` = time_b / time_a: how many times faster ``a`` is than ``b``. Without an interval
    (sequential v1 reports) the median ratio itself.
    """
    if comp.verdict != "faster":
        return 1.0
    if comp.ci_low is not None and comp.ci_high is not None and comp.ci_low > 0:
        if comp.ratio >= 1 and comp.ci_low >= 1:
            return comp.ci_low
        if comp.ratio < 1 and comp.ci_high <= 1:
            return comp.ci_high
        return 1.0  # an interval that straddles a tie supports no speed-up
    return comp.ratio


def log_speeds(
    comparisons: list[Comparison],
    frameworks: list[str],
    weights: list[float] | None = None,
) -> dict[str, float]:
    """Weighted least-squares log₂ speed per framework from pairwise comparisons, centred."""
    involved = sorted({c.a for c in comparisons} | {c.b for c in comparisons}, key=frameworks.index)
    col = {fw: k for k, fw in enumerate(involved)}
    rows, rhs = [], []
    for k, comp in enumerate(comparisons):
        root = math.sqrt(weights[k]) if weights is not None else 1.0
        row = np.zeros(len(involved))
        row[col[comp.a]], row[col[comp.b]] = root, -root
        rows.append(row)
        rhs.append(root * math.log2(sure_ratio(comp)))
    rows.append(np.ones(len(involved)))  # centring constraint: speeds sum to zero
    rhs.append(0.0)
    solution, *_ = np.linalg.lstsq(np.array(rows), np.array(rhs), rcond=None)
    return {fw: float(solution[col[fw]]) for fw in involved}


def comparison_kind(probe: ProbeReport, comp: Comparison) -> str:
    """``model`` when the compared benchmarks are model-level steps, else ``kernel``."""
    kinds = {
        b.kind
        for b in probe.benchmarks
        if b.workload == comp.workload and b.framework in (comp.a, comp.b)
    }
    return "model" if "model" in kinds else "kernel"


def _busy_warning(kb: KnowledgeBase, probe: ProbeReport, vm: ValueMatrix) -> None:
    """Say, once, that machine evidence was dropped because the host was too busy."""
    measured = {w for c in kb.criteria.values() for w in c.measured_by}
    dropped = sorted(
        {
            c.workload
            for c in probe.comparisons
            if c.workload in measured and comparison_status(probe, c, vm.frameworks) == "unreliable"
        }
    )
    if not dropped and not probe.host_busy:
        return
    advice_en, _, advice_zh = (probe.rerun_advice or "").partition(" / ")
    idle_en, idle_zh = pair("evidence_rerun_idle")
    vm.warnings.append(
        pair(
            "evidence_not_used",
            why=pair("evidence_host_busy") if probe.host_busy else pair("evidence_too_noisy"),
            dropped=pair("paren", x=(", ".join(dropped), "、".join(dropped))) if dropped else "",
            advice=(advice_en.strip() or idle_en, advice_zh.strip() or idle_zh),
        )
    )


def _apply_measurements(kb: KnowledgeBase, probe: ProbeReport, vm: ValueMatrix) -> None:
    _busy_warning(kb, probe, vm)
    comps = [c for c in probe.comparisons if _usable(probe, c, vm)]
    if not comps:
        return
    measured_on = probe.collected_at.date().isoformat()
    for j, cid in enumerate(vm.criteria):
        workloads = set(kb.criteria[cid].measured_by)
        mine = [c for c in comps if c.workload in workloads]
        accelerated = [c for c in mine if c.device != "cpu"]
        mine = accelerated or mine
        if not mine:
            continue
        blind = _blind(probe, mine) if not accelerated else []
        if blind:
            names = ", ".join(_name(kb, fw) for fw in blind)
            vm.warnings.append(
                pair("evidence_cpu_only_blind", criterion=kb.criteria[cid].title, names=names)
            )
            continue
        weights = [MODEL_WEIGHT if comparison_kind(probe, c) == "model" else 1.0 for c in mine]
        speeds = log_speeds(mine, vm.frameworks, weights)
        idx = [vm.frameworks.index(fw) for fw in speeds]
        centre = float(np.mean(vm.mode[idx, j]))
        described = [_describe(c, kb) for c in mine]
        sep_en, sep_zh = pair("list_sep")
        summary_en = sep_en.join(en for en, _ in described)
        summary_zh = sep_zh.join(zh for _, zh in described)
        for fw, s in speeds.items():
            i = vm.frameworks.index(fw)
            general = float(vm.mode[i, j])
            shift = max(-MAX_SHIFT, min(MAX_SHIFT, POINTS_PER_DOUBLING * s))
            value = min(10.0, max(0.0, centre + shift))
            vm.mode[i, j] = value
            vm.low[i, j] = max(0.0, value - MEASURED_BAND)
            vm.high[i, j] = min(10.0, value + MEASURED_BAND)
            vm.measured[i, j] = True
            vm.notes[(i, j)] = pair(
                "evidence_measured_note",
                summary=(summary_en, summary_zh),
                value=value,
                general=general,
            )
            vm.evidence[(i, j)] = [
                EvidenceRef(
                    source="probe",
                    title="probe of the target machine",
                    url="",
                    claim=f"measured: {summary_en}",
                    as_of=measured_on,
                    stale=False,
                ),
                *vm.evidence[(i, j)],
            ]


def _blind(probe: ProbeReport, comps: list[Comparison]) -> list[str]:
    """Compared frameworks that cannot see the machine's accelerator (empty without one)."""
    if not probe.accelerators:
        return []
    compared = sorted({fw for c in comps for fw in (c.a, c.b)})
    return [
        fw
        for fw in compared
        if fw in probe.frameworks and probe.frameworks[fw].sees_accelerators is False
    ]


def _describe(comp: Comparison, kb: KnowledgeBase) -> tuple[str, str]:
    """One comparison in words, English and Chinese ("matrix multiply 1024²: PyTorch 1.31×
    faster than TensorFlow"), never the probe's workload ids or verdict codes."""
    named = {
        "workload": (workload_name(comp.workload, "en"), workload_name(comp.workload, "zh")),
        "where": "" if comp.device == "cpu" else pair("on_place", place=comp.device),
    }
    if comp.verdict == "tie":
        return pair("evidence_tie", **named)
    faster = comp.faster or (comp.a if comp.ratio >= 1 else comp.b)
    slower = comp.b if faster == comp.a else comp.a
    ratio = comp.ratio if comp.ratio >= 1 else 1 / comp.ratio
    ci: Bilingual | str = ""
    if comp.ci_low is not None and comp.ci_high is not None and comp.ci_low > 0:
        lo, hi = (
            (comp.ci_low, comp.ci_high) if comp.ratio >= 1 else (1 / comp.ci_high, 1 / comp.ci_low)
        )
        ci = pair("evidence_interval", lo=lo, hi=hi)
    fast, slow = _name(kb, faster), _name(kb, slower)
    return pair("evidence_faster", fast=fast, slow=slow, ratio=ratio, ci=ci, **named)


def _name(kb: KnowledgeBase, fw: str) -> str:
    return kb.frameworks[fw].name if fw in kb.frameworks else fw
