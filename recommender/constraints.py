"""Hard constraints first: vetoes, minimum requirements and penalties.

Effects come from two places, both declared in the knowledge base: the options the user chose
(``questions.yaml``) and the rules whose conditions hold over the facts (``rules.yaml``). A veto or
an unmet requirement removes a framework before any scoring (a k.o. criterion in MADR terms); a
penalty keeps it in the running but subtracts points. Every outcome names the rule that fired.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from kb.schema import (
    Effect,
    KnowledgeBase,
    RequireEffect,
    Rule,
    ShortfallEffect,
)
from kb.texts import pair
from recommender.facts import EffectiveAnswers, Facts, holds
from recommender.models import Elimination
from recommender.toolchain_rules import option_effects


@dataclass(frozen=True)
class AppliedEffect:
    """One effect and where it came from (an answer option, a default, or a rule)."""

    effect: Effect
    origin: Literal["answered", "prefilled", "default", "rule"]
    question: str = ""
    option: str = ""
    rule: str = ""

    @property
    def label(self) -> str:
        """Stable name of the source, as reports show it."""
        if self.origin == "rule":
            return f"rules.yaml:{self.rule}"
        return f"questions.yaml:{self.question}={self.option}"


def fired_rules(kb: KnowledgeBase, facts: Facts) -> list[Rule]:
    """Rules whose every condition holds (an unknown fact fails its condition)."""
    return [r for r in kb.rules if all(holds(c, facts) for c in r.when)]


# What one option's toolchains imply, keyed by (question, option, pairs already costed): the
# implied effects and the pairs this option costs. One recommendation decides ~100 variants of
# the same answers (the what-ifs), which would otherwise rebuild the same effects each time.
ImpliedCache = dict[
    tuple[str, str, frozenset[tuple[str, str]]], tuple[list[Effect], frozenset[tuple[str, str]]]
]


def collect_effects(
    kb: KnowledgeBase,
    answers: EffectiveAnswers,
    rules: list[Rule],
    cache: ImpliedCache | None = None,
) -> list[AppliedEffect]:
    """Every effect in play, in KB order: chosen options first, then fired rules.

    An option's effects include what its toolchains imply (``toolchain_rules``); a question left
    unanswered contributes its ``unanswered_effects`` (option ``""``). ``cache`` (one per KB and
    recommendation) reuses implied effects across calls.
    """
    out: list[AppliedEffect] = []
    frameworks = list(kb.frameworks)
    charged: set[tuple[str, str]] = set()  # (framework, toolchain) already costed: once each
    for q in kb.questions:
        origin = answers.origin.get(q.id, "default")
        if origin == "default" and not answers.values.get(q.id):
            for effect in q.unanswered_effects:
                out.append(AppliedEffect(effect, "default", question=q.id, option=""))
        for option_id in answers.values.get(q.id, []):
            option = q.option(option_id)
            if option is None:
                continue
            key = (q.id, option_id, frozenset(charged))
            hit = cache.get(key) if cache is not None else None
            if hit is None:
                before = set(charged)
                implied = option_effects(kb, q, option, frameworks, charged)
                if cache is not None:
                    cache[key] = (implied, frozenset(charged - before))
            else:
                implied, added = hit
                charged |= added
            for effect in [*option.effects, *implied]:
                out.append(
                    # origin is one of the three EffectiveAnswers.origin values, typed str there
                    AppliedEffect(effect, origin, question=q.id, option=option_id)  # type: ignore[arg-type]
                )
    for rule in rules:
        for effect in rule.effects:
            out.append(AppliedEffect(effect, "rule", rule=rule.id))
    return out


@dataclass(frozen=True)
class ConstraintResult:
    survivors: list[str]  # framework ids still in the running, KB order
    records: list[Elimination]  # vetoes, unmet requirements and penalties
    penalties: np.ndarray  # points to subtract, per framework (KB order)


def apply_constraints(
    framework_ids: list[str],
    criterion_ids: list[str],
    modes: np.ndarray,
    effects: list[AppliedEffect],
    titles: Mapping[str, tuple[str, str]] | None = None,
) -> ConstraintResult:
    """Apply vetoes, requirements (against the ratings in use) and penalties.

    ``modes`` is the frameworks × criteria matrix of ratings actually used for scoring, so a
    requirement is checked against what was measured on the target machine where it was.
    ``titles`` (criterion id → English, Chinese title) names criteria in the reasons.
    """
    names = titles or {}
    out: set[str] = set()
    records: list[Elimination] = []
    penalties = np.zeros(len(framework_ids))
    index = {fw: i for i, fw in enumerate(framework_ids)}
    crit_index = {c: j for j, c in enumerate(criterion_ids)}
    for applied in effects:
        effect = applied.effect
        if effect.kind == "veto" and effect.framework in index:
            if effect.framework not in out:
                out.add(effect.framework)
                records.append(_record(effect.framework, applied, "veto"))
        elif effect.kind == "require" and effect.criterion in crit_index:
            j = crit_index[effect.criterion]
            for fw, i in index.items():
                if fw not in out and modes[i, j] < effect.min:
                    out.add(fw)
                    records.append(
                        _record(fw, applied, "require", rating=float(modes[i, j]), names=names)
                    )
        elif effect.kind == "penalty" and effect.framework in index:
            penalties[index[effect.framework]] += effect.points
            records.append(_record(effect.framework, applied, "penalty", points=effect.points))
        elif effect.kind == "shortfall" and effect.criterion in crit_index:
            j = crit_index[effect.criterion]
            for fw, i in index.items():
                gap = effect.min - float(modes[i, j])
                if gap > 0:
                    points = round(gap * effect.points_per_point, 3)
                    penalties[i] += points
                    records.append(
                        _record(
                            fw,
                            applied,
                            "penalty",
                            points=points,
                            rating=float(modes[i, j]),
                            names=names,
                        )
                    )
    survivors = [fw for fw in framework_ids if fw not in out]
    return ConstraintResult(survivors=survivors, records=records, penalties=penalties)


def _record(
    framework: str,
    applied: AppliedEffect,
    kind: Literal["veto", "require", "penalty"],
    *,
    points: float | None = None,
    rating: float | None = None,
    names: Mapping[str, tuple[str, str]] | None = None,
) -> Elimination:
    effect = applied.effect
    reason_en = effect.reason.en
    reason_zh = effect.reason.zh
    if isinstance(effect, (RequireEffect, ShortfallEffect)) and rating is not None:
        title = (names or {}).get(effect.criterion, (effect.criterion, effect.criterion))
        needs = pair("constraint_needs_rating", criterion=title, min=effect.min, rating=rating)
        reason_en, reason_zh = reason_en + needs[0], reason_zh + needs[1]
    return Elimination(
        framework=framework,
        rule=applied.label,
        kind=kind,
        reason_en=reason_en,
        reason_zh=reason_zh,
        points=points,
    )
