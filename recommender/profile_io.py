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

from kb.schema import KnowledgeBase, Question
from recommender.models import MAX_DESCRIPTION_CHARS, PROFILE_SCHEMA_VERSION, Profile

MAX_PROFILE_BYTES = 1024 * 1024
TOP_LEVEL_KEYS = ("schema_version", "description", "answers")


class ProfileError(ValueError):
    """A profile that cannot be used; ``str()`` is one line for the user."""


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans only (no yes/no/on/off surprises)."""


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), None)


def _lines(text: str) -> dict[tuple[str, ...], int]:
    """Line numbers of the keys under the top level and under ``answers`` (best effort)."""
    out: dict[tuple[str, ...], int] = {}
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return out
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


def _load(data: bytes, name: str) -> tuple[Any, str]:
    if len(data) > MAX_PROFILE_BYTES:
        raise ProfileError(
            f"{name}: file is {len(data) / 1e6:.1f} MB; allowed: a profile of at most 1 MB"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProfileError(
            f"{name}: not UTF-8 text (byte {exc.start}); allowed: a YAML or JSON profile"
        ) from None
    if not text.strip():
        raise ProfileError(f"{name}: file is empty; allowed: a YAML or JSON profile with answers")
    if name.lower().endswith(".json") or text.lstrip().startswith("{"):
        try:
            return json.loads(text), text
        except json.JSONDecodeError as exc:
            raise ProfileError(
                f"{name}:{exc.lineno}:{exc.colno}: malformed JSON ({exc.msg}); "
                "allowed: a JSON object with description and answers"
            ) from None
    loader = _Loader(text)
    try:
        return loader.get_single_data(), text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark is not None else name
        problem = getattr(exc, "problem", None) or "syntax error"
        raise ProfileError(
            f"{where}: malformed YAML ({problem}); allowed: a mapping with description and answers"
        ) from None
    finally:
        loader.dispose()


def parse_profile(data: bytes, name: str, kb: KnowledgeBase) -> Profile:
    """Validate untrusted bytes into a ``Profile`` or raise a one-line ``ProfileError``."""
    raw, text = _load(data, name)
    lines = _lines(text)
    if not isinstance(raw, dict):
        raise ProfileError(
            f"{name}: top level is {type(raw).__name__}; allowed: a mapping with keys "
            + ", ".join(TOP_LEVEL_KEYS)
        )
    for key in raw:
        if key not in TOP_LEVEL_KEYS:
            raise ProfileError(
                f"{_at(name, lines, str(key))}: {key}: unknown field; allowed: "
                + ", ".join(TOP_LEVEL_KEYS)
            )
    version = raw.get("schema_version", PROFILE_SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProfileError(
            f"{_at(name, lines, 'schema_version')}: schema_version: {version!r}; "
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
                f"{where}: answers.{qid}: unknown question; allowed: {', '.join(known)}"
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
                f"{where}: {field}: {value!r} is not an option; "
                f"allowed: one of {', '.join(allowed)}"
            )
        return value
    items = value if isinstance(value, list) else [value]  # a scalar for multi is one choice
    chosen: list[str] = []
    for item in items:
        if not isinstance(item, str) or item not in allowed:
            raise ProfileError(
                f"{where}: {field}: {item!r} is not an option; allowed: any of {', '.join(allowed)}"
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
