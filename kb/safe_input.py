"""Reading untrusted files: profiles, probe reports, exported recommendations, the KB's YAML.

Profiles and probe reports are shared between people and machines, so every parser treats them as
hostile. This module is the one place that decides what "too big", "too deep" and "not plain
data" mean, and how an untrusted value may appear in an error message:

* files are read only if they are regular files, with ``O_NONBLOCK`` (a FIFO never blocks us) and
  never more than ``limit + 1`` bytes (``/dev/zero`` cannot exhaust memory);
* text with NUL or other non-printable control characters is refused with its line;
* JSON: NaN/Infinity, integers over ``MAX_INT_DIGITS`` digits, nesting deeper than ``MAX_DEPTH``
  and duplicate keys are refused;
* YAML is composed from parser *events* by a loop (no recursion), so nesting, aliases (an "alias
  bomb" of 597 bytes expands to billions of nodes) and duplicate keys are counted before any
  Python object is built; every scalar with a core tag (``!!int``, ``!!timestamp`` …) is
  constructed on its own, so ``2025-13-45`` or ``!!int abc`` becomes ``file:line`` and not a
  traceback;
* untrusted values appear in messages only through :func:`excerpt`: at most 120 characters, with
  ANSI escapes, bidi overrides and other control characters shown as visible ``\\x1b`` escapes;
* every refusal is an :class:`InputError`: one line in English (``str()``) and one in Chinese
  (``.zh``, or ``.text(lang)``), so the CLIs and the app speak the user's language.

docs/security.md lists the limits and why they are what they are.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from kb.texts import Bilingual, pair, t

MAX_DEPTH = 50  # a profile is 3 levels deep, a probe report 5, an exported recommendation < 15
MAX_INT_DIGITS = 300  # Python refuses int() of more than 4,300 digits with a ValueError
EXCERPT_CHARS = 120
_INT_TAG = "tag:yaml.org,2002:int"
_CORE_TAGS = frozenset(
    "tag:yaml.org,2002:" + n for n in ("str", "int", "float", "bool", "null", "timestamp")
)
# C0 controls except TAB, LF, CR; DEL; C1 controls except NEL; surrogates; non-characters.
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
# Bidi embeddings/overrides/isolates and marks: they make text display differently from what it is.
_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F))


class InputError(ValueError):
    """A refusal written for a person: ``str()`` is the English line, ``zh`` the Chinese one.

    Every message names the file (and line when known), the field and what is allowed. Built by
    :func:`refusal` so both languages have the same shape.
    """

    def __init__(self, en: str, zh: str = "") -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh or en

    def text(self, lang: str) -> str:
        """The message in ``lang`` ("zh" or anything else for English)."""
        return self.zh if lang == "zh" else self.en


def refusal(where: str, problem: Bilingual, allowed: Bilingual | None = None) -> Bilingual:
    """``where: problem; allowed: …`` in English and ``where：problem；允许：…`` in Chinese."""
    # "file:line: field" keeps the colon of "file:line"; the separators become full-width
    en, zh = pair("input_refusal", where=(where, where.replace(": ", "：")), problem=problem)
    if allowed:
        more = pair("input_refusal_allowed", allowed=allowed)
        en, zh = en + more[0], zh + more[1]
    return en, zh


def message_in(exc: BaseException, lang: str) -> str:
    """An exception's message in ``lang`` when it carries one (:class:`InputError`), else str()."""
    return exc.text(lang) if isinstance(exc, InputError) else str(exc)


class UnsafeInputError(InputError):
    """An input refused before it could cost time or memory; ``str()`` is one line."""


@dataclass(frozen=True)
class YamlLimits:
    """What a YAML document may contain (profiles: no aliases; the KB: a small budget)."""

    max_depth: int = MAX_DEPTH
    max_aliases: int = 0  # alias uses (``*name``) allowed in one document
    max_nodes: int = 200_000  # nodes after expanding every alias
    refuse_duplicate_keys: bool = True


