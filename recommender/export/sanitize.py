"""Cleaning of untrusted text before it reaches any report format.

The project description is typed by a user, and probe summaries come from other machines. Control
characters, bidirectional overrides and lone surrogates can garble or spoof a report, and a 1 MB
description would bury it, so we remove or truncate them and say so visibly in the report.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from recommender.models import MAX_DESCRIPTION_CHARS

MAX_FIELD_CHARS = 1000  # any other free-text field (warnings, probe strings, answers)

# Bidi embeddings/overrides/isolates: can make text display differently from what it is.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


@dataclass(frozen=True)
class CleanNote:
    """One visible note about a change made to the input."""

    kind: str  # "truncated" | "cleaned"
    field: str
    length: int = 0
    limit: int = 0
    count: int = 0


@dataclass
class Cleaner:
    """Cleans fields and remembers what it changed, so every format can show the same notes."""

    notes: list[CleanNote] = field(default_factory=list)

    def clean(self, text: str, field_name: str, limit: int = MAX_FIELD_CHARS) -> str:
        # Scan only what could be shown: a 1 MB paste costs no more than a page of text.
        cleaned, removed = strip_controls(text[: 2 * limit + 100], keep_newlines=True)
        if removed:
            self.notes.append(CleanNote("cleaned", field_name, count=removed))
        if len(cleaned) > limit or len(text) > 2 * limit + 100:
            self.notes.append(CleanNote("truncated", field_name, length=len(text), limit=limit))
            cleaned = cleaned[:limit].rstrip() + " …"
        return cleaned

    def line(self, text: str, field_name: str, limit: int = MAX_FIELD_CHARS) -> str:
        """Clean a one-line field: newlines become spaces."""
        return " ".join(self.clean(text, field_name, limit).split())

    def description(self, text: str) -> str:
        return self.clean(text, "profile.description", MAX_DESCRIPTION_CHARS).strip()


def strip_controls(text: str, *, keep_newlines: bool) -> tuple[str, int]:
    """Drop control, format (bidi, zero-width) and surrogate code points; return (text, count).

    CR LF and CR become LF, and a tab becomes a space; those are not counted as removals.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    out: list[str] = []
    removed = 0
    for ch in text:
        if ch == "\n":
            out.append("\n" if keep_newlines else " ")
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Co", "Cn") or ch in _BIDI or (cat == "Cf" and ch != "\u200d"):
            removed += 1
            continue
        out.append(ch)
    return "".join(out), removed
