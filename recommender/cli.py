"""Headless use: ``python -m recommender --profile F.yaml [--probe F.json] --format pdf --out F``.

Bad input (profile, probe, language, format, output folder) ends with exit status 2 and one line
on stderr naming the file, the field and what is allowed; nothing is written to ``--out`` then.
The report is written to a temporary file beside ``--out`` and renamed into place, so a failure
half-way never leaves a truncated report. ``python -m recommender diff OLD NEW`` belongs to the
report exporters and is dispatched to ``recommender.export.diff``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

FORMATS = ("md", "html", "pdf", "json")
LANGS = ("en", "zh")
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Bad command-line input; the message is one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line instead of usage + message
        raise UsageError(message)


def _parser() -> _Parser:
    p = _Parser(
        prog="python -m recommender",
        description="Recommend TensorFlow or PyTorch for a profile (and a probed machine).",
    )
    p.add_argument("--profile", required=True, help="profile file, YAML or JSON")
    p.add_argument("--probe", help="probe report JSON written by `python -m probes`")
    p.add_argument("--lang", default="en", choices=LANGS, help="report language (default en)")
    p.add_argument("--format", required=True, choices=FORMATS, help="report format")
    p.add_argument("--out", required=True, help="report file to write")
    p.add_argument("--kb", help="knowledge base folder (default: the shipped one)")
    p.add_argument("--draws", type=int, default=10000, help="Monte Carlo draws (default 10000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    return p


def _read(path: str, field: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(
            f"{path}: {field}: cannot read ({exc.strerror}); allowed: a readable file"
        ) from None


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes 0600 files; a report should get the usual permissions (umask applies).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(argv: list[str]) -> int:
    """Parse, recommend, render, write. Raises UsageError for bad input."""
    args = _parser().parse_args(argv)
    if args.draws < 0:
        raise UsageError(f"--draws: {args.draws}; allowed: 0 or more")
    out = Path(args.out)
    if out.is_dir():
        raise UsageError(f"{args.out}: --out: is a folder; allowed: a file path to write")
    if not out.parent.is_dir():
        raise UsageError(
            f"{args.out}: --out: folder {out.parent} does not exist; allowed: a path "
            "in an existing folder"
        )
    try:
        from recommender.export import EXPORTERS
    except ImportError as exc:
        print(f"recommender: the report exporters are not available ({exc})", file=sys.stderr)
        return EXIT_FAILED
    if args.format not in EXPORTERS:
        raise UsageError(
            f"--format: {args.format} is not available in this installation; allowed: "
            + ", ".join(EXPORTERS)
        )

    import kb as kb_pkg
    from probes.report_io import ReportError, parse_report
    from recommender.pipeline import recommend
    from recommender.profile_io import ProfileError, parse_profile

    profile_bytes = _read(args.profile, "--profile")
    probe_bytes = _read(args.probe, "--probe") if args.probe else None
    try:
        knowledge = kb_pkg.load(Path(args.kb) if args.kb else None)
    except kb_pkg.KBError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid"
        print(f"recommender: knowledge base: {first}", file=sys.stderr)
        return EXIT_FAILED
    try:
        profile = parse_profile(profile_bytes, args.profile, knowledge)
        probe = parse_report(probe_bytes, args.probe) if probe_bytes is not None else None
    except (ProfileError, ReportError) as exc:
        raise UsageError(str(exc)) from None

    rec = recommend(knowledge, profile, probe, draws=args.draws, seed=args.seed)
    try:
        data = EXPORTERS[args.format].render(rec, knowledge, args.lang)
    except Exception as exc:  # an exporter failure must not become a traceback
        print(
            f"recommender: could not render {args.format}: {exc}".splitlines()[0], file=sys.stderr
        )
        return EXIT_FAILED
    try:
        _write_atomically(out, data)
    except OSError as exc:
        print(f"recommender: {args.out}: cannot write ({exc.strerror})", file=sys.stderr)
        return EXIT_FAILED
    verdict = rec.winner or "no winner"
    print(f"recommender: wrote {args.out} ({verdict}, {rec.verdict})", file=sys.stderr)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "diff":
        try:
            from recommender.export.diff import main as diff_main
        except ImportError:
            print("recommender: diff is not available in this installation", file=sys.stderr)
            return EXIT_BAD_INPUT
        return int(diff_main(argv[1:]) or 0)
    try:
        return run(argv)
    except UsageError as exc:
        print(f"recommender: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
