"""Problems in the knowledge base, as ``file:line: key.path: message (allowed: ...)`` lines.

The loader validates each YAML item on its own with pydantic; this module turns pydantic's
error locations back into the key path and line of the YAML the maintainer wrote, and says what
would have been accepted.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from kb.yamlsrc import ParsedYaml, Path_, format_path


class KBError(Exception):
    """The knowledge base is invalid; ``problems`` lists every problem found (one per line)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"knowledge base invalid: {n} problem{'s' if n != 1 else ''}"
        return "\n".join([head, *self.problems])


@dataclass(frozen=True)
class Origin:
    fname: str
    parsed: ParsedYaml
    base: Path_


class Problems:
    """Collects problems; knows how to turn (origin, path) into ``file:line: path``."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, origin: Origin, path: Path_, message: str, allowed: str | None) -> None:
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
def _adapter(model: type[BaseModel]) -> TypeAdapter[BaseModel]:
    """Building a TypeAdapter costs milliseconds; there are hundreds of items, so reuse them."""
    return TypeAdapter(model)


def validate_item(
    model: type[BaseModel], data: Any, origin: Origin, problems: Problems
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
                key = str(path[-1]) if path else "?"
                problems.add(
                    origin,
                    path,
                    "required key is missing",
                    f"add {key}: {_describe(_type_at(model, loc))}",
                )
            elif etype == "literal_error":
                expected = str(err.get("ctx", {}).get("expected", ""))
                problems.add(origin, path, "value is not allowed", expected)
            elif etype == "string_pattern_mismatch":
                pattern = str(err.get("ctx", {}).get("pattern", ""))
                problems.add(origin, path, msg.split(" '")[0], f"text matching {pattern}")
            elif etype in ("value_error", "assertion_error"):
                text, _, allowed = msg.removeprefix("Value error, ").partition("; allowed: ")
                problems.add(origin, path, text, allowed or None)
            else:
                problems.add(origin, path, msg, _describe(_type_at(model, loc)))
        return None
