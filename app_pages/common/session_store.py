"""Server-side copy of each browser tab's inputs, so a reload or a new tab loses nothing.

A reload starts a new Streamlit session with empty ``st.session_state``. The URL carries only an
opaque id (``?sid=<32 hex digits>``); the description (up to the profile's 4,000 characters) and
the probed or uploaded machines stay on the server, in memory, keyed by that id.

Bounds keep a long-running server small: at most ``MAX_SESSIONS`` entries and
``MAX_TOTAL_BYTES`` in all (least recently used go first), ``MAX_ENTRY_BYTES`` per entry, and an
entry unused for ``TTL_S`` seconds is forgotten. The id is never used as a file name or path: it
must match ``SID_PATTERN`` or it is ignored, and it only ever indexes this dictionary.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

SID_PARAM = "sid"
SID_PATTERN = re.compile(r"[0-9a-f]{32}")
MAX_SESSIONS = 200
MAX_ENTRY_BYTES = 12 * 1024 * 1024  # two 5 MB uploads and a description
MAX_TOTAL_BYTES = 96 * 1024 * 1024
TTL_S = 24 * 3600.0


def new_id() -> str:
    """A fresh unguessable id (128 random bits)."""
    return secrets.token_hex(16)


def valid_id(value: object) -> bool:
    """True only for the ids ``new_id`` makes; anything else from a URL is ignored."""
    return isinstance(value, str) and SID_PATTERN.fullmatch(value) is not None


@dataclass(frozen=True)
class Snapshot:
    """What a tab needs to come back as it was (machines are ``ProbeReport`` objects)."""

    description: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    machines: dict[str, Any] = field(default_factory=dict)
    machine_names: dict[str, str] = field(default_factory=dict)
    active: str | None = None
    target_chosen: bool = False
    size: int = 0  # estimated bytes, for the bounds


class SessionStore:
    """A bounded, expiring, thread-safe map id -> Snapshot (one per server process)."""

    def __init__(
        self,
        max_sessions: int = MAX_SESSIONS,
        max_entry_bytes: int = MAX_ENTRY_BYTES,
        max_total_bytes: int = MAX_TOTAL_BYTES,
        ttl_s: float = TTL_S,
    ) -> None:
        self.max_sessions = max_sessions
        self.max_entry_bytes = max_entry_bytes
        self.max_total_bytes = max_total_bytes
        self.ttl_s = ttl_s
        self._items: OrderedDict[str, tuple[float, Snapshot]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    @property
    def total_bytes(self) -> int:
        with self._lock:
            return sum(snap.size for _, snap in self._items.values())

    def _expire(self, now: float) -> None:
        for sid in [s for s, (last, _) in self._items.items() if now - last > self.ttl_s]:
            del self._items[sid]

    def get(self, sid: object, now: float | None = None) -> Snapshot | None:
        """The snapshot for ``sid`` (and it counts as used), or None when unknown or expired."""
        if not valid_id(sid):
            return None
        now = time.monotonic() if now is None else now
        with self._lock:
            self._expire(now)
            item = self._items.get(str(sid))
            if item is None:
                return None
            self._items[str(sid)] = (now, item[1])
            self._items.move_to_end(str(sid))
            return item[1]

    def put(self, sid: str, snapshot: Snapshot, now: float | None = None) -> bool:
        """Keep ``snapshot``; False (and nothing kept) when the id is bad or the entry too big."""
        if not valid_id(sid) or snapshot.size > self.max_entry_bytes:
            return False
        now = time.monotonic() if now is None else now
        with self._lock:
            self._expire(now)
            self._items[sid] = (now, snapshot)
            self._items.move_to_end(sid)
            total = sum(snap.size for _, snap in self._items.values())
            while self._items and (
                len(self._items) > self.max_sessions or total > self.max_total_bytes
            ):
                _, (_, dropped) = self._items.popitem(last=False)  # least recently used
                total -= dropped.size
            return sid in self._items

    def drop(self, sid: str) -> None:
        with self._lock:
            self._items.pop(sid, None)
