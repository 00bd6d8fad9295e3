"""Regenerate the golden Markdown and JSON reports — deliberately, after reviewing the change.

    .venv/bin/python tests/export/regen_golden.py          # write, and say what changed
    .venv/bin/python tests/export/regen_golden.py --check  # only say what would change (exit 1)

Tests never write goldens; run this when a KB, recommender or report change is intended, then
read ``git diff tests/fixtures/golden`` before committing it.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

import kb as kb_pkg
from tests.export.export_golden import GOLDEN_DIR, PERSONAS, outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    knowledge = kb_pkg.load()
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    stale = 0
    for name in PERSONAS:
        for filename, data in outputs(name, knowledge).items():
            path = GOLDEN_DIR / filename
            old = path.read_bytes() if path.exists() else None
            if old == data:
                print(f"unchanged  {filename}")
                continue
            stale += 1
            delta = difflib.ndiff((old or b"").decode().splitlines(), data.decode().splitlines())
            changed = sum(1 for line in delta if line[:1] in "+-")
            print(f"{'new' if old is None else 'changed':<9}  {filename} ({changed} lines)")
            if not args.check:
                path.write_bytes(data)
    print(f"KB {knowledge.kb_version} {knowledge.content_hash[:19]}; {stale} file(s) differ")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
