"""Which evidence is older than the knowledge base's freshness limit, and what it affects.

Old evidence is flagged, never hidden: the recommender and reports show the warning next to the
criterion it affects, so a reader knows which part of the advice rests on dated facts. Evidence
from the January-2025 seed article is expected to be old; it is flagged like anything else.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kb.schema import Evidence, KnowledgeBase

EvidenceKind = Literal["rating", "stale_claim", "rule", "compatibility"]


class StaleEvidence(BaseModel):
    """One piece of evidence older than the freshness limit."""

    model_config = ConfigDict(frozen=True)

    kind: EvidenceKind
    where: str  # e.g. "tensorflow.ratings.training_performance.evidence[0]"
    frameworks: list[str]
    criteria: list[str]
    source: str
    claim: str
    as_of: date
    age_days: int
    from_article: bool


class StaleRating(BaseModel):
    """A rating whose *newest* evidence is older than the limit (nothing recent backs it)."""

    model_config = ConfigDict(frozen=True)

    framework: str
    criterion: str
    newest: date
    age_days: int


def _cutoff(kb: KnowledgeBase, today: date) -> date:
    return today - timedelta(days=kb.meta.freshness_limit_days)


def _all_evidence(
    kb: KnowledgeBase,
) -> list[tuple[EvidenceKind, str, list[str], list[str], int, Evidence]]:
    out: list[tuple[EvidenceKind, str, list[str], list[str], int, Evidence]] = []
    for fw in kb.frameworks.values():
        for crit_id, rating in fw.ratings.items():
            for i, ev in enumerate(rating.evidence):
                where = f"{fw.id}.ratings.{crit_id}.evidence"
                out.append(("rating", where, [fw.id], [crit_id], i, ev))
    for claim in kb.stale_claims:
        for i, ev in enumerate(claim.evidence):
            where = f"stale_claims.{claim.id}.evidence"
            out.append(("stale_claim", where, claim.frameworks, claim.criteria, i, ev))
    for rule in kb.rules:
        fws = sorted({e.framework for e in rule.effects if hasattr(e, "framework")})
        crits = sorted({e.criterion for e in rule.effects if hasattr(e, "criterion")})
        for i, ev in enumerate(rule.evidence):
            out.append(("rule", f"rules.{rule.id}.evidence", fws, crits, i, ev))
    for row in kb.compatibility:
        for i, ev in enumerate(row.evidence):
            where = f"compatibility.{row.framework}-{row.version}.evidence"
            out.append(("compatibility", where, [row.framework], [], i, ev))
    return out


def stale_evidence(kb: KnowledgeBase, today: date | None = None) -> list[StaleEvidence]:
    """Every piece of evidence with ``as_of`` before ``today - freshness_limit_days``, oldest
    first, naming the frameworks and criteria it affects."""
    today = today or date.today()
    cutoff = _cutoff(kb, today)
    found = [
        StaleEvidence(
            kind=kind,
            where=f"{where}[{i}]",
            frameworks=list(fws),
            criteria=list(crits),
            source=ev.source,
            claim=ev.claim,
            as_of=ev.as_of,
            age_days=(today - ev.as_of).days,
            from_article=ev.source == kb.meta.article_source,
        )
        for kind, where, fws, crits, i, ev in _all_evidence(kb)
        if ev.as_of < cutoff
    ]
    return sorted(found, key=lambda s: (s.as_of, s.where))


def stale_ratings(kb: KnowledgeBase, today: date | None = None) -> list[StaleRating]:
    """Ratings with no evidence inside the freshness limit at all."""
    today = today or date.today()
    cutoff = _cutoff(kb, today)
    out = []
    for fw in kb.frameworks.values():
        for crit_id, rating in fw.ratings.items():
            newest = max(ev.as_of for ev in rating.evidence)
            if newest < cutoff:
                out.append(
                    StaleRating(
                        framework=fw.id,
                        criterion=crit_id,
                        newest=newest,
                        age_days=(today - newest).days,
                    )
                )
    return out


def oldest_evidence(kb: KnowledgeBase) -> tuple[date, str, str] | None:
    """(as_of, where, source) of the oldest evidence anywhere in the KB."""
    items = _all_evidence(kb)
    if not items:
        return None
    _kind, where, _, _, i, ev = min(items, key=lambda t: (t[5].as_of, t[1]))
    return ev.as_of, f"{where}[{i}]", ev.source
