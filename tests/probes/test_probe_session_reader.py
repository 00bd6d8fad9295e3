"""A worker's stdout closed under its reader thread ends the stream like EOF.

Seen once in a clean-clone CI run (test_cancel_during_paired_benchmarks_kills_every_worker):
close() after a kill closed the pipe while the reader was still iterating it, and the thread
died with "ValueError: PyMemoryView_FromBuffer(): info->buf must not be NULL" — an unhandled
exception printed in the user's console. close() now joins the reader first, and the reader
treats a closed pipe as the end of output.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from probes.session import WorkerSession


class _ClosedUnderneath:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"type": "info", "status": "ok"}\n'
        raise self.error


@pytest.mark.parametrize(
    "error", [ValueError("PyMemoryView_FromBuffer(): info->buf must not be NULL"), OSError(9, "")]
)
def test_a_pipe_closed_under_the_reader_ends_the_stream(error: Exception) -> None:
    session: Any = WorkerSession.__new__(WorkerSession)  # only what _reader touches
    session.proc = SimpleNamespace(stdout=_ClosedUnderneath(error))
    session._lines = queue.Queue()
    session._reader()  # must not raise
    assert session._lines.get_nowait() == {"type": "info", "status": "ok"}
    assert session._lines.get_nowait() is None  # the end of output, as at EOF
