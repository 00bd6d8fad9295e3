"""Run ``python -m probes`` as a child process group the app can watch, time out and kill.

The app process must never import torch or TensorFlow (seconds of import, hundreds of MB, and two
frameworks in one process can crash it), so probing is always a subprocess. Progress arrives as
one JSON object per stderr line (``--progress-json``); the report is written to a temp file.
Only one probe runs per server at a time: two would distort each other's timings on a small box.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

TIERS = ("quick", "standard", "deep")
TIMEOUT_S = {"quick": 180, "standard": 420, "deep": 1200}

Outcome = Literal["ok", "failed", "timeout", "cancelled"]


def probe_command(tier: str, out: Path) -> list[str]:
    """The exact command line; tests point it at a replay script instead (same protocol)."""
    return [sys.executable, "-m", "probes", "--tier", tier, "--progress-json", "--out", str(out)]


@dataclass
class Progress:
    step: str = ""
    done: int = 0
    total: int = 0
    elapsed_s: float = 0.0
    eta_s: float | None = None
    steps: list[str] = field(default_factory=list)  # every step name seen, in order

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


def parse_progress(text: str) -> Progress:
    """Fold the progress lines seen so far; non-JSON lines (framework logs) are skipped."""
    progress = Progress()
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line still being written
        if not isinstance(event, dict) or "step" not in event:
            continue
        progress.step = str(event.get("step", ""))
        progress.done = int(event.get("done") or 0)
        progress.total = int(event.get("total") or 0)
        progress.elapsed_s = float(event.get("elapsed_s") or 0.0)
        eta = event.get("eta_s")
        progress.eta_s = float(eta) if isinstance(eta, int | float) else None
        if progress.step and (not progress.steps or progress.steps[-1] != progress.step):
            progress.steps.append(progress.step)
    return progress


class ProbeRun:
    """One probe child: its own session (process group), output in temp files."""

    def __init__(self, tier: str, timeout_s: float | None = None) -> None:
        if tier not in TIERS:
            raise ValueError(f"tier {tier!r}; allowed: {', '.join(TIERS)}")
        self.tier = tier
        self.timeout_s = timeout_s if timeout_s is not None else TIMEOUT_S[tier]
        self._dir = Path(tempfile.mkdtemp(prefix="fa-probe-"))
        self.out = self._dir / "report.json"
        self._err = open(self._dir / "progress.jsonl", "w+b")  # noqa: SIM115 - lives with the run
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONUNBUFFERED="1")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            probe_command(tier, self.out),
            stdout=subprocess.DEVNULL,
            stderr=self._err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
        self.outcome: Outcome | None = None

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started

    def progress(self) -> Progress:
        try:
            text = (self._dir / "progress.jsonl").read_text("utf-8", errors="replace")
        except OSError:
            text = ""
        return parse_progress(text)

    def poll(self) -> Outcome | None:
        """None while running; otherwise how it ended (kills it on timeout)."""
        if self.outcome is not None:
            return self.outcome
        code = self.proc.poll()
        if code is None:
            if self.elapsed_s > self.timeout_s:
                self.kill()
                self.outcome = "timeout"
            return self.outcome
        self.outcome = "ok" if code == 0 and self.out.exists() else "failed"
        return self.outcome

    def cancel(self) -> None:
        self.kill()
        self.outcome = "cancelled"

    def kill(self) -> None:
        """SIGTERM the whole group, then SIGKILL whatever is left (grandchildren included)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=3)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=3)

    def report_bytes(self) -> bytes:
        return self.out.read_bytes()

    def stderr_tail(self, limit: int = 2000) -> str:
        try:
            text = (self._dir / "progress.jsonl").read_text("utf-8", errors="replace")
        except OSError:
            return ""
        lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith('{"step"')]
        return "\n".join(lines)[-limit:]

    def close(self) -> None:
        """Kill if still running and remove the temp files."""
        if self.proc.poll() is None:
            self.kill()
        self._err.close()
        for path in self._dir.iterdir():
            with contextlib.suppress(OSError):
                path.unlink()
        with contextlib.suppress(OSError):
            self._dir.rmdir()


class ProbeSlot:
    """Server-wide: at most one probe at a time. Thread-safe, shared by every session."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.owner: str | None = None

    def acquire(self, owner: str) -> bool:
        if self._lock.acquire(blocking=False):
            self.owner = owner
            return True
        return False

    def release(self, owner: str) -> None:
        if self.owner == owner and self._lock.locked():
            self.owner = None
            self._lock.release()

    @property
    def busy(self) -> bool:
        return self._lock.locked()
