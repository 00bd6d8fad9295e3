"""One-click questionnaire presets ("LLM fine-tuning", "Mobile CV app", …) from kb/presets.yaml.

A preset is only a set of answers with a bilingual title; it carries no rating or evidence, so it
lives beside the KB (kb/data accepts only the KB's own files). ``load_presets`` validates the
file's shape with pydantic and every answer against the KB's questions, so a renamed option is a
test failure, not a silently empty button.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kb.schema import Identifier, KnowledgeBase, Text

PRESETS_FILE = Path(__file__).resolve().parent / "presets.yaml"


class Preset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Identifier
    title: Text
    description: Text
    answers: Annotated[dict[Identifier, str | list[str]], Field(min_length=1)]


class PresetFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    presets: Annotated[list[Preset], Field(min_length=1)]


class PresetError(ValueError):
    """The presets file is malformed or names a question or option the KB does not have."""


def check_against(presets: list[Preset], kb: KnowledgeBase) -> list[str]:
    """Problems as ``presets.yaml: <preset>.<question>: message`` (empty when all is well)."""
    problems: list[str] = []
    seen: set[str] = set()
    for p in presets:
        if p.id in seen:
            problems.append(f"presets.yaml: {p.id}: duplicate id")
        seen.add(p.id)
        for qid, value in p.answers.items():
            q = kb.question(qid)
            where = f"presets.yaml: {p.id}.{qid}"
            if q is None:
                problems.append(f"{where}: unknown question")
                continue
            values = value if isinstance(value, list) else [value]
            if q.kind == "single" and isinstance(value, list):
                problems.append(f"{where}: single-choice question takes one option, not a list")
            if q.kind == "multi" and not isinstance(value, list):
                problems.append(f"{where}: multi-choice question takes a list")
            allowed = {o.id for o in q.options}
            for v in values:
                if v not in allowed:
                    problems.append(f"{where}: unknown option {v!r}")
            if q.max_choices and len(values) > q.max_choices:
                problems.append(f"{where}: at most {q.max_choices} choices")
    return problems


def parse_presets(text: str, kb: KnowledgeBase) -> list[Preset]:
    """Validated presets from YAML text; ``PresetError`` lists every problem."""
    try:
        data = yaml.safe_load(text)
        presets = PresetFile.model_validate(data).presets
    except (yaml.YAMLError, ValidationError) as exc:
        raise PresetError(f"presets.yaml: {exc}") from exc
    problems = check_against(presets, kb)
    if problems:
        raise PresetError("\n".join(problems))
    return presets


_cache: dict[tuple[Path, str, float], list[Preset]] = {}


def load_presets(kb: KnowledgeBase, path: Path = PRESETS_FILE) -> list[Preset]:
    """The shipped presets, checked against ``kb`` (cached per KB content and file time)."""
    key = (path, kb.content_hash, path.stat().st_mtime)
    if key not in _cache:
        _cache[key] = parse_presets(path.read_text(encoding="utf-8"), kb)
    return list(_cache[key])
