"""The knowledge base: ``kb.load()`` returns the validated, cached :class:`KnowledgeBase`.

Loading is cached per directory *and* content hash, so an edited YAML file is picked up on the
next call while repeated calls (every Streamlit rerun) cost only a read of a few small files.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.hashing import MAX_KB_FILE_BYTES, content_hash
from kb.safe_input import UnsafeInputError, read_file
from kb.schema import KnowledgeBase

if TYPE_CHECKING:
    from kb.problems import KBError

DEFAULT_DIR = Path(__file__).resolve().parent / "data"

# resolved dir -> (content hash, KB): one entry per directory, replaced when the files change.
_cache: dict[Path, tuple[str, KnowledgeBase]] = {}
_lock = threading.Lock()


def _fingerprint(root: Path) -> str:
    """Content hash of the folder, read with the loader's bounds (a huge file is not read whole)."""
    files: dict[str, bytes] = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in (".yaml", ".yml"):
            try:
                files[p.relative_to(root).as_posix()] = read_file(
                    p, limit=MAX_KB_FILE_BYTES, field="(file)"
                )
            except UnsafeInputError as exc:  # read_kb reports it with file:line
                files[p.relative_to(root).as_posix()] = str(exc).encode()
    return content_hash(files)


def load(kb_dir: Path | None = None) -> KnowledgeBase:
    """Load the knowledge base in ``kb_dir`` (default: the shipped ``kb/data``).

    Raises :class:`KBError` listing every problem as ``file:line: key.path: message``.
    """
    from kb.loader import read_kb  # the parser and cross-checks: only when a YAML load is due
    from kb.problems import KBError

    root = Path(kb_dir if kb_dir is not None else DEFAULT_DIR).expanduser().resolve()
    if not root.is_dir():
        raise KBError(
            [f"{root}:1: (directory): knowledge base directory not found (allowed: a directory)"]
        )
    try:
        digest = _fingerprint(root)
    except OSError as exc:
        problem = f"{root}:1: (directory): cannot be read ({exc.strerror}; allowed: readable files)"
        raise KBError([problem]) from exc
    with _lock:
        cached = _cache.get(root)
    if cached is not None and cached[0] == digest:
        return cached[1]
    kb = read_kb(root)
    with _lock:
        _cache[root] = (digest, kb)
    return kb


def __getattr__(name: str) -> Any:
    """``kb.KBError`` without importing the loader until someone asks for it."""
    if name == "KBError":
        from kb.problems import KBError

        return KBError
    raise AttributeError(f"module 'kb' has no attribute {name!r}")


__all__ = ["DEFAULT_DIR", "KBError", "KnowledgeBase", "load"]
