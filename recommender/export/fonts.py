"""Finding fonts for the PDF through fontconfig, never through hard-coded paths.

``fc-match`` always answers (falling back to some other family), so each answer is checked: the
CJK face must really be a CJK family, and every file must be a format fpdf2 can embed.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

EMBEDDABLE = (".ttf", ".otf", ".ttc", ".otc")


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int  # face number inside a .ttc collection
    family: str


@dataclass(frozen=True)
class FontSet:
    """Faces for the PDF; any may be missing (None) on a bare machine."""

    regular: FontFile | None
    bold: FontFile | None
    mono: FontFile | None
    cjk_regular: FontFile | None
    cjk_bold: FontFile | None

    @property
    def has_cjk(self) -> bool:
        return self.cjk_regular is not None


def fc_match(query: str, family_must_contain: str = "") -> FontFile | None:
    """Ask fontconfig for ``query``; None if fontconfig is absent or answers something unusable."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-f", "%{file}|%{index}|%{family[0]}", query],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("|")
    if len(parts) != 3:
        return None
    path, index, family = parts
    if not path.lower().endswith(EMBEDDABLE) or not Path(path).is_file():
        return None
    if family_must_contain and family_must_contain.lower() not in family.lower():
        return None
    try:
        return FontFile(path, int(index or 0), family)
    except ValueError:
        return None


@cache
def find_fonts() -> FontSet:
    """The machine's fonts for the PDF (cached: fontconfig does not change during a run)."""
    cjk_regular = fc_match("Noto Sans CJK SC:style=Regular", "CJK") or fc_match(
        "Source Han Sans SC:style=Regular", "Han"
    )
    cjk_bold = fc_match("Noto Sans CJK SC:style=Bold", "CJK") if cjk_regular else None
    return FontSet(
        regular=fc_match("DejaVu Sans:style=Book") or fc_match("sans-serif:style=Regular"),
        bold=fc_match("DejaVu Sans:style=Bold") or fc_match("sans-serif:style=Bold"),
        mono=fc_match("DejaVu Sans Mono:style=Book") or fc_match("monospace"),
        cjk_regular=cjk_regular,
        cjk_bold=cjk_bold,
    )
