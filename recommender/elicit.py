"""Answers → criterion weights, with the reason every weight moved.

Method (SMART-style multipliers over a documented default profile):

1. Start from each criterion's ``default_weight`` in the KB (the neutral profile; an unanswered
   question contributes its documented ``default`` option, which usually has no effect).
2. Multiply by the ``weight`` effects in play. Within **one** question, the factors for one
   criterion do not compound: the largest factor above 1 and the smallest below 1 apply, so
   ticking three deployment targets that all say "deployment matters ×3" gives ×3, not ×27.
   Across questions and rules factors multiply.
3. Criteria that no answer (or rule) moved are *untouched*: their default weights are a guess
   about a project we know nothing of, so once any answer moved some criterion, untouched ones
   are multiplied by ``UNTOUCHED_FACTOR`` (the records and warnings say so). That keeps noise on
   criteria nobody asked about from deciding, and lets the verdict ask for a lead built from the
   criteria the answers made relevant (``Weights.touched``).
4. Renormalise so the weights sum to 1: ``w_j = raw_j / Σ raw``.
5. Optional overrides (UI sliders) fix the final weight of named criteria; the others share
   what is left in proportion to their elicited weights — the same "others rescale
   proportionally" rule the flip points use, so dragging a slider to a flip point flips.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from kb.schema import KnowledgeBase, WeightEffect
from kb.texts import pair
from recommender.constraints import AppliedEffect
from recommender.models import CriterionWeight, WeightSource

UNTOUCHED_FACTOR = 0.5


@dataclass(frozen=True)
class Weights:
    criteria: list[str]
    values: np.ndarray  # sums to 1, same order as criteria
    records: list[CriterionWeight]
    touched: np.ndarray | None = None  # bool per criterion: an answer or rule moved it
    # bool per criterion: an answer or rule *raised* it (moved down is not "made relevant")
    relevant: np.ndarray | None = None

    @property
    def untouched_share(self) -> float:
        """Share of the final weight on criteria no answer moved (0 when none was moved)."""
        if self.touched is None or not self.touched.any():
            return 0.0
        return float(self.values[~self.touched].sum())


def elicit_weights(
    kb: KnowledgeBase,
    effects: list[AppliedEffect],
    overrides: dict[str, float] | None = None,
    *,
    with_records: bool = True,
) -> Weights:
    """Compute renormalised weights with provenance. Raises ValueError on a bad override.

    ``with_records=False`` skips building the provenance models (the what-if loop only needs the
    numbers).
    """
    criteria = list(kb.criteria)
    # (criterion, source key) -> list of (factor, applied effect)
    grouped: dict[tuple[str, str], list[tuple[float, AppliedEffect]]] = defaultdict(list)
    for applied in effects:
        effect = applied.effect
        if effect.kind == "weight" and effect.criterion in kb.criteria:
            key = applied.question if applied.origin != "rule" else f"rule:{applied.rule}"
            grouped[(effect.criterion, key)].append((effect.factor, applied))

    raw: dict[str, float] = {c: kb.criteria[c].default_weight for c in criteria}
    # What the answers and rules did to each criterion on balance (defaults excluded): a raise
    # that a rule takes back (os=windows, then "no GPU, so the Windows GPU gap is moot") is not
    # a raise.
    net: dict[str, float] = dict.fromkeys(criteria, 1.0)
    sources: dict[str, list[WeightSource]] = defaultdict(list)
    for (criterion, _key), items in grouped.items():
        ups = [it for it in items if it[0] > 1]
        downs = [it for it in items if it[0] < 1]
        for chosen in (
            max(ups, key=lambda it: it[0]) if ups else None,
            min(downs, key=lambda it: it[0]) if downs else None,
        ):
            if chosen is None:
                continue
            factor, applied = chosen
            raw[criterion] *= factor
            if applied.origin != "default":
                net[criterion] *= factor
            assert isinstance(applied.effect, WeightEffect)
            if not with_records:
                continue
            sources[criterion].append(
                WeightSource(
                    question=applied.question if applied.origin != "rule" else "rule",
                    option=applied.option if applied.origin != "rule" else applied.rule,
                    factor=factor,
                    reason_en=applied.effect.reason.en,
                    reason_zh=applied.effect.reason.zh,
                )
            )

    moved = {
        crit
        for (crit, _key), items in grouped.items()
        if any(factor != 1.0 and applied.origin != "default" for factor, applied in items)
    }
    touched = np.array([c in moved for c in criteria], dtype=bool)
    raised = {crit for crit, factor in net.items() if factor > 1.0 + 1e-9}
    relevant = np.array([c in raised for c in criteria], dtype=bool)
    if touched.any():
        for j, c in enumerate(criteria):
            if not touched[j]:
                raw[c] *= UNTOUCHED_FACTOR
                if with_records:
                    en, zh = pair("elicit_untouched")
                    sources[c].append(
                        WeightSource(
                            question="untouched",
                            option="",
                            factor=UNTOUCHED_FACTOR,
                            reason_en=en,
                            reason_zh=zh,
                        )
                    )
    raw_arr = np.array([raw[c] for c in criteria], dtype=float)
    values = raw_arr / raw_arr.sum()
    if overrides:
        values = apply_overrides(criteria, values, overrides)
    if not with_records:
        return Weights(
            criteria=criteria, values=values, records=[], touched=touched, relevant=relevant
        )
    for c, w in (overrides or {}).items():
        en, zh = pair("elicit_override", w=w)
        sources[c].append(
            WeightSource(
                question="override", option="", factor=float(w), reason_en=en, reason_zh=zh
            )
        )
    default_total = sum(kb.criteria[c].default_weight for c in criteria)
    records = [
        CriterionWeight(
            criterion=c,
            # As a share of 1, comparable with ``weight``; the KB stores relative numbers.
            default_weight=kb.criteria[c].default_weight / default_total,
            raw_weight=float(raw_arr[j]),
            weight=float(values[j]),
            sources=sources.get(c, []),
        )
        for j, c in enumerate(criteria)
    ]
    return Weights(
        criteria=criteria, values=values, records=records, touched=touched, relevant=relevant
    )


def apply_overrides(
    criteria: list[str], values: np.ndarray, overrides: dict[str, float]
) -> np.ndarray:
    """Fix the named weights; rescale the rest proportionally into what is left."""
    index = {c: j for j, c in enumerate(criteria)}
    unknown = sorted(set(overrides) - set(index))
    if unknown:
        raise ValueError(
            f"weight_overrides: unknown criterion {', '.join(unknown)}; "
            f"allowed: {', '.join(criteria)}"
        )
    bad = {c: w for c, w in overrides.items() if not (0.0 <= w <= 1.0) or w != w}
    if bad:
        raise ValueError(f"weight_overrides: {bad} out of range; allowed: numbers from 0 to 1")
    fixed = np.zeros(len(criteria), dtype=bool)
    out = values.copy()
    for c, w in overrides.items():
        out[index[c]] = w
        fixed[index[c]] = True
    fixed_sum = float(out[fixed].sum())
    free_sum = float(values[~fixed].sum())
    if fixed_sum >= 1.0 or free_sum <= 0.0:
        if fixed_sum <= 0.0:
            raise ValueError(
                "weight_overrides: all weights would be zero; allowed: some weight > 0"
            )
        out[~fixed] = 0.0
        normalised: np.ndarray = out / out.sum()
        return normalised
    out[~fixed] = values[~fixed] * (1.0 - fixed_sum) / free_sum
    return out
