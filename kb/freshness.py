"""Which evidence is older than the knowledge base's freshness limit, and what it affects.

Old evidence is flagged, never hidden: the recommender and reports show the warning next to the
criterion it affects, so a reader knows which part of the advice rests on dated facts. Evidence
from the January-2025 seed article is expected to be old; it is flagged like anything else.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kb.pkgindex import parse_final
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


def past_limit(kb: KnowledgeBase, as_of: date, today: date) -> bool:
    """The one staleness rule: older than the KB's ``freshness_limit_days`` on ``today``.

    The CLI, the knowledge-base page and the report's evidence markers all ask this.
    """
    return (today - as_of).days > kb.meta.freshness_limit_days


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
        if past_limit(kb, ev.as_of, today)
    ]
    return sorted(found, key=lambda s: (s.as_of, s.where))


def stale_ratings(kb: KnowledgeBase, today: date | None = None) -> list[StaleRating]:
    """Ratings with no evidence inside the freshness limit at all."""
    today = today or date.today()
    out = []
    for fw in kb.frameworks.values():
        for crit_id, rating in fw.ratings.items():
            newest = max(ev.as_of for ev in rating.evidence)
            if past_limit(kb, newest, today):
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


# --- releases newer than the KB (``python -m kb freshness``) ------------------------------


class PackageStatus(BaseModel):
    """One tracked package: the index's newest final release against what the KB records."""

    model_config = ConfigDict(frozen=True)

    package: str
    framework: str | None
    kb_version: str  # the newest version the KB records for it
    kb_where: str  # which KB field holds that, for the maintainer who updates it
    index_version: str | None  # None: not found on any reachable location
    newer: bool
    errors: list[str] = []


class FreshnessReport(BaseModel):
    """What ``python -m kb freshness`` found; its ``--json`` output and the app's input."""

    model_config = ConfigDict(frozen=True)

    kb_version: str
    kb_as_of: date | None
    today: date
    freshness_limit_days: int
    index: list[str]  # the locations asked, from pip's configuration
    offline: bool
    packages: list[PackageStatus]
    stale: list[StaleEvidence]  # evidence past the limit, newer sources only
    stale_from_article: int  # the seed article's own evidence past the limit (expected)

    @property
    def newer(self) -> list[PackageStatus]:
        return [p for p in self.packages if p.newer]

    @property
    def behind(self) -> bool:
        return bool(self.newer or self.stale)


def kb_as_of(kb: KnowledgeBase) -> date | None:
    """The day the KB's facts were last read at their sources: the newest ``checked`` date of
    any evidence, else the newest ``accessed`` date of a source."""
    checked = [ev.checked for *_, ev in _all_evidence(kb) if ev.checked is not None]
    if checked:
        return max(checked)
    accessed = [s.accessed for s in kb.sources.values()]
    return max(accessed) if accessed else None


def _release(version: str) -> tuple[int, ...]:
    return parse_final(version) or ()


def recorded_version(kb: KnowledgeBase, package: str) -> tuple[str, str] | None:
    """(version, where) the KB records for a tracked package, or None if it is not tracked."""
    tracked = next((t for t in kb.meta.tracked_packages if t.package == package), None)
    if tracked is None:
        return None
    if tracked.framework is not None and tracked.framework in kb.frameworks:
        fw = kb.frameworks[tracked.framework]
        rows = [r.version for r in kb.compatibility if r.framework == fw.id]
        newest_row = max(rows, key=_release) if rows else None
        best = max([fw.latest_version, *([newest_row] if newest_row else [])], key=_release)
        where = f"frameworks/{fw.id}.yaml latest_version {fw.latest_version}"
        if newest_row is not None:
            where += f"; newest compatibility.yaml row {newest_row}"
        return best, where
    if tracked.known is None:  # an unknown framework id (flagged by `kb check`)
        return None
    return tracked.known, f"kb.yaml tracked_packages {package} known {tracked.known}"


def compare_releases(
    kb: KnowledgeBase, latest: dict[str, str | None], errors: dict[str, list[str]] | None = None
) -> list[PackageStatus]:
    """Each tracked package against the newest release the index reported (pure)."""
    out = []
    for tracked in kb.meta.tracked_packages:
        recorded = recorded_version(kb, tracked.package)
        if recorded is None:
            continue
        version, where = recorded
        found = latest.get(tracked.package)
        out.append(
            PackageStatus(
                package=tracked.package,
                framework=tracked.framework,
                kb_version=version,
                kb_where=where,
                index_version=found,
                newer=found is not None and _release(found) > _release(version),
                errors=(errors or {}).get(tracked.package, []),
            )
        )
    return out


def freshness_report(
    kb: KnowledgeBase,
    today: date,
    index: list[str],
    latest: dict[str, str | None],
    errors: dict[str, list[str]] | None = None,
    offline: bool = False,
) -> FreshnessReport:
    """Newer releases plus evidence past the freshness limit, as one report (pure)."""
    stale = stale_evidence(kb, today)
    return FreshnessReport(
        kb_version=kb.kb_version,
        kb_as_of=kb_as_of(kb),
        today=today,
        freshness_limit_days=kb.meta.freshness_limit_days,
        index=index,
        offline=offline,
        packages=[] if offline else compare_releases(kb, latest, errors),
        stale=[s for s in stale if not s.from_article],
        stale_from_article=sum(1 for s in stale if s.from_article),
    )