# --- messages ------------------------------------------------------------------------------------


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _unsafe_char(ch: str) -> bool:
    if ch in _BIDI or ch in "\n\t":
        return True
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Cs", "Co", "Cn") or (cat == "Cf" and ch != "\u200d")


def excerpt(value: object, limit: int = EXCERPT_CHARS, lang: str = "en") -> str:
    """A bounded, inert rendering of an untrusted value for an error message (never ``repr``).

    Strings keep their printable characters; control, format and bidi characters become visible
    escapes; anything longer than ``limit`` is cut with "…" and its length. Containers are named,
    not printed (a crafted mapping could be huge or expand aliases); ``lang="zh"`` names them in
    Chinese.
    """
    if value is None or isinstance(value, bool):
        return str(value).lower() if isinstance(value, bool) else "null"
    if isinstance(value, int):
        if value.bit_length() > 3 * MAX_INT_DIGITS:
            digits = int(value.bit_length() * math.log10(2)) + 1
            return t("input_int_of_about_digits", lang, n=digits)
        text = str(value)
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, str):
        text = value
    elif isinstance(value, dict):
        return t("input_mapping_of_keys", lang, n=len(value))
    elif isinstance(value, list | tuple):
        return t("input_list_of_items", lang, n=len(value))
    else:
        return t("input_value_of_type", lang, type=type(value).__name__)
    head = text[: limit + 1]
    out = "".join(_escape_char(c) if _unsafe_char(c) else c for c in head)
    if len(out) > limit or len(text) > limit:
        out = out[: limit - 1] + "…"
        if not isinstance(value, str):
            return out
        return t("input_text_of_chars", lang, text=out, n=len(text))
    return f'"{out}"' if isinstance(value, str) else out


def one_line(message: str, limit: int = 400) -> str:
    """A message built elsewhere, made safe to print: escapes applied, one line, bounded."""
    head = message[: limit + 1]
    out = "".join(_escape_char(c) if _unsafe_char(c) else c for c in head)
    return out if len(out) <= limit else out[: limit - 1] + "…"


# --- files ---------------------------------------------------------------------------------------


def _kind(mode: int) -> Bilingual:
    for test, name in (
        (stat.S_ISDIR, pair("input_a_folder")),
        (stat.S_ISFIFO, pair("input_a_fifo_named_pipe")),
        (stat.S_ISCHR, pair("input_a_character_device")),
        (stat.S_ISBLK, pair("input_a_block_device")),
        (stat.S_ISSOCK, pair("input_a_socket")),
    ):
        if test(mode):
            return name
    return pair("input_not_a_regular_file")


