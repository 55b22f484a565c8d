"""`lapor prompts build`: render the voice prompts offline."""

from __future__ import annotations

import click

from gateway.cli.common import open_database, reasons
from gateway.settings import Settings, load_settings
from gateway.store import advice
from gateway.store.database import DatabaseNotMigratedError
from gateway.store.farming_reference import load_farming
from gateway.store.reference import load_catalog
from gateway.voice.flows import load_flows
from gateway.voice.prompts import build_prompts, library_for, spoken_texts
from ivr_flows.steps import Say


@click.group(help="Voice prompt audio.")
def prompts() -> None:
    """The `lapor prompts` group: the hotline's audio prompts."""


def advice_texts(settings: Settings) -> list[Say]:
    """The advice library's titles and texts (in the database), to render with the prompts;
    none when the database is not there yet."""
    try:
        with open_database(settings) as database, database.reading() as connection:
            items = advice.all_items(connection)
    except DatabaseNotMigratedError:
        return []
    return [Say(words, language, f"advice.{item.id}{suffix}")
            for item in items if item.active
            for language, (title, text, audio) in item.texts.items() if not audio
            for words, suffix in ((title, ".title"), (text, "")) if words]


@prompts.command("build", help="Render every fixed prompt of every flow, and the advice "
                 "library's items, to audio (offline).")
@reasons
def prompts_build() -> None:
    """Render every prompt of the flows to audio files that are missing or stale."""
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    library = library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR)
    flows = load_flows(catalog, farming=load_farming(settings.CONFIG_DIR, catalog))
    result = build_prompts(flows.values(), library, extra=advice_texts(settings))
    click.echo(f"prompts: {result.rendered} rendered, {result.unchanged} unchanged, "
               f"{result.recorded} recorded by people; in {library.rendered}")


@prompts.command("list", help="List every prompt and clip: language, id, audio, text. A person's "
                 "recording goes in config/prompts/<language>/<id>.wav.")
@click.option("--missing", is_flag=True, help="Only those without any audio yet.")
@reasons
def prompts_list(missing: bool) -> None:
    """Print each prompt and clip a call can play, with where its audio comes from."""
    settings = load_settings()
    library = library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR)
    catalog = load_catalog(settings.CONFIG_DIR)
    flows = load_flows(catalog, farming=load_farming(settings.CONFIG_DIR, catalog))
    for say in spoken_texts(flows.values(), advice_texts(settings)):
        source = ("recorded" if library.recorded_file(say) is not None
                  else "rendered" if library.url(say) else "none")
        if not missing or source == "none":
            click.echo(f"{say.language}\t{say.prompt_id}\t{source}\t{say.text}")
