"""Command line: ``python -m probes [--tier quick|standard|deep] [--no-bench] [--out FILE]
[--format json|md] [--progress-json]``.

Exit 0 whenever a report was written; 2 for bad arguments or an unwritable output file.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from kb.atomic_write import OutputError, check_target, write_atomically
from kb.safe_input import one_line
from probes.api import run_probes
from probes.markdown import render_markdown
from probes.progress import ProgressEvent
from probes.report_io import dump_report


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m probes",
        description="Probe this machine for the TensorFlow-vs-PyTorch advisor. "
        "探测本机硬件与框架，供 TensorFlow / PyTorch 选型使用。",
    )
    p.add_argument("--tier", choices=("quick", "standard", "deep"), default="quick")
    p.add_argument("--no-bench", action="store_true", help="inventory and framework info only")
    p.add_argument(
        "--out",
        type=Path,
        help="write the report here instead of stdout, atomically (temp file + rename); a new or "
        "existing regular file: folders, devices, FIFOs and symbolic links are refused",
    )
    p.add_argument("--format", choices=("json", "md"), default="json")
    p.add_argument(
        "--progress-json",
        action="store_true",
        help="progress on stderr as one JSON object per line",
    )
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument(
        "--deploy",
        nargs="?",
        const="",
        metavar="TARGETS",
        help="also take two reference models through every deployment path serving these "
        "targets (comma-separated: mobile,browser,edge,mcu,server; default: the profile's "
        "deploy targets with --profile, else all) / 测量各部署路径",
    )
    p.add_argument(
        "--profile",
        type=Path,
        help="a profile (YAML/JSON) whose deploy_targets answer chooses the --deploy targets",
    )
    return p


def deploy_targets(value: str | None, profile: Path | None) -> tuple[str, ...] | None:
    """The ``--deploy`` targets; raises ValueError with one line for a bad name or profile."""
    if value is None:
        return None
    from probes.deploy import TARGETS, target_from_option

    if value.strip():
        names = tuple(dict.fromkeys(t.strip() for t in value.split(",") if t.strip()))
        bad = [t for t in names if t not in TARGETS]
        if bad:
            raise ValueError(
                f"--deploy: {one_line(bad[0], 40)} is not a target; allowed: {', '.join(TARGETS)}"
            )
        return names
    if profile is None:
        return TARGETS
    import kb as kb_pkg
    from kb.safe_input import UnsafeInputError, read_file
    from recommender.profile_io import parse_profile

    try:
        data = read_file(profile, limit=1024 * 1024, field="--profile")
        prof = parse_profile(data, str(profile), kb_pkg.load(None))
    except (UnsafeInputError, OSError, ValueError, kb_pkg.KBError) as exc:
        raise ValueError(one_line(str(exc), 300)) from None
    chosen = prof.answers.get("deploy_targets") or []
    options = [chosen] if isinstance(chosen, str) else list(chosen)
    mapped = [target_from_option(str(o)) for o in options]
    names = tuple(t for t in TARGETS if t in mapped)
    return names or TARGETS


def _exit_on_signal(signum: int, _frame: object) -> None:
    """SIGTERM / SIGHUP become a normal exit, so ``finally`` blocks kill the worker groups.

    Python's default SIGTERM action ends the process without unwinding; the workers (in their
    own sessions) would then be orphaned. The app stops a probe with SIGTERM to our group.
    """
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _exit_on_signal)

    def on_progress(ev: ProgressEvent) -> None:
        if args.quiet:
            return
        line = ev.json_line() if args.progress_json else ev.text_line()
        print(line, file=sys.stderr, flush=True)

    if args.out is not None:
        try:  # refuse a bad target before minutes of probing, not after
            check_target(args.out)
        except OutputError as exc:
            print(f"probes: {exc}", file=sys.stderr)
            return 2
    try:
        deploy = deploy_targets(args.deploy, args.profile)
    except ValueError as exc:
        print(f"probes: {exc}", file=sys.stderr)
        return 2
    cancel = threading.Event()
    try:
        report = run_probes(args.tier, args.no_bench, on_progress, cancel, deploy=deploy)
    except KeyboardInterrupt:
        cancel.set()
        print("probes: interrupted / 已中断", file=sys.stderr)
        return 130
    data = dump_report(report) if args.format == "json" else render_markdown(report).encode("utf-8")
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        write_atomically(args.out, data)
    except OutputError as exc:
        print(f"probes: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        shown = one_line(str(args.out), 200)
        print(f"probes: --out {shown}: cannot write ({exc.strerror})", file=sys.stderr)
        return 2
    if not args.quiet and not args.progress_json:  # keep stderr pure JSON lines for the app
        print(f"probes: report written to {args.out} / 报告已写入", file=sys.stderr)
    return 0
