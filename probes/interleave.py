"""Interleaved rounds over long-lived workers: every framework's block of one workload runs
inside the same round, rounds rotate who goes first, and disturbed rounds are dropped and
repeated. Turns the blocks into results and paired comparisons (probes/pairing.py).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from probes import noise, pairing
from probes.affinity import pin_together
from probes.clock import ClockSampler
from probes.report import BenchmarkResult, Comparison
from probes.session import WorkerSession


@dataclass(frozen=True)
class Plan:
    """How many pairs to collect per workload and how long a workload may take."""

    rounds: int  # clean rounds wanted
    max_rounds: int  # give up repeating disturbed rounds after this many
    samples: int  # timed samples per block
    group_budget_s: float  # stop adding rounds to one workload after this (>= MIN_PAIRS kept)
    prepare_timeout_s: float
    compile_timeout_s: float
    block_timeout_s: float
    # A comparison whose interval straddles an edge of the tie band after ``rounds`` clean pairs
    # gets up to this many more clean rounds, within ``settle_budget_s`` more seconds: a verdict
    # the data do not settle would flip from run to run (docs/benchmarks.md section 5.8).
    extra_rounds: int = 0
    settle_budget_s: float = 0.0


PLANS = {
    "quick": Plan(5, 8, 3, 1.6, 30.0, 120.0, 20.0, extra_rounds=6, settle_budget_s=1.0),
    "standard": Plan(7, 12, 3, 4.0, 60.0, 240.0, 30.0, extra_rounds=6, settle_budget_s=2.0),
    "deep": Plan(9, 14, 4, 8.0, 90.0, 400.0, 60.0, extra_rounds=6, settle_budget_s=4.0),
    "tiny": Plan(3, 4, 2, 1.0, 60.0, 120.0, 30.0),
}


@dataclass
class Slot:
    """One framework's variant of one workload inside a group."""

    framework: str
    variant: str
    item: dict[str, Any]
    session: WorkerSession | None = None
    info: dict[str, Any] | None = None
    blocks: dict[int, dict[str, Any]] = field(default_factory=dict)  # round -> block answer

    def request(self, cmd: dict[str, Any], timeout_s: float) -> dict[str, Any] | None:
        return self.session.request(cmd, timeout_s) if self.session is not None else None

    def median(self, r: int) -> float:
        return float(statistics.median(self.blocks[r]["times"]))

    def util(self, r: int) -> float:
        b = self.blocks[r]
        return float(b["cpu_s"]) / float(b["wall_s"]) if b["wall_s"] > 0 else 0.0


@dataclass
class GroupOutcome:
    workload: str
    results: list[BenchmarkResult]
    comparisons: list[Comparison]
    rounds_run: int
    rounds_clean: int
    foreign: list[float]
    steal: list[float]
    host_busy: bool  # too few clean rounds: not judged, "re-run on an idle machine"
    host_load: tuple[float, float] | None = None  # last precise (foreign, steal): next group's


# A load reading whose two-tick uncertainty is at least this share of the CPUs is too coarse
# to judge a round by (docs/benchmarks.md §5).
PRECISE = 0.25

PAIRS = (("pytorch", "tensorflow"), ("pytorch", "numpy"), ("tensorflow", "numpy"))


def designated_pairs(
    slots: Sequence[Slot], workload: str, pairs: Sequence[tuple[str, str]] = PAIRS
) -> list[tuple[Slot, Slot, str]]:
    """Which slots are compared: the same variant on both sides where both have it (eager vs
    eager, bf16 vs bf16), otherwise each side's first-listed (primary FP32) variant. Only the
    primary comparison keeps the plain workload id; reduced-precision ones get a suffix so the
    recommender does not mix them with FP32 evidence."""
    out: list[tuple[Slot, Slot, str]] = []
    for fa, fb in pairs:
        sa = [s for s in slots if s.framework == fa and s.info is not None]
        sb = [s for s in slots if s.framework == fb and s.info is not None]
        if not sa or not sb or _device(sa[0]) != _device(sb[0]):
            continue  # numpy's CPU GEMM is an anchor, not a rival, for a GPU run
        shared = [s for s in sa if any(t.variant == s.variant for t in sb)]
        if shared:
            for s in shared:
                t = next(t for t in sb if t.variant == s.variant)
                fp32 = s.item.get("dtype", "float32") == "float32"
                out.append((s, t, workload if fp32 else f"{workload}_{s.variant}"))
        else:
            out.append((sa[0], sb[0], workload))
    return out


