"""The shared reader and message helpers of kb/safe_input.py, on real files and sockets."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app_pages.common.inert import inert
from kb.safe_input import UnsafeInputError, excerpt, one_line, read_file


def test_read_stops_at_the_limit_even_when_st_size_says_zero() -> None:
    """/proc files are regular files whose st_size is 0: only the bounded read catches them."""
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    with pytest.raises(UnsafeInputError, match="file is larger than 10 bytes"):
        read_file(status, limit=10, field="--profile")
    assert read_file(status, limit=1 << 20, field="--profile").startswith(b"Name:")


def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(UnsafeInputError, match="is a socket; allowed: a readable regular file"):
            read_file(path, limit=100, field="--probe")


def test_missing_file_names_the_reason(tmp_path: Path) -> None:
    with pytest.raises(UnsafeInputError, match=r"nope\.json: --probe: cannot read \(No such file"):
        read_file(tmp_path / "nope.json", limit=100, field="--probe")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("\x1b[31mred\u202eevil", '"\\x1b[31mred\\u202eevil"'),
        ("two\nlines", '"two\\nlines"'),
        ({"a": 1, "b": 2}, "a mapping of 2 keys"),
        ([0] * 7, "a list of 7 items"),
        (10**5000, "an integer of about 5001 digits"),
        (None, "null"),
        (True, "true"),
    ],
    ids=["ansi-bidi", "newline", "mapping", "list", "huge-int", "null", "bool"],
)
def test_excerpt_is_inert(value: object, expected: str) -> None:
    assert excerpt(value) == expected


def test_excerpt_and_one_line_are_bounded() -> None:
    long = excerpt("\u202e" * 10_000)
    assert long.endswith('…" (10000 characters)') and len(long) < 160
    assert len(one_line("x\x1b" * 10_000, 400)) == 400


def test_inert_text_has_no_markdown_left() -> None:
    shown = inert("[a](https://h.example/x) ![i](http://h/p.png) www.h.example a@b.c $x$ :red[x]")
    assert "](" not in shown.replace("\\](", "").replace("\\]\\(", "")
    for pattern in ("https://", "http://", "www.", "a@"):
        assert pattern not in shown  # a WORD JOINER sits inside each autolink pattern
    assert "\\$x\\$" in shown and "\\:red\\[x\\]" in shown
    assert inert("x" * 5000).endswith(" …") and len(inert("x" * 5000)) == 1002
