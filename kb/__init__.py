"""The knowledge base: ``kb.load()`` returns the validated, cached :class:`KnowledgeBase`.

Loading is cached per directory *and* content hash, so an edited YAML file is picked up on the
next call while repeated calls (every Streamlit rerun) cost only a read of a few small files.
"""

from __future__ import annotations

import threading
from pathlib import Path

from kb.loader import KBError, content_hash, read_kb
from kb.schema import KnowledgeBase

DEFAULT_DIR = Path(__file__).resolve().parent / "data"

_cache: dict[tuple[Path, str], KnowledgeBase] = {}
_lock = threading.Lock()


def _fingerprint(root: Path) -> str:
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*.y*ml"))
        if p.is_file()
    }
    return content_hash(files)


def load(dir: Path | None = None) -> KnowledgeBase:
    """Load the knowledge base in ``dir`` (default: the shipped ``kb/data``).

    Raises :class:`KBError` listing every problem as ``file:line: key.path: message``.
    """
    root = Path(dir if dir is not None else DEFAULT_DIR).expanduser().resolve()
    if not root.is_dir():
        raise KBError([f"{root}:1: (directory): knowledge base directory not found"])
    try:
        key = (root, _fingerprint(root))
    except OSError as exc:
        raise KBError([f"{root}:1: (directory): cannot be read ({exc.strerror})"]) from exc
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    kb = read_kb(root)
    with _lock:
        _cache[key] = kb
    return kb


__all__ = ["DEFAULT_DIR", "KBError", "KnowledgeBase", "load"]
