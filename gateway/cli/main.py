"""The `lapor` command line: database, configuration, operators, reports, serving.

One module per command group; this one puts them together. Every command exits 0 on success and
1 with a one-line reason on failure.
"""

from __future__ import annotations

import click

from gateway.cli.access_commands import api_key, api_token
from gateway.cli.config_commands import config, flows
from gateway.cli.db_commands import db
from gateway.cli.dev_commands import dev
from gateway.cli.operator_commands import operator
from gateway.cli.prompt_commands import prompts
from gateway.cli.report_commands import reports
from gateway.cli.route_commands import route
from gateway.cli.serve_commands import run, worker
from gateway.cli.simulate_commands import simulate
from gateway.cli.sp4n_commands import sp4n


@click.group(help="lapor-gateway: the hotline and SMS intake of the command center.")
def main() -> None:
    """The `lapor` command: every command group of the gateway."""


for command in (db, config, flows, route, prompts, simulate, operator, api_key, api_token,
                reports, sp4n, run, worker, dev):
    main.add_command(command)
