"""The en↔zh glossary (``kb/data/glossary.yaml``): one Chinese word per concept.

The same concept rendered two ways (标准 and 评估维度 for "criterion", 探针 and 探测 for "probe")
reads as two different things to a Chinese user. The glossary names the chosen word and the
variants to avoid; ``python -m kb check`` flags avoided variants in the KB's Chinese texts, and a
test applies the same rules to the UI string tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, model_validator

from kb.schema import Frozen, Identifier, Text
from kb.zh import CJK_CHAR, TermRule

GLOSSARY_FILE = "glossary.yaml"


class GlossaryTerm(Frozen):
    """One concept: its English term, the Chinese word used for it, and variants to avoid."""

    id: Identifier
    en: Annotated[str, Field(min_length=1)]
    zh: Annotated[str, Field(min_length=1)]
    avoid: tuple[Annotated[str, Field(min_length=1)], ...] = ()
    # Longer words containing an avoided variant that mean something else (标准库 = stdlib).
    allowed_in: tuple[Annotated[str, Field(min_length=2)], ...] = ()
    note: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> GlossaryTerm:
        if not CJK_CHAR.search(self.zh):
            raise ValueError(f"zh {self.zh!r} has no Chinese; allowed: a Chinese word")
        clash = [v for v in self.avoid if v in self.zh]
        if clash:
            raise ValueError(f"the chosen word {self.zh!r} contains avoided {clash}; allowed: not")
        stray = [w for w in self.allowed_in if not any(v in w for v in self.avoid)]
        if stray:
            raise ValueError(
                f"allowed_in {stray} contains no avoided variant; allowed: words that contain one"
            )
        return self

    def rule(self) -> TermRule:
        return TermRule(self.en, self.zh, tuple(self.avoid), tuple(self.allowed_in))


def load_rules(path: Path) -> list[TermRule]:
    """Term rules from a glossary file, for checks outside the KB loader (UI string tables).

    The KB loader validates the file with line numbers; here a broken file raises."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [GlossaryTerm.model_validate(item).rule() for item in data["terms"]]
