"""Read the YAML knowledge base into a validated :class:`KnowledgeBase`.

Why a custom loader: a maintainer editing YAML (journey J4) must learn *every* problem at once,
each as ``file:line: key.path: message (allowed: ...)``. So each file is parsed with line marks
(``kb.yamlsrc``), each item is validated on its own (errors stay attached to their file), and
cross-references are checked last. Nothing is raised until everything has been looked at.
"""

from __future__ import annotations

import functools
import hashlib
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from kb.schema import (
    AcceleratorPeak,
    ArticleSection,
    CompatRow,
    CpuPeak,
    Criterion,
    Evidence,
    Framework,
    KbMeta,
    KnowledgeBase,
    Question,
    Rating,
    Rule,
    Source,
    StaleClaim,
    Text,
)
from kb.yamlsrc import ParsedYaml, Path_, format_path, parse_yaml


class KBError(Exception):
    """The knowledge base is invalid; ``problems`` lists every problem found (one per line)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"knowledge base invalid: {n} problem{'s' if n != 1 else ''}"
        return "\n".join([head, *self.problems])


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
}
META_FILE = "kb.yaml"
FRAMEWORK_DIR = "frameworks"
# Fact prefixes a rule condition may use (see schema.Condition).
FACT_PREFIXES = ("answers.", "probe.", "compat.")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class _Origin:
    fname: str
    parsed: ParsedYaml
    base: Path_


class _Problems:
    """Collects problems; knows how to turn (origin, path) into ``file:line: path``."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, origin: _Origin, path: Path_, message: str, allowed: str | None) -> None:
        full = (*origin.base, *path)
        line = origin.parsed.line(full)
        tail = f" (allowed: {allowed})" if allowed else ""
        self.items.append(f"{origin.fname}:{line}: {format_path(full)}: {message}{tail}")

    def extend(self, problems: Iterable[str]) -> None:
        self.items.extend(problems)


# --- pydantic error -> readable problem -----------------------------------------------------


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    return tp


def _union_members(tp: Any) -> list[Any]:
    if get_origin(tp) in (Union, types.UnionType):
        return [_unwrap(a) for a in get_args(tp)]
    return [tp]


def _step(tp: Any, key: str | int) -> tuple[Any, bool]:
    """Descend one loc element from type ``tp``; returns (new type, consumed?)."""
    tp = _unwrap(tp)
    members = _union_members(tp)
    if len(members) > 1:
        for member in members:
            if isinstance(member, type) and issubclass(member, BaseModel):
                kind = member.model_fields.get("kind")
                if kind is not None and get_args(_unwrap(kind.annotation)) == (key,):
                    return member, True
        non_none = [m for m in members if m is not type(None)]
        if len(non_none) == 1:
            return _step(non_none[0], key)
        return tp, False
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        fld = tp.model_fields.get(str(key))
        return (fld.annotation, True) if fld is not None else (tp, False)
    origin = get_origin(tp)
    if origin is list and isinstance(key, int):
        return get_args(tp)[0], True
    if origin is dict:
        return get_args(tp)[1], True
    return tp, False


def _type_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    tp: Any = model
    for key in loc:
        tp, _ = _step(tp, key)
    return _unwrap(tp)