def _device(slot: Slot) -> str:
    return str((slot.info or {}).get("device") or "cpu")


@dataclass(frozen=True)
class Bench:
    """What every group of one probe run shares: the plan, the machine and the controls."""

    plan: Plan
    cpus: int  # logical CPUs of the host (the load reading's capacity)
    threads: int  # threads each framework was given
    cancel: threading.Event | None = None
    clock: ClockSampler | None = None  # times the clock during CPU GEMM blocks
    pairs: Sequence[tuple[str, str]] = PAIRS


def run_group(
    workload: str,
    slots: list[Slot],
    bench: Bench,
    host_load: tuple[float, float] | None = None,
) -> GroupOutcome:
    """Prepare every slot, then alternate blocks round by round until enough clean pairs.

    ``host_load`` is (other processes' share, steal share) last measured precisely (before the
    benchmarks, or by an earlier group): a round too short for /proc/stat to resolve, even over
    the group so far, is judged by it, never counted clean by default. The outcome carries the
    latest precise reading on to the next group."""
    # every side on the same CPUs, so they share whatever load there is (probes/affinity.py)
    pin_together((s.session.pid for s in slots if s.session is not None), bench.threads)
    _prepare(workload, slots, bench)
    rounds = _Rounds(workload, [s for s in slots if s.info is not None], bench, host_load)
    rounds.run()
    cancelled = bench.cancel is not None and bench.cancel.is_set()
    run, clean = rounds.rounds_run, rounds.clean
    host_busy = len(clean) < pairing.MIN_PAIRS and run > 0 and not cancelled
    used = clean if not host_busy else sorted({r for s in slots for r in s.blocks})
    results = [
        res
        for s in slots
        if s.info is not None and (res := _result(s, used, host_busy, run)) is not None
    ]
    comps = []
    for sa, sb, name in designated_pairs(slots, workload, bench.pairs):
        comp = _compare(sa, sb, name, used, host_busy, run)
        if comp is not None:
            comps.append(comp)
    return GroupOutcome(
        workload,
        results,
        comps,
        run,
        len(clean),
        rounds.foreign,
        rounds.steal,
        host_busy,
        rounds.host_load,
    )


def _prepare(workload: str, slots: list[Slot], bench: Bench) -> None:
    """Ask each side to build its workload; a side that answers gets its ``info``."""
    plan = bench.plan
    for slot in slots:
        if bench.cancel is not None and bench.cancel.is_set():
            break
        timeout = plan.compile_timeout_s if slot.item.get("compiled") else plan.prepare_timeout_s
        ans = slot.request(
            {"cmd": "prepare", "workload": workload, "variant": slot.variant}, timeout
        )
        if ans is not None and ans.get("type") == "prepared":
            slot.info = ans


