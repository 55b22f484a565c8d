"""Real gateway processes for the tests: `lapor run` on a free port, waited on until healthy."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited early: {process.stdout.read().decode()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:  # refused, reset, or a worker still booting let the read time out
            time.sleep(0.2)
    raise AssertionError("server did not become healthy in time")


@contextmanager
def lapor_run(settings_env: dict[str, str], workdir: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """`lapor run` on a free port; yields the port and the environment it runs with."""
    port = free_port()
    env = {**os.environ, **settings_env}
    server = subprocess.Popen([str(BIN / "lapor"), "run", "--port", str(port)], env=env,
                              cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_healthy(port, server)
        yield port, env
    finally:
        server.terminate()
        server.wait(timeout=15)
        assert server.stdout is not None
        server.stdout.close()
