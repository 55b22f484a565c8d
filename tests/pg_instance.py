"""A PostgreSQL server of the test's own, on a free port, that a test may stop and start.

Fault tests take the database away under a running gateway; they cannot do that to the
machine's shared server. As root (CI), the server runs as the `postgres` user, since PostgreSQL
refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl, or None when PostgreSQL's server is not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivatePostgres:
    """initdb into a folder of its own (under /tmp: pytest's folders are closed to the
    `postgres` user), then start/stop/restart on demand; `close` removes it all."""

    def __init__(self) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            pytest.skip("PostgreSQL's server binaries are not installed (apt-get install "
                        "postgresql)")
        self.bin = bin_dir
        folder = Path(tempfile.mkdtemp(prefix="lapor-pg-"))
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        folder.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "lapor")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/lapor?connect_timeout=3"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder, timeout=60)

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off -c synchronous_commit=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "server.log"), "-w", "-t", "30", "start")
        self._wait(up=True)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop")
        self._wait(up=False)

    def restart(self) -> None:
        self.stop()
        self.start()

    def _wait(self, up: bool, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    answering = True
            except OSError:
                answering = False
            if answering == up:
                return
            time.sleep(0.1)
        raise AssertionError(f"PostgreSQL on {self.port} did not {'start' if up else 'stop'}")

    def close(self) -> None:
        try:
            self.stop()
        except (subprocess.SubprocessError, AssertionError):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
