"""`lapor simulate call` and `lapor simulate sms`: try the gateway without a phone."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

import click

from gateway.cli.common import fail, gateway_url, open_database, reasons
from gateway.settings import load_settings
from gateway.store import outbox
from gateway.store.farming_reference import load_farming
from gateway.store.reference import load_catalog
from gateway.voice.flows import load_flows
from gateway.voice.prompts import library_for, prompt_texts
from gateway.voice.simulator import CallSimulator, SimulationError, http_transport, spoken
from gateway.voice.somleng_simulator import SomlengCallSimulator
from gateway.voice.speaking import SILENCE_PATH
from sms.numbers import normalize_msisdn

URL_HELP = ("Where the gateway runs (or LAPOR_URL); default: where `lapor run` serves, else "
            "http://127.0.0.1:5000.")
# A pause played from a file (Somleng has no <Pause>): nothing to show.
SILENCE = "..."


@click.group(help="Try the gateway without a phone.")
def simulate() -> None:
    """The `lapor simulate` group: play a caller or a texter against a gateway."""


KEYS_HELP = ("Comma-separated script: digits (1, 123456785#), '-' silence, rec[:seconds], "
             "say:<words>, wait:<seconds>, leave, bridged, hangup. Without it, read the keyboard.")


@simulate.command("call", help="Ring the running gateway's hotline from the terminal.")
@click.option("--url", envvar="LAPOR_URL", default=None, help=URL_HELP)
@click.option("--from", "from_number", default="+6281234567890", show_default=True)
@click.option("--keys", default=None, help=KEYS_HELP)
@click.option("--platform", type=click.Choice(["twilio", "somleng"]), default=None,
              help="Send what this platform sends (default: VOICE_PLATFORM).")
@reasons
def simulate_call(url: str | None, from_number: str, keys: str | None,
                  platform: str | None) -> None:
    """Call the hotline at `url` as Twilio (or Somleng) would, pressing `keys` or asking."""
    settings = load_settings()
    url = gateway_url(settings, url)
    catalog = load_catalog(settings.CONFIG_DIR)
    names = prompt_texts(load_flows(catalog, farming=load_farming(settings.CONFIG_DIR,
                                                                  catalog)).values(),
                         library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR))
    names[SILENCE_PATH] = SILENCE
    transport = http_transport(url, settings.TWILIO_AUTH_TOKEN.get_secret_value(),
                               settings.PUBLIC_BASE_URL)
    somleng = (platform or settings.VOICE_PLATFORM) == "somleng"
    # In development the gateway serves a sample recording, so the report page plays one.
    samples = f"{url}/dev/recordings/" if settings.dev_media and not somleng else ""
    call = SomlengCallSimulator(transport, from_number=from_number) if somleng else \
        CallSimulator(transport, from_number=from_number, recordings=samples)
    script = keys.split(",") if keys is not None else None

    def show(root: Any) -> None:
        for line in spoken(root, lambda u: names.get(urlsplit(u).path, f"[audio {u}]")):
            if line != SILENCE:
                click.echo(f"  < {line}")

    try:
        click.echo(f"calling {url} from {from_number} (CallSid {call.params['CallSid']})")
        show(call.dial())
        while not call.hung_up:
            if script is not None:
                if not script:
                    call.hang_up()
                    break
                token = script.pop(0)
                click.echo(f"  > {token or '-'}")
            else:
                token = click.prompt("  >", default="-", show_default=False)
            root = call.act(token)
            if samples and token.startswith("rec"):
                click.echo("  (a sample recording; `lapor worker` keeps it for the report page)")
            if root is not None:
                show(root)
        if not call.ended:
            call.hang_up()
    except SimulationError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot reach the gateway at {url}: {exc}")
    click.echo("call ended")


@simulate.command("sms", help="Text the running gateway as a handset would, through Twilio's "
                  "webhook, and print the replies it queued.")
@click.option("--url", envvar="LAPOR_URL", default=None, help=URL_HELP)
@click.option("--from", "from_number", default="+6281234567890", show_default=True)
@click.option("--whatsapp", is_flag=True, help="Arrive as a WhatsApp message.")
@click.argument("text")
@reasons
def simulate_sms(url: str | None, from_number: str, whatsapp: bool, text: str) -> None:
    """Send one signed SMS (or WhatsApp) message to the gateway at `url`."""
    settings = load_settings()
    url = gateway_url(settings, url)
    sender = normalize_msisdn(from_number)
    if sender is None:
        fail(f"--from {from_number!r} is not a phone number")
    transport = http_transport(url, settings.TWILIO_AUTH_TOKEN.get_secret_value(),
                               settings.PUBLIC_BASE_URL)
    with open_database(settings) as database:
        with database.reading() as connection:
            before = outbox.newest_id(connection)
        prefix = "whatsapp:" if whatsapp else ""
        try:
            answer = transport("/twilio/sms", {
                "MessageSid": "SM" + secrets.token_hex(16), "AccountSid": "AC" + "0" * 32,
                "From": prefix + (sender or ""), "To": prefix + (settings.TWILIO_PHONE_NUMBER
                                                                 or "+62341512178"),
                "Body": text, "NumMedia": "0"})
        except OSError as exc:
            fail(f"cannot reach the gateway at {url}: {exc}")
        if answer.status != 200:
            fail(f"gateway answered HTTP {answer.status}")
        with database.reading() as connection:
            replies = [p for p in outbox.texts_after(connection, before) if p.get("to") == sender]
    click.echo(f"> {text}")
    for payload in replies:
        click.echo(f"< {payload.get('body')}")
    if not replies:
        click.echo("(no reply queued)")
