"""Words that tell what actually decided: reasons, what-ifs, switching costs, next steps.

Everything is derived from numbers the pipeline already computed, so each sentence traces back:
criterion gaps and penalties (constraints, toolchains, switching costs) compete for the "because"
on equal terms; what-ifs are phrased as answers and costs and ranked by how plausible the change
is; next steps and install commands for the deployment come from ``kb/data/toolchains.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from kb.schema import KnowledgeBase, SwitchScaleEffect
from kb.texts import Bilingual, pair
from probes.report import ProbeReport
from recommender.constraints import AppliedEffect
from recommender.explain import fw_name
from recommender.labels import framework_status, must_label
from recommender.models import Elimination, SwitchingSummary, Verdict, WhatIf
from recommender.score import Scores
from recommender.switching import Switching
from recommender.toolchain_rules import best_reach, reach
from recommender.uncertainty import (
    LEADER_COST_FOR_LEAN,
    MIN_ANSWERED_FOR_CLEAR,
    shown_probability,
)

if TYPE_CHECKING:
    from recommender.pipeline import Decision

TOP_REASONS = 3
SUMMARY_WHAT_IFS = 3
# Answer changes that are costs the user can act on; tried whenever there is existing code.
COST_WHAT_IFS = {("existing_code", "none"), ("existing_code_rewrite", "yes")}
_HARDWARE_VENDOR = {
    "nvidia": "nvidia",
    "amd": "amd",
    "intel_gpu": "intel",
    "apple_silicon": "apple",
    "tpu": "google",
}


def switching_records(sw: Switching, frameworks: list[str]) -> list[Elimination]:
    """One penalty record per switching cost, at its mode, with the range it was sampled over."""
    _, md_f, _ = sw.code_factor
    out = []
    for c in sw.costs:
        points = c.mode * (md_f if c.scaled else 1.0)
        if points <= 0:
            continue
        one = Switching([c], sw.scales, sw.effort, sw.n_frameworks)
        lo, hi = one.interval(c.framework, code_only=False)
        reason_en, reason_zh = pair(
            "narrative_uncertain_penalty", reason=c.source.effect.reason, lo=lo, hi=hi
        )
        out.append(
            Elimination(
                framework=frameworks[c.framework],
                rule=c.source.label,
                kind="penalty",
                reason_en=reason_en,
                reason_zh=reason_zh,
                points=round(points, 1),
            )
        )
    return out


def _join_en(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _musts(kb: KnowledgeBase, records: list[Elimination]) -> Bilingual:
    """The must-haves that ruled frameworks out, as answers (or rules) a reader recognises."""
    en, zh = [], []
    for r in records:
        if r.kind == "penalty":
            continue
        must_en, must_zh = pair(
            "narrative_must",
            label=_rule_label(kb, r.rule),
            fw=fw_name(kb, r.framework),
            reason=(r.reason_en.rstrip("."), r.reason_zh.rstrip("。")),
        )
        en.append(must_en)
        zh.append(must_zh)
    sep_en, sep_zh = pair("list_sep")
    return sep_en.join(dict.fromkeys(en)), sep_zh.join(dict.fromkeys(zh))


def _rule_label(kb: KnowledgeBase, rule: str) -> Bilingual:
    return must_label(kb, rule)


@dataclass(frozen=True)
class Outcome:
    """What ``because`` explains: the scores, who survived, and how sure the simulation was."""

    criteria: list[str]
    frameworks: list[str]
    scores: Scores  # with the constraints applied
    unconstrained: Scores  # as if no must-have had ruled anyone out
    records: list[Elimination]
    p_win: np.ndarray
    draws: int
    verdict: str


def because(kb: KnowledgeBase, out: Outcome) -> Bilingual:
    """What decided: criteria gaps and penalties ranked together, or the must-have that did."""
    criteria, frameworks, records, unconstrained = (
        out.criteria,
        out.frameworks,
        out.records,
        out.unconstrained,
    )
    contrib, net, ranking = out.scores.contributions, out.scores.net, out.scores.ranking
    p_win, draws, verdict = out.p_win, out.draws, out.verdict
    if not ranking:
        return pair("narrative_all_ruled_out", musts=_musts(kb, records))
    lead = ranking[0]
    a = fw_name(kb, frameworks[lead])
    if len(ranking) == 1:
        others = [i for i in unconstrained.ranking if i != lead]
        tail: Bilingual = ("", "")
        if others:
            best = unconstrained.ranking[0]
            if best == lead:
                gap = float(net[lead] - unconstrained.net[others[0]])
                tail = pair("narrative_still_lead_without", a=a, gap=gap)
            else:
                b = fw_name(kb, frameworks[best])
                gap = float(unconstrained.net[best] - net[lead])
                tail = pair("narrative_lead_without", b=b, gap=gap)
        lead_en, lead_zh = pair("narrative_only_option", a=a, musts=_musts(kb, records), tail=tail)
        if verdict == "too_close" and others and unconstrained.ranking[0] != lead:
            other = fw_name(kb, frameworks[unconstrained.ranking[0]])
            dep_en, dep_zh = pair("narrative_dependency_decides", a=a, b=other)
            return f"{lead_en} {dep_en}", f"{lead_zh}{dep_zh}"
        return lead_en, lead_zh
    run = ranking[1]
    b = fw_name(kb, frameworks[run])
    gap = contrib[lead] - contrib[run]
    # Reasons: (points for the leader, en, zh). Penalties on the runner-up favour the leader.
    reasons: list[tuple[float, str, str]] = []
    for j in range(len(criteria)):
        t = kb.criteria[criteria[j]].title
        reasons.append((float(gap[j]), t.en, t.zh))
    shared = _penalty_reasons(kb, records, frameworks[lead], frameworks[run], reasons)
    pros = sorted((x for x in reasons if x[0] > 0.05), key=lambda x: -x[0])[:TOP_REASONS]
    cons = sorted((x for x in reasons if x[0] < -0.05), key=lambda x: x[0])[:1]
    margin = float(net[lead] - net[run])
    shown = shown_probability(float(p_win[lead]))
    sims = pair("narrative_simulations", shown=shown, draws=draws) if draws > 0 else ("", "")
    head_en, head_zh = pair(
        "narrative_scores", a=a, b=b, lead=net[lead], run=net[run], margin=margin, sims=sims
    )
    if pros:
        items = [pair("narrative_reason_points", what=(en, zh), p=p) for p, en, zh in pros]
        why = (_join_en([en for en, _ in items]), "、".join(zh for _, zh in items))
        more_en, more_zh = pair("narrative_mainly_because", reasons=why)
        head_en += more_en
        head_zh += more_zh
    if cons:
        p, en, zh = cons[0]
        more_en, more_zh = pair("narrative_against", a=a, what=(en, zh), p=p)
        head_en += more_en
        head_zh += more_zh
    if shared:
        sep_en, sep_zh = pair("list_sep")
        head_en += sep_en + shared[0]
        head_zh += sep_zh + shared[1]
    if verdict == "too_close":
        return pair("narrative_too_close", head=(head_en, head_zh))
    return head_en + ".", head_zh + "。"


@dataclass(frozen=True)
class NetCharge:
    """One cause of penalties between leader and runner-up, netted."""

    net: float  # runner-up's points minus leader's: > 0 speaks for the leader
    payer: Elimination  # the record of the one who pays more (the runner-up's on a tie)
    shared: float  # what both pay for the same cause (0 when one pays alone)


def net_charges(records: list[Elimination], leader: str, runner_up: str) -> list[NetCharge]:
    """Penalties grouped by their cause (rule), each netted between the two frameworks.

    A cost both pay for the same answer (both reach Hailo only by conversion) moves neither
    ahead: only the difference speaks for one side. Used by the "because" sentence and by the
    decision card (recommender/export/card.py), so both read a shared cost the same way."""
    points: dict[str, dict[str, float]] = {}
    first: dict[tuple[str, str], Elimination] = {}
    for r in records:
        if r.kind != "penalty" or not r.points or r.framework not in (leader, runner_up):
            continue
        points.setdefault(r.rule, {}).setdefault(r.framework, 0.0)
        points[r.rule][r.framework] += r.points
        first.setdefault((r.rule, r.framework), r)
    out = []
    for rule, paid in points.items():
        run_paid, lead_paid = paid.get(runner_up, 0.0), paid.get(leader, 0.0)
        net = run_paid - lead_paid
        payer = first.get((rule, runner_up if net >= 0 else leader)) or first[(rule, leader)]
        out.append(NetCharge(net, payer, min(run_paid, lead_paid)))
    return out


def _penalty_reasons(
    kb: KnowledgeBase,
    records: list[Elimination],
    leader: str,
    runner_up: str,
    reasons: list[tuple[float, str, str]],
) -> Bilingual | None:
    """Add each penalty to ``reasons`` by what it changes between the two, once per cause
    (``net_charges``); a cost both pay in full is named once as not separating them (returned),
    so the sentence never credits it to the leader."""
    shared: list[tuple[float, str, str]] = []
    for charge in net_charges(records, leader, runner_up):
        r = charge.payer
        if charge.shared:
            label_en, label_zh = _rule_label(kb, r.rule)
            shared.append((charge.shared, label_en, label_zh))
        if abs(charge.net) < 0.05:
            continue
        reason_en, reason_zh = pair(
            "narrative_penalty_of",
            who=fw_name(kb, r.framework),
            reason=(r.reason_en.rstrip("."), r.reason_zh.rstrip("。")),
        )
        reasons.append((charge.net, reason_en, reason_zh))
    if not shared:
        return None
    common, label_en, label_zh = max(shared)
    return pair("narrative_shared_cost", points=f"{common:.0f}", what=(label_en, label_zh))


@dataclass(frozen=True)
class Alternative:
    """One single-answer change and the decision it leads to."""

    question: str
    option: str
    leader: int | None
    pick: int | None  # whom the tool would recommend then (``pipeline.pick``)
    scores: Scores
    plausibility: int
    cost: bool
    rules_out_leader: bool = False
    weights: np.ndarray | None = None  # the alternative's weights (for the Monte Carlo)
    penalties: np.ndarray | None = None  # its costs at their modes
    removed: bool = False  # the option was taken away (a must-have dropped), not added


def is_cost_what_if(qid: str, option: str, values: dict[str, list[str]]) -> bool:
    """A cost change worth showing: there is existing code and this removes or shrinks its cost."""
    code = values.get("existing_code", [])
    return bool(code) and code != ["none"] and (qid, option) in COST_WHAT_IFS


def _answer_phrase(kb: KnowledgeBase, qid: str, option: str, removed: bool = False) -> Bilingual:
    q = kb.question(qid)
    opt = q.option(option) if q else None
    if q is None or opt is None:
        return f"{qid} = {option}", f"{qid} = {option}"
    if removed:
        if q.replaceable:
            return pair("narrative_not_depend", option=opt.label)
        return pair("narrative_drop", option=opt.label, q=q.text)
    if (qid, option) == ("existing_code", "none"):
        return pair("narrative_no_code_to_keep")
    if (qid, option) == ("existing_code_rewrite", "yes"):
        return pair("narrative_code_rewritten")
    if q.kind == "multi":
        return pair("narrative_add", option=opt.label, q=q.text)
    return pair("narrative_answer_is", option=opt.label, q=q.text)


def what_ifs(
    kb: KnowledgeBase,
    dec: Decision,
    alternatives: list[Alternative],
    frameworks: list[str],
    chosen: int | None,
) -> list[WhatIf]:
    """Answer and cost changes that matter: levers before new must-haves, then the most
    plausible, then the largest effect. A change "changes" the advice when the framework the
    tool would then recommend (``Alternative.pick``) is not today's ``chosen`` one: usually the
    leader, but the runner-up when it leads on what the answers made relevant (then the change
    that matters can leave the top scorer where it is, e.g. dropping the dependency that
    charges it)."""
    out: list[tuple[tuple[int, int, int, float], WhatIf]] = []
    grouped: dict[tuple[str, int], list[Alternative]] = {}
    for alt in alternatives:
        changes = alt.pick != chosen
        # A change that rules everyone out describes a different project, not a lever.
        if alt.leader is None or (not changes and not alt.cost):
            continue
        if alt.rules_out_leader and not alt.removed and len(alt.scores.ranking) == 1:
            # Many picks of one question that each leave one framework: said once, as a list.
            grouped.setdefault((alt.question, alt.leader), []).append(alt)
            continue
        margin = float(alt.scores.margin)
        name = fw_name(kb, frameworks[alt.leader])
        if len(alt.scores.ranking) == 1:
            then = pair("narrative_only_left", name=name)
        elif alt.pick is not None and alt.pick != alt.leader:  # the relevant side would win
            then = pair("narrative_would_be_recommended", name=fw_name(kb, frameworks[alt.pick]))
        elif round(margin, 1) == 0:  # "would lead by 0.0 points" says nothing
            then = pair("narrative_would_tie")
        elif changes or alt.leader != dec.leader:
            then = pair("narrative_would_lead", name=name, margin=margin)
        else:
            then = pair("narrative_would_still_lead", name=name, margin=margin)
        sentence_en, sentence_zh = pair(
            "narrative_what_if",
            cond=_answer_phrase(kb, alt.question, alt.option, alt.removed),
            then=then,
        )
        item = WhatIf(
            question=alt.question,
            option=alt.option,
            new_leader=frameworks[alt.leader] if alt.leader is not None else None,
            margin=round(margin, 3),
            changes_leader=alt.leader != dec.leader,
            new_winner=frameworks[alt.pick] if alt.pick is not None else None,
            changes_winner=changes,
            rules_out_leader=alt.rules_out_leader,
            removed=alt.removed,
            plausibility=alt.plausibility,
            sentence_en=sentence_en,
            sentence_zh=sentence_zh,
        )
        # Levers first: a change that wins on points (or a cost you can act on) before one that
        # adds a must-have today's leader fails (that is a different project more than a lever).
        out.append(
            ((int(alt.rules_out_leader), alt.plausibility, 0 if changes else 1, -margin), item)
        )
    for (qid, _leader), alts in grouped.items():
        item = _must_group(kb, qid, alts, frameworks)
        out.append(((1, item.plausibility, 0, 0.0), item))
    out.sort(key=lambda x: x[0])
    return [w for _, w in out]


def _must_group(
    kb: KnowledgeBase, qid: str, alts: list[Alternative], frameworks: list[str]
) -> WhatIf:
    """One what-if for several picks of a question that would each leave a single framework."""
    q = kb.question(qid)
    labels = [(q.option(a.option) if q else None) for a in alts]
    en = [o.label.en if o else a.option for o, a in zip(labels, alts, strict=True)]
    zh = [o.label.zh if o else a.option for o, a in zip(labels, alts, strict=True)]
    shown = 4
    # English says how many more, Chinese how many in all ("… 等 7 项")
    more = pair("narrative_and_more", n=(str(len(en) - shown), str(len(zh))))
    options = (
        ", ".join(f"“{x}”" for x in en[:shown]) + (more[0] if len(en) > shown else ""),
        "、".join(f"“{x}”" for x in zh[:shown]) + (more[1] if len(zh) > shown else ""),
    )
    a0 = alts[0]
    assert a0.leader is not None
    name = fw_name(kb, frameworks[a0.leader])
    cond = pair(
        "narrative_add_any",
        any=pair("narrative_any_of") if len(en) > 1 else ("", ""),
        options=options,
        q=q.text if q else qid,
    )
    sentence_en, sentence_zh = pair(
        "narrative_what_if", cond=cond, then=pair("narrative_only_left", name=name)
    )
    return WhatIf(
        question=qid,
        option=",".join(a.option for a in alts),
        new_leader=frameworks[a0.leader],
        margin=0.0,
        changes_leader=True,
        new_winner=frameworks[a0.leader],
        changes_winner=True,
        rules_out_leader=True,
        plausibility=min(a.plausibility for a in alts),
        sentence_en=sentence_en,
        sentence_zh=sentence_zh,
    )


def robust_verdict(verdict: Verdict, items: list[WhatIf]) -> tuple[Verdict, WhatIf | None]:
    """A clear lead must survive every plausible answer; one that flips it makes it lean.

    Plausible means a cost the user can act on or a question left unanswered (``plausibility``
    0 or 1); a change that adds a must-have the leader fails is a different project, not doubt
    about this one, so it does not count here.
    """
    if verdict != "clear":
        return verdict, None
    for w in items:
        if w.changes_winner and w.plausibility <= 1 and not w.rules_out_leader and w.new_winner:
            return "lean", w
    return verdict, None


def survivor_verdict(
    kb: KnowledgeBase,
    records: list[Elimination],
    unconstrained: Scores,
    leader: int,
    clear: float,
    leader_cost: float,
    frameworks: list[str],
    effects: list[AppliedEffect],
) -> Verdict:
    """A single survivor is "clear" unless only a replaceable dependency keeps the other out.

    When every must-have that ruled the others out comes from a ``replaceable`` question (a
    dependency the project chose), dropping it is a real option, so the survivor is judged as
    if both were in:

    * it is "clear" only if it would also lead by ``clear`` points without the dependency and
      carries less than ``LEADER_COST_FOR_LEAN`` points of charges itself;
    * it is "too close" when without the dependency *another* framework would lead by ``clear``
      points or more: the two plausible projects (keep it, drop it) point clearly in opposite
      directions, so the dependency decides, not the evidence — the report says so. Only when
      one dependency keeps that framework out: when two or more chosen options each rule it out
      (JAX/Flax and TF Serving both leave PyTorch out), dropping one changes nothing, and the
      project without all of them is no longer the plausible alternative — then "lean";
    * otherwise "lean".
    """
    if not replaceable_only(kb, records):
        return "clear"
    ranking = unconstrained.ranking
    if ranking and ranking[0] != leader:
        behind = float(unconstrained.net[ranking[0]] - unconstrained.net[leader])
        if behind >= clear and len(_ruled_out_by(records, effects, frameworks[ranking[0]])) <= 1:
            return "too_close"
        return "lean"
    if ranking and unconstrained.margin >= clear and leader_cost < LEADER_COST_FOR_LEAN:
        return "clear"
    return "lean"


def _ruled_out_by(
    records: list[Elimination], effects: list[AppliedEffect], framework: str
) -> set[str]:
    """The distinct must-haves (answers or rules) that rule ``framework`` out. The records keep
    the first veto per framework only, so the veto effects in play are counted too."""
    found = {r.rule for r in records if r.kind != "penalty" and r.framework == framework}
    for applied in effects:
        if applied.effect.kind == "veto" and applied.effect.framework == framework:
            found.add(applied.label)
    return found


def replaceable_only(kb: KnowledgeBase, records: list[Elimination]) -> bool:
    """Every must-have that ruled a framework out is a dependency the project chose."""
    sources = [r.rule for r in records if r.kind != "penalty"]
    for rule in sources:
        qid = rule.split(":", 1)[1].split("=", 1)[0] if rule.startswith("questions.yaml:") else ""
        q = kb.question(qid) if qid else None
        if q is None or not q.replaceable:
            return False
    return bool(sources)


def leader_cost_warning(
    kb: KnowledgeBase, records: list[Elimination], leader: str, cost: float
) -> Bilingual:
    """Why a lead that is otherwise clear is only a lean: the leader itself pays for something
    the project needs (its largest charges named, as the decision model recorded them)."""
    own = sorted(
        (r for r in records if r.framework == leader and r.kind == "penalty" and r.points),
        key=lambda r: -(r.points or 0.0),
    )[:2]
    charges = [
        pair(
            "narrative_charge",
            reason=(r.reason_en.rstrip("."), r.reason_zh.rstrip("。")),
            points=r.points,
        )
        for r in own
    ]
    sep_en, sep_zh = pair("list_sep")
    en = sep_en.join(en for en, _ in charges)
    zh = sep_zh.join(zh for _, zh in charges)
    return pair(
        "narrative_leader_cost",
        name=fw_name(kb, leader),
        cost=cost,
        charges=(" " + en + "." if en else "", zh + "。" if zh else ""),
    )


def relevance_warnings(untouched_share: float, answered: int) -> list[Bilingual]:
    """Say how much of the decision rests on criteria nobody asked about."""
    out: list[Bilingual] = []
    if untouched_share > 0:
        out.append(pair("narrative_untouched_share", share=untouched_share))
    if answered < MIN_ANSWERED_FOR_CLEAR:
        out.append(pair("narrative_few_answered", answered=answered, min=MIN_ANSWERED_FOR_CLEAR))
    return out


def machine_warnings(
    kb: KnowledgeBase,
    probe: ProbeReport,
    answers: dict[str, list[str]],
    origin: dict[str, str],
    *,
    hardware: bool = True,
) -> list[Bilingual]:
    """Setup tasks (not reasons to switch) and contradictions between probe and answers.

    ``hardware=False`` leaves the hardware contradiction to the install rule's own warning.
    """
    out: list[Bilingual] = []
    accel = [a.name for a in probe.accelerators]
    for fw, p in probe.frameworks.items():
        name = fw_name(kb, fw)
        if p.status in ("import_error", "crashed"):
            status = framework_status(p.status)
            out.append(pair("narrative_broken_install", name=name, status=status))
        elif p.status == "ok" and accel and p.sees_accelerators is False:
            shown = (", ".join(accel), "、".join(accel))
            out.append(pair("narrative_no_accelerator", name=name, accel=shown))
    if hardware and origin.get("hardware") == "answered":
        vendors = {a.vendor for a in probe.accelerators}
        for hw in answers.get("hardware", []):
            vendor = _HARDWARE_VENDOR.get(hw)
            if vendor is not None and vendor not in vendors:
                q = kb.question("hardware")
                opt = q.option(hw) if q else None
                label = opt.label if opt else hw
                out.append(pair("narrative_hardware_not_probed", label=label))
    if origin.get("os") == "answered" and probe.host.os in ("linux", "windows", "macos"):
        said = (answers.get("os") or [""])[0]
        if said and said != probe.host.os:
            out.append(pair("narrative_os_differs", said=said, os=probe.host.os))
    return out


def switching_summary(
    kb: KnowledgeBase, dec: Decision, frameworks: list[str]
) -> SwitchingSummary | None:
    """Size, spread, break-even and person-weeks of the code switching cost, with assumptions."""
    sw = dec.switching
    code = [c for c in sw.costs if c.scaled]
    if not code:
        return None
    payer = max({c.framework for c in code}, key=sw.code_points)
    _, md_f, _ = sw.code_factor
    mine = [c for c in code if c.framework == payer]
    points = sum(c.mode for c in mine) * md_f
    low, high = sw.interval(payer)
    pw_mode = sw.person_weeks()
    pw_range = sw.person_weeks_interval()
    pw = (pw_range[0], pw_mode[1], pw_range[1]) if pw_mode and pw_range else None
    rate = pw[1] / points if pw and points > 0 else None
    p_name = fw_name(kb, frameworks[payer])
    ranking = dec.scores.ranking
    holder = next((i for i in ranking[:2] if i != payer), None)
    be = be_pw = None
    if holder is None or payer not in ranking:
        en, zh = pair("narrative_port_estimate", p=p_name, points=points)
    else:
        h_name = fw_name(kb, frameworks[holder])
        net = dec.scores.net
        merit = float(net[holder] - (net[payer] + points))  # holder's lead if porting were free
        if merit >= 0:
            en, zh = pair("narrative_switch_not_deciding", h=h_name, merit=merit)
        else:
            be = -merit
            be_pw = be * rate if rate is not None else None
            pw_be = pair("narrative_break_even_pw", pw=be_pw) if be_pw is not None else ("", "")
            en, zh = pair("narrative_break_even", h=h_name, p=p_name, be=be, pw=pw_be)
    est_en, est_zh = pair(
        "narrative_porting_cost",
        points=points,
        low=low,
        high=high,
        pw=pair("narrative_porting_pw", mode=pw[1], lo=pw[0], hi=pw[2]) if pw else (".", "。"),
    )
    person_weeks = pair("narrative_person_weeks_assumption")
    assumptions_en, assumptions_zh = [person_weeks[0]], [person_weeks[1]]
    for *_, applied in sw.scales:
        eff = applied.effect
        if isinstance(eff, SwitchScaleEffect):
            scale_en, scale_zh = pair("paren", x=f"×{eff.low:g}–{eff.high:g}")
            assumptions_en.append(eff.reason.en + scale_en)
            assumptions_zh.append(eff.reason.zh + scale_zh)
    return SwitchingSummary(
        framework=frameworks[payer],
        points=round(points, 2),
        low=round(low, 2),
        high=round(high, 2),
        person_weeks=[round(x, 1) for x in pw] if pw else None,
        break_even_points=round(be, 2) if be is not None else None,
        break_even_person_weeks=round(be_pw, 1) if be_pw is not None else None,
        sentence_en=en + est_en,
        sentence_zh=zh + est_zh,
        assumptions_en=assumptions_en,
        assumptions_zh=assumptions_zh,
    )


@dataclass
class Steps:
    steps: list[Bilingual] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)


def next_steps(
    kb: KnowledgeBase,
    framework: str | None,
    answers: dict[str, list[str]],
    switching: Switching | None = None,
    frameworks: list[str] | None = None,
) -> Steps:
    """Per chosen target and toolchain: the path the framework takes, and what to install.

    When choosing ``framework`` means moving existing code to it, the first step is the port,
    in the words of the switching-cost data (which name the migration path, e.g. Keras 3).
    """
    out = Steps()
    if framework is None:
        return out
    name = fw_name(kb, framework)
    if switching is not None and frameworks is not None:
        for c in switching.costs:
            if frameworks[c.framework] == framework and c.scaled:
                reason = c.source.effect.reason
                out.steps.append(pair("narrative_port_step", name=name, reason=reason))
    seen: set[str] = set()
    for q in kb.questions:
        for option_id in answers.get(q.id, []):
            opt = q.option(option_id)
            if opt is None:
                continue
            best = None
            if opt.toolchains:
                best, _ = best_reach(kb, q, opt, framework)
            elif q.id == "deploy_targets":
                found = [
                    r
                    for tc in kb.toolchains.values()
                    if option_id in tc.targets
                    for r in [reach(q, tc, framework)]
                    if r is not None and r.support.level != "none"
                ]
                best = min(found, key=lambda r: r.cost) if found else None
            if best is None or best.toolchain.id in seen:
                continue
            seen.add(best.toolchain.id)
            s = best.support
            how = (
                pair("toolchain_natively")
                if s.level == "native"
                else pair("narrative_via", path=s.path)
            )
            out.steps.append(
                pair(
                    "narrative_target_step",
                    label=opt.label,
                    name=name,
                    tc=best.toolchain.name,
                    how=how,
                )
            )
            for step in best.toolchain.install:
                if step.framework in (None, framework) and step.command not in out.commands:
                    out.commands.append(step.command)
    return out
