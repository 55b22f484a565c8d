"""`lapor config check`, `lapor flows check` and `lapor route`: is the configuration right?"""

from __future__ import annotations

from pathlib import Path

import click

from gateway.cli.common import fail, reasons
from gateway.settings import Settings, load_settings
from gateway.store.farming_reference import load_farming
from gateway.store.reference import load_catalog, load_rules
from gateway.voice.flows import load_flows
from gateway.voice.prompts import library_for, missing_audio
from ivr_flows.errors import FlowLoadError
from routing.boundaries import load_boundaries


@click.group(help="Configuration files.")
def config() -> None:
    """The `lapor config` group: checking settings and reference data."""


@config.command("check", help="Validate settings and the reference data in config/.")
@reasons
def config_check() -> None:
    """Check settings, reference data and flows; warn about unsafe production settings."""
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    rules = load_rules(settings.CONFIG_DIR, catalog)
    farming = load_farming(settings.CONFIG_DIR, catalog)
    boundaries = load_boundaries(settings.CONFIG_DIR, catalog)
    click.echo(
        f"config ok: {len(catalog.agencies)} agencies, {len(catalog.areas)} areas, "
        f"{len(catalog.categories)} categories, {len(rules.rules)} routing rules, "
        f"{len(boundaries.shapes)} desa boundaries in {settings.CONFIG_DIR}"
    )
    click.echo(f"farming ok: {len(farming.commodities)} commodities, {len(farming.officers)} "
               f"field officers, {len(farming.library)} starter advice items")
    silent = missing_audio(load_flows(catalog, farming=farming).values(),
                           library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR))
    for line in warnings(settings, len(silent)):
        click.echo(f"warning: {line}")


def warnings(settings: Settings, without_audio: int = 0) -> list[str]:
    """What works but is not fit for production as set; `without_audio` prompts and clips
    have no audio file yet."""
    found = []
    if settings.VOICE_PLATFORM == "somleng" and without_audio:
        found.append(f"{without_audio} prompts and clips have no audio yet: Somleng has no "
                     "Indonesian voice and reads them with its default one; run "
                     "`lapor prompts build` (or record them: `lapor prompts list`)")
    if settings.VOICE_PLATFORM == "somleng" and "somleng" not in settings.MEDIA_ALLOWED_HOSTS:
        found.append("MEDIA_ALLOWED_HOSTS names no Somleng host: recordings cannot be kept; add "
                     "your Somleng API host and its recording storage host")
    if not settings.PUBLIC_BASE_URL:
        found.append("PUBLIC_BASE_URL is not set: signed Twilio requests are accepted only "
                     "when they reach the gateway as localhost/127.0.0.1 (development); set it "
                     "to the https address Twilio calls")
    if settings.LAPOR_SP4N_URL and not settings.LAPOR_SP4N_TOKEN.get_secret_value():
        found.append("LAPOR_SP4N_URL is set but LAPOR_SP4N_TOKEN is empty: LAPOR! will refuse "
                     "every escalation (docs/lapor-sp4n.md)")
    if settings.SMS_BACKEND == "kannel" and not settings.KANNEL_SECRET.get_secret_value():
        found.append("KANNEL_SECRET is not set: every request to /kannel/ is refused")
    if settings.PUBLIC_BASE_URL and not settings.TRUSTED_PROXIES:
        found.append("TRUSTED_PROXIES is not set: behind a reverse proxy every client (and "
                     "Kannel) appears as the proxy's address; name the proxy, e.g. 127.0.0.1")
    return found


@click.group(help="IVR flow files.")
def flows() -> None:
    """The `lapor flows` group: the IVR flow files."""


@flows.command("check", help="Check flow files (default: all in ivr_flows/flows/).")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@reasons
def flows_check(files: tuple[Path, ...]) -> None:
    """Validate flow files and print every problem with its path."""
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    try:
        loaded = load_flows(catalog, files or None,
                            farming=load_farming(settings.CONFIG_DIR, catalog))
    except FlowLoadError as exc:
        for line in exc.errors:
            click.echo(line, err=True)
        fail(f"{len(exc.errors)} error(s) in flow files")
    for flow in loaded.values():
        click.echo(f"flow {flow.id} ok: {len(flow.nodes)} nodes, languages "
                   f"{', '.join(flow.languages)}")

