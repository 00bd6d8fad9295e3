"""Progress events shared by the CLI (stderr lines) and the app (callback)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from kb.texts import t
from probes.steps import step_text  # one vocabulary for the CLI's lines and the app


class ProgressEvent(BaseModel):
    """One step finished or started; ``eta_s`` is None until there is a basis for it."""

    step: str
    done: int
    total: int
    elapsed_s: float
    eta_s: float | None = None

    def json_line(self) -> str:
        return json.dumps(self.model_dump(), ensure_ascii=False)

    def text_line(self, lang: str = "en") -> str:
        """One stderr line in ``lang``: "[3/9] inventory (1.2 s, ~5 s left)"."""
        step = step_text(self.step, lang)
        eta = t("progress_eta", lang, eta=self.eta_s) if self.eta_s else ""
        return t(
            "progress_line",
            lang,
            done=self.done,
            total=self.total,
            step=step,
            elapsed=self.elapsed_s,
            eta=eta,
        )


_CJK = re.compile(r"[\u4e00-\u9fff]")


def pick_inline(text: str, lang: str | None) -> str:
    """One side of an inline "English / 中文" text (whole text when ``lang`` is None or the text
    has no Chinese side); the Chinese side is the part after the last " / "."""
    if lang is None or " / " not in text:
        return text
    en, zh = text.rsplit(" / ", 1)
    if not _CJK.search(zh) or _CJK.search(en):
        return text
    return zh if lang == "zh" else en


ProgressCallback = Callable[[ProgressEvent], None]


@dataclass
class Progress:
    """Tracks planned steps with expected durations to give an honest ETA."""

    total: int
    callback: ProgressCallback | None
    expected_s: float = 0.0  # expected duration of the remaining plan
    start: float = 0.0
    done: int = 0

    def __post_init__(self) -> None:
        self.start = time.monotonic()

    def emit(self, step: str, remaining_expected_s: float | None) -> None:
        if self.callback is None:
            return
        elapsed = time.monotonic() - self.start
        eta = None if remaining_expected_s is None else max(0.0, round(remaining_expected_s, 1))
        self.callback(
            ProgressEvent(
                step=step, done=self.done, total=self.total, elapsed_s=round(elapsed, 2), eta_s=eta
            )
        )
