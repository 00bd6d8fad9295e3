"""Run ``python -m kb freshness --json`` in the background and read its outcome.

The app's knowledge-base page must never wait on the network nor show a traceback: it starts
the command as a child process, polls it on later reruns, and turns whatever happened (a
report, offline, a crash, a timeout) into a :class:`FreshnessOutcome` it can display.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

from pydantic import ValidationError

from kb.freshness import FreshnessReport

EXIT_STATUS: dict[int, Literal["up_to_date", "behind", "offline"]] = {
    0: "up_to_date",
    3: "behind",
    4: "offline",
}
Status = Literal["running", "up_to_date", "behind", "offline", "failed"]


@dataclass
class FreshnessJob:
    """A started freshness check: the child process and where its output goes."""

    proc: subprocess.Popen[bytes]
    stdout: IO[bytes]
    stderr: IO[bytes]
    started: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class FreshnessOutcome:
    status: Status
    report: FreshnessReport | None = None
    message: str = ""  # the command's one-line stderr message (offline, failure), if any


def start(kb_dir: Path | None = None, timeout_s: float = 5.0) -> FreshnessJob:
    """Start the check; returns at once. Output goes to temp files (no pipe can fill up)."""
    cmd = [sys.executable, "-m", "kb", "freshness", "--json", "--timeout", str(timeout_s)]
    if kb_dir is not None:
        cmd += ["--dir", str(kb_dir)]
    # Kept open past this function on purpose: the job owns them, poll() closes them.
    out = tempfile.TemporaryFile()  # noqa: SIM115
    err = tempfile.TemporaryFile()  # noqa: SIM115
    repo = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=repo)
    return FreshnessJob(proc, out, err)


def _read(stream: IO[bytes]) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", errors="replace")


def poll(job: FreshnessJob, limit_s: float = 120.0) -> FreshnessOutcome:
    """The outcome so far: ``running`` until the child exits (or is killed past ``limit_s``)."""
    code = job.proc.poll()
    if code is None:
        if time.monotonic() - job.started < limit_s:
            return FreshnessOutcome("running")
        job.proc.kill()
        job.proc.wait()
        return FreshnessOutcome("failed", message=f"no answer within {limit_s:.0f} s")
    stdout, stderr = _read(job.stdout), _read(job.stderr).strip()
    job.stdout.close()
    job.stderr.close()
    status = EXIT_STATUS.get(code)
    if status is None:
        return FreshnessOutcome("failed", message=stderr.splitlines()[-1] if stderr else "")
    try:
        report = FreshnessReport.model_validate_json(stdout)
    except ValidationError:
        return FreshnessOutcome("failed", message=f"unreadable report (exit {code})")
    message = stderr.splitlines()[0] if status == "offline" and stderr else ""
    return FreshnessOutcome(status, report, message)
