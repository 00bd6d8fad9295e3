"""Neutral dependencies: when what the project depends on does not pick the framework.

A dependency both leading frameworks reach the same way — Hailo's compiler by conversion from
either, Keras 3 natively on either backend, ONNX Runtime through either exporter — says nothing
about which framework to use. When every dependency the project chose is like that, and neither a
concrete capability of its platform (the criterion groups listed in ``kb.yaml``
``concrete_groups``: where the model runs, on what hardware) nor any charge (a cost, a penalty,
switching away from existing code) puts the leader ahead, the lead is made of general ecosystem
and usability ratings only. Those ratings describe the frameworks in general, not this project:
the verdict is "too close", and the report says why (docs/decision-model.md section 3).
"""

from __future__ import annotations

import numpy as np

from kb.schema import KnowledgeBase, Option, Question
from kb.texts import Bilingual, pair
from recommender.explain import fw_name
from recommender.facts import EffectiveAnswers
from recommender.labels import quoted_list
from recommender.toolchain_rules import best_reach

Picks = tuple[tuple[Question, Option], ...]


def neutral_picks(
    kb: KnowledgeBase, answers: EffectiveAnswers, leader: str, runner_up: str
) -> Picks:
    """The chosen options that carry dependencies, when each reaches both frameworks at the same
    level and cost; empty when one does not (it separates them) or none was chosen."""
    picks: list[tuple[Question, Option]] = []
    for question in kb.questions:
        if answers.origin.get(question.id, "default") == "default":
            continue
        for option_id in answers.values.get(question.id, []):
            option = question.option(option_id)
            if option is None or not option.toolchains:
                continue
            mine, _ = best_reach(kb, question, option, leader)
            theirs, _ = best_reach(kb, question, option, runner_up)
            if mine is None or theirs is None:
                return ()
            if mine.support.level != theirs.support.level or abs(mine.cost - theirs.cost) > 1e-9:
                return ()
            picks.append((question, option))
    return tuple(picks)


def concrete_lead(
    kb: KnowledgeBase,
    criteria: list[str],
    contributions: np.ndarray,
    relevant: np.ndarray | None,
    penalties: np.ndarray,
    leader: int,
    runner_up: int,
) -> float:
    """Leader − runner-up on the raised criteria of the concrete groups, less the leader's net
    charges (what the leader pays beyond the runner-up counts against it)."""
    groups = set(kb.meta.concrete_groups)
    concrete = np.array([kb.criteria[c].group in groups for c in criteria], dtype=bool)
    mask = concrete & (relevant if relevant is not None else np.zeros(len(criteria), bool))
    gap = float((contributions[leader] - contributions[runner_up])[mask].sum())
    return gap - float(penalties[leader] - penalties[runner_up])


def neutral_sentence(kb: KnowledgeBase, picks: Picks, leader: str, runner_up: str) -> Bilingual:
    """Why a lead of general ratings is not a recommendation for this project."""
    names = quoted_list(list(dict.fromkeys((o.label.en, o.label.zh) for _, o in picks)))
    return pair(
        "narrative_neutral_dependencies",
        deps=names,
        a=fw_name(kb, leader),
        b=fw_name(kb, runner_up),
    )
