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

from kb.safe_input import InputError, one_line, refusal
from kb.texts import pair

_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


class OutputError(InputError):
    """A target that must not be written; ``str()`` is one line naming the path and the rule,
    ``.text("zh")`` the same in Chinese (kb/safe_input.py ``InputError``)."""


def check_target(path: str | os.PathLike[str], field: str = "--out") -> Path:
    """The target as a ``Path`` when it may be written, else ``OutputError`` (nothing touched)."""
    target = Path(path)
    where = f"{one_line(os.fspath(path), 200)}: {field}"
    allowed = pair("out_allowed_target")
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        why = exc.strerror
        raise OutputError(*refusal(where, pair("out_cannot_inspect", why=why), allowed)) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise OutputError(
                *refusal(
                    where,
                    pair("out_is_symlink"),
                    allowed,
                )
            )
        if not stat.S_ISREG(info.st_mode):
            kind = pair("input_a_folder") if stat.S_ISDIR(info.st_mode) else pair("out_a_device")
            raise OutputError(*refusal(where, pair("input_is_kind", kind=kind), allowed))
    parent = target.parent
    if not parent.is_dir():
        folder = one_line(str(parent), 200)
        raise OutputError(
            *refusal(
                where,
                pair("out_folder_missing", folder=folder),
                allowed,
            )
        )
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
