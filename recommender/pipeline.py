"""``recommend()``: answers + knowledge + probe facts → one explained ``Recommendation``.

Order matters and is fixed: facts → effective answers → rules → weights → measured values →
hard constraints → additive score → Monte Carlo verdict → flip points → words. The function is
pure: no files, no clock unless ``now`` is omitted, and a seeded random generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from kb.schema import KnowledgeBase, NoteEffect
from kb.texts import Bilingual, pair
from probes.report import ProbeReport
from recommender import explain, labels, narrative
from recommender.constraints import (
    AppliedEffect,
    ConstraintResult,
    ImpliedCache,
    apply_constraints,
    collect_effects,
    fired_rules,
)
from recommender.deploy_evidence import apply_deploy_paths, deploy_next_steps
from recommender.elicit import Weights, elicit_weights
from recommender.evidence import ValueMatrix, build_values
from recommender.facts import (
    EffectiveAnswers,
    Facts,
    answer_facts,
    compat_facts,
    effective_answers,
    probe_facts,
)
from recommender.install import choose_install, install_notes
from recommender.models import (
    Contribution,
    Elimination,
    FrameworkValue,
    Profile,
    Recommendation,
    Verdict,
)
from recommender.neutral import Picks, concrete_lead, neutral_picks, neutral_sentence
from recommender.score import Scores, clip_score, score
from recommender.sensitivity import Names, flip_points
from recommender.switching import Switching
from recommender.switching import build as build_switching
from recommender.uncertainty import (
    CLEAR_MARGIN,
    CLOSE_MARGIN,
    UNANSWERED_SHARE,
    Doubts,
    Ratings,
    Scenarios,
    win_probability,
)
from recommender.uncertainty import verdict as decide_verdict

MAX_COUNTERFACTUAL_TRIGGERS = 4


@dataclass(frozen=True)
class Decision:
    """The deterministic part of a recommendation (no sampling)."""

    answers: EffectiveAnswers
    facts: Facts
    effects: list[AppliedEffect]
    weights: Weights
    constraints: ConstraintResult
    scores: Scores
    switching: Switching
    penalties: np.ndarray  # fixed penalties + switching costs at their modes
    records: list[Elimination]  # constraint records + switching-cost records

    @property
    def leader(self) -> int | None:
        return self.scores.ranking[0] if self.scores.ranking else None

    @property
    def relevant_side(self) -> bool:
        """The runner-up leads on what the answers made relevant, costs included, by
        ``CLOSE_MARGIN`` or more while the leader's total lead is under ``CLEAR_MARGIN``: that
        lead comes from criteria nobody asked about, so the runner-up is recommended
        (docs/decision-model.md §3, "the relevant side leads")."""
        relevant = self.relevant_margin()
        return (
            relevant is not None and relevant <= -CLOSE_MARGIN and self.scores.margin < CLEAR_MARGIN
        )

    @property
    def pick(self) -> int | None:
        """Whom the tool recommends on these answers: the leader, or the relevant side."""
        ranking = self.scores.ranking
        if not ranking:
            return None
        return ranking[1] if self.relevant_side else ranking[0]

    def relevant_margin(self) -> float | None:
        """Leader − runner-up counting only the criteria answers raised, constraints and costs."""
        ranking = self.scores.ranking
        if len(ranking) < 2:
            return None
        a, b = ranking[0], ranking[1]
        touched = self.weights.relevant
        contrib = self.scores.contributions
        mask = touched if touched is not None else np.zeros(contrib.shape[1], dtype=bool)
        gap = float((contrib[a] - contrib[b])[mask].sum())
        return gap - float(self.penalties[a] - self.penalties[b])


def decide(
    kb: KnowledgeBase,
    answers: EffectiveAnswers,
    base_facts: Facts,
    values: ValueMatrix,
    overrides: dict[str, float] | None,
    *,
    with_records: bool = True,
    cache: ImpliedCache | None = None,
) -> Decision:
    """Rules, weights, constraints and scores for one set of answers (``cache``: see
    ``collect_effects``; the what-ifs of one recommendation share one)."""
    facts = {**base_facts, **answer_facts(kb, answers)}
    effects = collect_effects(kb, answers, fired_rules(kb, facts), cache)
    weights = elicit_weights(kb, effects, overrides, with_records=with_records)
    titles = {c: (kb.criteria[c].title.en, kb.criteria[c].title.zh) for c in values.criteria}
    cons = apply_constraints(values.frameworks, values.criteria, values.mode, effects, titles)
    sw = build_switching(values.frameworks, effects)
    penalties = cons.penalties + sw.mode_points()
    survivors = [values.frameworks.index(fw) for fw in cons.survivors]
    scores = score(weights.values, values.mode, penalties, survivors)
    records = list(cons.records)
    if with_records:
        records += narrative.switching_records(sw, values.frameworks)
    return Decision(answers, facts, effects, weights, cons, scores, sw, penalties, records)


def recommend(
    kb: KnowledgeBase,
    profile: Profile,
    probe: ProbeReport | None = None,
    *,
    draws: int = 10000,
    seed: int = 0,
    weight_overrides: dict[str, float] | None = None,
    now: datetime | None = None,
) -> Recommendation:
    """Recommend a framework for this profile (and machine), with reasons and honest doubt.

    Raises ValueError only for a bad ``weight_overrides`` (unknown criterion, out of range).
    """
    generated_at = now or datetime.now(UTC)
    pfacts = probe_facts(probe) if probe is not None else {}
    base_facts = {**pfacts, **compat_facts(kb, probe)}
    answers = effective_answers(kb, profile, pfacts)
    values = build_values(kb, probe, generated_at.date())
    apply_deploy_paths(kb, probe, answers.values, values)  # recommender/deploy_evidence.py
    dec = decide(kb, answers, base_facts, values, weight_overrides)
    fws, crits = values.frameworks, values.criteria
    w = dec.weights.values
    ranking = dec.scores.ranking
    survivors = len(ranking)

    groups = {g: k for k, g in enumerate(dict.fromkeys(kb.criteria[c].group for c in crits))}
    alternatives = _alternatives(kb, dec, base_facts, values, weight_overrides, probe)
    p_win = win_probability(
        w,
        Ratings(values.low, values.mode, values.high),
        dec.constraints.penalties,
        ranking,
        draws=draws,
        seed=seed,
        doubts=Doubts(
            groups=np.array([groups[kb.criteria[c].group] for c in crits], dtype=int),
            touched=dec.weights.touched,
            switching=dec.switching,
            scenarios=_scenarios(kb, answers, alternatives, len(fws)),
        ),
    )
    lead = ranking[0] if ranking else None
    run = ranking[1] if len(ranking) > 1 else None
    answered = sum(1 for o in answers.origin.values() if o == "answered")
    unconstrained = score(w, values.mode, dec.penalties, list(range(len(fws))))
    judged = _judge(kb, dec, answers, values, p_win, unconstrained, answered)
    relevant, leader_cost = judged.relevant, judged.leader_cost
    verdict, chosen = judged.verdict, judged.chosen
    costly_lead, general_only = judged.costly_lead, judged.general_only
    relevant_side = judged.relevant_side
    neutral_why = (
        neutral_sentence(kb, judged.neutral, fws[lead], fws[run])
        if judged.neutral and lead is not None and run is not None
        else None
    )
    winner = fws[chosen] if chosen is not None and verdict != "too_close" else None

    flips = []
    if lead is not None and run is not None:
        names = Names(
            leader=explain.fw_name(kb, fws[lead]),
            runner_up=explain.fw_name(kb, fws[run]),
            criteria_ids=crits,
            criteria_en=[kb.criteria[c].title.en for c in crits],
            criteria_zh=[kb.criteria[c].title.zh for c in crits],
        )
        flips = flip_points(w, values.mode, dec.penalties, lead, run, names)

    heavy = explain.drivers(crits, w)
    heavy_idx = [crits.index(c) for c in heavy]
    stale_count = sum(
        1
        for i in range(len(fws))
        for j in heavy_idx
        for ref in values.evidence[(i, j)]
        if ref.stale
    )
    watched = [fws[i] for i in ranking[:2]] or list(fws)
    because_en, because_zh = narrative.because(
        kb,
        narrative.Outcome(
            criteria=crits,
            frameworks=fws,
            scores=dec.scores,
            unconstrained=unconstrained,
            records=dec.records,
            p_win=p_win,
            draws=draws,
            verdict=verdict,
        ),
    )
    if neutral_why is not None:
        because_en, because_zh = f"{because_en} {neutral_why[0]}", f"{because_zh}{neutral_why[1]}"
    relevant_why: Bilingual | None = None
    if relevant_side and lead is not None and run is not None and relevant is not None:
        relevant_why = pair(
            "narrative_relevant_side",
            a=explain.fw_name(kb, fws[run]),
            b=explain.fw_name(kb, fws[lead]),
            rel=-relevant,
            margin=dec.scores.margin,
        )
        because_en = f"{relevant_why[0]} {because_en}"
        because_zh = f"{relevant_why[1]}{because_zh}"
    what_ifs = narrative.what_ifs(kb, dec, alternatives, fws, chosen)
    verdict, shaky = narrative.robust_verdict(verdict, what_ifs)
    triggers = explain.revisit_triggers(
        kb,
        watched,
        [
            explain.Counterfactual(x.question, option, _is_multi(kb, x.question), x.new_winner)
            for x in what_ifs
            if x.changes_winner and not x.removed  # a trigger is an answer added or changed
            for option in x.option.split(",")  # a grouped what-if lists several options
        ][:MAX_COUNTERFACTUAL_TRIGGERS],
        probe,
        stale_count,
    )
    warnings = _warnings(kb, dec, values, probe, heavy_idx, lead, run, stale_count)
    warnings += narrative.relevance_warnings(dec.weights.untouched_share, answered)
    # Why the verdict is no stronger (the card says it under the headline; most decisive first).
    # The charges, general-ratings and shaky-answer reasons also stay among the warnings.
    held_back: list[Bilingual] = []
    if relevant_why is not None:
        held_back.append(relevant_why)
    if neutral_why is not None:
        held_back.append(neutral_why)
    if survivors == 1 and verdict == "too_close" and lead is not None and unconstrained.ranking:
        other = unconstrained.ranking[0]
        if other != lead:
            kept, dropped = explain.fw_name(kb, fws[lead]), explain.fw_name(kb, fws[other])
            held_back.append(pair("narrative_dependency_decides", a=kept, b=dropped))
    noted: list[Bilingual] = []
    if costly_lead and lead is not None:
        noted.append(narrative.leader_cost_warning(kb, dec.records, fws[lead], leader_cost))
    if general_only and lead is not None:
        noted.append(pair("narrative_general_only", name=explain.fw_name(kb, fws[lead])))
    if shaky is not None:
        what_if = (shaky.sentence_en, shaky.sentence_zh)
        noted.append(pair("pipeline_not_clear_shaky", what_if=what_if))
    warnings += noted
    held_back += noted
    # The install rule (recommender/install.py) decides whose hardware the command is for and
    # reports a disagreement between answers and probe; the same warning is not repeated here.
    choice = choose_install(kb, winner, probe, answers.values)
    if choice is not None and choice.disagreement is not None:
        warnings.append((choice.disagreement.en, choice.disagreement.zh))
    if probe is not None:
        warnings += narrative.machine_warnings(
            kb,
            probe,
            answers.values,
            answers.origin,
            hardware=choice is None or choice.disagreement is None,
        )
    switching = narrative.switching_summary(kb, dec, fws)
    steps = narrative.next_steps(
        kb, fws[chosen] if chosen is not None else None, answers.values, dec.switching, fws
    )
    if survivors == 0:  # the must-haves conflict: the step is choosing which one to drop
        steps.steps.insert(0, pair("narrative_conflict_step"))
    measured_steps = deploy_next_steps(probe, winner, answers.values)

    return Recommendation(
        generated_at=generated_at,
        winner=winner,
        runner_up=fws[run] if run is not None else None,
        leader=fws[lead] if lead is not None else None,
        verdict=verdict,
        scores={fw: clip_score(float(dec.scores.net[i])) for i, fw in enumerate(fws)},
        margin=round(dec.scores.margin, 3),
        win_probability={fw: round(float(p_win[i]), 4) for i, fw in enumerate(fws)},
        eliminated=dec.records,
        weights=dec.weights.records,
        contributions=_contributions(kb, values, w, dec.scores),
        flip_points=flips,
        warnings=[en for en, _ in warnings],
        warnings_zh=[zh for _, zh in warnings],
        drivers=heavy,
        because_en=because_en,
        because_zh=because_zh,
        consequences=explain.consequences(
            kb, chosen, fws, crits, w, values.mode, values.notes, dec.records
        )
        if chosen is not None
        else [],
        revisit_triggers_en=[en for en, _ in triggers],
        revisit_triggers_zh=[zh for _, zh in triggers],
        # Only for a recommended framework: "too close" recommends nothing to install.
        install_command=choice.command if choice is not None else None,
        install_notes_en=[en for en, _ in install_notes(choice)],
        install_notes_zh=[zh for _, zh in install_notes(choice)],
        stale_claims=explain.stale_claims(kb, heavy),
        monte_carlo_draws=max(0, draws),
        seed=seed,
        kb_version=kb.kb_version,
        kb_hash=kb.content_hash,
        profile=profile,
        probe=explain.probe_summary(probe, kb.frameworks) if probe is not None else None,
        effective_answers=answers.values,
        answer_origin=answers.origin,
        relevant_margin=round(relevant, 3) if relevant is not None else None,
        verdict_reason_en=held_back[0][0] if held_back else None,
        verdict_reason_zh=held_back[0][1] if held_back else None,
        untouched_weight=round(dec.weights.untouched_share, 4),
        what_ifs=what_ifs,
        switching=switching,
        next_steps_en=[en for en, _ in steps.steps] + [en for en, _ in measured_steps],
        next_steps_zh=[zh for _, zh in steps.steps] + [zh for _, zh in measured_steps],
        deploy_install_commands=steps.commands,
    )


@dataclass(frozen=True)
class _Judged:
    """The verdict and the framework it recommends, with the rules that shaped them."""

    verdict: Verdict
    chosen: int | None  # index of the recommended framework (the leader unless relevant_side)
    costly_lead: bool  # "clear" on every count but the leader's own charges
    relevant_side: bool  # the runner-up leads on what the answers made relevant
    neutral: Picks  # only neutral dependencies and nothing concrete: too close (else empty)
    general_only: bool  # "clear" from general ratings alone: lean
    relevant: float | None  # Decision.relevant_margin: the lead on what the answers raised
    leader_cost: float  # the leader's own charges (points)


def _judge(
    kb: KnowledgeBase,
    dec: Decision,
    answers: EffectiveAnswers,
    values: ValueMatrix,
    p_win: np.ndarray,
    unconstrained: Scores,
    answered: int,
) -> _Judged:
    """Thresholds first (``uncertainty.verdict``), then the rules of docs/decision-model.md §3
    that read what the lead is made of."""
    fws, crits, ranking = values.frameworks, values.criteria, dec.scores.ranking
    survivors = len(ranking)
    lead = ranking[0] if ranking else None
    run = ranking[1] if survivors > 1 else None
    relevant = dec.relevant_margin()
    leader_cost = float(dec.penalties[lead]) if lead is not None else 0.0
    p_lead = float(p_win[lead]) if lead is not None else 0.0
    verdict = decide_verdict(
        p_lead,
        dec.scores.margin,
        survivors,
        relevant_margin=relevant,
        answered=answered,
        leader_cost=leader_cost,
    )
    # "clear" on every other count, held back only by what the leader itself costs: say which
    costly_lead = (
        verdict == "lean"
        and survivors > 1
        and decide_verdict(
            p_lead, dec.scores.margin, survivors, relevant_margin=relevant, answered=answered
        )
        == "clear"
    )
    # The answers decide what matters: when the runner-up leads on the criteria they made
    # relevant plus the project's costs, and the leader's total lead is not clear, that lead
    # comes from criteria nobody asked about; the relevant side gets the lean.
    relevant_side = dec.relevant_side
    if relevant_side:
        verdict, costly_lead = "lean", False
    # The leader's lead on what is concrete about the project (recommender/neutral.py): under the
    # too-close margin, neutral dependencies make it too close and general ratings alone at most
    # lean. None when the KB lists no concrete groups (both rules off) or one framework is left.
    concrete = (
        concrete_lead(
            kb, crits, dec.scores.contributions, dec.weights.relevant, dec.penalties, lead, run
        )
        if lead is not None and run is not None and kb.meta.concrete_groups
        else None
    )
    weak = concrete is not None and concrete < CLOSE_MARGIN
    neutral: Picks = ()
    if weak and verdict != "too_close" and not relevant_side:
        assert lead is not None and run is not None  # a concrete lead needs both
        neutral = neutral_picks(kb, answers, fws[lead], fws[run])
    if neutral:
        verdict = "too_close"
    general_only = weak and verdict == "clear"
    if general_only:
        verdict = "lean"
    if survivors == 1 and lead is not None:
        verdict = narrative.survivor_verdict(
            kb, dec.records, unconstrained, lead, CLEAR_MARGIN, leader_cost, fws, dec.effects
        )
    return _Judged(
        verdict, dec.pick, costly_lead, relevant_side, neutral, general_only, relevant,
        leader_cost,
    )  # fmt: skip


def _contributions(
    kb: KnowledgeBase, values: ValueMatrix, w: np.ndarray, scores: Scores
) -> list[Contribution]:
    out = []
    for j, cid in enumerate(values.criteria):
        crit = kb.criteria[cid]
        out.append(
            Contribution(
                criterion=cid,
                title_en=crit.title.en,
                title_zh=crit.title.zh,
                weight=round(float(w[j]), 6),
                values=[
                    FrameworkValue(
                        framework=fw,
                        value=round(float(values.mode[i, j]), 3),
                        low=round(float(values.low[i, j]), 3),
                        high=round(float(values.high[i, j]), 3),
                        contribution=round(float(scores.contributions[i, j]), 3),
                        measured=bool(values.measured[i, j]),
                        note=values.notes[(i, j)][0] if (i, j) in values.notes else None,
                        note_zh=values.notes[(i, j)][1] if (i, j) in values.notes else None,
                    )
                    for i, fw in enumerate(values.frameworks)
                ],
                evidence={fw: values.evidence[(i, j)] for i, fw in enumerate(values.frameworks)},
            )
        )
    return out


def _scenarios(
    kb: KnowledgeBase,
    answers: EffectiveAnswers,
    alternatives: list[narrative.Alternative],
    n_fw: int,
) -> Scenarios | None:
    """The unanswered questions' single answers, for the Monte Carlo (see uncertainty.py)."""
    plausible = [a for a in alternatives if a.plausibility == 1 and a.weights is not None]
    if not plausible or not kb.questions:
        return None
    unanswered = sum(1 for q in kb.questions if answers.origin.get(q.id) == "default")
    alive = np.zeros((len(plausible), n_fw), dtype=bool)
    for k, a in enumerate(plausible):
        alive[k, a.scores.ranking] = True
    return Scenarios(
        weights=np.array([a.weights for a in plausible]),
        penalties=np.array(
            [a.penalties if a.penalties is not None else np.zeros(n_fw) for a in plausible]
        ),
        alive=alive,
        share=UNANSWERED_SHARE * unanswered / len(kb.questions),
    )


