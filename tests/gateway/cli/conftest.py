"""The command-line tests' fixture: `lapor ...` run in-process with the test's settings."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from gateway.cli.main import main


@pytest.fixture
def run(settings_env, monkeypatch, tmp_path, database):
    """Run `lapor ...` with the test's settings in the environment and no .env file around."""
    monkeypatch.chdir(tmp_path)
    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke
