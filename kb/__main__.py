"""``python -m kb check [--dir DIR]``: validate the knowledge base and summarise it.

Exit 0 when valid, 1 when invalid (every problem printed as ``file:line: key.path: ...``), 2 on
bad usage. Never prints a traceback: a maintainer editing YAML should only see what to fix.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from kb import DEFAULT_DIR, KBError, load
from kb.summary import summary_lines


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kb", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the knowledge base and print a summary")
    check.add_argument(
        "--dir", type=Path, default=None, help=f"KB directory (default {DEFAULT_DIR.name}/)"
    )
    check.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="date for the freshness check, YYYY-MM-DD (default: today)",
    )
    check.add_argument("--verbose", action="store_true", help="also list old article evidence")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        kb = load(args.dir)
        lines = summary_lines(kb, args.today or date.today(), verbose=args.verbose)
    except KBError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # a CLI for humans: one line, never a traceback
        print(f"kb check failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    try:
        print("\n".join(lines))
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `python -m kb check | head`: the reader left, that is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
