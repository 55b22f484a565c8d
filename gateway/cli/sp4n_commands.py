"""`lapor sp4n check`: whether the LAPOR!-SP4N bridge's address and token work, before any
report is escalated (docs/lapor-sp4n.md)."""

from __future__ import annotations

import click

from gateway.cli.common import fail, reasons
from gateway.providers.sending import PermanentError, TransientError
from gateway.settings import load_settings
from gateway.sp4n.lapor_api import LaporApi


@click.group("sp4n", help="The bridge to the national complaint channel LAPOR!-SP4N.")
def sp4n() -> None:
    """The `lapor sp4n` group."""


@sp4n.command("check", help="Ask LAPOR! for its topic list with the configured token.")
@reasons
def check() -> None:
    """Print whether LAPOR! answers with the configured address and token."""
    api = LaporApi.from_settings(load_settings())
    if api is None:
        fail("the bridge is off: set LAPOR_SP4N_URL and LAPOR_SP4N_TOKEN (docs/lapor-sp4n.md)")
    try:
        topics = api.check()
    except (PermanentError, TransientError) as exc:
        fail(f"LAPOR! at {api.base_url}: {exc}")
    click.echo(f"LAPOR! at {api.base_url} answers: {topics} topics; the token works")