def read_file(path: str | os.PathLike[str], *, limit: int, field: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or ``UnsafeInputError``.

    ``os.stat`` before opening refuses folders, FIFOs and devices without touching them;
    ``O_NONBLOCK`` keeps a file swapped for a FIFO between the two calls from blocking, and the
    read stops after ``limit + 1`` bytes whatever ``st_size`` claimed.
    """
    where = f"{one_line(os.fspath(path), 200)}: {field}"
    allowed = pair("input_readable_file_of_at_most", size=_sizes(limit))
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            kind = _kind(info.st_mode)
            raise UnsafeInputError(*refusal(where, pair("input_is_kind", kind=kind), allowed))
        if info.st_size > limit:
            raise UnsafeInputError(
                *refusal(where, pair("input_file_is_size", size=_sizes(info.st_size)), allowed)
            )
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise UnsafeInputError(
                    *refusal(where, pair("input_is_not_a_regular_file"), allowed)
                )
            chunks: list[bytes] = []
            got = 0
            while got <= limit:
                chunk = os.read(fd, min(1 << 20, limit + 1 - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise UnsafeInputError(
            *refusal(where, pair("input_cannot_read", why=why), allowed)
        ) from None
    if got > limit:
        raise UnsafeInputError(
            *refusal(where, pair("input_file_larger_than", size=_sizes(limit)), allowed)
        )
    return b"".join(chunks)


def _size(n: int, lang: str = "en") -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return t("input_bytes", lang, n=n)


def _sizes(n: int) -> Bilingual:
    return _size(n), _size(n, "zh")


def _cat(first: Bilingual, second: Bilingual) -> Bilingual:
    """Two bilingual parts written one after the other."""
    return first[0] + second[0], first[1] + second[1]


def _what(what: str | Bilingual) -> Bilingual:
    """A description of the expected input in both languages (a plain string is used for both)."""
    return (what, what) if isinstance(what, str) else what


def decode_text(data: bytes, name: str, what: str | Bilingual) -> str:
    """UTF-8 text (a BOM is dropped) without NUL or other non-printable control characters.

    ``what`` says what the file should be, e.g. ("a probe report", "探测报告").
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsafeInputError(
            *refusal(
                name,
                pair("input_not_utf8", at=exc.start),
                pair("input_what_in_utf8", what=_what(what)),
            )
        ) from None
    _refuse_control_characters(
        text,
        name,
        pair("input_what_of_printable_text", what=_what(what)),
    )
    return text


def _refuse_control_characters(text: str, name: str, allowed: Bilingual) -> None:
    """``name:line: control character U+XXXX`` for the first non-printable character, if any."""
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        code = f"U+{ord(bad.group()):04X}"
        raise UnsafeInputError(
            *refusal(f"{name}:{line}", pair("input_control_character", code=code), allowed)
        )


# --- JSON ----------------------------------------------------------------------------------------


class _Refused(Exception):
    """Raised inside json's hooks; turned into one UnsafeInputError line."""

    def __init__(self, problem: Bilingual, allowed: Bilingual) -> None:
        super().__init__(problem[0])
        self.problem, self.allowed = problem, allowed


_FINITE: Bilingual = pair("input_finite_numbers")


def _pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in items:
        if key in out:
            shown = excerpt(key)
            raise _Refused(
                pair("input_duplicate_key", key=shown),
                pair("input_each_key_once_per_object"),
            )
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise _Refused(pair("input_constant_not_a_number", name=name), _FINITE)


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _Refused(
            pair("input_int_of_digits", n=digits),
            pair("input_at_most_n", n=MAX_INT_DIGITS),
        )
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        shown = excerpt(text)
        raise _Refused(pair("input_overflows", value=shown), _FINITE)
    return value


def _too_deep(where: str, max_depth: int) -> UnsafeInputError:
    return UnsafeInputError(
        *refusal(
            where,
            pair("input_nesting_deeper_than", n=max_depth),
            pair("input_at_most_levels", n=max_depth),
        )
    )


def check_depth(data: Any, name: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse containers nested deeper than ``max_depth`` (iterative: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise _too_deep(name, max_depth)
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)


def load_json(text: str, name: str, what: str | Bilingual, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` with the limits above; every refusal is one line naming ``name``."""
    try:
        data = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_int=_int,
            parse_float=_float,
        )
    except RecursionError:
        raise _too_deep(name, max_depth) from None
    except _Refused as exc:
        raise UnsafeInputError(*refusal(name, exc.problem, exc.allowed)) from None
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string")
        hint = pair("input_truncated_json") if at_end else pair("input_malformed_json")
        raise UnsafeInputError(
            *refusal(
                f"{name}:{exc.lineno}:{exc.colno}",
                _cat(hint, pair("paren", x=exc.msg)),
                _what(what),
            )
        ) from None
    check_depth(data, name, max_depth)
    return data


# --- YAML ----------------------------------------------------------------------------------------


@dataclass
class _Open:
    """A mapping or sequence whose end event has not arrived yet."""

    node: yaml.MappingNode | yaml.SequenceNode
    weight: int = 1
    key: yaml.Node | None = None
    seen: dict[str, int] | None = None


def _refuse(
    name: str, mark: Any, problem: Bilingual, allowed: Bilingual | None = None
) -> UnsafeInputError:
    line = f":{mark.line + 1}" if mark is not None else ""
    return UnsafeInputError(*refusal(f"{name}{line}", problem, allowed))


def _check_scalar(loader: Any, node: yaml.ScalarNode, name: str) -> None:
    if node.tag == _INT_TAG:
        digits = sum(c.isdigit() for c in node.value)
        if digits > MAX_INT_DIGITS:
            raise _refuse(
                name,
                node.start_mark,
                pair("input_int_of_digits", n=digits),
                pair("input_at_most_n_digits", n=MAX_INT_DIGITS),
            )
    if node.tag in _CORE_TAGS:
        try:
            loader.construct_object(node)
        except Exception:  # PyYAML's constructors fail in many ways on a bad scalar
            short = node.tag.rsplit(":", 1)[-1]
            shown = excerpt(node.value)
            raise _refuse(
                name,
                node.start_mark,
                pair("input_not_a_valid_tag", value=shown, tag=short),
                pair("input_a_valid_tag", tag=short),
            ) from None


def compose_yaml(text: str, name: str, loader_cls: Any, limits: YamlLimits) -> Any:
    """``(loader, node)`` of the single document in ``text`` (node ``None`` when empty).

    The caller must ``loader.dispose()``. Raises ``UnsafeInputError`` for syntax errors too.
    """
    # PyYAML's reader would refuse it too, with a position instead of a line
    _refuse_control_characters(
        text,
        name,
        pair("input_printable_text"),
    )
    loader = None
    try:
        loader = loader_cls(text)
        return loader, _compose(loader, name, limits)
    except UnsafeInputError:
        if loader is not None:
            loader.dispose()
        raise
    except yaml.MarkedYAMLError as exc:
        if loader is not None:
            loader.dispose()
        what = one_line(" ".join(str(p) for p in (exc.context, exc.problem) if p), 200)
        raise _refuse(
            name,
            exc.problem_mark or exc.context_mark,
            pair("input_malformed_yaml", what=what or pair("input_syntax_error")),
        ) from None
    except yaml.YAMLError as exc:
        if loader is not None:
            loader.dispose()
        what = one_line(str(exc), 200)
        raise UnsafeInputError(*refusal(name, pair("input_malformed_yaml", what=what))) from None


class _Composer:
    """Builds the node tree from parser events, refusing alias bombs, deep nesting and
    duplicate keys as they arrive (PyYAML's own composer would expand first and ask later)."""

    def __init__(self, loader: Any, name: str, limits: YamlLimits) -> None:
        self.loader, self.name, self.limits = loader, name, limits
        self.anchors: dict[str, yaml.Node] = {}
        self.weights: dict[int, int] = {}
        self.stack: list[_Open] = []
        self.aliases = 0
        self.root: yaml.Node | None = None

    def compose(self) -> yaml.Node | None:
        loader = self.loader
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # DocumentStart
        while self.root is None:
            event: Any = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                self._alias(event)
            elif isinstance(event, yaml.ScalarEvent):
                self._scalar(event)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                self._open(event)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                self._close(event)
            else:  # pragma: no cover - the parser emits nothing else inside a document
                kind = type(event).__name__
                raise _refuse(
                    self.name, event.start_mark, pair("input_unexpected_event", kind=kind)
                )
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.peek_event()
            raise _refuse(
                self.name,
                event.start_mark,
                pair("input_more_than_one_yaml_document"),
                pair("input_a_single_document"),
            )
        return self.root

    def _alias(self, event: Any) -> None:
        limits = self.limits
        self.aliases += 1
        if self.aliases > limits.max_aliases:
            alias = one_line(str(event.anchor), 40)
            allowed = (
                pair("input_at_most_aliases", n=limits.max_aliases)
                if limits.max_aliases
                else pair("input_no_anchors")
            )
            raise _refuse(self.name, event.start_mark, pair("input_alias", alias=alias), allowed)
        target = self.anchors.get(event.anchor)
        if target is None or id(target) not in self.weights:
            raise _refuse(
                self.name,
                event.start_mark,
                pair("input_bad_alias"),
            )
        self._attach(target, self.weights[id(target)], event.start_mark)

    def _scalar(self, event: Any) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        # typed Any: the C parser's marks are another class
        start: Any = event.start_mark
        end: Any = event.end_mark
        scalar = yaml.ScalarNode(tag, event.value, start, end, style=event.style)
        _check_scalar(self.loader, scalar, self.name)
        if event.anchor is not None:
            self.anchors[event.anchor] = scalar
        self.weights[id(scalar)] = 1
        self._attach(scalar, 1, event.start_mark)

    def _open(self, event: Any) -> None:
        limits = self.limits
        if len(self.stack) >= limits.max_depth:
            depth = limits.max_depth
            raise _refuse(
                self.name,
                event.start_mark,
                pair("input_nesting_deeper_than", n=depth),
                pair("input_at_most_levels", n=depth),
            )
        is_seq = isinstance(event, yaml.SequenceStartEvent)
        cls = yaml.SequenceNode if is_seq else yaml.MappingNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(cls, None, event.implicit)
        start: Any = event.start_mark
        node = cls(tag, [], start, None, flow_style=event.flow_style)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        self.stack.append(_Open(node))

    def _close(self, event: Any) -> None:
        done = self.stack.pop()
        done.node.end_mark = event.end_mark
        self.weights[id(done.node)] = done.weight
        self._attach(done.node, done.weight, event.start_mark)

    def _attach(self, node: yaml.Node, weight: int, mark: Any) -> None:
        if not self.stack:
            self.root = node
            return
        top = self.stack[-1]
        top.weight += weight
        if top.weight > self.limits.max_nodes:
            most = self.limits.max_nodes
            raise _refuse(
                self.name,
                mark,
                pair("input_more_nodes_than", n=most),
                pair("input_no_alias_bombs"),
            )
        if isinstance(top.node, yaml.SequenceNode):
            top.node.value.append(node)
        elif top.key is None:
            top.key = node
        else:
            key = top.key
            top.key = None
            self._check_duplicate(top, key)
            top.node.value.append((key, node))

    def _check_duplicate(self, top: _Open, key: yaml.Node) -> None:
        if not (self.limits.refuse_duplicate_keys and isinstance(key, yaml.ScalarNode)):
            return
        seen = top.seen if top.seen is not None else {}
        top.seen = seen
        if key.value in seen:
            shown, first = excerpt(key.value), seen[key.value]
            raise _refuse(
                self.name,
                key.start_mark,
                pair("input_duplicate_key_first_on", key=shown, line=first),
                pair("input_each_key_once_per_mapping"),
            )
        seen[key.value] = key.start_mark.line + 1


def _compose(loader: Any, name: str, limits: YamlLimits) -> yaml.Node | None:
    return _Composer(loader, name, limits).compose()


def load_yaml(text: str, name: str, loader_cls: Any, limits: YamlLimits) -> tuple[Any, Any]:
    """``(data, root node)`` of a YAML document checked by :func:`compose_yaml`."""
    loader, node = compose_yaml(text, name, loader_cls, limits)
    try:
        if node is None:
            return None, None
        try:
            return loader.construct_document(node), node
        except yaml.MarkedYAMLError as exc:
            what = one_line(str(exc.problem or "cannot be constructed"), 200)
            raise _refuse(
                name,
                exc.problem_mark or exc.context_mark,
                pair("input_not_plain_data", what=what),
                pair("input_plain_types"),
            ) from None
        except Exception as exc:  # any constructor failure is bad input, never a traceback
            what = one_line(str(exc), 200) or type(exc).__name__
            raise UnsafeInputError(*refusal(name, (what, what), pair("input_plain_data"))) from None
    finally:
        loader.dispose()


# --- schema validation (pydantic) ----------------------------------------------------------------


def _field_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return one_line("".join(parts), 120)


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """``(annotation without Annotated/Optional, whether None is allowed)``."""
    nullable = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(get_args(annotation))
            if len(args) != 1:
                return annotation, nullable
            annotation = args[0]
        else:
            return annotation, nullable


def _annotation_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> Any:
    """The type the schema expects at ``loc`` (``None`` when it cannot be followed)."""
    current: Any = model
    for item in loc:
        current, _ = _unwrap(current)
        origin = get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(item, str):
            field = current.model_fields.get(item)
            if field is None:
                return None
            current = field.annotation
        elif origin in (list, tuple, set, frozenset) and isinstance(item, int):
            current = (get_args(current) or (Any,))[0]
        elif origin is dict and isinstance(item, str):
            current = (get_args(current) or (Any, Any))[-1]
        else:
            return None
    return current


def _expected(annotation: Any) -> Bilingual | None:
    """What a schema type accepts, in words (``None`` for a type with no plain description)."""
    if annotation is None:
        return None
    inner, nullable = _unwrap(annotation)
    origin = get_origin(inner)
    out: Bilingual | None
    if inner is bool:
        out = pair("input_true_or_false")
    elif inner is int:
        out = pair("input_a_whole_number")
    elif inner is float:
        out = pair("input_a_number")
    elif inner is str:
        out = pair("input_text")
    elif inner is datetime.datetime:
        out = pair("input_a_datetime")
    elif inner is datetime.date:
        out = pair("input_a_date")
    elif origin is Literal:
        values = [str(v) for v in get_args(inner)]
        out = pair("input_one_of", values=(", ".join(values), "、".join(values)))
    elif origin in (list, tuple, set, frozenset):
        item = _expected((get_args(inner) or (None,))[0])
        out = pair("input_a_list_each_item", item=item) if item else pair("input_a_list")
    elif origin is dict:
        out = pair("input_a_mapping")
    elif isinstance(inner, type) and issubclass(inner, BaseModel):
        names = list(inner.model_fields)
        shown = names[:6] + (["…"] if len(names) > 6 else [])
        out = pair("input_an_object_with_fields", fields=(", ".join(shown), "、".join(shown)))
    else:
        return None
    if nullable:
        out = pair("input_or_null", allowed=out)
    return out


_BOUNDS: dict[str, tuple[str, str]] = {
    "greater_than": (">", "gt"),
    "greater_than_equal": ("≥", "ge"),
    "less_than": ("<", "lt"),
    "less_than_equal": ("≤", "le"),
}


def validation_refusal(
    name: str, exc: ValidationError, model: type[BaseModel] | None, what: Bilingual
) -> Bilingual:
    """The first schema problem as a sentence for a person, in English and Chinese.

    "box.json: field “collected_at”: missing; allowed: a date and time such as …" instead of
    pydantic's "collected_at: Field required (got dict)". ``model`` lets the message say what the
    field accepts; ``what`` names the whole file ("a probe report") when nothing closer is known.
    """
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    path = _field_path(loc)
    where_en, where_zh = pair("input_field_at", name=name, path=path) if path else (name, name)
    got_en, got_zh = excerpt(err.get("input"), 60), excerpt(err.get("input"), 60, lang="zh")
    allowed = _expected(_annotation_at(model, loc)) if loc else None
    if kind in _BOUNDS and _BOUNDS[kind][1] in ctx:
        sign, key = _BOUNDS[kind]
        allowed = pair("input_a_number_bound", sign=sign, bound=ctx[key])
    if kind == "missing":
        problem = pair("input_missing")
    elif kind == "json_invalid":
        reason = one_line(str(ctx.get("error", "")), 120)
        problem = pair("input_not_valid_json", reason=reason)
    elif kind == "value_error" and ctx.get("error") is not None:
        reason = one_line(str(ctx["error"]), 160)
        problem = pair("input_value_reason", value=(got_en, got_zh), reason=reason)
    else:
        problem = pair("input_not_accepted", value=(got_en, got_zh))
    en, zh = refusal("", problem, allowed or what)
    more = exc.error_count() - 1
    if more:
        tail = pair("input_more_problems" if more > 1 else "input_one_more_problem", n=more)
        en, zh = en + tail[0], zh + tail[1]
    return where_en + en, where_zh + zh
