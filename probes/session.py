"""A long-lived framework worker the coordinator talks to, one JSON line per command.

Keeping torch, TensorFlow and the numpy anchor alive side by side is what lets the coordinator
alternate short timed blocks (A B A B ...) so both frameworks see the same machine conditions.
Every command has a hard timeout; on timeout, cancellation or any error the worker's whole
process group is killed (SIGTERM, then SIGKILL), exactly as for one-shot workers. The worker
still exits by itself when its coordinator dies (``FA_COORDINATOR_PID``, see workers/common.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from typing import IO, Any

from probes.runner import end_group, tail_text
from probes.workers.common import COORDINATOR_PID_ENV
from probes.workers_run import WORKER_MODULES, EventCallback, WorkerRun, _parse

ANSWERS = ("workloads", "prepared", "block", "dropped", "error")


class WorkerSession:
    """One worker process in ``--mode serve``; ``run`` collects what it said, for ``classify``."""

    def __init__(
        self,
        framework: str,
        args: Sequence[str],
        env: Mapping[str, str],
        cancel: threading.Event | None = None,
        on_event: EventCallback | None = None,
        python: str = sys.executable,
    ) -> None:
        self.framework = framework
        self.run = WorkerRun(framework=framework)
        self.cancel = cancel
        self.on_event = on_event
        self._lines: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._next_id = 0
        self._started = time.monotonic()
        self._err: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.proc: subprocess.Popen[bytes] | None = None
        self._reading: threading.Thread | None = None  # the stdout reader, once started
        self.eof = False
        try:
            self.proc = subprocess.Popen(
                [python, "-m", WORKER_MODULES[framework], *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._err,
                env={**env, COORDINATOR_PID_ENV: str(os.getpid())},
                start_new_session=True,
            )
        except OSError as exc:
            self.run.spawn_error = f"could not start {python}: {exc}"
            self.eof = True
            return
        self._reading = threading.Thread(target=self._reader, daemon=True)
        self._reading.start()

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    @property
    def alive(self) -> bool:
        return self.proc is not None and not self.eof and self.proc.poll() is None

    def _reader(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        # A pipe closed under this thread (close() after a kill, when the join below gave up)
        # ends the stream like EOF: never an unhandled exception in a background thread.
        with contextlib.suppress(ValueError, OSError):
            for line in self.proc.stdout:
                event = _parse(line)
                if event is not None:
                    self._lines.put(event)
        self._lines.put(None)

    def _next(self, deadline: float) -> dict[str, Any] | None:
        """The next event, or None at end of output, timeout or cancellation (which kill)."""
        while True:
            if self.cancel is not None and self.cancel.is_set():
                self.run.cancelled = True
                self.kill()
                return None
            if time.monotonic() > deadline:
                self.run.timed_out = True
                self.kill()
                return None
            try:
                event = self._lines.get(timeout=0.05)
            except queue.Empty:
                continue
            if event is None:
                self.eof = True
                return None
            self.run.events.append(event)
            if self.on_event is not None:
                self.on_event(event)
            return event

    def wait_info(self, timeout_s: float) -> dict[str, Any] | None:
        """Block until the worker reports its import (``info``), or give up."""
        if self.eof:
            return None
        deadline = time.monotonic() + timeout_s
        while True:
            event = self._next(deadline)
            if event is None or event.get("type") == "info":
                if event is not None and event.get("status") != "ok":
                    self.close(2.0)  # a failed import exits by itself; reap it
                return event

    def request(self, cmd: dict[str, Any], timeout_s: float) -> dict[str, Any] | None:
        """Send one command and return its answer; None when the worker died, hung (killed at
        the timeout) or the user cancelled."""
        if not self.alive or self.proc is None or self.proc.stdin is None:
            return None
        self._next_id += 1
        cid = self._next_id
        try:
            self.proc.stdin.write((json.dumps({**cmd, "id": cid}) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            return None
        deadline = time.monotonic() + timeout_s
        while True:
            event = self._next(deadline)
            if event is None:
                return None
            if event.get("type") in ANSWERS and event.get("id") == cid:
                return event

    def quit(self) -> None:
        """Ask the worker to finish (it answers "done" and exits); does not wait."""
        proc = self.proc
        if proc is not None and proc.poll() is None and proc.stdin is not None:
            with contextlib.suppress(BrokenPipeError, OSError, ValueError):
                proc.stdin.write(b'{"cmd": "quit"}\n')
                proc.stdin.flush()

    def close(self, grace_s: float = 3.0) -> WorkerRun:
        """Ask the worker to finish, wait for its "done" briefly, then kill what is left."""
        proc = self.proc
        if proc is not None:
            self.quit()
            deadline = time.monotonic() + grace_s
            while not self.eof and time.monotonic() < deadline:
                if self._next(deadline) is None:
                    break
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            self.kill()
            self.run.returncode = proc.returncode
            if self._reading is not None:  # let the reader see EOF before its pipe is closed
                self._reading.join(timeout=1.0)
            for stream in (proc.stdin, proc.stdout):
                with contextlib.suppress(OSError, ValueError):
                    if stream is not None:
                        stream.close()
        if not self._err.closed:
            self.run.stderr_tail = tail_text(self._err)
            self._err.close()
        self.run.wall_s = time.monotonic() - self._started
        return self.run

    def kill(self) -> None:
        """Kill the worker's process group now (and anything it left behind)."""
        if self.proc is not None:
            end_group(self.proc)
