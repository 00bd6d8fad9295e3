"""The command lines' own words in the user's language (``--lang en|zh``), shared by both CLIs.

``python -m recommender`` and ``python -m probes`` print one line per problem; with ``--lang zh``
that line is Chinese, including argparse's own complaints (a missing option, a bad choice),
which argparse only writes in English. The language comes from ``--lang`` alone, never from
``LANG``/``LC_ALL``: ``--lang`` also picks the report's language, and a report must not change
because a script ran under another locale (docs/cli.md).
"""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

from kb.safe_input import InputError, one_line
from kb.texts import t

LANGS = ("en", "zh")


def lang_from_argv(argv: list[str]) -> str:
    """The ``--lang`` value among ``argv`` when it is a known language, else "en".

    Read before argparse runs, so that argparse's own errors are already in that language.
    """
    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGS:
            return value
    return "en"


class UsageError(InputError):
    """Bad command-line input: one line in English (``str()``) and Chinese (``.text("zh")``)."""


# argparse's English messages (Python 3.10–3.13) and the catalog key of their words (kb/texts.py,
# whose English is the message with the groups as placeholders); unknown ones stay English.
_ARGPARSE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^the following arguments are required: (?P<a>.+)$", "argparse_required"),
        (
            r"^argument (?P<a>\S+): invalid choice: (?P<v>.+) \(choose from (?P<c>.+)\)$",
            "argparse_invalid_choice",
        ),
        (r"^argument (?P<a>\S+): invalid (?P<t>\w+) value: (?P<v>.+)$", "argparse_invalid_value"),
        (r"^argument (?P<a>\S+): expected one argument$", "argparse_expected_one"),
        (r"^argument (?P<a>\S+): expected at most one argument$", "argparse_expected_at_most_one"),
        (
            r"^argument (?P<a>\S+): ignored explicit argument (?P<v>.+)$",
            "argparse_ignored_explicit",
        ),
        (r"^unrecognized arguments: (?P<a>.+)$", "argparse_unrecognized"),
        (r"^ambiguous option: (?P<a>\S+) could match (?P<m>.+)$", "argparse_ambiguous"),
        (
            r"^argument (?P<a>\S+): not allowed with argument (?P<b>\S+)$",
            "argparse_not_allowed_with",
        ),
    )
)


def argparse_zh(message: str) -> str:
    """argparse's English complaint in Chinese (option names and values kept as typed)."""
    for pattern, key in _ARGPARSE:
        m = pattern.match(message)
        if m:
            return t(key, "zh", **m.groupdict())
    return message


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one :class:`UsageError` line in both languages."""

    def error(self, message: str) -> NoReturn:  # one line instead of usage + message
        raise UsageError(message, argparse_zh(message))


def say(prog: str, message: str, lang: str) -> str:
    """``prog: message`` with the colon of the language, one bounded line."""
    return f"{prog}{'：' if lang == 'zh' else ': '}{one_line(message, 600)}"
