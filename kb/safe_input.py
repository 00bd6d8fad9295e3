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
  ANSI escapes, bidi overrides and other control characters shown as visible ``\\x1b`` escapes.

docs/security.md lists the limits and why they are what they are.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

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


class UnsafeInputError(ValueError):
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


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A bounded, inert rendering of an untrusted value for an error message (never ``repr``).

    Strings keep their printable characters; control, format and bidi characters become visible
    escapes; anything longer than ``limit`` is cut with "…" and its length. Containers are named,
    not printed (a crafted mapping could be huge or expand aliases).
    """
    if value is None or isinstance(value, bool):
        return str(value).lower() if isinstance(value, bool) else "null"
    if isinstance(value, int):
        if value.bit_length() > 3 * MAX_INT_DIGITS:
            return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits"
        text = str(value)
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, str):
        text = value
    elif isinstance(value, dict):
        return f"a mapping of {len(value)} keys"
    elif isinstance(value, list | tuple):
        return f"a list of {len(value)} items"
    else:
        return f"a {type(value).__name__} value"
    head = text[: limit + 1]
    out = "".join(_escape_char(c) if _unsafe_char(c) else c for c in head)
    if len(out) > limit or len(text) > limit:
        out = out[: limit - 1] + "…"
        return f'"{out}" ({len(text)} characters)' if isinstance(value, str) else out
    return f'"{out}"' if isinstance(value, str) else out


def one_line(message: str, limit: int = 400) -> str:
    """A message built elsewhere, made safe to print: escapes applied, one line, bounded."""
    head = message[: limit + 1]
    out = "".join(_escape_char(c) if _unsafe_char(c) else c for c in head)
    return out if len(out) <= limit else out[: limit - 1] + "…"


# --- files ---------------------------------------------------------------------------------------


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_file(path: str | os.PathLike[str], *, limit: int, field: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or ``UnsafeInputError``.

    ``os.stat`` before opening refuses folders, FIFOs and devices without touching them;
    ``O_NONBLOCK`` keeps a file swapped for a FIFO between the two calls from blocking, and the
    read stops after ``limit + 1`` bytes whatever ``st_size`` claimed.
    """
    shown = one_line(os.fspath(path), 200)
    allowed = f"allowed: a readable regular file of at most {_size(limit)}"
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeInputError(f"{shown}: {field}: is {_kind(info.st_mode)}; {allowed}")
        if info.st_size > limit:
            raise UnsafeInputError(f"{shown}: {field}: file is {_size(info.st_size)}; {allowed}")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise UnsafeInputError(f"{shown}: {field}: is not a regular file; {allowed}")
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
        raise UnsafeInputError(
            f"{shown}: {field}: cannot read ({exc.strerror or type(exc).__name__}); {allowed}"
        ) from None
    if got > limit:
        raise UnsafeInputError(f"{shown}: {field}: file is larger than {_size(limit)}; {allowed}")
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def decode_text(data: bytes, name: str, what: str) -> str:
    """UTF-8 text (a BOM is dropped) without NUL or other non-printable control characters."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsafeInputError(
            f"{name}: not UTF-8 text (byte {exc.start}); allowed: {what} in UTF-8"
        ) from None
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise UnsafeInputError(
            f"{name}:{line}: control character U+{ord(bad.group()):04X}; allowed: {what} of "
            "printable text (tabs and newlines are fine)"
        )
    return text


# --- JSON ----------------------------------------------------------------------------------------


class _Refused(Exception):
    """Raised inside json's hooks; turned into one UnsafeInputError line."""


def _pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in items:
        if key in out:
            raise _Refused(f"duplicate key {excerpt(key)}; allowed: each key once per object")
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number; allowed: finite numbers")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(
            f"an integer of {len(text.lstrip('-'))} digits; allowed: at most {MAX_INT_DIGITS}"
        )
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"{excerpt(text)} overflows to infinity; allowed: finite numbers")
    return value


