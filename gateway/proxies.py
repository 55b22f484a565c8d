"""Running behind a reverse proxy (nginx): the client's address and scheme, from the proxy.

werkzeug's ProxyFix trusts X-Forwarded-For and X-Forwarded-Proto from whoever sends them, so it
is applied only to requests whose peer is a proxy named in TRUSTED_PROXIES. Anyone reaching the
gateway directly keeps their own address: the Kannel address check, the sign-in limits and the
audit log see who really called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

from gateway.settings import Settings

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class TrustedProxyFix:
    """ProxyFix (one proxy hop: X-Forwarded-For and -Proto) for requests from trusted proxies."""

    def __init__(self, app: WSGIApp, settings: Settings) -> None:
        self.app = app
        self.fixed = ProxyFix(app, x_for=1, x_proto=1)
        self.settings = settings

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if self.settings.is_trusted_proxy(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)
