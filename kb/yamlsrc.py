"""Safe YAML reading that remembers where every value came from.

Errors in the knowledge base must name ``file:line``, so we compose the YAML into nodes (keeping
start marks), check them, and only then construct plain Python data with a *safe* constructor.
Booleans are restricted to ``true``/``false`` so that ``yes``/``no``/``on``/``off`` stay strings
(support levels use ``"yes"``/``"no"``; YAML 1.1 would silently turn them into booleans).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from kb.safe_input import UnsafeInputError, YamlLimits, compose_yaml

Path_ = tuple[str | int, ...]

_BOOL_TAG = "tag:yaml.org,2002:bool"
_SAFE_TAG_PREFIX = "tag:yaml.org,2002:"
_SAFE_TAGS = {
    _SAFE_TAG_PREFIX + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


# libyaml's parser is ~10x faster than the pure-Python one and keeps the same marks. The type
# checker sees the pure-Python SafeLoader, whose interface CSafeLoader shares.
if TYPE_CHECKING:
    _SafeBase = yaml.SafeLoader
else:
    _SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictBoolLoader(_SafeBase):
    """Safe loader whose only booleans are true/false (no YAML 1.1 yes/no/on/off)."""


_StrictBoolLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictBoolLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class ParsedYaml:
    """Constructed data plus a map from key path to 1-based line number."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def line(self, path: Path_) -> int:
        """Line of the deepest existing prefix of ``path`` (1 when nothing matches)."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return 1


def format_path(path: Path_) -> str:
    """``('ratings', 'x', 'evidence', 0, 'as_of')`` -> ``ratings.x.evidence[0].as_of``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _walk(node: yaml.Node, path: Path_, parsed: ParsedYaml, fname: str) -> None:
    parsed.lines[path] = node.start_mark.line + 1
    tag = node.tag or ""
    if tag.startswith(_SAFE_TAG_PREFIX + "python/") or (
        tag.startswith("tag:") and tag not in _SAFE_TAGS
    ):
        parsed.problems.append(
            f"{fname}:{node.start_mark.line + 1}: {format_path(path)}: tag {tag!r} is refused: the "
            "knowledge base is plain data (allowed: strings, numbers, true/false, dates, "
            "lists, mappings)"
        )
        return
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.tag)
            line = key_node.start_mark.line + 1
            if key in seen:
                parsed.problems.append(
                    f"{fname}:{line}: {format_path((*path, key))}: duplicate key, first on "
                    f"line {seen[key]} (allowed: each key once)"
                )
            seen[key] = line
            parsed.lines[(*path, key)] = line
            _walk(value_node, (*path, key), parsed, fname)
            parsed.lines[(*path, key)] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), parsed, fname)


# The KB is ours, but a copied or downloaded KB folder is still a file from elsewhere: the same
# depth, integer and alias limits as profiles, with a small alias budget (the shipped KB uses none).
KB_YAML = YamlLimits(max_aliases=100, max_nodes=500_000, refuse_duplicate_keys=False)
_MARKED = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<rest>.*)$")


def _as_problem(message: str, fname: str) -> str:
    """``file:line: problem; allowed: x`` -> the KB's ``file:line: (syntax): problem`` form."""
    found = _MARKED.match(message)
    line, rest = (found["line"], found["rest"]) if found and found["file"] == fname else ("1", "")
    if not rest:
        rest = message[len(fname) + 2 :] if message.startswith(f"{fname}: ") else message
    head, _, allowed = rest.rpartition("; allowed: ")
    if not head:
        head, allowed = rest, "valid YAML 1.1"
    return f"{fname}:{line}: (syntax): {head} (allowed: {allowed})"


def parse_yaml(text: str, fname: str) -> ParsedYaml:
    """Parse one YAML document safely; syntax, limit and tag problems go to ``problems``."""
    parsed = ParsedYaml(data=None)
    try:
        loader, node = compose_yaml(text, fname, _StrictBoolLoader, KB_YAML)
    except UnsafeInputError as exc:
        parsed.problems.append(_as_problem(str(exc), fname))
        return parsed
    try:
        if node is None:
            parsed.problems.append(f"{fname}:1: (top level): file is empty (allowed: a mapping)")
            return parsed
        _walk(node, (), parsed, fname)
        if parsed.problems:
            return parsed
        parsed.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        parsed.problems.append(
            f"{fname}:{line}: (syntax): YAML syntax error: {what} (allowed: valid YAML 1.1)"
        )
    except yaml.YAMLError as exc:
        parsed.problems.append(f"{fname}:1: (syntax): YAML error: {exc} (allowed: valid YAML)")
    finally:
        loader.dispose()
    return parsed