def _is_multi(kb: KnowledgeBase, qid: str) -> bool:
    q = kb.question(qid)
    return q is not None and q.kind == "multi"


def _alternatives(
    kb: KnowledgeBase,
    dec: Decision,
    base_facts: Facts,
    values: ValueMatrix,
    overrides: dict[str, float] | None,
    probe: ProbeReport | None,
) -> list[narrative.Alternative]:
    """Every single-answer change, decided: the raw material of the what-ifs.

    A multi-choice option is added, a single choice replaced. Cost what-ifs come first: with
    existing code, "no existing code" and "rewritten anyway" are always tried. A chosen option
    that rules a framework out is also tried without (dropping a dependency is an answer people
    can give; plausibility 1 for a ``replaceable`` question). Each alternative carries its
    plausibility (see ``WhatIf``). When every framework fails a must-have, only the drops are
    tried: adding an answer never lets a ruled-out framework back in, dropping a must-have can.
    """
    current = dec.answers
    out: list[narrative.Alternative] = []
    cache: ImpliedCache = {}
    # Chosen options that rule a framework out, or that charge one (a dependency it reaches only
    # at a cost): each is also tried without, since dropping a dependency is an answer too.
    droppable = {
        r.rule.split(":", 1)[1] for r in dec.records if r.rule.startswith("questions.yaml:")
    }
    for q in kb.questions:
        chosen = current.values.get(q.id, [])
        origin_q = current.origin.get(q.id, "default")
        for option_id in chosen if q.kind == "multi" and origin_q == "answered" else []:
            if f"{q.id}={option_id}" not in droppable:
                continue
            new_values = dict(current.values)
            new_values[q.id] = [o for o in chosen if o != option_id]
            alt = decide(
                kb,
                EffectiveAnswers(new_values, dict(current.origin)),
                base_facts,
                values,
                overrides,
                with_records=False,
                cache=cache,
            )
            out.append(
                narrative.Alternative(
                    q.id,
                    option_id,
                    alt.leader,
                    alt.pick,
                    alt.scores,
                    1 if q.replaceable else 2,
                    False,
                    rules_out_leader=dec.leader is not None
                    and dec.leader not in alt.scores.ranking,
                    removed=True,
                )
            )
        if dec.leader is None:
            continue
        if q.kind == "multi" and q.max_choices is not None and len(chosen) >= q.max_choices:
            continue
        for option in q.options:
            if option.id in chosen or (option.id == "none" and q.kind == "multi"):
                continue
            cost = narrative.is_cost_what_if(q.id, option.id, current.values)
            if option.id == "none" and not cost:
                continue
            new_values = dict(current.values)
            new_values[q.id] = [option.id] if q.kind == "single" else [*chosen, option.id]
            origin = dict(current.origin)
            origin[q.id] = "answered"
            alt = decide(
                kb,
                EffectiveAnswers(new_values, origin),
                base_facts,
                values,
                overrides,
                with_records=False,
                cache=cache,
            )
            if cost:
                plaus = 0
            elif origin_q != "answered" and (q.id != "hardware" or probe is None):
                plaus = 1
            else:
                plaus = 2
            out.append(
                narrative.Alternative(
                    q.id,
                    option.id,
                    alt.leader,
                    alt.pick,
                    alt.scores,
                    plaus,
                    cost,
                    rules_out_leader=dec.leader not in alt.scores.ranking,
                    weights=alt.weights.values,
                    penalties=alt.penalties,
                )
            )
    return out


