"""Deterministic words for the decision record (MADR-shaped), in English and Simplified Chinese.

Everything here is derived from numbers already computed (weights, ratings, contributions,
eliminations); nothing is generated freely, so the same inputs always give the same text and
every sentence can be traced back. This module says what the decision rests on (drivers,
consequences, stale article claims); when to decide again is ``recommender/revisit.py``, the
probed machine ``recommender/probe_summary.py``, names for ids ``recommender/labels.py``. Their
public names are re-exported here, where the pipeline has always found them.
"""

from __future__ import annotations

import numpy as np

from kb.schema import KnowledgeBase
from kb.texts import Bilingual as Bilingual
from kb.texts import pair
from recommender.install import install_command as install_command  # re-exported (moved)
from recommender.install import install_platforms as install_platforms  # re-exported (moved)
from recommender.labels import fw_name as fw_name
from recommender.models import Consequence, Elimination
from recommender.probe_summary import probe_summary as probe_summary
from recommender.probe_summary import probe_warnings as probe_warnings
from recommender.revisit import Counterfactual as Counterfactual
from recommender.revisit import next_release as next_release
from recommender.revisit import revisit_triggers as revisit_triggers

TOP_DRIVERS = 5
CONSEQUENCE_CRITERIA = 6
GOOD_AT = 7.0
BAD_BELOW = 4.0


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
        why = notes.get((fw_index, int(j)), (rating.rationale.en, rating.rationale.zh))
        kind = "good" if value >= GOOD_AT else "neutral" if value >= BAD_BELOW else "bad"
        en, zh = pair("explain_consequence", criterion=crit.title, name=name, value=value, why=why)
        out.append(Consequence(kind=kind, text_en=en, text_zh=zh))
    for r in records:
        if r.framework == fw and r.kind == "penalty":
            en, zh = pair("explain_penalty", points=r.points, reason=(r.reason_en, r.reason_zh))
            out.append(Consequence(kind="bad", text_en=en, text_zh=zh))
    return out


def stale_claims(kb: KnowledgeBase, heavy: list[str]) -> list[str]:
    """Stale-claim records of the seed article that touch the criteria this decision rests on."""
    wanted = set(heavy)
    return [s.id for s in kb.stale_claims if wanted & set(s.criteria)]
