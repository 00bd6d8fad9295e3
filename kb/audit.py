"""The evidence audit: can every fact in the KB be traced to what a primary source says?

``kb.load()`` checks that the KB is well formed (the app needs nothing more to run);
``python -m kb check`` also runs this audit and fails on what a careful reviewer would reject:

- evidence without a verbatim ``quote`` or a ``checked`` date, unless marked ``unconfirmed``
  with the reason (a fact nobody read at its source must say so, not pass as verified);
- a source without a ``kind``, or whose URL is a site root rather than the page that says it;
- a rating with no confirmed evidence beyond the seed article (the article is the claim under
  review, not support for it);
- a status change (a stale-claim record, a compatibility row's support levels) resting only on
  open proposals or discussions: an open PR or an issue thread can propose a change, not show it;
- Chinese text with a stray space inside it, or a term the glossary says to avoid.

Every problem is ``file:line: key.path: message (allowed: …)``, like the loader's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, get_args
from urllib.parse import urlsplit

from kb.crossref import Loaded, _all_models, _evidence
from kb.glossary import GLOSSARY_FILE
from kb.problems import Origin, Problems
from kb.schema import Evidence, SourceKind
from kb.yamlsrc import Path_
from kb.zh import CJK_CHAR, SPACING_ALLOWED, TermRule, avoided_terms, stray_spaces

# Kinds that may propose a change but cannot establish one on their own.
PROPOSAL_KINDS = frozenset({"open_proposal", "discussion"})
SOURCE_KINDS = get_args(SourceKind)


def is_site_root(url: str) -> bool:
    """True for ``https://host/`` (a blog or site front page), which names no specific page."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query and not parts.fragment


def _kinds(loaded: Loaded) -> dict[str, str | None]:
    return {s.id: s.kind for s, _ in loaded.of("sources")}


def _is_article(ev: Evidence, kinds: dict[str, str | None], article: str | None) -> bool:
    return ev.source == article or kinds.get(ev.source) == "article"


def _check_evidence_items(loaded: Loaded, p: Problems) -> None:
    for obj, origin in _all_models(loaded):
        for path, ev in _evidence(obj):
            if ev.unconfirmed is not None:
                if not ev.unconfirmed.strip():
                    p.add(
                        origin,
                        (*path, "unconfirmed"),
                        "unconfirmed gives no reason",
                        "why the claim could not be confirmed at a primary source",
                    )
                continue
            if ev.quote is None or not ev.quote.strip():
                p.add(
                    origin,
                    (*path, "quote"),
                    f"evidence from {ev.source!r} has no quote",
                    "quote: the source's own words (at most 300 characters), "
                    'or unconfirmed: "<why it could not be confirmed>"',
                )
            if ev.checked is None:
                p.add(
                    origin,
                    (*path, "checked"),
                    f"evidence from {ev.source!r} has no checked date",
                    "checked: the day the quote was read at the source (YYYY-MM-DD), "
                    'or unconfirmed: "<why>"',
                )


def _check_sources(loaded: Loaded, p: Problems) -> None:
    for src, origin in loaded.of("sources"):
        if src.kind is None:
            p.add(origin, ("kind",), f"source {src.id!r} has no kind", ", ".join(SOURCE_KINDS))
        if is_site_root(src.url):
            p.add(
                origin,
                ("url",),
                f"{src.url} is a site root, not the page that says it",
                "the URL of the specific page, release or document cited",
            )


def _check_ratings(loaded: Loaded, p: Problems) -> None:
    meta = loaded.meta[0] if loaded.meta else None
    article = meta.article_source if meta else None
    kinds = _kinds(loaded)
    for fw, origin, _ in loaded.frameworks:
        for crit, rating in fw.ratings.items():
            support = [
                ev
                for ev in rating.evidence
                if not _is_article(ev, kinds, article) and ev.unconfirmed is None
            ]
            if not support:
                p.add(
                    origin,
                    ("ratings", crit, "evidence"),
                    f"{fw.id}/{crit} has no confirmed evidence beyond the seed article "
                    "(the article is the claim under review)",
                    "an evidence item from another source, quoted and not unconfirmed",
                )


def _check_status_changes(loaded: Loaded, p: Problems) -> None:
    kinds = _kinds(loaded)
    records: list[tuple[str, list[Evidence], Origin]] = [
        (f"stale claim {c.id}", c.evidence, o) for c, o in loaded.of("stale_claims")
    ]
    records += [
        (f"compatibility row {r.framework} {r.version}", r.evidence, o)
        for r, o in loaded.of("compatibility")
    ]
    for what, evidence, origin in records:
        found = [kinds.get(ev.source) for ev in evidence]
        if found and all(k in PROPOSAL_KINDS for k in found):
            cited = ", ".join(f"{ev.source} ({kinds.get(ev.source)})" for ev in evidence)
            p.add(
                origin,
                ("evidence",),
                f"{what} rests only on open proposals or discussions: {cited}",
                "at least one source that shows the change: docs, release_notes, merged_pr, "
                "datasheet, package_index, benchmark or blog (an open PR or issue alone cannot)",
            )


def _strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))


def _check_chinese(loaded: Loaded, p: Problems) -> None:
    """Every zh string (a ``zh:`` value, or any string with Chinese in it) of every file."""
    rules: list[TermRule] = [term.rule() for term, _ in loaded.of("terms")]
    for rel in sorted(loaded.parsed):
        parsed = loaded.parsed[rel]
        origin = Origin(rel, parsed, ())
        for path, text in _strings(parsed.data):
            is_zh = bool(path) and path[-1] == "zh"
            if not (is_zh or CJK_CHAR.search(text)):
                continue
            for stray in stray_spaces(text):
                p.add(origin, path, f"stray {stray.describe()}", SPACING_ALLOWED)
            # Quotes are verbatim and the glossary's own entries name the variants on purpose.
            if rel == GLOSSARY_FILE or (path and path[-1] == "quote"):
                continue
            for hit in avoided_terms(text, rules):
                p.add(origin, path, f"avoided term {hit.describe()}", hit.allowed())


def _check_tracked_packages(loaded: Loaded, p: Problems) -> None:
    if loaded.meta is None:
        return
    meta, origin = loaded.meta
    frameworks = {f.id for f, _, _ in loaded.frameworks}
    seen: set[str] = set()
    for i, tracked in enumerate(meta.tracked_packages):
        if tracked.framework is not None and tracked.framework not in frameworks:
            p.add(
                origin,
                ("tracked_packages", i, "framework"),
                f"unknown framework {tracked.framework!r}",
                ", ".join(sorted(frameworks)),
            )
        name = tracked.package.lower().replace("_", "-")
        if name in seen:
            p.add(origin, ("tracked_packages", i), f"{tracked.package} listed twice", "once")
        seen.add(name)


def audit(loaded: Loaded, problems: Problems) -> None:
    """Add every audit problem of an already loaded KB to ``problems``."""
    _check_tracked_packages(loaded, problems)
    _check_evidence_items(loaded, problems)
    _check_sources(loaded, problems)
    _check_ratings(loaded, problems)
    _check_status_changes(loaded, problems)
    _check_chinese(loaded, problems)
