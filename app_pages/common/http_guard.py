"""ASGI middleware for two protections Streamlit 1.67 has no setting for: framing and WS origin.

Streamlit sets neither ``X-Frame-Options`` nor a CSP ``frame-ancestors``, so any site could
frame the app (clickjacking). Its websocket check (``_is_origin_allowed`` in
``streamlit/web/server/starlette/starlette_websocket.py``) compares only the origin's *host
name* with localhost and the machine's addresses, so a page served by another program on the
same machine, such as ``http://localhost:3000``, may open a session on the app's port. This
middleware adds the two headers to every HTTP response and refuses, before Streamlit sees it,
a websocket handshake whose ``Origin`` is not the app's own. ``app.py`` passes it to
``st.App(middleware=...)``, where it wraps Streamlit's own middleware; Streamlit's checks (allowed
hosts, XSRF) still run after it. docs/security.md says what is enforced and what is not.

Frames *inside* the page keep working: ``st.iframe`` with HTML (app_pages/common/html_lang.py) is
a ``srcdoc`` document, which has no HTTP response for these headers to apply to. A Streamlit
custom component served from the app's own ``/component/`` URL would be refused by ``DENY``;
the app has none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit import config

log = logging.getLogger("framework_advisor.app")

#: Added to every HTTP response: no page on any origin, this one included, may frame the app.
FRAME_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
)
_DEFAULT_PORT = {"http": 80, "https": 443}
_ANY_ADDRESS = {"", "0.0.0.0", "::", "[::]"}  # a bind address, never an origin
WS_POLICY_VIOLATION = 1008  # RFC 6455; uvicorn answers a close before accept with HTTP 403


def _host_port(netloc: str, scheme: str) -> tuple[str, int] | None:
    """``(host, port)`` of ``host[:port]``, the port defaulted from ``scheme``; None if invalid."""
    try:
        parts = urlsplit(f"//{netloc}")
        port = parts.port if parts.port is not None else _DEFAULT_PORT.get(scheme)
    except ValueError:  # a port that is not a number in 0..65535
        return None
    host = (parts.hostname or "").rstrip(".")  # urlsplit lower-cases it
    extra = parts.username, parts.password, parts.path or None, parts.query or None
    if not host or port is None or extra != (None, None, None, None):
        return None
    return host, port


def _origin(origin: str) -> tuple[str, tuple[str, int] | None]:
    """The scheme and ``(host, port)`` of an ``Origin`` value; ``(host, port)`` None if invalid."""
    try:
        parts = urlsplit(origin.strip())
    except ValueError:
        return "", None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or parts.path not in ("", "/") or parts.query:
        return scheme, None
    return scheme, _host_port(parts.netloc, scheme)


def origin_allowed(origin: str | None, host: str | None, also: Iterable[str] = ()) -> bool:
    """Whether a websocket handshake with this ``Origin`` and ``Host`` may reach Streamlit.

    No ``Origin``: a program, not a browser page (browsers always send one), allowed as
    Streamlit allows it. Otherwise the origin's host and port must be the ``Host`` the client
    connected to, or one of ``also`` (origins the server's settings name). A ``Host`` without a
    port takes the default port of the origin's scheme; schemes are otherwise not compared,
    because a TLS proxy in front of the app turns ``https`` into plain ``ws`` (Streamlit's own
    same-origin test compares ``host:port`` the same way). ``null`` and malformed origins fail.
    """
    if origin is None:
        return True
    scheme, key = _origin(origin)
    if key is None:
        return False
    if host is not None and key == _host_port(host, scheme):
        return True
    return any(key == _origin(other)[1] for other in also)


def configured_origins() -> list[str]:
    """Origins the server's settings name: ``server.address``:``server.port`` (when it is a
    single address, not "any") and ``server.corsAllowedOrigins``, which an operator lists on
    purpose (for instance a proxy's public address)."""
    address = str(config.get_option("server.address") or "").strip()
    port = config.get_option("server.port")
    origins = [str(o).strip() for o in config.get_option("server.corsAllowedOrigins") or ()]
    if address not in _ANY_ADDRESS and port:
        host = f"[{address}]" if ":" in address and not address.startswith("[") else address
        origins += [f"http://{host}:{port}", f"https://{host}:{port}"]
    return origins


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _shown(value: str, limit: int = 120) -> str:
    """An untrusted header value for a log line: bounded, control characters escaped."""
    return value[:limit].encode("unicode_escape").decode("ascii")


class HttpGuard:
    """Pure ASGI middleware (no Starlette base class, so websocket scopes pass through it too)."""

    def __init__(
        self, app: ASGIApp, also: Callable[[], Iterable[str]] = configured_origins
    ) -> None:
        self.app = app
        self.also = also

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            origin = _header(scope, b"origin")
            if not origin_allowed(origin, _header(scope, b"host"), self.also()):
                log.warning("websocket refused: Origin %s is not this app's", _shown(origin or ""))
                await send({"type": "websocket.close", "code": WS_POLICY_VIOLATION})
                return
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", ()) if k.lower() != b"x-frame-options"
                ]
                message = {**message, "headers": [*headers, *FRAME_HEADERS]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
