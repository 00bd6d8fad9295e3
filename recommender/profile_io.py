"""Read and write profile files (YAML or JSON), validated against the KB's questions.

Profiles are user input and arrive as uploads, so every problem becomes one ``ProfileError`` line
naming the file (and line where we know it), the field, and what is allowed. Loading is
``yaml.safe_load``-equivalent only (a SafeLoader subclass whose booleans are just true/false, so
an option id like ``no`` or ``on`` stays a string).
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

import yaml

from kb.safe_input import (
    UnsafeInputError,
    YamlLimits,
    decode_text,
    excerpt,
    load_json,
    load_yaml,
    one_line,
)
from kb.schema import KnowledgeBase, Question
from recommender.models import MAX_DESCRIPTION_CHARS, PROFILE_SCHEMA_VERSION, Profile

MAX_PROFILE_BYTES = 1024 * 1024
TOP_LEVEL_KEYS = ("schema_version", "description", "answers")


class ProfileError(ValueError):
    """A profile that cannot be used; ``str()`` is one line for the user."""


# libyaml's parser when present (a 1 MB scalar in 0.1 s instead of seconds); same events, marks.
_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):
    """SafeLoader with YAML 1.2 booleans only (no yes/no/on/off surprises) and no implicit dates:
    every value in a profile is text, so ``description: 2025-13-45`` is a description."""


_BOOL = "tag:yaml.org,2002:bool"
_DATE = "tag:yaml.org,2002:timestamp"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _DATE)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), None)


def _lines(root: yaml.Node | None) -> dict[tuple[str, ...], int]:
    """Line numbers of the keys under the top level and under ``answers`` (best effort)."""
    out: dict[tuple[str, ...], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        out[(key.value,)] = key.start_mark.line + 1
        if key.value == "answers" and isinstance(value, yaml.MappingNode):
            for k2, _v2 in value.value:
                if isinstance(k2, yaml.ScalarNode):
                    out[("answers", k2.value)] = k2.start_mark.line + 1
    return out


def _at(name: str, lines: dict[tuple[str, ...], int], *path: str) -> str:
    line = lines.get(tuple(path))
    return f"{name}:{line}" if line else name


# Profiles are shared files: no anchors or aliases at all (an alias bomb is 597 bytes), no
# duplicate keys, at most 50 levels (a real profile has 3).
PROFILE_YAML = YamlLimits(max_aliases=0, refuse_duplicate_keys=True)
_WHAT = "a YAML or JSON profile with description and answers"


def _load(data: bytes, name: str) -> tuple[Any, dict[tuple[str, ...], int]]:
    if len(data) > MAX_PROFILE_BYTES:
        raise ProfileError(
            f"{name}: file is {len(data) / 1e6:.1f} MB; allowed: a profile of at most 1 MB"
        )
    try:
        text = decode_text(data, name, _WHAT)
        if not text.strip():
            raise ProfileError(
                f"{name}: file is empty; allowed: a YAML or JSON profile with answers"
            )
        if name.lower().endswith(".json") or text.lstrip().startswith("{"):
            return load_json(text, name, _WHAT), {}
        raw, root = load_yaml(text, name, _Loader, PROFILE_YAML)
        return raw, _lines(root)
    except UnsafeInputError as exc:
        raise ProfileError(str(exc)) from None


def parse_profile(data: bytes, name: str, kb: KnowledgeBase) -> Profile:
    """Validate untrusted bytes into a ``Profile`` or raise a one-line ``ProfileError``."""
    name = one_line(name, 200)
    raw, lines = _load(data, name)
    if not isinstance(raw, dict):
        raise ProfileError(
            f"{name}: top level is {type(raw).__name__}; allowed: a mapping with keys "
            + ", ".join(TOP_LEVEL_KEYS)
        )
    for key in raw:
        if key not in TOP_LEVEL_KEYS:
            raise ProfileError(
                f"{_at(name, lines, str(key))}: {one_line(str(key), 80)}: unknown field; allowed: "
                + ", ".join(TOP_LEVEL_KEYS)
            )
    version = raw.get("schema_version", PROFILE_SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProfileError(
            f"{_at(name, lines, 'schema_version')}: schema_version: {excerpt(version)}; "
            f"allowed: an integer from 1 to {PROFILE_SCHEMA_VERSION}"
        )
    if version > PROFILE_SCHEMA_VERSION:
        raise ProfileError(
            f"{_at(name, lines, 'schema_version')}: schema_version: {version} is newer than this "
            f"tool understands; allowed: up to {PROFILE_SCHEMA_VERSION}"
        )
    description = raw.get("description") or ""
    if not isinstance(description, str):
        raise ProfileError(
            f"{_at(name, lines, 'description')}: description: allowed: free text (a string)"
        )
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise ProfileError(
            f"{_at(name, lines, 'description')}: description: {len(description)} characters; "
            f"allowed: at most {MAX_DESCRIPTION_CHARS}"
        )
    answers_raw = raw.get("answers") or {}
    if not isinstance(answers_raw, dict):
        raise ProfileError(
            f"{_at(name, lines, 'answers')}: answers: allowed: a mapping of question id to "
            "option id(s)"
        )
    answers: dict[str, str | list[str]] = {}
    known = [q.id for q in kb.questions]
    for qid, value in answers_raw.items():
        question = kb.question(str(qid))
        where = _at(name, lines, "answers", str(qid))
        if question is None:
            raise ProfileError(
                f"{where}: answers.{one_line(str(qid), 80)}: unknown question; "
                f"allowed: {', '.join(known)}"
            )
        if value is None:
            continue  # explicitly unanswered: the documented default applies
        answers[question.id] = _check_answer(question, value, where)
    return Profile(schema_version=PROFILE_SCHEMA_VERSION, description=description, answers=answers)


def _check_answer(q: Question, value: object, where: str) -> str | list[str]:
    allowed = [o.id for o in q.options]
    field = f"answers.{q.id}"
    if q.kind == "single":
        if isinstance(value, list):
            raise ProfileError(
                f"{where}: {field}: a list was given but this question takes one choice; "
                f"allowed: one of {', '.join(allowed)}"
            )
        if not isinstance(value, str) or value not in allowed:
            raise ProfileError(
                f"{where}: {field}: {excerpt(value)} is not an option; "
                f"allowed: one of {', '.join(allowed)}"
            )
        return value
    items = value if isinstance(value, list) else [value]  # a scalar for multi is one choice
    chosen: list[str] = []
    for item in items:
        if not isinstance(item, str) or item not in allowed:
            raise ProfileError(
                f"{where}: {field}: {excerpt(item)} is not an option; "
                f"allowed: any of {', '.join(allowed)}"
            )
        if item not in chosen:
            chosen.append(item)
    if q.max_choices is not None and len(chosen) > q.max_choices:
        raise ProfileError(
            f"{where}: {field}: {len(chosen)} choices given; allowed: at most {q.max_choices} "
            f"of {', '.join(allowed)}"
        )
    return chosen


def dump_profile(profile: Profile, fmt: Literal["yaml", "json"] = "yaml") -> bytes:
    """Serialise a profile so that ``parse_profile`` reads back exactly the same answers."""
    data = profile.model_dump(mode="json")
    if fmt == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    raise ValueError(f"format {fmt!r}; allowed: yaml, json")