class _Rounds:
    """The rounds of one group: each runs every live side's block, reads the host's load over
    it and keeps the round when nothing disturbed it."""

    def __init__(
        self,
        workload: str,
        live: list[Slot],
        bench: Bench,
        host_load: tuple[float, float] | None,
    ) -> None:
        self.workload, self.live, self.bench, self.host_load = workload, live, bench, host_load
        # every worker process of this group and what they started (a torch.compile pool)
        self.pids = noise.family(
            sorted({s.session.pid for s in live if s.session is not None and s.session.pid})
        )
        self.foreign: list[float] = []
        self.steal: list[float] = []
        self.clean: list[int] = []
        self.rounds_run = 0
        self.started = time.monotonic()
        # A round too short for /proc/stat's tick resolution is judged over the group so far.
        self.group_before = noise.sample(self.pids)
        self.group_worker_cpu = 0.0
        cpu_bound = [s for s in live if s.info and s.info.get("device") == "cpu"]
        self.need_threads = bench.threads if cpu_bound else 1
        self.gemm = workload.startswith("matmul_") and bool(cpu_bound)
        # a workload only one framework runs (numpy's copy, a TF-only variant) is not compared:
        # a few rounds give its median, more would only spend the tier's budget
        multi = len({s.framework for s in live}) > 1
        self.target = bench.plan.rounds if multi else pairing.MIN_PAIRS

    def run(self) -> None:
        plan = self.bench.plan
        while self.live and self.rounds_run < plan.max_rounds and not self._done():
            self._round()
        # Settle: pairs of a comparison on the tie band's edge, while cheap enough.
        settled_by = time.monotonic() + plan.settle_budget_s
        cap = len(self.clean) + plan.extra_rounds
        while (
            self.live
            and len(self.clean) >= self.target
            and len(self.clean) < cap
            and self.rounds_run < plan.max_rounds + plan.extra_rounds
            and time.monotonic() < settled_by
            and not self._cancelled()
            and self._borderline()
        ):
            self._round()

    def _borderline(self) -> bool:
        """Some designated comparison's interval straddles an edge of the tie band."""
        for sa, sb, _name in designated_pairs(self.live, self.workload, self.bench.pairs):
            ratios = _paired_ratios(sa, sb, self.clean)
            if len(ratios) >= pairing.MIN_PAIRS and pairing.undecided(ratios):
                return True
        return False

    def _cancelled(self) -> bool:
        return self.bench.cancel is not None and self.bench.cancel.is_set()

    def _done(self) -> bool:
        if self._cancelled():
            return True
        enough = len(self.clean) >= self.target
        over = time.monotonic() - self.started > self.bench.plan.group_budget_s
        if enough or (over and len(self.clean) >= pairing.MIN_PAIRS):
            return True
        return over and self.rounds_run >= self.target  # the host stays busy: say so

    def _round(self) -> None:
        r = self.rounds_run
        live = self.live
        order = live[r % len(live) :] + live[: r % len(live)]  # rotate who goes first
        before = noise.sample(self.pids)
        worker_cpu = sum(self._block(slot, r) for slot in order)
        after = noise.sample(self.pids)
        self.group_worker_cpu += worker_cpu
        share = self._share(before, after, worker_cpu)
        self.rounds_run += 1
        self.live = live = [s for s in live if r in s.blocks]  # a side that failed a block is out
        if share is not None:
            self.foreign.append(share[0])
            self.steal.append(share[1])
        busy = pairing.disturbed(
            # /proc/stat counts whole clock ticks per CPU: a short round's share is only
            # known to within ±2 ticks per CPU, so only what exceeds that counts as load
            max(0.0, share[0] - share[2]) if share else None,
            max(0.0, share[1] - share[2]) if share else None,
            self.bench.cpus,
            self.need_threads,
            self._drops(r),
        )
        if not busy and all(r in s.blocks for s in live) and len(live) > 0:
            self.clean.append(r)

    def _block(self, slot: Slot, r: int) -> float:
        """One timed block of ``slot`` in round ``r``; the CPU seconds it reported."""
        clock, plan = self.bench.clock, self.bench.plan
        if clock is not None and self.gemm:
            clock.start()
        ans = slot.request(
            {
                "cmd": "block",
                "workload": self.workload,
                "variant": slot.variant,
                "samples": plan.samples,
            },
            plan.block_timeout_s,
        )
        if clock is not None and self.gemm:
            clock.stop()
        if ans is not None and ans.get("type") == "block" and ans.get("times"):
            slot.blocks[r] = ans
            return float(ans.get("cpu_s", 0.0))
        return 0.0

    def _share(
        self, before: noise.CpuSample | None, after: noise.CpuSample | None, worker_cpu: float
    ) -> tuple[float, float, float] | None:
        """The round's load reading; when too coarse, over the group so far, else the last
        precise reading (which a precise one replaces)."""
        cpus = self.bench.cpus
        share = noise.round_share(before, after, cpus, worker_cpu)
        if share is None or share[2] >= PRECISE:
            group = noise.round_share(self.group_before, after, cpus, self.group_worker_cpu)
            share = group or share
        if share is not None and share[2] < PRECISE:
            self.host_load = (max(0.0, share[0] - share[2]), max(0.0, share[1] - share[2]))
        elif self.host_load is not None:
            # Too coarse to judge (a reading of 0.8 ± 0.6 says nothing): the last precise
            # reading stands in. Subtracting a large uncertainty instead called rounds clean
            # with six busy loops on two cores.
            share = (self.host_load[0], self.host_load[1], 0.0)
        return share

    def _drops(self, r: int) -> bool:
        """Whether a CPU side's utilisation dropped or starved in round ``r``."""
        drops = False
        for slot in self.live:
            if _device(slot) != "cpu":
                continue  # a GPU block's CPU time is the host thread waiting: no signal
            rs = sorted(slot.blocks)
            flags = pairing.utilisation_drops([slot.util(x) for x in rs])
            drops = drops or (flags[-1] if flags else False)
            # Under a steady load every block is equally starved, so the relative test above
            # sees nothing, and a short round is below /proc/stat's resolution: judge this
            # block's own CPU per wall second against what its threads asked for as well.
            drops = drops or pairing.starved(slot.util(r), self.need_threads)
        return drops