def _describe(tp: Any) -> str:
    tp = _unwrap(tp)
    members = [m for m in _union_members(tp) if m is not type(None)]
    if len(members) > 1:
        return " or ".join(_describe(m) for m in members)
    tp = members[0] if members else tp
    if get_origin(tp) is Literal:
        return ", ".join(repr(a) for a in get_args(tp))
    if tp is date:
        return "a date YYYY-MM-DD"
    if tp is float or tp is int:
        return "a number"
    if tp is str:
        return "a string (quote version numbers such as '2.10')"
    if tp is bool:
        return "true or false"
    if get_origin(tp) is list:
        return f"a list of {_describe(get_args(tp)[0])}"
    if get_origin(tp) is dict:
        return f"a mapping of id to {_describe(get_args(tp)[1])}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"a mapping with keys {', '.join(tp.model_fields)}"
    return str(tp)


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Keep only loc elements that exist in the data (drops union tags, validator names)."""
    path: list[str | int] = []
    cur = data
    for key in loc:
        in_dict = isinstance(cur, dict) and key in cur
        if in_dict or (isinstance(cur, list) and isinstance(key, int) and 0 <= key < len(cur)):
            cur = cur[key]
            path.append(key)
        elif isinstance(key, str) and isinstance(cur, dict) and not path_is_tag(key, cur):
            path.append(key)  # a missing or unknown key: name it, line of its parent
            cur = None
    return tuple(path)


def path_is_tag(key: str, cur: dict[str, Any]) -> bool:
    """True when ``key`` is a union discriminator value or a validator name, not a data key."""
    return cur.get("kind") == key or "[" in key or key.startswith("function-")


@functools.cache
def _adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    """Building a TypeAdapter costs milliseconds; there are hundreds of items, so reuse them."""
    return TypeAdapter(model)


def _validate(
    model: type[BaseModel], data: Any, origin: _Origin, problems: _Problems
) -> BaseModel | None:
    try:
        return _adapter(model).validate_python(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            path = _data_path(data, loc)
            etype = err["type"]
            msg = err["msg"]
            if etype == "extra_forbidden":
                parent = _type_at(model, loc[:-1])
                is_model = isinstance(parent, type) and issubclass(parent, BaseModel)
                keys = ", ".join(parent.model_fields) if is_model else "?"
                problems.add(origin, path, "unknown key", keys)
            elif etype == "missing":
                problems.add(origin, path, "required key is missing", None)
            elif etype == "literal_error":
                expected = str(err.get("ctx", {}).get("expected", ""))
                problems.add(origin, path, "value is not allowed", expected)
            elif etype == "string_pattern_mismatch":
                pattern = str(err.get("ctx", {}).get("pattern", ""))
                problems.add(origin, path, msg.split(" '")[0], f"text matching {pattern}")
            elif etype in ("value_error", "assertion_error"):
                problems.add(origin, path, msg.removeprefix("Value error, "), None)
            else:
                problems.add(origin, path, msg, _describe(_type_at(model, loc)))
        return None


# --- reading files ------------------------------------------------------------------------


@dataclass
class _Loaded:
    """Validated models with the origin of each, for cross-reference messages."""

    meta: tuple[KbMeta, _Origin] | None = None

    def __post_init__(self) -> None:
        self.items: dict[str, list[tuple[BaseModel, _Origin]]] = {}
        self.frameworks: list[tuple[Framework, _Origin, str]] = []
        # Ids as written (valid or not), so duplicates are found even in invalid items.
        self.raw_ids: dict[str, list[tuple[str, _Origin, Path_]]] = {}
        self.invalid_ratings: dict[str, set[str]] = {}
        # Files that could not be read as a whole: references into them are not checked, so
        # one broken file does not drown its real problem in hundreds of "unknown id" lines.
        self.broken: set[str] = set()
        self.framework_files: set[str] = set()
        self.seen_files: set[str] = set()

    def of(self, key: str) -> list[tuple[Any, _Origin]]:
        return self.items.get(key, [])


def _raw_id(loaded: _Loaded, key: str, item: Any, origin: _Origin) -> None:
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
        try:
            files[rel] = path.read_bytes()
        except OSError as exc:
            problems.append(
                f"{rel}:1: (file): cannot be read ({exc.strerror}; allowed: a readable file)"
            )
    known = {META_FILE, *LIST_FILES}
    for rel in files:
        if rel not in known and not re.fullmatch(rf"{FRAMEWORK_DIR}/[^/]+\.ya?ml", rel):
            problems.append(
                f"{rel}:1: (file): unknown file (allowed: {', '.join(sorted(known))}, "
                f"{FRAMEWORK_DIR}/<id>.yaml)"
            )
    for rel in [META_FILE, *LIST_FILES]:
        if rel not in files:
            problems.append(f"{rel}:1: (file): required file is missing")
    return files, problems


def content_hash(files: dict[str, bytes]) -> str:
    """sha256 over (relative name, bytes) of every file, in sorted order."""
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(rel.encode())
        h.update(b"\0")
        h.update(files[rel])
        h.update(b"\0")
    return h.hexdigest()


def _parse(rel: str, raw: bytes, problems: _Problems) -> ParsedYaml | None:
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
    data: dict[str, Any], top: _Origin, problems: _Problems
) -> tuple[Framework, set[str]] | None:
    """Validate ratings one by one so that one bad rating does not hide the others' problems."""
    ratings = data.get("ratings")
    if not isinstance(ratings, dict):
        fw = _validate(Framework, data, top, problems)
        return (fw, set()) if isinstance(fw, Framework) else None
    good: dict[str, Rating] = {}
    for crit_id, raw in ratings.items():
        rating = _validate(
            Rating, raw, _Origin(top.fname, top.parsed, ("ratings", crit_id)), problems
        )
        if isinstance(rating, Rating):
            good[str(crit_id)] = rating
    fw = _validate(Framework, {**data, "ratings": {}}, top, problems)
    if not isinstance(fw, Framework):
        return None
    # Invalid ratings were reported above; keep the valid ones for cross-reference checks.
    return fw.model_copy(update={"ratings": good}), {str(k) for k in ratings} - set(good)


