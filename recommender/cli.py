"""Headless use: ``python -m recommender --profile F.yaml [--probe F.json] --format pdf --out F``.

Bad input (profile, probe, language, format, output folder) ends with exit status 2 and one line
on stderr naming the file, the field and what is allowed; nothing is written to ``--out`` then.
Every line on stderr is in the ``--lang`` language (en or zh; the locale is not consulted, see
kb/cli_messages.py and docs/cli.md).
The report is written to a temporary file beside ``--out`` and renamed into place, so a failure
half-way never leaves a truncated report. ``python -m recommender diff OLD NEW`` compares two
exported runs and is dispatched to ``recommender.diff``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kb.atomic_write import OutputError, check_target, write_atomically
from kb.cli_messages import LANGS, Parser, UsageError, lang_from_argv, say
from kb.safe_input import InputError, UnsafeInputError, excerpt, one_line, read_file, refusal
from kb.texts import Bilingual, pair, t

if TYPE_CHECKING:
    from kb.schema import KnowledgeBase
    from recommender.models import Recommendation

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
# 10,000 is the default; 50,000 took 3 s and 220 MB here, a million 30 s and 2.4 GB.
MAX_DRAWS = 50_000
MAX_SEED = 2**32 - 1


PROG = "recommender"


def _usage(exc: InputError) -> UsageError:
    """Another module's refusal (file, field, allowed) as a usage error, both languages kept."""
    return UsageError(exc.en, exc.zh)


def _parser() -> Parser:
    p = Parser(
        prog="python -m recommender",
        description="Recommend TensorFlow or PyTorch for a profile (and a probed machine).",
    )
    p.add_argument("--profile", required=True, help="profile file, YAML or JSON")
    p.add_argument("--probe", help="probe report JSON written by `python -m probes`")
    p.add_argument(
        "--lang",
        default="en",
        choices=LANGS,
        help="language of the report and of every message (default en; the locale is not used)",
    )
    # the registry's keys: a format module imports only when it renders (recommender/export/)
    from recommender.export import EXPORTERS

    p.add_argument("--format", required=True, choices=tuple(EXPORTERS), help="report format")
    p.add_argument(
        "--out",
        required=True,
        help="report file to write, atomically (a temp file beside it, then a rename); a new or "
        "existing regular file: folders, devices, FIFOs and symbolic links are refused",
    )
    p.add_argument("--kb", help="knowledge base folder (default: the shipped one)")
    p.add_argument(
        "--draws",
        type=int,
        default=10000,
        help=f"Monte Carlo draws, 0 to {MAX_DRAWS} (default 10000)",
    )
    p.add_argument("--seed", type=int, default=0, help=f"random seed, 0 to {MAX_SEED} (default 0)")
    return p


def _read(path: str, field: str, limit: int) -> bytes:
    """Bounded read of a regular file (no FIFOs, devices or folders); see kb/safe_input.py."""
    try:
        return read_file(path, limit=limit, field=field)
    except UnsafeInputError as exc:
        raise _usage(exc) from None


def _bounded(option: str, value: int, most: int) -> None:
    if not 0 <= value <= most:
        shown = excerpt(value)
        raise UsageError(*refusal(option, (shown, shown), pair("cli_zero_to", most=most)))


def _fail(message: Bilingual, lang: str) -> int:
    """A failure that is not the user's input (exit 1), on stderr in ``lang``."""
    print(say(PROG, message[1] if lang == "zh" else message[0], lang), file=sys.stderr)
    return EXIT_FAILED


def run(argv: list[str]) -> int:
    """Parse, recommend, render, write. Raises UsageError for bad input."""
    args = _parser().parse_args(argv)
    lang = args.lang
    _bounded("--draws", args.draws, MAX_DRAWS)
    _bounded("--seed", args.seed, MAX_SEED)
    try:
        out = check_target(args.out)
    except OutputError as exc:
        raise _usage(exc) from None
    import kb as kb_pkg
    from probes.report_io import MAX_REPORT_BYTES, ReportError, parse_report
    from recommender.profile_io import MAX_PROFILE_BYTES, ProfileError, parse_profile

    profile_bytes = _read(args.profile, "--profile", MAX_PROFILE_BYTES)
    probe_bytes = _read(args.probe, "--probe", MAX_REPORT_BYTES) if args.probe else None
    try:
        knowledge = kb_pkg.load(Path(args.kb) if args.kb else None)
    except kb_pkg.KBError as exc:
        # the KB's own checks speak to its maintainers (file:line, field), in English
        first = one_line(str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid")
        return _fail(pair("cli_kb_failed", first=first), lang)
    try:
        profile = parse_profile(profile_bytes, args.profile, knowledge)
        probe = parse_report(probe_bytes, args.probe) if probe_bytes is not None else None
    except (ProfileError, ReportError) as exc:
        raise _usage(exc) from None

    # The exporters (fpdf, fonts) and the Monte Carlo are imported only for valid inputs, so a
    # hostile file is refused in a fraction of the time (tests/hostile/).
    try:
        from recommender.export import EXPORTERS
    except ImportError as exc:
        return _fail(pair("cli_no_exporters", why=exc), lang)
    if args.format not in EXPORTERS:
        raise UsageError(
            *refusal(
                "--format",
                pair("cli_format_not_installed", format=args.format),
                (", ".join(EXPORTERS), "、".join(EXPORTERS)),
            )
        )

    from recommender.pipeline import recommend

    rec = recommend(knowledge, profile, probe, draws=args.draws, seed=args.seed)
    try:
        data = EXPORTERS[args.format].render(rec, knowledge, args.lang)
    except Exception as exc:  # an exporter failure must not become a traceback
        why = one_line(exc.text(lang) if isinstance(exc, InputError) else str(exc))
        return _fail(pair("cli_cannot_render", format=args.format, why=why), lang)
    try:
        write_atomically(out, data)
    except OutputError as exc:  # the target changed kind since the check above
        raise _usage(exc) from None
    except OSError as exc:
        shown = one_line(args.out, 200)
        return _fail(pair("cli_cannot_write", path=shown, why=exc.strerror), lang)
    print(_wrote_line(args.out, rec, knowledge, args.lang), file=sys.stderr)
    return EXIT_OK


def _wrote_line(out: str, rec: Recommendation, knowledge: KnowledgeBase, lang: str) -> str:
    """The closing line in the report's language, with names people use (not ids)."""
    verdict = t(f"report_verdict_{rec.shown_verdict}", lang)
    fw = knowledge.frameworks.get(rec.winner) if rec.winner else None
    chosen = t("cli_wrote_chosen", lang, fw=fw.name, verdict=verdict) if fw else verdict
    return t("cli_wrote", lang, out=out, chosen=chosen)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = lang_from_argv(argv)
    if argv and argv[0] == "diff":
        try:
            from recommender.diff import main as diff_main
        except ImportError:
            message = pair("cli_no_diff")
            print(say(PROG, message[lang == "zh"], lang), file=sys.stderr)
            return EXIT_BAD_INPUT
        return int(diff_main(argv[1:]) or 0)
    try:
        return run(argv)
    except UsageError as exc:
        print(say(PROG, exc.text(lang), lang), file=sys.stderr)
        return EXIT_BAD_INPUT
