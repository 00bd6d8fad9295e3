"""``python -m kb check|freshness``: validate and audit the knowledge base; find what is behind.

``check [--dir DIR] [--today D] [--verbose]``
    Loads the KB (structure, references) and runs the evidence audit (``kb.audit``: quotes,
    check dates, source kinds and pages, support beyond the seed article, zh spacing and
    glossary). Exit 0: valid and audited; 1: invalid or audit problems (every problem printed
    as ``file:line: key.path: message (allowed: …)``); 2: bad usage.

``freshness [--dir DIR] [--today D] [--timeout S] [--json]``
    Asks the package index pip is configured with for the newest release of every package the
    KB tracks (``tracked_packages`` in kb.yaml) and lists releases newer than the KB records,
    plus evidence past the freshness limit. Exit codes:

    - 0: nothing is behind;
    - 1: the KB is invalid, or the command failed;
    - 2: bad usage;
    - 3: something is behind (a newer release, or evidence from newer sources past the limit);
    - 4: offline: no configured index location could be reached (nothing was compared).

Never prints a traceback: a maintainer should only see what to fix.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import IO

from kb import DEFAULT_DIR, KBError, load
from kb.freshness import FreshnessReport, freshness_report
from kb.loader import audit_kb
from kb.pkgindex import latest_versions, pip_config
from kb.summary import summary_lines

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_BEHIND = 3
EXIT_OFFLINE = 4


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kb", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate and audit the knowledge base; print a summary")
    fresh = sub.add_parser("freshness", help="newer releases on pip's index, and old evidence")
    for cmd in (check, fresh):
        cmd.add_argument(
            "--dir", type=Path, default=None, help=f"KB directory (default {DEFAULT_DIR.name}/)"
        )
        cmd.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="date for the freshness limit, YYYY-MM-DD (default: today)",
        )
    check.add_argument("--verbose", action="store_true", help="also list old article evidence")
    fresh.add_argument(
        "--timeout", type=float, default=5.0, help="seconds per index request (default 5)"
    )
    fresh.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def _print(lines: list[str], stream: IO[str] | None = None) -> None:
    out = stream or sys.stdout
    try:
        print("\n".join(lines), file=out)
        out.flush()
    except BrokenPipeError:  # e.g. `python -m kb check | head`: the reader left, that is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _check(args: argparse.Namespace) -> int:
    kb = load(args.dir)
    lines = summary_lines(kb, args.today or date.today(), verbose=args.verbose)
    problems = audit_kb(Path(args.dir) if args.dir else DEFAULT_DIR)
    lines.append(f"evidence audit {len(problems)} problem(s)")
    _print(lines)
    if problems:
        n = len(problems)
        head = f"knowledge base fails the evidence audit: {n} problem{'s' if n != 1 else ''}"
        _print([head, *problems], sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def report_lines(report: FreshnessReport) -> list[str]:
    """The freshness report as text, for people."""
    lines = [
        f"knowledge base {report.kb_version}, facts checked up to "
        f"{report.kb_as_of or 'unknown'}; today {report.today}",
        f"index (from pip's configuration): {', '.join(report.index) or '(none)'}",
    ]
    newer = report.newer
    lines.append(f"newer releases than the KB records: {len(newer)}")
    for p in newer:
        lines.append(f"  {p.package} {p.index_version} on the index; the KB has {p.kb_where}")
    same = [p for p in report.packages if not p.newer and p.index_version is not None]
    if same:
        lines.append(f"up to date: {', '.join(f'{p.package} {p.index_version}' for p in same)}")
    missing = [p for p in report.packages if p.index_version is None]
    if missing:
        lines.append(f"not found on the index: {', '.join(p.package for p in missing)}")
    limit = report.freshness_limit_days
    lines.append(
        f"evidence past the {limit}-day freshness limit: {len(report.stale)} from newer "
        f"sources, {report.stale_from_article} from the seed article (expected)"
    )
    for s in report.stale:
        target = "/".join(s.frameworks) + (" " + ",".join(s.criteria) if s.criteria else "")
        lines.append(f"  {s.as_of} {s.where} [{s.source}] affects {target}")
    return lines


def _freshness(args: argparse.Namespace) -> int:
    kb = load(args.dir)
    today = args.today or date.today()
    config = pip_config()
    names = [t.package for t in kb.meta.tracked_packages]
    result = latest_versions(names, config, timeout=args.timeout)
    report = freshness_report(
        kb,
        today,
        index=list(config.locations),
        latest={n: lk.latest for n, lk in result.lookups.items()},
        errors={n: lk.errors for n, lk in result.lookups.items()},
        offline=result.offline,
    )
    if args.json:
        _print([report.model_dump_json(indent=2)])
    if result.offline:
        where = ", ".join(config.locations) or "no index is configured"
        reasons = "; ".join(result.errors()[:3])
        line = (
            f"offline: could not reach the package index pip is configured with ({where})"
            + (f": {reasons}" if reasons else "")
            + f"; nothing was compared (exit {EXIT_OFFLINE})"
        )
        _print([line], sys.stderr)
        return EXIT_OFFLINE
    if not args.json:
        _print(report_lines(report))
    unreached = result.errors()
    if unreached:
        _print([f"warning: not reached: {e}" for e in unreached], sys.stderr)
    return EXIT_BEHIND if report.behind else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    run = _check if args.command == "check" else _freshness
    try:
        return run(args)
    except KBError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except Exception as exc:  # a CLI for humans: one line, never a traceback
        print(f"kb {args.command} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
