"""A content-addressed JSON snapshot of the validated KB, so a fresh process skips re-parsing.

``kb.load()`` parses every YAML file with the bounded composer of ``kb/safe_input.py`` and
cross-checks the result: about 0.35 s on a 2-vCPU machine, paid again by every new process (each
app server start, each export worker). The validated ``KnowledgeBase`` round-trips through JSON
exactly, and ``KnowledgeBase.model_validate_json`` rebuilds it in about 15 ms.

A snapshot is only ever written from a KB that ``kb.load()`` accepted, and its file name carries
the content hash of the YAML folder *and* a hash of the kb package's own source and the pydantic
version. An edited YAML file, or a changed schema, loader or cross-check, therefore looks for a
different name and loads from YAML again: a stale KB is never returned. A snapshot that cannot be
read or validated is ignored and rewritten; a cache folder that cannot be written only costs the
full load. The snapshot is JSON validated by the same pydantic models, never unpickled code.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import threading
from pathlib import Path

import kb
from kb.atomic_write import write_atomically
from kb.safe_input import UnsafeInputError, read_file
from kb.schema import KnowledgeBase

CACHE_ENV = "FRAMEWORK_ADVISOR_CACHE_DIR"
MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024  # the shipped KB is about 0.5 MB as JSON
KEEP = 8  # snapshots kept per cache folder (several checkouts or KB versions may share one)

_memo: dict[Path, tuple[str, KnowledgeBase]] = {}
_lock = threading.Lock()


def default_cache_dir() -> Path:
    """``$FRAMEWORK_ADVISOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/framework-advisor``, else
    ``~/.cache/framework-advisor``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "framework-advisor"


@functools.cache
def code_hash() -> str:
    """Hash of the kb package's Python source and the pydantic version: what shapes the model."""
    import pydantic

    digest = hashlib.sha256(pydantic.VERSION.encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def snapshot_path(content_hash: str, cache_dir: Path) -> Path:
    return cache_dir / f"kb-{content_hash[:32]}-{code_hash()[:16]}.json"


def _read_snapshot(path: Path, content_hash: str) -> KnowledgeBase | None:
    """The KB stored at ``path`` if it is a valid snapshot of exactly this content, else None."""
    try:
        data = read_file(path, limit=MAX_SNAPSHOT_BYTES, field="(kb snapshot)")
        loaded = KnowledgeBase.model_validate_json(data)
    except (OSError, UnsafeInputError, ValueError):  # missing, foreign or damaged: rebuild
        return None
    return loaded if loaded.content_hash == content_hash else None


def _write_snapshot(path: Path, loaded: KnowledgeBase) -> None:
    """Best effort: a read-only or full cache folder only means the next start parses again.
    The oldest snapshots beyond ``KEEP`` are removed, so edits do not fill the folder."""
    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(path, loaded.model_dump_json().encode(), field="(kb snapshot)")
        older = sorted(path.parent.glob("kb-*.json"), key=lambda p: p.stat().st_mtime)[:-KEEP]
        for stale in older:
            if stale != path:
                stale.unlink(missing_ok=True)


def load(folder: Path | None = None, cache_dir: Path | None = None) -> KnowledgeBase:
    """``kb.load(folder)``, served from a snapshot when this exact content was validated before.

    Raises what ``kb.load`` raises (``KBError`` listing every problem) when the YAML is broken.
    """
    root = Path(folder if folder is not None else kb.DEFAULT_DIR).expanduser().resolve()
    try:
        content_hash = kb._fingerprint(root)
    except OSError:
        return kb.load(root)  # kb.load words the unreadable folder as a KBError
    with _lock:
        memo = _memo.get(root)
    if memo is not None and memo[0] == content_hash:
        return memo[1]
    path = snapshot_path(content_hash, cache_dir or default_cache_dir())
    loaded = _read_snapshot(path, content_hash)
    if loaded is None:
        loaded = kb.load(root)
        if loaded.content_hash == content_hash:  # not edited between the hash and the load
            _write_snapshot(path, loaded)
    with _lock:
        _memo[root] = (loaded.content_hash, loaded)
    return loaded


__all__ = ["CACHE_ENV", "default_cache_dir", "load", "snapshot_path"]
