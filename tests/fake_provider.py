"""A provider's HTTP API on 127.0.0.1 that a test makes misbehave: hang, answer slowly, answer.

It records every request it receives (path and query), so a test can count what reached the
provider, and what it would have sent to a handset.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeProvider:
    """`mode`: "answer" (at once), "slow" (after `delay` seconds) or "hang" (never answers).
    `body` and `status` are the answer, e.g. Kannel's `0: Accepted for delivery`."""

    def __init__(self, mode: str = "answer", body: str = "0: Accepted for delivery",
                 status: int = 202, delay: float = 1.0, content_type: str = "text/plain") -> None:
        self.mode, self.body, self.status, self.delay = mode, body, status, delay
        self.content_type = content_type
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        self.arrived = threading.Event()
        self._release = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                owner._answer(self)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                owner._answer(self)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        self.requests.append((parts.path, parse_qs(parts.query)))
        self.arrived.set()
        if self.mode == "hang":
            self._release.wait(120)  # until the test ends
            return
        if self.mode == "slow":
            time.sleep(self.delay)
        body = self.body.encode()
        handler.send_response(self.status)
        handler.send_header("Content-Type", self.content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def close(self) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()
