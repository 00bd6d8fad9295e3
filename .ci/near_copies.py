#!/usr/bin/env python3
"""Near-copies in the package code: six or more consecutive lines of the same shape.

Issue 14 asks that none be left. Two blocks have the same shape when they are equal once string
and number literals are blanked; blank lines, comments, imports, lone closing brackets, bare
``name,`` argument lines and pure data lines (numbers, tuples) are skipped, so a call with one
argument per line or a table of sizes does not count. Report only: prints each group as
``file:line | file:line`` and exits 1 when there is any. Run: .venv/bin/python .ci/near_copies.py
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kb", "probes", "recommender", "app_pages")
WINDOW = 6
MIN_CHARS = 70  # a window of six trivial lines ("return x") is not a copy worth a helper

_SKIP = re.compile(
    r"""^(\#.*|import\s.*|from\s.*|[)\]}]+[,:]?|\w+,|else:|try:|pass|continue|break|\"\"\"|
    [\s\d.,()\[\]{}:"'-]*)$""",
    re.VERBOSE,
)


def shape(text: str) -> list[tuple[int, str]]:
    """(line number, line with literals blanked) for every line that counts."""
    out = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if _SKIP.fullmatch(line):
            continue
        line = re.sub(r"\"[^\"]*\"|'[^']*'", "S", line)
        out.append((number, re.sub(r"\b\d+(\.\d+)?\b", "N", line)))
    return out


def near_copies(files: list[Path]) -> list[list[tuple[str, int]]]:
    """Groups of places (file, first line) that share a window of ``WINDOW`` shaped lines."""
    where: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for path in files:
        lines = shape(path.read_text("utf-8"))
        for k in range(len(lines) - WINDOW + 1):
            window = tuple(s for _, s in lines[k : k + WINDOW])
            if sum(map(len, window)) >= MIN_CHARS:
                where[window].append((path.relative_to(ROOT).as_posix(), lines[k][0]))
    groups: list[list[tuple[str, int]]] = []
    for places in where.values():
        distinct: list[tuple[str, int]] = []
        for f, n in places:  # overlapping windows of one block are one place
            if not any(f == g and abs(n - m) < WINDOW for g, m in distinct):
                distinct.append((f, n))
        if len(distinct) > 1:
            groups.append(sorted(distinct))
    groups.sort()
    merged: list[list[tuple[str, int]]] = []
    for g in groups:  # consecutive windows of one longer copy: report its first lines once
        last = merged[-1] if merged else None
        if (
            last
            and len(g) == len(last)
            and all(
                a[0] == b[0] and 0 <= a[1] - b[1] <= WINDOW * 3
                for a, b in zip(g, last, strict=True)
            )
        ):
            continue
        merged.append(g)
    return merged


def main() -> int:
    files = [p for d in PACKAGES for p in sorted((ROOT / d).rglob("*.py"))] + [ROOT / "app.py"]
    groups = near_copies(files)
    for g in groups:
        print(" | ".join(f"{f}:{n}" for f, n in g))
    return 1 if groups else 0


if __name__ == "__main__":
    sys.exit(main())
