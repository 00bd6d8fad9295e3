"""The websocket-origin rule and the header rewrite of app_pages/common/http_guard.py.

The middleware is driven through its real ASGI interface around a small ASGI app that records
what reaches it; tests/e2e/test_http_guard_browser.py checks the same against the running server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.types import Message, Receive, Scope, Send
from streamlit import config

from app_pages.common.http_guard import FRAME_HEADERS, HttpGuard, configured_origins, origin_allowed
from tests.app.conftest import run_async


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        (None, "127.0.0.1:8501"),  # a program, not a page
        ("http://127.0.0.1:8501", "127.0.0.1:8501"),
        ("http://LOCALHOST:8501", "localhost:8501"),
        ("http://localhost:8501/", "localhost:8501"),
        ("https://app.example", "app.example"),  # TLS proxy: Host without port, https origin
        ("https://app.example", "app.example:443"),
        ("http://app.example", "app.example:80"),
        ("http://[::1]:8501", "[::1]:8501"),
    ],
)
def test_same_origin_or_no_origin_is_allowed(origin: str | None, host: str) -> None:
    assert origin_allowed(origin, host)


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("http://evil.example", "127.0.0.1:8501"),
        ("http://localhost:3000", "localhost:8501"),  # another program on this machine
        ("http://127.0.0.1:3000", "127.0.0.1:8501"),
        ("http://localhost:8501", "127.0.0.1:8501"),  # same machine, other host name
        ("http://app.example", "app.example:8501"),  # default port is not 8501
        ("https://app.example", "app.example:80"),
        ("null", "127.0.0.1:8501"),  # sandboxed frame, file:// page
        ("", "127.0.0.1:8501"),
        ("ftp://127.0.0.1:8501", "127.0.0.1:8501"),
        ("http://127.0.0.1:8501/path", "127.0.0.1:8501"),
        ("http://127.0.0.1:99999", "127.0.0.1:99999"),
        ("http://user@127.0.0.1:8501", "127.0.0.1:8501"),
        ("http://127.0.0.1:8501", None),  # no Host to compare with
        ("http://127.0.0.1:8501", "127.0.0.1:8501/x"),
    ],
)
def test_any_other_origin_is_refused(origin: str, host: str | None) -> None:
    assert not origin_allowed(origin, host)


def test_configured_origins_are_allowed_besides_the_host() -> None:
    also = ["http://proxy.example:8080", "not an origin"]
    assert origin_allowed("http://proxy.example:8080", "127.0.0.1:8501", also)
    assert not origin_allowed("http://proxy.example:9090", "127.0.0.1:8501", also)


@pytest.fixture
def server_options() -> Iterator[None]:
    """Restores the three options the test sets (Streamlit's config is process-wide)."""
    names = ("server.address", "server.port", "server.corsAllowedOrigins")
    saved = {name: config.get_option(name) for name in names}
    yield
    for name, value in saved.items():
        config.set_option(name, value)


@pytest.mark.usefixtures("server_options")
def test_configured_origins_come_from_streamlit_settings() -> None:
    config.set_option("server.address", "10.0.0.5")
    config.set_option("server.port", 8600)
    config.set_option("server.corsAllowedOrigins", ["https://proxy.example"])
    assert configured_origins() == [
        "https://proxy.example",
        "http://10.0.0.5:8600",
        "https://10.0.0.5:8600",
    ]
    config.set_option("server.address", "::1")
    assert "http://[::1]:8600" in configured_origins()
    for any_address in ("0.0.0.0", "::", ""):
        config.set_option("server.address", any_address)
        assert configured_origins() == ["https://proxy.example"]


class _Inner:
    """An ASGI app that records the scopes it is called with and answers a fixed response."""

    def __init__(self, headers: list[tuple[bytes, bytes]]) -> None:
        self.headers = headers
        self.scopes: list[Scope] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scopes.append(scope)
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": self.headers})
            await send({"type": "http.response.body", "body": b"ok"})
        elif scope["type"] == "websocket":
            await send({"type": "websocket.accept"})


def _call(guard: HttpGuard, scope: Scope) -> list[Message]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    async def send(message: Message) -> None:
        sent.append(message)

    run_async(guard(scope, receive, send))
    return sent


def _ws(origin: bytes | None) -> Scope:
    headers = [(b"host", b"127.0.0.1:8501")] + ([(b"origin", origin)] if origin else [])
    return {"type": "websocket", "path": "/_stcore/stream", "headers": headers}


def test_every_http_response_gets_both_headers_once() -> None:
    inner = _Inner([(b"content-type", b"text/html"), (b"X-Frame-Options", b"SAMEORIGIN")])
    sent = _call(HttpGuard(inner, also=list), {"type": "http", "path": "/", "headers": []})
    headers = sent[0]["headers"]
    assert (b"content-type", b"text/html") in headers
    assert [h for h in headers if h[0].lower() == b"x-frame-options"] == [FRAME_HEADERS[0]]
    assert FRAME_HEADERS[1] in headers
    assert sent[1] == {"type": "http.response.body", "body": b"ok"}


def test_foreign_websocket_is_closed_before_streamlit_sees_it() -> None:
    inner = _Inner([])
    sent = _call(HttpGuard(inner, also=list), _ws(b"http://localhost:3000"))
    assert sent == [{"type": "websocket.close", "code": 1008}]
    assert inner.scopes == []


@pytest.mark.parametrize("origin", [b"http://127.0.0.1:8501", None])
def test_own_or_absent_origin_reaches_streamlit(origin: bytes | None) -> None:
    inner = _Inner([])
    sent = _call(HttpGuard(inner, also=list), _ws(origin))
    assert sent == [{"type": "websocket.accept"}]
    assert len(inner.scopes) == 1


def test_lifespan_passes_through() -> None:
    inner = _Inner([])
    assert _call(HttpGuard(inner, also=list), {"type": "lifespan"}) == []
    assert inner.scopes == [{"type": "lifespan"}]