def _result(
    slot: Slot, used: list[int], host_busy: bool, rounds_run: int
) -> BenchmarkResult | None:
    info = slot.info or {}
    rs = [r for r in used if r in slot.blocks]
    if not rs:
        return None
    meds = [slot.median(r) for r in rs]
    med = statistics.median(meds)
    q1, q3 = _quartiles(meds)
    flops, nbytes, items = info.get("flops"), info.get("nbytes"), info.get("items")
    first = info.get("first_call_s")
    est = info.get("estimate_s")
    compile_s = None
    if info.get("compiled") and isinstance(first, int | float) and isinstance(est, int | float):
        compile_s = round(max(0.0, first - est), 4)
    note = None
    if host_busy:
        note = f"host busy: fewer than {pairing.MIN_PAIRS} of {rounds_run} rounds were undisturbed"
    elif compile_s is not None:
        note = f"first call incl. compile {first:.2f} s"
    return BenchmarkResult(
        workload=str(info.get("workload")),
        framework=slot.framework,
        device=str(info.get("device") or "cpu"),
        variant=slot.variant,
        median_s=med,
        iqr_s=q3 - q1,
        samples=sum(len(slot.blocks[r]["times"]) for r in rs),
        threads=info.get("threads"),
        gflops=(float(flops) / med / 1e9) if flops and med > 0 else None,
        unstable=host_busy,
        note=note,
        min_s=min(min(slot.blocks[r]["times"]) for r in rs),
        first_call_s=first,
        loops=info.get("loops"),
        rounds=len(rs),
        spread=(max(meds) - min(meds)) / med if len(meds) > 1 and med > 0 else None,
        gbps=(float(nbytes) / med / 1e9) if nbytes and med > 0 else None,
        kind="model" if info.get("kind") == "model" else "kernel",
        items_per_s=(float(items) / med) if items and med > 0 else None,
        unit=info.get("unit"),
        compile_s=compile_s,
        dtype=str(info.get("dtype") or "float32"),
    )


def _quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    s = sorted(values)

    def q(p: float) -> float:
        pos = p * (len(s) - 1)
        lo = int(pos)
        hi = min(lo + 1, len(s) - 1)
        return s[lo] + (s[hi] - s[lo]) * (pos - lo)

    return q(0.25), q(0.75)


def _paired_ratios(sa: Slot, sb: Slot, rounds: list[int]) -> list[float]:
    """One ratio per round both sides measured: the pairs every verdict is judged on."""
    rs = [r for r in rounds if r in sa.blocks and r in sb.blocks]
    return pairing.pair_ratios([sa.median(r) for r in rs], [sb.median(r) for r in rs])


def _compare(
    sa: Slot, sb: Slot, name: str, used: list[int], host_busy: bool, rounds_run: int
) -> Comparison | None:
    ratios = _paired_ratios(sa, sb, used)
    if not ratios:
        return None
    j = pairing.judge(ratios)
    side = None if host_busy else j.side
    agreeing = None
    if side == "a":
        agreeing = sum(1 for x in ratios if x > 1)
    elif side == "b":
        agreeing = sum(1 for x in ratios if x < 1)
    return Comparison(
        workload=name,
        a=sa.framework,
        b=sb.framework,
        ratio=round(j.ratio, 4),
        verdict="faster" if side else "tie",
        faster=sa.framework if side == "a" else sb.framework if side == "b" else None,
        noise=pairing.TIE_BAND,
        a_variant=sa.variant,
        b_variant=sb.variant,
        device=str((sa.info or {}).get("device") or "cpu"),
        rounds_agreeing=agreeing,
        rounds=len(ratios),
        unreliable=host_busy,
        ci_low=round(j.ci_low, 4),
        ci_high=round(j.ci_high, 4),
        pairs_used=len(ratios),
        pairs_run=rounds_run,
        method="paired",
    )


ProgressFn = Callable[[str], None]
