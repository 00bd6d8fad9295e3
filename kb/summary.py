"""Plain-text summary of a loaded knowledge base, for ``python -m kb check``.

Kept apart from the CLI so the same facts (counts, coverage, freshness) can be shown elsewhere.
"""

from __future__ import annotations

from datetime import date

from kb.freshness import oldest_evidence, stale_evidence, stale_ratings
from kb.schema import KnowledgeBase


def coverage(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """(mapped, missing) article subsections of the outline."""
    mapped = {s.id for s in kb.article_sections}
    outline = kb.meta.article_outline
    return [s for s in outline if s in mapped], [s for s in outline if s not in mapped]


def summary_lines(kb: KnowledgeBase, today: date, verbose: bool = False) -> list[str]:
    ratings = sum(len(fw.ratings) for fw in kb.frameworks.values())
    evidence_count = sum(
        len(r.evidence) for fw in kb.frameworks.values() for r in fw.ratings.values()
    )
    options = sum(len(q.options) for q in kb.questions)
    effects = sum(len(o.effects) for q in kb.questions for o in q.options)
    mapped, missing = coverage(kb)
    stale = stale_evidence(kb, today)
    from_article = [s for s in stale if s.from_article]
    newer = [s for s in stale if not s.from_article]
    weak = stale_ratings(kb, today)
    lines = [
        f"knowledge base {kb.kb_version} (schema {kb.schema_version}) is valid",
        f"content hash   {kb.content_hash[:16]}",
        f"frameworks     {len(kb.frameworks)}: {', '.join(kb.frameworks)}",
        f"criteria       {len(kb.criteria)}",
        f"ratings        {ratings} ({evidence_count} pieces of evidence)",
        f"sources        {len(kb.sources)}",
        f"stale claims   {len(kb.stale_claims)}",
        f"questions      {len(kb.questions)} ({options} options, {effects} effects)",
        f"rules          {len(kb.rules)}",
        f"compatibility  {len(kb.compatibility)} releases",
        f"hardware       {len(kb.accelerators)} accelerators, {len(kb.cpu_peaks)} CPU entries",
        f"coverage       {len(mapped)}/{len(kb.meta.article_outline)} article subsections mapped"
        + (f"; missing: {', '.join(missing)}" if missing else ""),
    ]
    if verbose:
        for sec in kb.article_sections:
            target = ", ".join(sec.criteria) or "(not mapped)"
            lines.append(f"  {sec.id} {sec.title.en}: {target}")
    limit = kb.meta.freshness_limit_days
    lines.append(
        f"freshness      limit {limit} days (as of {today.isoformat()}): {len(stale)} old "
        f"pieces of evidence ({len(from_article)} from the seed article, {len(newer)} newer "
        f"sources); {len(weak)} rating(s) with no evidence inside the limit"
    )
    for w in weak:
        lines.append(
            f"  warning: {w.framework}/{w.criterion}: newest evidence {w.newest} "
            f"({w.age_days} days old)"
        )
    shown = stale if verbose else newer
    for s in shown:
        target = "/".join(s.frameworks) + (" " + ",".join(s.criteria) if s.criteria else "")
        lines.append(f"  old: {s.as_of} {s.where} [{s.source}] affects {target}")
    oldest = oldest_evidence(kb)
    if oldest is not None:
        lines.append(f"oldest evidence {oldest[0]} at {oldest[1]} (source {oldest[2]})")
    dated = [s for s in kb.sources.values() if s.published is not None]
    if dated:
        first = min(dated, key=lambda s: (s.published, s.id))
        lines.append(f"oldest source  {first.published} {first.id}: {first.title}")
    return lines