def _load_models(files: dict[str, bytes], problems: _Problems) -> _Loaded:
    loaded = _Loaded()
    for rel, raw in files.items():
        loaded.seen_files.add(rel)
        if rel not in LIST_FILES and rel != META_FILE:
            loaded.framework_files.add(Path(rel).stem)
        parsed = _parse(rel, raw, problems)
        if parsed is None:
            loaded.broken.add(rel)
            continue
        top = _Origin(rel, parsed, ())
        if not isinstance(parsed.data, dict):
            problems.add(top, (), "top level must be a mapping", "a mapping of keys")
            loaded.broken.add(rel)
            continue
        if rel == META_FILE:
            meta = _validate(KbMeta, parsed.data, top, problems)
            if isinstance(meta, KbMeta):
                loaded.meta = (meta, top)
        elif rel in LIST_FILES:
            spec = LIST_FILES[rel]
            for key in parsed.data:
                if key not in spec:
                    problems.add(top, (key,), "unknown key", ", ".join(spec))
            for key, model in spec.items():
                items = parsed.data.get(key)
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
                    origin = _Origin(rel, parsed, (key, i))
                    _raw_id(loaded, key, item, origin)
                    obj = _validate(model, item, origin, problems)
                    if obj is not None:
                        bucket.append((obj, origin))
        else:
            _raw_id(loaded, "frameworks", parsed.data, top)
            result = _validate_framework(parsed.data, top, problems)
            if result is not None:
                loaded.frameworks.append((result[0], top, Path(rel).stem))
                loaded.invalid_ratings[result[0].id] = result[1]
    return loaded


# --- cross-reference checks ---------------------------------------------------------------


def _unique(
    entries: Iterable[tuple[str, _Origin, Path_]], what: str, problems: _Problems
) -> set[str]:
    seen: dict[str, _Origin] = {}
    for ident, origin, path in entries:
        if ident in seen:
            first = seen[ident]
            first_line = first.parsed.line((*first.base, *path))
            problems.add(
                origin,
                path,
                f"duplicate {what} id {ident!r} (first in {first.fname}:{first_line})",
                "each id once across all files",
            )
        else:
            seen[ident] = origin
    return set(seen)