def check_depth(data: Any, name: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse containers nested deeper than ``max_depth`` (iterative: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise UnsafeInputError(
                    f"{name}: nesting deeper than {max_depth} levels; allowed: at most {max_depth}"
                )
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)


def load_json(text: str, name: str, what: str, max_depth: int = MAX_DEPTH) -> Any:
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
        raise UnsafeInputError(
            f"{name}: nesting deeper than {max_depth} levels; allowed: at most {max_depth}"
        ) from None
    except _Refused as exc:
        raise UnsafeInputError(f"{name}: {exc}") from None
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string")
        hint = "truncated JSON" if at_end else "malformed JSON"
        raise UnsafeInputError(
            f"{name}:{exc.lineno}:{exc.colno}: {hint} ({exc.msg}); allowed: {what}"
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


def _refuse(name: str, mark: Any, problem: str) -> UnsafeInputError:
    line = f":{mark.line + 1}" if mark is not None else ""
    return UnsafeInputError(f"{name}{line}: {problem}")


def _check_scalar(loader: Any, node: yaml.ScalarNode, name: str) -> None:
    if node.tag == _INT_TAG:
        digits = sum(c.isdigit() for c in node.value)
        if digits > MAX_INT_DIGITS:
            raise _refuse(
                name,
                node.start_mark,
                f"an integer of {digits} digits; allowed: at most {MAX_INT_DIGITS} digits",
            )
    if node.tag in _CORE_TAGS:
        try:
            loader.construct_object(node)
        except Exception:  # PyYAML's constructors fail in many ways on a bad scalar
            short = node.tag.rsplit(":", 1)[-1]
            raise _refuse(
                name,
                node.start_mark,
                f"{excerpt(node.value)} is not a valid {short}; allowed: a valid {short} "
                "(quote it to make it text)",
            ) from None


def compose_yaml(text: str, name: str, loader_cls: Any, limits: YamlLimits) -> Any:
    """``(loader, node)`` of the single document in ``text`` (node ``None`` when empty).

    The caller must ``loader.dispose()``. Raises ``UnsafeInputError`` for syntax errors too.
    """
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:  # PyYAML's reader would refuse it too, with a position instead of a line
        line = text.count("\n", 0, bad.start()) + 1
        raise UnsafeInputError(
            f"{name}:{line}: control character U+{ord(bad.group()):04X}; allowed: printable text "
            "(tabs and newlines are fine)"
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
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "syntax error"
        raise _refuse(
            name, exc.problem_mark or exc.context_mark, f"malformed YAML ({one_line(what, 200)})"
        ) from None
    except yaml.YAMLError as exc:
        if loader is not None:
            loader.dispose()
        raise UnsafeInputError(f"{name}: malformed YAML ({one_line(str(exc), 200)})") from None


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
                raise _refuse(self.name, event.start_mark, f"unexpected {type(event).__name__}")
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.peek_event()
            raise _refuse(
                self.name,
                event.start_mark,
                "more than one YAML document; allowed: a single document",
            )
        return self.root

    def _alias(self, event: Any) -> None:
        limits = self.limits
        self.aliases += 1
        if self.aliases > limits.max_aliases:
            raise _refuse(
                self.name,
                event.start_mark,
                f"alias *{one_line(str(event.anchor), 40)}; allowed: "
                + (
                    f"at most {limits.max_aliases} aliases"
                    if limits.max_aliases
                    else "plain data without anchors or aliases"
                ),
            )
        target = self.anchors.get(event.anchor)
        if target is None or id(target) not in self.weights:
            raise _refuse(self.name, event.start_mark, "alias to an undefined or enclosing anchor")
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
            raise _refuse(
                self.name,
                event.start_mark,
                f"nesting deeper than {limits.max_depth} levels; allowed: at most "
                f"{limits.max_depth}",
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
            raise _refuse(
                self.name,
                mark,
                f"more than {self.limits.max_nodes} nodes once aliases are expanded; "
                "allowed: plain data without alias bombs",
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
            raise _refuse(
                self.name,
                key.start_mark,
                f"duplicate key {excerpt(key.value)} (first on line {seen[key.value]}); "
                "allowed: each key once per mapping",
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
                f"not plain data ({what}); allowed: text, numbers, lists and mappings",
            ) from None
        except Exception as exc:  # any constructor failure is bad input, never a traceback
            raise UnsafeInputError(
                f"{name}: {one_line(str(exc), 200) or type(exc).__name__}; allowed: plain data"
            ) from None
    finally:
        loader.dispose()