def _warnings(
    kb: KnowledgeBase,
    dec: Decision,
    values: ValueMatrix,
    probe: ProbeReport | None,
    heavy_idx: list[int],
    lead: int | None,
    run: int | None,
    stale_count: int,
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in dec.answers.ignored:
        out.append(pair("pipeline_ignored_answer", answer=labels.ignored_answer(kb, item)))
    for applied in dec.effects:  # answers that do not fit together (rules.yaml "note")
        if isinstance(applied.effect, NoteEffect):
            out.append((applied.effect.reason.en, applied.effect.reason.zh))
    for item in dec.answers.set_aside:
        qid, _, option = item.partition("=")
        kept = labels.answer_phrase(kb, qid, dec.answers.values.get(qid, []))
        dropped = labels.option_label(kb, qid, option)
        out.append(pair("pipeline_set_aside_answer", option=dropped, kept=kept))
    if lead is None:
        out.append(pair("pipeline_all_ruled_out"))
    for qid, origin in dec.answers.origin.items():
        if origin == "prefilled":
            answer = labels.answer_phrase(kb, qid, dec.answers.values[qid])
            out.append(pair("pipeline_prefilled", answer=answer))
    if stale_count:
        days = kb.meta.freshness_limit_days
        out.append(pair("pipeline_stale_evidence", n=stale_count, days=days))
    for i in [x for x in (lead, run) if x is not None]:
        fw = values.frameworks[i]
        low = [
            kb.criteria[values.criteria[j]].title
            for j in heavy_idx
            if not values.measured[i, j] and kb.rating(fw, values.criteria[j]).confidence == "low"
        ]
        if low:
            criteria = (", ".join(t.en for t in low), "、".join(t.zh for t in low))
            name = explain.fw_name(kb, fw)
            out.append(pair("pipeline_low_confidence", name=name, criteria=criteria))
    out.extend(values.warnings)
    if probe is not None:
        out.extend(explain.probe_warnings(kb, probe))
    return list(dict.fromkeys(out))