def _texts(obj: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Text]]:
    """Every Text inside a model, with its path."""
    if isinstance(obj, Text):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _texts(getattr(obj, name), (*path, name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _texts(item, (*path, i))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from _texts(item, (*path, key))


def _evidence(obj: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Evidence]]:
    if isinstance(obj, Evidence):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _evidence(getattr(obj, name), (*path, name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _evidence(item, (*path, i))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from _evidence(item, (*path, key))


def _all_models(loaded: _Loaded) -> Iterator[tuple[BaseModel, _Origin]]:
    if loaded.meta is not None:
        yield loaded.meta
    for bucket in loaded.items.values():
        yield from bucket
    for fw, origin, _ in loaded.frameworks:
        yield fw, origin


def _check_text(loaded: _Loaded, problems: _Problems) -> None:
    for obj, origin in _all_models(loaded):
        for path, text in _texts(obj):
            for lang in ("en", "zh"):
                if not getattr(text, lang).strip():
                    problems.add(origin, (*path, lang), "text is blank", "non-empty text")
            if len(text.en) > 24 and not _CJK.search(text.zh):
                problems.add(
                    origin, (*path, "zh"), "Chinese text has no Chinese characters", "中文 text"
                )


class _Ids:
    """Known ids of one kind; when their file is broken every id counts as known."""

    def __init__(self, ids: set[str], complete: bool) -> None:
        self.ids = ids
        self.complete = complete

    def __contains__(self, item: object) -> bool:
        return not self.complete or item in self.ids

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.ids))


def _check_effects(
    effects: list[Any],
    origin: _Origin,
    base: Path_,
    criteria: _Ids,
    frameworks: _Ids,
    problems: _Problems,
) -> None:
    for i, eff in enumerate(effects):
        crit = getattr(eff, "criterion", None)
        if crit is not None and crit not in criteria:
            problems.add(
                origin, (*base, i, "criterion"), f"unknown criterion {crit!r}", _few(criteria)
            )
        fw = getattr(eff, "framework", None)
        if fw is not None and fw not in frameworks:
            problems.add(
                origin, (*base, i, "framework"), f"unknown framework {fw!r}", _few(frameworks)
            )


def _few(ids: Iterable[str], limit: int = 40) -> str:
    ordered = sorted(ids)
    shown = ", ".join(ordered[:limit])
    return shown + (f", … ({len(ordered)} in all)" if len(ordered) > limit else "")


def _check_conditions(
    rule: Rule,
    origin: _Origin,
    questions: dict[str, Question],
    questions_complete: bool,
    frameworks: _Ids,
    p: _Problems,
) -> None:
    for i, cond in enumerate(rule.when):
        path = ("when", i, "fact")
        if not cond.fact.startswith(FACT_PREFIXES):
            p.add(origin, path, f"unknown fact {cond.fact!r}", "answers.*, probe.*, compat.*")
            continue
        head, _, rest = cond.fact.partition(".")
        if head == "answers":
            q = questions.get(rest)
            if q is None:
                if questions_complete:
                    p.add(origin, path, f"unknown question {rest!r}", _few(questions))
                continue
            option_ids = {o.id for o in q.options}
            values: list[Any] = []
            if cond.any_of is not None:
                values = list(cond.any_of)
            elif cond.contains is not None:
                values = [cond.contains]
            elif isinstance(cond.equals, str):
                values = [cond.equals]
            for value in values:
                if value not in option_ids:
                    p.add(
                        origin,
                        ("when", i),
                        f"{value!r} is not an option of {rest}",
                        _few(option_ids),
                    )
        elif head == "compat":
            fw = rest.split(".", 1)[0]
            if fw not in frameworks:
                p.add(origin, path, f"unknown framework {fw!r} in fact", _few(frameworks))


def _known(loaded: _Loaded, key: str, fname: str) -> _Ids:
    ids = {getattr(m, "id", "") for m, _ in loaded.of(key)}
    ids |= {i for i, _, _ in loaded.raw_ids.get(key, [])}
    return _Ids(ids, complete=fname not in loaded.broken and fname in loaded.seen_files)


def _cross_check(loaded: _Loaded, problems: _Problems) -> None:
    p = problems
    names = {
        "sources": "source",
        "criteria": "criterion",
        "frameworks": "framework",
        "questions": "question",
        "rules": "rule",
        "stale_claims": "stale claim",
        "sections": "article section",
        "accelerators": "accelerator",
        "cpu_peaks": "CPU peak",
        "compatibility": "compatibility row",
    }
    for key, what in names.items():
        _unique(loaded.raw_ids.get(key, []), what, p)
    sources = _known(loaded, "sources", "sources.yaml")
    criteria = _known(loaded, "criteria", "criteria.yaml")
    frameworks = _Ids(
        {f.id for f, _, _ in loaded.frameworks}
        | {i for i, _, _ in loaded.raw_ids.get("frameworks", [])}
        | loaded.framework_files,
        complete=True,
    )
    questions = {q.id: q for q, _ in loaded.of("questions")}
    meta = loaded.meta[0] if loaded.meta else None
    outline = set(meta.article_outline) if meta else set()

    # Frameworks: file name matches id; every criterion rated, nothing else.
    for fw, origin, stem in loaded.frameworks:
        if fw.id != stem:
            p.add(origin, ("id",), f"id {fw.id!r} differs from file name {stem!r}", stem)
        skip = set(fw.ratings) | loaded.invalid_ratings.get(fw.id, set())
        for crit in sorted(criteria.ids - skip) if criteria.complete else []:
            p.add(origin, ("ratings",), f"criterion {crit!r} is not rated", "rate every criterion")
        for crit in sorted(c for c in fw.ratings if c not in criteria):
            p.add(origin, ("ratings", crit), f"unknown criterion {crit!r}", _few(criteria))

    # Evidence everywhere: known source; sections only from the outline.
    article = meta.article_source if meta else None
    if meta and article and article not in sources:
        p.add(loaded.meta[1], ("article_source",), f"unknown source {article!r}", _few(sources))  # type: ignore[index]
    for obj, origin in _all_models(loaded):
        for path, ev in _evidence(obj):
            if ev.source not in sources:
                p.add(origin, (*path, "source"), f"unknown source {ev.source!r}", _few(sources))
            if ev.section is not None and outline and ev.section not in outline:
                p.add(
                    origin, (*path, "section"), f"{ev.section} is not in the article", _few(outline)
                )
            if article and ev.source == article and ev.section is None:
                p.add(
                    origin,
                    (*path, "section"),
                    "the seed article is cited by section",
                    'a section such as "§5.1"',
                )
            if article and ev.source != article and ev.section is not None:
                p.add(
                    origin,
                    (*path, "section"),
                    "only the seed article is cited by section",
                    f"omit section, or use source {article}",
                )
    workloads = set(meta.workloads) if meta else set()
    for crit, origin in loaded.of("criteria"):
        for i, w in enumerate(crit.measured_by):
            if workloads and w not in workloads:
                p.add(origin, ("measured_by", i), f"unknown workload {w!r}", _few(workloads))
    platforms = set(meta.install_platforms) if meta else set()
    for row, origin in loaded.of("compatibility"):
        for i, cmd in enumerate(row.install):
            if platforms and cmd.platform not in platforms:
                p.add(
                    origin,
                    ("install", i, "platform"),
                    f"unknown platform {cmd.platform!r}",
                    _few(platforms),
                )
    for peak, origin in [*loaded.of("accelerators"), *loaded.of("cpu_peaks")]:
        if peak.source not in sources:
            p.add(origin, ("source",), f"unknown source {peak.source!r}", _few(sources))

    # Criteria and sections reference the article outline and each other.
    for crit, origin in loaded.of("criteria"):
        for i, sec in enumerate(crit.article_sections):
            if outline and sec not in outline:
                p.add(
                    origin, ("article_sections", i), f"{sec} is not in the article", _few(outline)
                )
    mapped: set[str] = set()
    for sec, origin in loaded.of("sections"):
        mapped.add(sec.id)
        if outline and sec.id not in outline:
            p.add(origin, ("id",), f"{sec.id} is not in the article outline", _few(outline))
        for i, crit_id in enumerate(sec.criteria):
            if crit_id not in criteria:
                p.add(origin, ("criteria", i), f"unknown criterion {crit_id!r}", _few(criteria))
    # The two directions of the mapping must agree (criteria.yaml <-> article_sections.yaml).
    in_sections = {(c, s.id) for s, _ in loaded.of("sections") for c in s.criteria}
    for crit, origin in loaded.of("criteria"):
        for i, sec_id in enumerate(crit.article_sections):
            if (crit.id, sec_id) not in in_sections and sec_id in mapped:
                p.add(
                    origin,
                    ("article_sections", i),
                    f"{sec_id} does not list {crit.id} in article_sections.yaml",
                    "the same mapping in both files",
                )
    by_crit = {c.id: (c, o) for c, o in loaded.of("criteria")}
    for sec, origin in loaded.of("sections"):
        for i, crit_id in enumerate(sec.criteria):
            found = by_crit.get(crit_id)
            if found is not None and sec.id not in found[0].article_sections:
                p.add(
                    origin,
                    ("criteria", i),
                    f"criterion {crit_id} does not list {sec.id} in criteria.yaml",
                    "the same mapping in both files",
                )
    if loaded.meta is not None and "article_sections.yaml" not in loaded.broken:
        for sec_id in sorted(outline - mapped, key=_section_key):
            p.add(
                loaded.meta[1],
                ("article_outline",),
                f"article section {sec_id} is not mapped in article_sections.yaml",
                "a sections entry with criteria or not_mapped_because",
            )

    # Stale claims, questions, rules, compatibility name known things.
    for claim, origin in loaded.of("stale_claims"):
        for i, fw_id in enumerate(claim.frameworks):
            if fw_id not in frameworks:
                p.add(origin, ("frameworks", i), f"unknown framework {fw_id!r}", _few(frameworks))
        for i, crit_id in enumerate(claim.criteria):
            if crit_id not in criteria:
                p.add(origin, ("criteria", i), f"unknown criterion {crit_id!r}", _few(criteria))
    for q, origin in loaded.of("questions"):
        if q.max_choices is not None and q.kind == "single":
            p.add(
                origin, ("max_choices",), "only multi-choice questions take max_choices", "omit it"
            )
        for oi, opt in enumerate(q.options):
            _check_effects(opt.effects, origin, ("options", oi, "effects"), criteria, frameworks, p)
    for rule, origin in loaded.of("rules"):
        _check_effects(rule.effects, origin, ("effects",), criteria, frameworks, p)
        complete = "questions.yaml" not in loaded.broken
        _check_conditions(rule, origin, questions, complete, frameworks, p)
    for row, origin in loaded.of("compatibility"):
        if row.framework not in frameworks:
            p.add(origin, ("framework",), f"unknown framework {row.framework!r}", _few(frameworks))


def _section_key(sec: str) -> tuple[int, ...]:
    return tuple(int(x) for x in sec.lstrip("§").split("."))


def _assemble(loaded: _Loaded, digest: str) -> KnowledgeBase:
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
            (s for s, _ in loaded.of("sections")), key=lambda s: _section_key(s.id)
        ),
        stale_claims=[s for s, _ in loaded.of("stale_claims")],
        questions=[q for q, _ in loaded.of("questions")],
        rules=[r for r, _ in loaded.of("rules")],
        compatibility=[r for r, _ in loaded.of("compatibility")],
        accelerators=[a for a, _ in loaded.of("accelerators")],
        cpu_peaks=[c for c, _ in loaded.of("cpu_peaks")],
    )


def read_kb(root: Path) -> KnowledgeBase:
    """Load and validate the knowledge base in ``root``; raise KBError listing every problem."""
    if not root.is_dir():
        raise KBError([f"{root}:1: (directory): knowledge base directory not found"])
    files, file_problems = _read_files(root)
    problems = _Problems()
    problems.extend(file_problems)
    loaded = _load_models(files, problems)
    _cross_check(loaded, problems)
    if problems.items or loaded.meta is None:
        raise KBError(problems.items or [f"{META_FILE}:1: (file): no valid metadata"])
    return _assemble(loaded, content_hash(files))


__all__ = ["KBError", "content_hash", "read_kb"]
