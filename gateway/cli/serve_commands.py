"""`lapor run` and `lapor worker`: serving webhooks and pages, and the background worker."""

from __future__ import annotations

import click

from gateway.cli.common import reasons, served_url_file
from gateway.logs import configure_logging
from gateway.outbox.worker import Worker
from gateway.providers.media import MediaFetcher
from gateway.providers.registry import make_sender
from gateway.providers.sending import ConsoleCaller
from gateway.providers.twilio.rest_api import TwilioCaller
from gateway.settings import load_settings
from gateway.sp4n.lapor_api import LaporApi
from gateway.startup import load_runtime


@click.command("run", help="Serve the gateway (development server; use gunicorn in production).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int, envvar="PORT",
              help="Port to listen on (or the PORT variable; `make run PORT=5150`).")
@reasons
def run(host: str, port: int) -> None:
    """Serve the gateway with Flask's development server."""
    from gateway.app import create_app

    app = create_app()
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    served = served_url_file(load_settings())
    try:
        served.parent.mkdir(parents=True, exist_ok=True)
        served.write_text(url + "\n")  # `lapor simulate` finds the gateway here
    except OSError:
        pass  # a read-only instance folder: the simulators need --url or LAPOR_URL
    click.echo(f"lapor-gateway on {url}/ (Ctrl+C stops)")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


@click.command("worker", help="Send queued texts, keep recordings and photos, watch deadlines and "
               "replay spooled requests; --once: what is due now, then exit.")
@click.option("--once", is_flag=True, help="Process what is due now, then exit.")
@reasons
def worker(once: bool) -> None:
    """Run the worker: spool replay, deadlines and the outbox, until SIGTERM."""
    settings = load_settings()
    configure_logging(settings.LOG_LEVEL, settings)
    rt = load_runtime(settings)
    try:
        fetcher = MediaFetcher(settings.media_hosts,
                               (settings.TWILIO_ACCOUNT_SID,
                                settings.TWILIO_AUTH_TOKEN.get_secret_value())
                               if settings.TWILIO_ACCOUNT_SID else None,
                               settings.MEDIA_MAX_BYTES, loopback_http=settings.dev_media)
        caller = TwilioCaller(settings) if settings.SMS_BACKEND != "console" \
            and settings.TWILIO_ACCOUNT_SID else ConsoleCaller()
        runner = Worker(rt, make_sender(settings), fetcher, caller=caller,
                        national=LaporApi.from_settings(settings))
        if once:
            click.echo(f"worker: {runner.run_once()} job(s) processed")
            return
        click.echo("worker running (Ctrl+C or SIGTERM stops)")
        runner.run_until_stopped()
        click.echo("worker stopped")
    finally:
        rt.db.dispose()
