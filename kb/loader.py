"""Read the YAML knowledge base into a validated :class:`KnowledgeBase`.

Why a custom loader: a maintainer editing YAML after a release must learn *every* problem at once,
each as ``file:line: key.path: message (allowed: ...)``. So each file is parsed with line marks
(``kb.yamlsrc``), each item is validated on its own (``kb.problems``), and cross-references are
checked last (``kb.crossref``). Nothing is raised until everything has been looked at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kb.audit import audit
from kb.crossref import Loaded, cross_check, section_key
from kb.glossary import GLOSSARY_FILE, GlossaryTerm
from kb.hashing import MAX_KB_FILE_BYTES, content_hash
from kb.problems import KBError, Origin, Problems, validate_item
from kb.safe_input import UnsafeInputError, read_file
from kb.schema import (
    AcceleratorPeak,
    ArticleSection,
    CompatRow,
    CpuPeak,
    Criterion,
    Framework,
    KbMeta,
    KnowledgeBase,
    Question,
    Rating,
    Rule,
    Source,
    StaleClaim,
    Toolchain,
)
from kb.yamlsrc import ParsedYaml, parse_yaml

# file name -> top-level key -> item model (list files); None key = the whole file is one model.
LIST_FILES: dict[str, dict[str, type[BaseModel]]] = {
    "sources.yaml": {"sources": Source},
    "criteria.yaml": {"criteria": Criterion},
    "questions.yaml": {"questions": Question},
    "article_sections.yaml": {"sections": ArticleSection},
    "stale_claims.yaml": {"stale_claims": StaleClaim},
    "rules.yaml": {"rules": Rule},
    "compatibility.yaml": {"compatibility": CompatRow},
    "hardware.yaml": {"accelerators": AcceleratorPeak, "cpu_peaks": CpuPeak},
    GLOSSARY_FILE: {"terms": GlossaryTerm},
    "toolchains.yaml": {"toolchains": Toolchain},
}
# List files a KB directory may leave out (older copies of the KB have no toolchain table).
OPTIONAL_FILES = {"toolchains.yaml"}
META_FILE = "kb.yaml"
FRAMEWORK_DIR = "frameworks"


# --- reading files ------------------------------------------------------------------------


def _raw_id(loaded: Loaded, key: str, item: Any, origin: Origin) -> None:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        ident = item["id"]
        if key == "compatibility":
            ident = f"{item.get('framework')} {item.get('version')}"
        loaded.raw_ids.setdefault(key, []).append((ident, origin, ("id",)))
    elif key == "compatibility" and isinstance(item, dict):
        ident = f"{item.get('framework')} {item.get('version')}"
        loaded.raw_ids.setdefault(key, []).append((ident, origin, ("version",)))


def _read_files(root: Path) -> tuple[dict[str, bytes], list[str]]:
    files: dict[str, bytes] = {}
    problems: list[str] = []
    for path in sorted(root.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(root).as_posix()
        if path.suffix not in (".yaml", ".yml"):
            continue
        try:  # regular files only, bounded: a FIFO or /dev/zero link in the folder cannot hang us
            files[rel] = read_file(path, limit=MAX_KB_FILE_BYTES, field="(file)")
        except UnsafeInputError as exc:
            reason, _, allowed = str(exc).partition("(file): ")[2].rpartition("; allowed: ")
            problems.append(f"{rel}:1: (file): {reason} (allowed: {allowed})")
    known = {META_FILE, *LIST_FILES}
    for rel in files:
        if rel not in known and not re.fullmatch(rf"{FRAMEWORK_DIR}/[^/]+\.ya?ml", rel):
            problems.append(
                f"{rel}:1: (file): unknown file (allowed: {', '.join(sorted(known))}, "
                f"{FRAMEWORK_DIR}/<id>.yaml)"
            )
    for rel in [META_FILE, *LIST_FILES]:
        if rel not in files and rel not in OPTIONAL_FILES:
            problems.append(f"{rel}:1: (file): required file is missing (allowed: create it)")
    return files, problems


def _parse(rel: str, raw: bytes, problems: Problems) -> ParsedYaml | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.extend([f"{rel}:1: (file): not UTF-8 text ({exc.reason}; allowed: UTF-8)"])
        return None
    parsed = parse_yaml(text, rel)
    if parsed.problems:
        problems.extend(parsed.problems)
        return None
    return parsed


def _validate_framework(
    data: dict[str, Any], top: Origin, problems: Problems
) -> tuple[Framework, set[str]] | None:
    """Validate ratings one by one so that one bad rating does not hide the others' problems."""
    ratings = data.get("ratings")
    if not isinstance(ratings, dict):
        fw = validate_item(Framework, data, top, problems)
        return (fw, set()) if isinstance(fw, Framework) else None
    good: dict[str, Rating] = {}
    for crit_id, raw in ratings.items():
        rating = validate_item(
            Rating, raw, Origin(top.fname, top.parsed, ("ratings", crit_id)), problems
        )
        if isinstance(rating, Rating):
            good[str(crit_id)] = rating
    fw = validate_item(Framework, {**data, "ratings": {}}, top, problems)
    if not isinstance(fw, Framework):
        return None
    # Invalid ratings were reported above; keep the valid ones for cross-reference checks.
    return fw.model_copy(update={"ratings": good}), {str(k) for k in ratings} - set(good)


