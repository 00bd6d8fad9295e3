"""What identifies a knowledge base's content: one hash over its files, and the size bound.

Kept apart from ``kb/loader.py`` so that a process which only needs to know *which* KB it has
(``kb/snapshot.py`` looking up its cached snapshot) does not import the YAML parser and the
cross-checks: about 0.13 s of imports on a 2-vCPU machine, paid on every app server start.
"""

from __future__ import annotations

import hashlib

MAX_KB_FILE_BYTES = 8 * 1024 * 1024  # the largest shipped file is a few hundred kB


def content_hash(files: dict[str, bytes]) -> str:
    """sha256 over (relative name, bytes) of every file, in sorted order."""
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(rel.encode())
        h.update(b"\0")
        h.update(files[rel])
        h.update(b"\0")
    return h.hexdigest()
