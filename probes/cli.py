"""Command line: ``python -m probes [--tier quick|standard|deep] [--no-bench] [--out FILE]
[--format json|md] [--progress-json] [--lang en|zh]``.

Exit 0 whenever a report was written; 2 for bad arguments or an unwritable output file; 130 when
interrupted. ``--lang`` picks the language of the progress lines, every message and the Markdown
summary (without it: English lines and the bilingual Markdown summary issue trackers get); the
JSON report is the same in every language (docs/cli.md).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from kb.atomic_write import OutputError, check_target, write_atomically
from kb.cli_messages import LANGS, Parser, UsageError, lang_from_argv, say
from kb.safe_input import message_in, one_line, refusal
from kb.texts import pair
from probes.api import run_probes
from probes.early import INTERRUPTED, end_unused, stop_on_signals
from probes.progress import ProgressEvent
from probes.report_io import dump_report

PROG = "probes"


def build_parser() -> Parser:
    """The options; a bad one raises a bilingual :class:`UsageError` (kb/cli_messages.py)."""
    p = Parser(
        prog="python -m probes",
        description=" ".join(pair("probe_cli_description")),
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
        "--lang",
        choices=LANGS,
        help=" / ".join(pair("probe_cli_lang_help")),
    )
    p.add_argument(
        "--deploy",
        nargs="?",
        const="",
        metavar="TARGETS",
        help=" / ".join(pair("probe_cli_deploy_help")),
    )
    p.add_argument(
        "--profile",
        type=Path,
        help="a profile (YAML/JSON) whose deploy_targets answer chooses the --deploy targets",
    )
    return p


def deploy_targets(value: str | None, profile: Path | None) -> tuple[str, ...] | None:
    """The ``--deploy`` targets; raises UsageError with one line for a bad name or profile."""
    if value is None:
        return None
    from probes.deploy import TARGETS, target_from_option

    if value.strip():
        names = tuple(dict.fromkeys(t.strip() for t in value.split(",") if t.strip()))
        bad = [t for t in names if t not in TARGETS]
        if bad:
            shown = one_line(bad[0], 40)
            raise UsageError(
                *refusal(
                    "--deploy",
                    pair("cli_not_a_deploy_target", value=shown),
                    (", ".join(TARGETS), "、".join(TARGETS)),
                )
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
        raise UsageError(
            one_line(message_in(exc, "en"), 300), one_line(message_in(exc, "zh"), 300)
        ) from None
    chosen = prof.answers.get("deploy_targets") or []
    options = [chosen] if isinstance(chosen, str) else list(chosen)
    mapped = [target_from_option(str(o)) for o in options]
    names = tuple(t for t in TARGETS if t in mapped)
    return names or TARGETS


def main(argv: list[str] | None = None) -> int:
    """The CLI. Info workers probes/__main__.py started before its imports are adopted by the
    run, or ended here (a usage error, a framework not chosen)."""
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    finally:
        end_unused()


def _main(argv: list[str]) -> int:
    lang = lang_from_argv(argv)

    def tell(en: str, zh: str) -> None:
        print(say(PROG, zh if lang == "zh" else en, lang), file=sys.stderr, flush=True)

    try:
        args = build_parser().parse_args(argv)
        if args.out is not None:  # refuse a bad target before minutes of probing, not after
            check_target(args.out)
        deploy = deploy_targets(args.deploy, args.profile)
    except (UsageError, OutputError) as exc:
        tell(exc.en, exc.zh)
        return 2
    stop_on_signals()

    def on_progress(ev: ProgressEvent) -> None:
        if args.quiet:
            return
        line = ev.json_line() if args.progress_json else ev.text_line(lang)
        print(line, file=sys.stderr, flush=True)

    cancel = threading.Event()
    try:
        report = run_probes(args.tier, args.no_bench, on_progress, cancel, deploy=deploy)
    except KeyboardInterrupt:
        cancel.set()
        tell(*pair("cli_interrupted"))
        return INTERRUPTED
    if args.format == "json":
        data = dump_report(report)
    else:
        from probes.markdown import render_markdown  # only here: ~0.1 s of imports otherwise

        data = render_markdown(report, args.lang).encode("utf-8")  # None: both languages
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        write_atomically(args.out, data)
    except OutputError as exc:
        tell(exc.en, exc.zh)
        return 2
    except OSError as exc:
        shown = one_line(str(args.out), 200)
        tell(*pair("cli_cannot_write", path=f"--out {shown}", why=exc.strerror))
        return 2
    if not args.quiet and not args.progress_json:  # keep stderr pure JSON lines for the app
        tell(*pair("cli_report_written", path=args.out))
    return 0
