"""Rules for Chinese text: no stray spaces inside Chinese, one term per glossary concept.

Folded YAML (``>-``) turns a line break into a space, so a Chinese sentence wrapped across lines
ends up as "训练循环需要 自己编写" in the app and the reports. Chinese puts no space between
characters or next to full-width punctuation; a space is only right next to Latin letters and
digits ("TensorFlow 与 PyTorch"). These functions are pure so that the KB check and the tests of
the UI string tables (which live outside ``kb/``) apply the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# CJK unified ideographs (with extension A, the compatibility block and the supplementary
# planes), and full-width punctuation: CJK symbols (、。《》「」【】) and full-width forms
# (，：；？！（）).
_IDEO = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
CJK_CHAR = re.compile(f"[{_IDEO}]")
_STRAY = re.compile(f"([{_IDEO}{_PUNCT}])([ \t\r\n\u00a0\u3000]+)([{_IDEO}{_PUNCT}])")

SPACING_ALLOWED = (
    "no space between Chinese characters or next to Chinese punctuation; "
    "spaces only beside Latin letters and digits"
)


@dataclass(frozen=True)
class StraySpace:
    """One run of whitespace between two Chinese characters or punctuation marks."""

    start: int
    before: str
    after: str
    context: str  # a few characters around it, with the space shown as ␣

    def describe(self) -> str:
        return f"space between {self.before!r} and {self.after!r} in …{self.context}…"


def stray_spaces(text: str) -> list[StraySpace]:
    """Every whitespace run with Chinese (a character or full-width punctuation) on both sides."""
    found = []
    pos = 0
    while (m := _STRAY.search(text, pos)) is not None:
        lo, hi = max(0, m.start() - 6), min(len(text), m.end() + 6)
        context = (text[lo : m.start(2)] + "␣" + text[m.end(2) : hi]).replace("\n", " ")
        found.append(StraySpace(m.start(2), m.group(1), m.group(3), context))
        pos = m.end(2)  # the closing character may open the next match
    return found


@dataclass(frozen=True)
class TermRule:
    """A glossary term as the checker needs it: the chosen zh word and the variants to avoid."""

    term: str  # the English term, for messages
    zh: str
    avoid: tuple[str, ...]
    allowed_in: tuple[str, ...] = ()  # longer words that contain an avoided variant but are fine


@dataclass(frozen=True)
class AvoidedTerm:
    variant: str
    rule: TermRule
    start: int

    def describe(self) -> str:
        return f"{self.variant!r} for {self.rule.term!r}"

    def allowed(self) -> str:
        return f"{self.rule.zh} (glossary term for {self.rule.term!r}; kb/data/glossary.yaml)"


def avoided_terms(text: str, rules: Iterable[TermRule]) -> list[AvoidedTerm]:
    """Occurrences of avoided variants, except inside an allowed longer word (标准库 is fine)."""
    found = []
    for rule in rules:
        covered: set[int] = set()
        for word in rule.allowed_in:
            for m in re.finditer(re.escape(word), text):
                covered.update(range(m.start(), m.end()))
        for variant in rule.avoid:
            for m in re.finditer(re.escape(variant), text):
                if not set(range(m.start(), m.end())) <= covered:
                    found.append(AvoidedTerm(variant, rule, m.start()))
    return sorted(found, key=lambda a: a.start)
