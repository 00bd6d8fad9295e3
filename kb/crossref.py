"""Cross-reference checks over the validated items of every file.

Each item was validated alone; here we check what no single file can: ids unique across files,
every framework rating every criterion, evidence citing known sources, effects and rules naming
known criteria, frameworks, questions and options, the article mapping agreeing both ways, and
English plus Chinese text everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from kb.problems import Origin, Problems
from kb.schema import Evidence, Framework, KbMeta, Question, Rule, Text
from kb.yamlsrc import ParsedYaml, Path_

# Fact prefixes a rule condition may use (see schema.Condition).
FACT_PREFIXES = ("answers.", "probe.", "compat.")
_CJK = re.compile(r"[\u3400-\u9fff]")
_T = TypeVar("_T")


@dataclass
class Loaded:
    """Validated models with the origin of each, for cross-reference messages."""

    meta: tuple[KbMeta, Origin] | None = None

    def __post_init__(self) -> None:
        self.items: dict[str, list[tuple[BaseModel, Origin]]] = {}
        self.frameworks: list[tuple[Framework, Origin, str]] = []
        # Ids as written (valid or not), so duplicates are found even in invalid items.
        self.raw_ids: dict[str, list[tuple[str, Origin, Path_]]] = {}
        self.invalid_ratings: dict[str, set[str]] = {}
        # Files that could not be read as a whole: references into them are not checked, so
        # one broken file does not drown its real problem in hundreds of "unknown id" lines.
        self.broken: set[str] = set()
        self.framework_files: set[str] = set()
        self.seen_files: set[str] = set()
        # Every parsed file (for checks over raw strings, e.g. the zh spacing check).
        self.parsed: dict[str, ParsedYaml] = {}

    def of(self, key: str) -> list[tuple[Any, Origin]]:
        return self.items.get(key, [])


# --- cross-reference checks ---------------------------------------------------------------


def _unique(
    entries: Iterable[tuple[str, Origin, Path_]], what: str, problems: Problems
) -> set[str]:
    seen: dict[str, Origin] = {}
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


def _walk(obj: Any, kind: type[_T], path: Path_ = ()) -> Iterator[tuple[Path_, _T]]:
    """Every ``kind`` inside a model (through fields, lists and dicts), with its path."""
    if isinstance(obj, kind):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _walk(getattr(obj, name), kind, (*path, name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _walk(item, kind, (*path, i))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from _walk(item, kind, (*path, key))


def _texts(obj: Any) -> Iterator[tuple[Path_, Text]]:
    """Every Text inside a model, with its path."""
    return _walk(obj, Text)


def _evidence(obj: Any) -> Iterator[tuple[Path_, Evidence]]:
    """Every Evidence inside a model, with its path."""
    return _walk(obj, Evidence)


def _all_models(loaded: Loaded) -> Iterator[tuple[BaseModel, Origin]]:
    if loaded.meta is not None:
        yield loaded.meta
    for bucket in loaded.items.values():
        yield from bucket
    for fw, origin, _ in loaded.frameworks:
        yield fw, origin


def _check_text(loaded: Loaded, problems: Problems) -> None:
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
    origin: Origin,
    base: Path_,
    criteria: _Ids,
    frameworks: _Ids,
    problems: Problems,
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
    origin: Origin,
    questions: dict[str, Question],
    questions_complete: bool,
    frameworks: _Ids,
    p: Problems,
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


def _known(loaded: Loaded, key: str, fname: str) -> _Ids:
    ids = {getattr(m, "id", "") for m, _ in loaded.of(key)}
    ids |= {i for i, _, _ in loaded.raw_ids.get(key, [])}
    return _Ids(ids, complete=fname not in loaded.broken and fname in loaded.seen_files)


def _known_frameworks(loaded: Loaded) -> _Ids:
    """Frameworks are known by valid item, raw id and file name (a broken file still counts)."""
    return _Ids(
        {f.id for f, _, _ in loaded.frameworks}
        | {i for i, _, _ in loaded.raw_ids.get("frameworks", [])}
        | loaded.framework_files,
        complete=True,
    )


@dataclass(frozen=True)
class _Refs:
    """What the items may refer to, gathered once for every check."""

    sources: _Ids
    criteria: _Ids
    frameworks: _Ids
    questions: dict[str, Question]
    meta: KbMeta | None
    outline: set[str]

    @classmethod
    def of(cls, loaded: Loaded) -> _Refs:
        meta = loaded.meta[0] if loaded.meta else None
        return cls(
            sources=_known(loaded, "sources", "sources.yaml"),
            criteria=_known(loaded, "criteria", "criteria.yaml"),
            frameworks=_known_frameworks(loaded),
            questions={q.id: q for q, _ in loaded.of("questions")},
            meta=meta,
            outline=set(meta.article_outline) if meta else set(),
        )


# Item kind -> the word used in a duplicate-id message.
_ID_NAMES = {
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
    "terms": "glossary term",
}


def _check_unique_ids(loaded: Loaded, _: _Refs, p: Problems) -> None:
    for key, what in _ID_NAMES.items():
        _unique(loaded.raw_ids.get(key, []), what, p)


def _check_ratings(loaded: Loaded, refs: _Refs, p: Problems) -> None:
    """Frameworks: file name matches id; every criterion rated, nothing else."""
    criteria = refs.criteria
    for fw, origin, stem in loaded.frameworks:
        if fw.id != stem:
            p.add(origin, ("id",), f"id {fw.id!r} differs from file name {stem!r}", stem)
        skip = set(fw.ratings) | loaded.invalid_ratings.get(fw.id, set())
        for crit in sorted(criteria.ids - skip) if criteria.complete else []:
            p.add(origin, ("ratings",), f"criterion {crit!r} is not rated", "rate every criterion")
        for crit in sorted(c for c in fw.ratings if c not in criteria):
            p.add(origin, ("ratings", crit), f"unknown criterion {crit!r}", _few(criteria))


def _check_one_evidence(
    ev: Evidence, origin: Origin, path: Path_, refs: _Refs, article: str | None, p: Problems
) -> None:
    if ev.source not in refs.sources:
        p.add(origin, (*path, "source"), f"unknown source {ev.source!r}", _few(refs.sources))
    outline = refs.outline
    if ev.section is not None and outline and ev.section not in outline:
        p.add(origin, (*path, "section"), f"{ev.section} is not in the article", _few(outline))
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


def _check_evidence(loaded: Loaded, refs: _Refs, p: Problems) -> None:
    """Evidence everywhere: known source; sections only from the outline, only for the article."""
    article = refs.meta.article_source if refs.meta else None
    if loaded.meta is not None and article and article not in refs.sources:
        p.add(
            loaded.meta[1], ("article_source",), f"unknown source {article!r}", _few(refs.sources)
        )
    for obj, origin in _all_models(loaded):
        for path, ev in _evidence(obj):
            _check_one_evidence(ev, origin, path, refs, article, p)


def _check_meta_lists(loaded: Loaded, refs: _Refs, p: Problems) -> None:
    """Workloads, install platforms and peak sources name what kb.yaml and sources list."""
    workloads = set(refs.meta.workloads) if refs.meta else set()
    for crit, origin in loaded.of("criteria"):
        for i, w in enumerate(crit.measured_by):
            if workloads and w not in workloads:
                p.add(origin, ("measured_by", i), f"unknown workload {w!r}", _few(workloads))
    platforms = set(refs.meta.install_platforms) if refs.meta else set()
    for row, origin in loaded.of("compatibility"):
        for i, cmd in enumerate(row.install):
            if platforms and cmd.platform not in platforms:
                p.add(
                    origin,
                    ("install", i, "platform"),
                    f"unknown platform {cmd.platform!r}",
                    _few(platforms),
                )
    groups = {crit.group for crit, _ in loaded.of("criteria")}
    if loaded.meta is not None and refs.meta is not None:
        for i, group in enumerate(refs.meta.concrete_groups):
            if groups and group not in groups:
                p.add(
                    loaded.meta[1], ("concrete_groups", i), f"unknown criterion group {group!r}",
                    _few(groups),
                )  # fmt: skip
    for peak, origin in [*loaded.of("accelerators"), *loaded.of("cpu_peaks")]:
        if peak.source not in refs.sources:
            p.add(origin, ("source",), f"unknown source {peak.source!r}", _few(refs.sources))


def _check_sections(loaded: Loaded, refs: _Refs, p: Problems) -> None:
    """Criteria and sections name sections of the article outline and known criteria."""
    outline = refs.outline
    for crit, origin in loaded.of("criteria"):
        for i, sec in enumerate(crit.article_sections):
            if outline and sec not in outline:
                p.add(
                    origin, ("article_sections", i), f"{sec} is not in the article", _few(outline)
                )
    for sec, origin in loaded.of("sections"):
        if outline and sec.id not in outline:
            p.add(origin, ("id",), f"{sec.id} is not in the article outline", _few(outline))
        for i, crit_id in enumerate(sec.criteria):
            if crit_id not in refs.criteria:
                p.add(
                    origin, ("criteria", i), f"unknown criterion {crit_id!r}", _few(refs.criteria)
                )


def _check_mapping_both_ways(loaded: Loaded, refs: _Refs, p: Problems) -> None:
    """criteria.yaml and article_sections.yaml list the same (criterion, section) pairs, and
    every section of the outline is mapped."""
    mapped = {sec.id for sec, _ in loaded.of("sections")}
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
    by_crit = {c.id: c for c, _ in loaded.of("criteria")}
    for sec, origin in loaded.of("sections"):
        for i, crit_id in enumerate(sec.criteria):
            found = by_crit.get(crit_id)
            if found is not None and sec.id not in found.article_sections:
                p.add(
                    origin,
                    ("criteria", i),
                    f"criterion {crit_id} does not list {sec.id} in criteria.yaml",
                    "the same mapping in both files",
                )
    if loaded.meta is not None and "article_sections.yaml" not in loaded.broken:
        for sec_id in sorted(refs.outline - mapped, key=section_key):
            p.add(
                loaded.meta[1],
                ("article_outline",),
                f"article section {sec_id} is not mapped in article_sections.yaml",
                "a sections entry with criteria or not_mapped_because",
            )


def _check_stale_claims(loaded: Loaded, refs: _Refs, p: Problems) -> None:
    for claim, origin in loaded.of("stale_claims"):
        for i, fw_id in enumerate(claim.frameworks):
            if fw_id not in refs.frameworks:
                p.add(
                    origin,
                    ("frameworks", i),
                    f"unknown framework {fw_id!r}",
                    _few(refs.frameworks),
                )
        for i, crit_id in enumerate(claim.criteria):
            if crit_id not in refs.criteria:
                p.add(
                    origin, ("criteria", i), f"unknown criterion {crit_id!r}", _few(refs.criteria)
                )


def _check_questions_and_rules(loaded: Loaded, refs: _Refs, p: Problems) -> None:
    """Option effects, rule effects and rule conditions name known things."""
    for q, origin in loaded.of("questions"):
        if q.max_choices is not None and q.kind == "single":
            p.add(
                origin, ("max_choices",), "only multi-choice questions take max_choices", "omit it"
            )
        for oi, opt in enumerate(q.options):
            base = ("options", oi, "effects")
            _check_effects(opt.effects, origin, base, refs.criteria, refs.frameworks, p)
    complete = "questions.yaml" not in loaded.broken
    for rule, origin in loaded.of("rules"):
        _check_effects(rule.effects, origin, ("effects",), refs.criteria, refs.frameworks, p)
        _check_conditions(rule, origin, refs.questions, complete, refs.frameworks, p)


def _check_compat_frameworks(loaded: Loaded, refs: _Refs, p: Problems) -> None:
    for row, origin in loaded.of("compatibility"):
        if row.framework not in refs.frameworks:
            p.add(
                origin,
                ("framework",),
                f"unknown framework {row.framework!r}",
                _few(refs.frameworks),
            )


def cross_check(loaded: Loaded, problems: Problems) -> None:
    """Every check that needs more than one item; adds to ``problems``, raises nothing.

    The checks run in this order so the problem list reads file by file as before.
    """
    _check_text(loaded, problems)
    refs = _Refs.of(loaded)
    for check in (
        _check_unique_ids,
        _check_ratings,
        _check_evidence,
        _check_meta_lists,
        _check_sections,
        _check_mapping_both_ways,
        _check_stale_claims,
        _check_questions_and_rules,
        _check_compat_frameworks,
    ):
        check(loaded, refs, problems)
    _check_latest_versions(loaded, problems)
    check_toolchains(loaded, problems)


def _minor(version: str) -> tuple[int, ...] | None:
    parts = version.split(".")[:2]
    return tuple(int(x) for x in parts) if all(x.isdigit() for x in parts) else None


def _check_latest_versions(loaded: Loaded, p: Problems) -> None:
    """A new release must be recorded in both places (when a TF release lands)."""
    if "compatibility.yaml" in loaded.broken:
        return
    for fw, origin, _ in loaded.frameworks:
        rows = [r.version for r, _ in loaded.of("compatibility") if r.framework == fw.id]
        latest = _minor(fw.latest_version)
        if not rows or latest is None:
            continue
        newest = max(rows, key=lambda v: _minor(v) or ())
        if _minor(newest) != latest:
            p.add(
                origin,
                ("latest_version",),
                f"latest_version {fw.latest_version} but the newest compatibility.yaml row of "
                f"{fw.id} is {newest}",
                "the same major.minor in both files",
            )


def section_key(sec: str) -> tuple[int, ...]:
    return tuple(int(x) for x in sec.lstrip("§").split("."))


# --- toolchains.yaml ----------------------------------------------------------------------

TARGETS_QUESTION = "deploy_targets"  # the toolchain's `targets` are this question's option ids
TOOLCHAINS_QUESTION = "toolchains"  # this question's option ids are toolchain ids


def check_toolchains(loaded: Loaded, p: Problems) -> None:
    """Toolchain entries name known frameworks and deploy targets, and the question agrees.

    Frameworks are data: a support key is checked against the framework files, so a third
    framework needs a new file and new keys, never a code change.
    """
    _unique(loaded.raw_ids.get("toolchains", []), "toolchain", p)
    frameworks = _known_frameworks(loaded)
    questions = {q.id: q for q, _ in loaded.of("questions")}
    targets_q = questions.get(TARGETS_QUESTION)
    questions_ok = "questions.yaml" not in loaded.broken
    targets = _Ids({o.id for o in targets_q.options} if targets_q else set(), questions_ok)
    for tc, origin in loaded.of("toolchains"):
        for fw in tc.support:
            if fw not in frameworks:
                p.add(origin, ("support", fw), f"unknown framework {fw!r}", _few(frameworks))
        if targets_q is not None:
            for i, target in enumerate(tc.targets):
                if target not in targets:
                    p.add(
                        origin,
                        ("targets", i),
                        f"{target!r} is not an option of {TARGETS_QUESTION}",
                        _few(targets),
                    )
        for i, step in enumerate(tc.install):
            if step.framework is not None and step.framework not in tc.support:
                p.add(
                    origin,
                    ("install", i, "framework"),
                    f"framework {step.framework!r} has no support entry here",
                    _few(tc.support),
                )
    known = _known(loaded, "toolchains", "toolchains.yaml")
    if not known.complete:  # no table, or a broken one: its ids are not known
        return
    for q, origin in loaded.of("questions"):
        for oi, opt in enumerate(q.options):
            if q.id == TOOLCHAINS_QUESTION and opt.id not in known:
                p.add(
                    origin,
                    ("options", oi, "id"),
                    f"{opt.id!r} is not a toolchain in toolchains.yaml",
                    _few(known),
                )
            # An option's `toolchains` (alternatives it depends on) must exist in the table too.
            for ti, tc_id in enumerate(opt.toolchains):
                if tc_id not in known:
                    p.add(
                        origin,
                        ("options", oi, "toolchains", ti),
                        f"{tc_id!r} is not a toolchain in toolchains.yaml",
                        _few(known),
                    )
