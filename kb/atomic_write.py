"""Write an output file completely or not at all, and only where a file belongs.

Both command lines (``python -m recommender --out``, ``python -m probes --out``) write through
:func:`write_atomically`: the bytes go to a temporary file in the target's own folder, are
fsync'ed, and ``os.replace`` renames them over the target in one step. A full disk, an exporter
crash, SIGTERM or SIGHUP therefore leave the previous file intact and no temporary file behind.

The target must be a new path or an existing *regular* file. Folders, device nodes (``/dev/null``
would otherwise be replaced by a regular file when run as root), FIFOs and sockets are refused,
and so are symbolic links: renaming over a link replaces the link, not the file it points to,
which is never what the user meant (see docs/security.md).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from kb.safe_input import one_line

_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


class OutputError(ValueError):
    """A target that must not be written; ``str()`` is one line naming the path and the rule."""


def check_target(path: str | os.PathLike[str], field: str = "--out") -> Path:
    """The target as a ``Path`` when it may be written, else ``OutputError`` (nothing touched)."""
    target = Path(path)
    shown = one_line(os.fspath(path), 200)
    allowed = "allowed: a new file or an existing regular file, in an existing folder"
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{shown}: {field}: cannot inspect ({exc.strerror}); {allowed}") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise OutputError(
                f"{shown}: {field}: is a symbolic link (refused, it would be replaced rather than "
                f"followed); {allowed}"
            )
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, FIFO or socket"
            raise OutputError(f"{shown}: {field}: is {kind}; {allowed}")
    parent = target.parent
    if not parent.is_dir():
        where = one_line(str(parent), 200)
        raise OutputError(f"{shown}: {field}: folder does not exist ({where}); {allowed}")
    return target


@contextlib.contextmanager
def _signals_unwind() -> Iterator[None]:
    """While writing, SIGTERM/SIGHUP raise SystemExit so ``finally`` removes the temp file."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _exit(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, _exit) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def write_atomically(path: str | os.PathLike[str], data: bytes, field: str = "--out") -> None:
    """Replace ``path`` by ``data`` in one rename; raise ``OutputError`` or ``OSError``."""
    target = check_target(path, field)
    with _signals_unwind():
        tmp: str | None = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            # mkstemp makes 0600 files; a report gets the usual permissions (umask applies).
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, target)
            tmp = None
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
