"""Run external commands without ever raising: the one door through which probes touch the OS.

Every command goes through a :class:`Runner` so tests can replay recorded real outputs (a GPU
box's ``nvidia-smi``) on a machine without that hardware. A missing executable is reported as
``status="unavailable"`` with ``returncode=None`` — "we could not look", not "there is none".
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Literal

CommandStatus = Literal["ok", "failed", "unavailable", "timeout"]


@dataclass(frozen=True)
class CommandResult:
    """Outcome of one external command; never an exception."""

    argv: tuple[str, ...]
    returncode: int | None
    stdout: str = ""
    stderr: str = ""
    status: CommandStatus = "ok"
    duration_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


Runner = Callable[[Sequence[str], float], CommandResult]


def kill_group(proc: subprocess.Popen[bytes] | subprocess.Popen[str], grace_s: float = 1.0) -> None:
    """Stop a process and everything it spawned: SIGTERM to the group, then SIGKILL.

    Workers run in their own session (``start_new_session=True``) so the group id is the pid;
    killing the group also ends helper processes (compilers, TF thread helpers) they started.
    """
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError, OSError, AttributeError):
        proc.kill()
    try:
        proc.wait(timeout=grace_s)
        return
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    except (ProcessLookupError, PermissionError, OSError, AttributeError):
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=grace_s)


def end_group(proc: subprocess.Popen[bytes], grace_s: float = 1.0) -> None:
    """The one way a worker is stopped: :func:`kill_group` while it runs, then SIGKILL to its
    group for what it left behind (torch.compile's compile-worker pool, for one), so a
    straggler cannot eat CPU during the next framework's timings."""
    if proc.poll() is None:
        kill_group(proc, grace_s)
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError, AttributeError):
        os.killpg(proc.pid, getattr(signal, "SIGKILL", signal.SIGTERM))


def tail_text(stream: IO[bytes], limit: int = 4000) -> str:
    """The last ``limit`` bytes of a worker's stderr file, as text (the traceback is at the end)."""
    stream.seek(0, os.SEEK_END)
    stream.seek(max(0, stream.tell() - limit))
    return stream.read().decode("utf-8", errors="replace")


def run_command(
    argv: Sequence[str], timeout_s: float, env: Mapping[str, str] | None = None
) -> CommandResult:
    """The real runner: argv list (no shell), hard timeout, process-group kill on expiry."""
    start = time.monotonic()
    args = tuple(argv)
    try:
        proc = subprocess.Popen(
            list(args),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env=dict(env) if env is not None else None,
        )
    except (FileNotFoundError, PermissionError, NotADirectoryError) as exc:
        return CommandResult(args, None, "", str(exc), "unavailable", time.monotonic() - start)
    except OSError as exc:
        return CommandResult(args, None, "", str(exc), "unavailable", time.monotonic() - start)
    try:
        out, err = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, err = proc.communicate()
        return CommandResult(
            args,
            proc.returncode,
            _text(out),
            _text(err),
            "timeout",
            time.monotonic() - start,
        )
    status: CommandStatus = "ok" if proc.returncode == 0 else "failed"
    return CommandResult(
        args, proc.returncode, _text(out), _text(err), status, time.monotonic() - start
    )


def _text(data: bytes | None) -> str:
    return data.decode("utf-8", errors="replace") if data else ""


@dataclass
class ReplayRunner:
    """Test double: replays recorded outputs keyed by the argv's first words.

    ``outputs`` maps a key (``"nvidia-smi"`` or ``"nvidia-smi --query-gpu"`` …) to stdout text;
    the longest key that prefixes the argv wins; anything else is "unavailable".
    """

    outputs: dict[str, str] = field(default_factory=dict)
    calls: list[tuple[str, ...]] = field(default_factory=list)

    def __call__(self, argv: Sequence[str], _timeout_s: float) -> CommandResult:
        """Same positional signature as :data:`Runner`; a replay has no time to limit."""
        args = tuple(argv)
        self.calls.append(args)
        joined = " ".join(args)
        best = ""
        for key in self.outputs:
            hit = joined == key or joined.startswith((key + " ", key + "="))
            if hit and len(key) > len(best):
                best = key
        if not best:
            return CommandResult(args, None, "", "not recorded", "unavailable")
        return CommandResult(args, 0, self.outputs[best], "", "ok")