def _load_list_file(
    loaded: Loaded, rel: str, parsed: ParsedYaml, data: dict[Any, Any], problems: Problems
) -> None:
    """One list file (e.g. criteria.yaml): each item validated alone into its bucket."""
    top = Origin(rel, parsed, ())
    spec = LIST_FILES[rel]
    for key in data:
        if key not in spec:
            problems.add(top, (key,), "unknown key", ", ".join(spec))
    for key, model in spec.items():
        items = data.get(key)
        if items is None:
            problems.add(top, (key,), "required key is missing", f"a list under {key}")
            loaded.broken.add(rel)
            continue
        if not isinstance(items, list):
            problems.add(top, (key,), "must be a list", f"a list of {model.__name__}")
            loaded.broken.add(rel)
            continue
        bucket = loaded.items.setdefault(key, [])
        for i, item in enumerate(items):
            origin = Origin(rel, parsed, (key, i))
            _raw_id(loaded, key, item, origin)
            obj = validate_item(model, item, origin, problems)
            if obj is not None:
                bucket.append((obj, origin))


def _load_models(files: dict[str, bytes], problems: Problems) -> Loaded:
    loaded = Loaded()
    for rel, raw in files.items():
        loaded.seen_files.add(rel)
        if rel not in LIST_FILES and rel != META_FILE:
            loaded.framework_files.add(Path(rel).stem)
        parsed = _parse(rel, raw, problems)
        if parsed is None:
            loaded.broken.add(rel)
            continue
        loaded.parsed[rel] = parsed
        top = Origin(rel, parsed, ())
        if not isinstance(parsed.data, dict):
            problems.add(top, (), "top level must be a mapping", "a mapping of keys")
            loaded.broken.add(rel)
            continue
        if rel == META_FILE:
            meta = validate_item(KbMeta, parsed.data, top, problems)
            if isinstance(meta, KbMeta):
                loaded.meta = (meta, top)
        elif rel in LIST_FILES:
            _load_list_file(loaded, rel, parsed, parsed.data, problems)
        else:
            _raw_id(loaded, "frameworks", parsed.data, top)
            result = _validate_framework(parsed.data, top, problems)
            if result is not None:
                loaded.frameworks.append((result[0], top, Path(rel).stem))
                loaded.invalid_ratings[result[0].id] = result[1]
    return loaded


def _assemble(loaded: Loaded, digest: str) -> KnowledgeBase:
    assert loaded.meta is not None
    meta = loaded.meta[0]
    return KnowledgeBase(
        kb_version=meta.kb_version,
        content_hash=digest,
        meta=meta,
        sources={s.id: s for s, _ in loaded.of("sources")},
        criteria={c.id: c for c, _ in loaded.of("criteria")},
        frameworks={f.id: f for f, _, _ in sorted(loaded.frameworks, key=lambda t: t[0].id)},
        article_sections=sorted(
            (s for s, _ in loaded.of("sections")), key=lambda s: section_key(s.id)
        ),
        stale_claims=[s for s, _ in loaded.of("stale_claims")],
        questions=[q for q, _ in loaded.of("questions")],
        rules=[r for r, _ in loaded.of("rules")],
        compatibility=[r for r, _ in loaded.of("compatibility")],
        accelerators=[a for a, _ in loaded.of("accelerators")],
        cpu_peaks=[c for c, _ in loaded.of("cpu_peaks")],
        toolchains={t.id: t for t, _ in loaded.of("toolchains")},
    )


def _load_dir(root: Path) -> tuple[dict[str, bytes], Loaded, Problems]:
    if not root.is_dir():
        raise KBError(
            [f"{root}:1: (directory): knowledge base directory not found (allowed: a directory)"]
        )
    files, file_problems = _read_files(root)
    problems = Problems()
    problems.extend(file_problems)
    loaded = _load_models(files, problems)
    cross_check(loaded, problems)
    return files, loaded, problems


def read_kb(root: Path) -> KnowledgeBase:
    """Load and validate the knowledge base in ``root``; raise KBError listing every problem."""
    files, loaded, problems = _load_dir(root)
    if problems.items or loaded.meta is None:
        raise KBError(
            problems.items
            or [f"{META_FILE}:1: (file): no valid metadata (allowed: see kb/README.md)"]
        )
    return _assemble(loaded, content_hash(files))


def audit_kb(root: Path) -> list[str]:
    """Evidence-audit problems of the KB in ``root`` (see ``kb.audit``), after raising KBError
    if it is not even well formed. An empty list means every fact is quoted, dated and sourced."""
    _files, loaded, problems = _load_dir(root)
    if problems.items or loaded.meta is None:
        raise KBError(
            problems.items
            or [f"{META_FILE}:1: (file): no valid metadata (allowed: see kb/README.md)"]
        )
    found = Problems()
    audit(loaded, found)
    return sorted(found.items, key=_file_line)


def _file_line(problem: str) -> tuple[str, int]:
    fname, _, rest = problem.partition(":")
    line = rest.partition(":")[0]
    return fname, int(line) if line.isdigit() else 0


__all__ = ["KBError", "audit_kb", "content_hash", "read_kb"]
