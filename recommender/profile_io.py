"""Read and write profile files (YAML or JSON), validated against the KB's questions.

Profiles are user input and arrive as uploads, so every problem becomes one ``ProfileError`` line
naming the file (and line where we know it), the field, and what is allowed — in English
(``str()``) and Chinese (``.zh`` / ``.text(lang)``, see kb/safe_input.py ``InputError``). Loading is
``yaml.safe_load``-equivalent only (a SafeLoader subclass whose booleans are just true/false, so
an option id like ``no`` or ``on`` stays a string).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Literal

import yaml

from kb.safe_input import (
    InputError,
    UnsafeInputError,
    YamlLimits,
    decode_text,
    excerpt,
    load_json,
    load_yaml,
    one_line,
    refusal,
)
from kb.schema import KnowledgeBase, Question
from kb.texts import Bilingual, pair
from recommender.models import MAX_DESCRIPTION_CHARS, PROFILE_SCHEMA_VERSION, Profile

MAX_PROFILE_BYTES = 1024 * 1024
TOP_LEVEL_KEYS = ("schema_version", "description", "answers")


class ProfileError(InputError):
    """A profile that cannot be used; ``str()`` is one line for the user, ``zh`` its Chinese."""


def _error(where: str, problem: Bilingual, allowed: Bilingual | None = None) -> ProfileError:
    return ProfileError(*refusal(where, problem, allowed))


def _ids(items: list[str]) -> Bilingual:
    return ", ".join(items), "、".join(items)


# libyaml's parser when present (a 1 MB scalar in 0.1 s instead of seconds); same events, marks.
# The type checker sees the pure-Python SafeLoader, whose interface CSafeLoader shares.
if TYPE_CHECKING:
    _SafeBase = yaml.SafeLoader
else:
    _SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
_WHAT: Bilingual = pair("profile_input_what")


def _load(data: bytes, name: str) -> tuple[Any, dict[tuple[str, ...], int]]:
    if len(data) > MAX_PROFILE_BYTES:
        size = f"{len(data) / 1e6:.1f} MB"
        raise _error(
            name,
            pair("input_file_is_size", size=size),
            pair("profile_input_size_limit"),
        )
    try:
        text = decode_text(data, name, _WHAT)
        if not text.strip():
            raise _error(
                name,
                pair("input_file_is_empty"),
                pair("profile_input_answers"),
            )
        if name.lower().endswith(".json") or text.lstrip().startswith("{"):
            return load_json(text, name, _WHAT), {}
        raw, root = load_yaml(text, name, _Loader, PROFILE_YAML)
        return raw, _lines(root)
    except UnsafeInputError as exc:
        raise ProfileError(exc.en, exc.zh) from None


def parse_profile(data: bytes, name: str, kb: KnowledgeBase) -> Profile:
    """Validate untrusted bytes into a ``Profile`` or raise a one-line ``ProfileError``."""
    name = one_line(name, 200)
    raw, lines = _load(data, name)
    keys = _ids(list(TOP_LEVEL_KEYS))
    if not isinstance(raw, dict):
        kind = type(raw).__name__
        raise _error(
            name,
            pair("input_top_level_is", kind=kind),
            pair("profile_mapping_with_keys", keys=keys),
        )
    for key in raw:
        if key not in TOP_LEVEL_KEYS:
            raise _error(
                f"{_at(name, lines, str(key))}: {one_line(str(key), 80)}",
                pair("profile_input_unknown_field"),
                keys,
            )
    version = raw.get("schema_version", PROFILE_SCHEMA_VERSION)
    where = f"{_at(name, lines, 'schema_version')}: schema_version"
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        shown = excerpt(version), excerpt(version, lang="zh")
        raise _error(
            where,
            shown,
            pair("profile_version_from_1_to", n=PROFILE_SCHEMA_VERSION),
        )
    if version > PROFILE_SCHEMA_VERSION:
        raise _error(
            where,
            pair("profile_version_newer", version=version),
            pair("profile_version_up_to", n=PROFILE_SCHEMA_VERSION),
        )
    description = raw.get("description") or ""
    where = f"{_at(name, lines, 'description')}: description"
    if not isinstance(description, str):
        raise ProfileError(*pair("profile_description_allowed", where=where))
    if len(description) > MAX_DESCRIPTION_CHARS:
        n = len(description)
        raise _error(
            where,
            pair("profile_n_characters", n=n),
            pair("profile_at_most_characters", n=MAX_DESCRIPTION_CHARS),
        )
    answers_raw = raw.get("answers") or {}
    if not isinstance(answers_raw, dict):
        where = f"{_at(name, lines, 'answers')}: answers"
        raise ProfileError(*pair("profile_answers_allowed", where=where))
    answers: dict[str, str | list[str]] = {}
    known = _ids([q.id for q in kb.questions])
    for qid, value in answers_raw.items():
        question = kb.question(str(qid))
        where = _at(name, lines, "answers", str(qid))
        if question is None:
            raise _error(
                f"{where}: answers.{one_line(str(qid), 80)}",
                pair("profile_input_unknown_question"),
                known,
            )
        if value is None:
            continue  # explicitly unanswered: the documented default applies
        answers[question.id] = _check_answer(question, value, where)
    return Profile(schema_version=PROFILE_SCHEMA_VERSION, description=description, answers=answers)


def _check_answer(q: Question, value: object, where: str) -> str | list[str]:
    """One answer checked against the question's options; a refusal names the question too."""
    ids = _ids([o.id for o in q.options])
    where = f"{where}: answers.{q.id}"
    one_of = pair("input_one_of", values=ids)
    if q.kind == "single":
        if isinstance(value, list):
            raise _error(
                where,
                pair("profile_list_for_single", question=q.text),
                one_of,
            )
        if not isinstance(value, str) or value not in [o.id for o in q.options]:
            raise _error(where, _not_an_option(value), one_of)
        return value
    items = value if isinstance(value, list) else [value]  # a scalar for multi is one choice
    chosen: list[str] = []
    for item in items:
        if not isinstance(item, str) or item not in [o.id for o in q.options]:
            raise _error(where, _not_an_option(item), pair("profile_any_of", ids=ids))
        if item not in chosen:
            chosen.append(item)
    if q.max_choices is not None and len(chosen) > q.max_choices:
        n, most = len(chosen), q.max_choices
        raise _error(
            where,
            pair("profile_n_choices", n=n),
            pair("profile_at_most_of", n=most, ids=ids),
        )
    return chosen


def _not_an_option(value: object) -> Bilingual:
    return pair("profile_not_an_option", value=(excerpt(value), excerpt(value, lang="zh")))


def dump_profile(profile: Profile, fmt: Literal["yaml", "json"] = "yaml") -> bytes:
    """Serialise a profile so that ``parse_profile`` reads back exactly the same answers."""
    data = profile.model_dump(mode="json")
    if fmt == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    raise ValueError(f"format {fmt!r}; allowed: yaml, json")
