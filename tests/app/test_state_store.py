"""The server-side session store: bounded in count and size, expiring, and deaf to odd ids."""

from __future__ import annotations

import pytest

from app_pages.common.session_store import SessionStore, Snapshot, new_id, valid_id


def _snap(size: int = 10, text: str = "x") -> Snapshot:
    return Snapshot(description=text, size=size)


def test_ids_are_random_hex_and_nothing_else_is_accepted() -> None:
    ids = {new_id() for _ in range(100)}
    assert len(ids) == 100 and all(valid_id(i) for i in ids)
    for bad in ("../../etc/passwd", "A" * 32, "0" * 31, "0" * 33, "", None, 123, "0" * 32 + "\n"):
        assert not valid_id(bad), bad
    store = SessionStore()
    assert store.put("../x", _snap()) is False
    assert store.get("../x") is None and len(store) == 0


def test_round_trip_and_expiry() -> None:
    store = SessionStore(ttl_s=60)
    sid = new_id()
    assert store.put(sid, _snap(text="a" * 3900), now=0)
    assert store.get(sid, now=59) is not None  # reading counts as use
    kept = store.get(sid, now=118)
    assert kept is not None and kept.description == "a" * 3900
    assert store.get(sid, now=179) is None and len(store) == 0


def test_least_recently_used_go_first_when_count_or_bytes_overflow() -> None:
    store = SessionStore(max_sessions=3, max_total_bytes=100, max_entry_bytes=60)
    a, b, c, d = (new_id() for _ in range(4))
    for i, sid in enumerate((a, b, c)):
        store.put(sid, _snap(10), now=i)
    store.get(a, now=3)  # a is now the most recently used
    store.put(d, _snap(10), now=4)
    assert store.get(b, now=5) is None and {store.get(x, now=5) is not None for x in (a, c, d)} == {
        True
    }
    assert store.put(new_id(), _snap(61), now=6) is False  # one entry over its cap: refused
    store.put(new_id(), _snap(60), now=7)
    assert store.total_bytes <= 100 and len(store) <= 3


@pytest.mark.parametrize("n", [1, 5])
def test_the_same_id_is_replaced_not_duplicated(n: int) -> None:
    store = SessionStore()
    sid = new_id()
    for i in range(n):
        store.put(sid, _snap(text=str(i)))
    last = store.get(sid)
    assert len(store) == 1 and last is not None and last.description == str(n - 1)
