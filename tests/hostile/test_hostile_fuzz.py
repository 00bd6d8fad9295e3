"""A fixed-budget fuzz of the three parsers that read shared files: profiles (YAML and JSON),
probe reports (JSON) and the diff's exported recommendations (JSON).

Whatever the bytes, each parser either returns its model or raises its own one-line error (no
other exception, no control character, bounded length). ``derandomize`` makes CI runs repeatable;
the budget is ``max_examples`` per test with a 2 s deadline per example.
"""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kb
from kb.schema import KnowledgeBase
from probes.report_io import ReportError, parse_report
from recommender.diff import _read as read_diff_input
from recommender.export.errors import ExportError
from recommender.profile_io import ProfileError, parse_profile
from tests.hostile.hostile_files import CONTROL, GOOD_PROBE, ROOT

BUDGET = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
GOLDEN = sorted((ROOT / "tests" / "fixtures" / "golden").glob("*.json"))

YAML_TOKENS = st.sampled_from(
    [
        "answers:", "\n  os: ", "linux", "description: ", "schema_version: ", "- ", "[", "]", "{",
        "}", ", ", ": ", "&a ", "*a", "<<: ", "!!int ", "!!timestamp ", "!!python/object ",
        "!!binary ", "'", '"', "|", ">", "?", "#", "\n", "  ", "\t", "2025-13-45", "9" * 400,
        "1e999", ".nan", "~", "\x00", "\x1b[31m", "\u202e", "\ud7ff", "é", "---\n", "...\n",
    ]
)  # fmt: skip
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5)
    | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=25,
)  # fmt: skip


@cache
def _kb() -> KnowledgeBase:
    return kb.load()


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Load the KB and the pydantic validators once, outside the 2 s per-example deadline."""
    _kb()
    _diff_input(GOLDEN[0].read_bytes())


def _clean(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message
    assert not any(c in message for c in CONTROL), ascii(message)
    assert len(message) <= 700, len(message)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*prefix, i))
    return out


def _mutate(doc: Any, data: st.DataObject) -> bytes:
    """Replace one randomly chosen node of a real document by a random JSON value."""
    paths = _paths(doc)
    path = data.draw(st.sampled_from(paths[1:]))
    value = data.draw(JSON_VALUES)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return json.dumps(doc, allow_nan=True).encode()


# --- profiles ------------------------------------------------------------------------------------


def _profile(data: bytes, name: str) -> None:
    try:
        parse_profile(data, name, _kb())
    except ProfileError as exc:
        _clean(str(exc))


@BUDGET
@given(st.lists(YAML_TOKENS, max_size=60).map("".join))
def test_profile_yaml_token_soup(text: str) -> None:
    _profile(text.encode("utf-8", "surrogatepass"), "fuzz.yaml")


@BUDGET
@given(st.binary(max_size=600))
def test_profile_raw_bytes(data: bytes) -> None:
    _profile(data, "fuzz.yaml")
    _profile(data, "fuzz.json")


@BUDGET
@given(JSON_VALUES)
def test_profile_json_structures(value: Any) -> None:
    doc = {"answers": value, "description": value}
    _profile(json.dumps(doc, allow_nan=True).encode(), "f.json")


# --- probe reports -------------------------------------------------------------------------------


@BUDGET
@given(st.data())
def test_probe_report_one_node_replaced(data: st.DataObject) -> None:
    raw = _mutate(json.loads(GOOD_PROBE.read_bytes()), data)
    try:
        parse_report(raw, "fuzz.json")
    except ReportError as exc:
        _clean(str(exc))


@BUDGET
@given(st.binary(max_size=600))
def test_probe_report_raw_bytes(data: bytes) -> None:
    try:
        parse_report(data, "fuzz.json")
    except ReportError as exc:
        _clean(str(exc))


# --- diff inputs ---------------------------------------------------------------------------------


def _diff_input(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "old.json"
        path.write_bytes(raw)
        try:
            read_diff_input(str(path), "OLD")
        except ExportError as exc:
            _clean(str(exc))


@BUDGET
@given(st.data())
def test_diff_input_one_node_replaced(data: st.DataObject) -> None:
    golden = data.draw(st.sampled_from(GOLDEN))
    _diff_input(_mutate(json.loads(golden.read_bytes()), data))


@BUDGET
@given(st.binary(max_size=600) | st.lists(YAML_TOKENS, max_size=40).map("".join).map(str.encode))
def test_diff_input_raw(data: bytes) -> None:
    _diff_input(data)
