"""Plain-text summary of a loaded knowledge base, for ``python -m kb check``.

Kept apart from the CLI so the same facts (counts, coverage, freshness) can be shown elsewhere.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from pydantic import BaseModel

from kb.crossref import _evidence
from kb.freshness import oldest_evidence, stale_evidence, stale_ratings
from kb.schema import KnowledgeBase

# KnowledgeBase field -> the kb/data file it is read from (kb/loader.py's LIST_FILES and META_FILE);
# frameworks are one file each, frameworks/<id>.yaml.
_FIELD_FILES: tuple[tuple[str, str], ...] = (
    ("meta", "kb.yaml"),
    ("criteria", "criteria.yaml"),
    ("questions", "questions.yaml"),
    ("article_sections", "article_sections.yaml"),
    ("stale_claims", "stale_claims.yaml"),
    ("rules", "rules.yaml"),
    ("compatibility", "compatibility.yaml"),
    ("accelerators", "hardware.yaml"),
    ("cpu_peaks", "hardware.yaml"),
    ("toolchains", "toolchains.yaml"),
)


def coverage(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """(mapped, missing) article subsections of the outline."""
    mapped = {s.id for s in kb.article_sections}
    outline = kb.meta.article_outline
    return [s for s in outline if s in mapped], [s for s in outline if s not in mapped]


def evidence_by_file(kb: KnowledgeBase) -> dict[str, tuple[int, int]]:
    """file -> (evidence items, of which unconfirmed), for files that hold evidence.

    An unconfirmed item is a fact nobody could re-read at its source; counting them per file
    shows where re-verification is still owed.
    """
    parts: list[tuple[str, BaseModel | list[BaseModel] | dict[str, BaseModel]]] = [
        (f"frameworks/{fid}.yaml", fw) for fid, fw in kb.frameworks.items()
    ]
    parts += [(rel, getattr(kb, field)) for field, rel in _FIELD_FILES]
    total: Counter[str] = Counter()
    unconfirmed: Counter[str] = Counter()
    for rel, obj in parts:
        for _, ev in _evidence(obj):
            total[rel] += 1
            unconfirmed[rel] += ev.unconfirmed is not None
    return {rel: (total[rel], unconfirmed[rel]) for rel in sorted(total)}


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
    per_file = evidence_by_file(kb)
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
        f"toolchains     {len(kb.toolchains)}",
        f"unconfirmed    {sum(u for _, u in per_file.values())} of "
        f"{sum(t for t, _ in per_file.values())} evidence items",
        *(f"  {rel}: {u} of {t}" for rel, (t, u) in per_file.items()),
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
