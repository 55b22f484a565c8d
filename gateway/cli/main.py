"""The `lapor` command line: database, configuration, operators, reports, serving.

Every command exits 0 on success and non-zero with a one-line reason on failure.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy import delete, func, select

from gateway.logs import configure_logging
from gateway.operators.auth import ROLES, OperatorError, add_operator
from gateway.outbox.sending import RecordingFetcher, make_sender
from gateway.outbox.worker import Worker
from gateway.settings import PROJECT_ROOT, Settings, SettingsError, load_settings
from gateway.store import models
from gateway.store.database import Database, DatabaseNotMigratedError
from gateway.store.reference import load_catalog, load_rules, sync_reference
from gateway.voice.flows import load_flows
from gateway.voice.prompts import build_prompts, library_for, prompt_texts
from gateway.voice.simulator import CallSimulator, SimulationError, http_transport, spoken
from ivr_flows.errors import FlowLoadError
from routing.errors import CatalogError
from routing.rules import route_text
from sms.numbers import normalize_msisdn

F = TypeVar("F", bound=Callable[..., Any])
EXPORT_FIELDS = (
    "ticket", "channel", "status", "category", "agency", "area_code", "created_at", "text",
    "reporter", "language", "priority", "updated_at", "recordings",
)


def fail(message: str) -> None:
    click.echo(f"lapor: {message}", err=True)
    sys.exit(1)


def reasons(command: F) -> F:
    """Turn the gateway's known start-up errors into a one-line reason and exit status 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SettingsError as exc:
            fail(str(exc))
        except CatalogError as exc:
            fail(f"invalid config ({len(exc.errors)} errors): " + " | ".join(exc.errors))
        except FlowLoadError as exc:
            fail(f"invalid flow ({len(exc.errors)} errors): " + " | ".join(exc.errors))
        except DatabaseNotMigratedError as exc:
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


@contextmanager
def open_database(settings: Settings, migrated: bool = True) -> Iterator[Database]:
    """The configured database, closed when the command ends."""
    database = Database(settings.DATABASE_URL)
    try:
        if migrated:
            database.require_migrated()
        yield database
    finally:
        database.dispose()


@click.group(help="lapor-gateway: the hotline and SMS intake of the command center.")
def main() -> None:
    pass


@main.group(help="Database schema.")
def db() -> None:
    pass


@db.command("upgrade", help="Create or migrate the database schema to the newest revision.")
@reasons
def db_upgrade() -> None:
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    with open_database(settings, migrated=False) as database:
        database.upgrade()
        with database.session() as session:
            sync_reference(session, catalog)
        click.echo(f"database at revision {database.current_revision()}")


@main.group(help="Configuration files.")
def config() -> None:
    pass


@config.command("check", help="Validate settings and the reference data in config/.")
@reasons
def config_check() -> None:
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    rules = load_rules(settings.CONFIG_DIR, catalog)
    click.echo(
        f"config ok: {len(catalog.agencies)} agencies, {len(catalog.areas)} areas, "
        f"{len(catalog.categories)} categories, {len(rules.rules)} routing rules "
        f"in {settings.CONFIG_DIR}"
    )


@main.group(help="IVR flow files.")
def flows() -> None:
    pass


@flows.command("check", help="Check flow files (default: all in ivr_flows/flows/).")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@reasons
def flows_check(files: tuple[Path, ...]) -> None:
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    try:
        loaded = load_flows(catalog, files or None)
    except FlowLoadError as exc:
        for line in exc.errors:
            click.echo(line, err=True)
        fail(f"{len(exc.errors)} error(s) in flow files")
    for flow in loaded.values():
        click.echo(f"flow {flow.id} ok: {len(flow.nodes)} nodes, languages "
                   f"{', '.join(flow.languages)}")


@main.group(help="Voice prompt audio.")
def prompts() -> None:
    pass


@prompts.command("build", help="Render every fixed prompt of every flow to audio (offline).")
@reasons
def prompts_build() -> None:
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    library = library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR)
    result = build_prompts(load_flows(catalog).values(), library)
    click.echo(f"prompts: {result.rendered} rendered, {result.unchanged} unchanged, "
               f"{result.recorded} recorded by people; in {library.rendered}")


@main.group(help="Try the gateway without a phone.")
def simulate() -> None:
    pass


KEYS_HELP = ("Comma-separated script: digits (1, 123456785#), '-' silence, rec[:seconds], "
             "say:<words>, wait:<seconds>, leave, bridged, hangup. Without it, read the keyboard.")


@simulate.command("call", help="Ring the running gateway's hotline from the terminal.")
@click.option("--url", default="http://127.0.0.1:5000", show_default=True,
              help="Where the gateway runs.")
@click.option("--from", "from_number", default="+6281234567890", show_default=True)
@click.option("--keys", default=None, help=KEYS_HELP)
@reasons
def simulate_call(url: str, from_number: str, keys: str | None) -> None:
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    names = prompt_texts(load_flows(catalog).values(),
                         library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR))
    transport = http_transport(url, settings.TWILIO_AUTH_TOKEN.get_secret_value(),
                               settings.PUBLIC_BASE_URL)
    call = CallSimulator(transport, from_number=from_number)
    script = keys.split(",") if keys is not None else None

    def show(root: Any) -> None:
        for line in spoken(root, lambda u: names.get(u, f"[audio {u}]")):
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
@click.option("--url", default="http://127.0.0.1:5000", show_default=True,
              help="Where the gateway runs.")
@click.option("--from", "from_number", default="+6281234567890", show_default=True)
@click.option("--whatsapp", is_flag=True, help="Arrive as a WhatsApp message.")
@click.argument("text")
@reasons
def simulate_sms(url: str, from_number: str, whatsapp: bool, text: str) -> None:
    settings = load_settings()
    sender = normalize_msisdn(from_number)
    if sender is None:
        fail(f"--from {from_number!r} is not a phone number")
    transport = http_transport(url, settings.TWILIO_AUTH_TOKEN.get_secret_value(),
                               settings.PUBLIC_BASE_URL)
    with open_database(settings) as database:
        with database.readers() as session:
            before = session.scalar(select(func.max(models.OutboxItem.id))) or 0
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
        with database.readers() as session:
            replies = session.scalars(select(models.OutboxItem).where(
                models.OutboxItem.id > before, models.OutboxItem.kind == "sms")
                .order_by(models.OutboxItem.id)).all()
    click.echo(f"> {text}")
    for item in replies:
        if item.payload.get("to") == sender:
            click.echo(f"< {item.payload.get('body')}")
    if not any(item.payload.get("to") == sender for item in replies):
        click.echo("(no reply queued)")


@main.command("route", help="Show where a text would be routed and why. Without TEXT, read one "
              "text per line from standard input and print one JSON object per line.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.argument("text", required=False)
@reasons
def route(as_json: bool, text: str | None) -> None:
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    rules = load_rules(settings.CONFIG_DIR, catalog)
    texts = [text] if text is not None else (line.rstrip("\n") for line in sys.stdin)
    for item in texts:
        decision = route_text(rules, catalog, item)
        if as_json or text is None:
            click.echo(json.dumps(decision.as_dict(), ensure_ascii=False))
        else:
            agency = decision.agency or "triase (pusat kendali)"
            extra = " (di luar kewenangan Pemkot)" if decision.external else ""
            click.echo(f"{agency}{extra}, keyakinan {decision.confidence:.2f}: "
                       f"{decision.explanation}")


@main.group(help="Operator accounts.")
def operator() -> None:
    pass


@operator.command("add", help="Create an operator account.")
@click.option("--username", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--agency", "agency_code", default=None, help="Agency code, for role agency.")
@reasons
def operator_add(username: str, password: str, role: str, agency_code: str | None) -> None:
    with open_database(load_settings()) as database:
        try:
            with database.session() as session:
                add_operator(session, username, password, role,
                             agency_code.upper() if agency_code else None, datetime.now(UTC))
        except OperatorError as exc:
            fail(str(exc))
    click.echo(f"operator {username} added ({role}{' ' + agency_code if agency_code else ''})")


def _report_rows(database: Database) -> Iterator[dict[str, Any]]:
    with database.readers() as session:
        query = select(models.Report).order_by(models.Report.created_at, models.Report.id)
        for report in session.scalars(query.execution_options(yield_per=500)):
            yield {
                "ticket": report.ticket,
                "channel": report.channel,
                "status": report.status,
                "category": report.category_code,
                "agency": report.agency_code,
                "area_code": report.area_code,
                "created_at": report.created_at.isoformat(),
                "text": report.text,
                "reporter": report.reporter,
                "language": report.language,
                "priority": report.priority,
                "updated_at": report.updated_at.isoformat(),
                "recordings": [r.url for r in report.recordings],
            }


def _spreadsheet_safe(value: Any) -> str:
    """Text a spreadsheet shows as written: lists joined, formula starters neutralised."""
    if value is None:
        return ""
    text = " ".join(value) if isinstance(value, list) else str(value)
    # A cell starting with = + - @ would run as a formula in Excel or LibreOffice (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@main.group(help="Reports.")
def reports() -> None:
    pass


@reports.command("export", help="Print every report as JSON or CSV on standard output.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@reasons
def reports_export(fmt: str) -> None:
    with open_database(load_settings()) as database:
        _export(database, fmt)


def _export(database: Database, fmt: str) -> None:

    def out(text: str) -> None:
        click.echo(text, nl=False)

    if fmt == "json":
        out("[")
        for index, row in enumerate(_report_rows(database)):
            out(("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False))
        out("\n]\n")
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\r\n")
    out("\ufeff")  # BOM: spreadsheets then read the file as UTF-8
    writer.writeheader()
    for row in _report_rows(database):
        writer.writerow({k: _spreadsheet_safe(v) for k, v in row.items()})
        out(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
    out(buffer.getvalue())


@main.command("run", help="Serve the gateway (development server; use gunicorn in production).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@reasons
def run(host: str, port: int) -> None:
    from gateway.app import create_app

    app = create_app()
    click.echo(f"lapor-gateway on http://{host}:{port}/ (Ctrl+C stops)")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


@main.command("worker", help="Send queued SMS and keep recordings; --once: what is due, then exit.")
@click.option("--once", is_flag=True, help="Process what is due now, then exit.")
@reasons
def worker(once: bool) -> None:
    settings = load_settings()
    configure_logging(settings.LOG_LEVEL)
    with open_database(settings) as database:
        runner = Worker(settings, database, make_sender(settings), RecordingFetcher(settings),
                        clock=lambda: datetime.now(UTC),
                        catalog=load_catalog(settings.CONFIG_DIR))
        if once:
            click.echo(f"worker: {runner.run_once()} job(s) processed")
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        click.echo("worker running (Ctrl+C stops)")
        try:
            runner.run_forever(should_stop=stop.is_set)
        except KeyboardInterrupt:
            pass


@main.group(help="Development helpers used by `make run`.")
def dev() -> None:
    pass


@dev.command("init", help="Write development secrets to instance/dev.env once, if unset.")
def dev_init() -> None:
    path = PROJECT_ROOT / "instance" / "dev.env"
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = []
    for name in ("SECRET_KEY", "TWILIO_AUTH_TOKEN"):
        if f"{name}=" not in existing:
            lines.append(f"{name}={secrets.token_hex(24)}")
    if lines:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        path.chmod(0o600)
        click.echo(f"development secrets written to {path}")


@dev.command("demo-operator", help="Create the demo operator once and print its login.")
@reasons
def dev_demo_operator() -> None:
    settings = load_settings()
    login_file = settings.INSTANCE_DIR / "demo-login.txt"
    login_file.parent.mkdir(parents=True, exist_ok=True)
    with open_database(settings) as database, database.session() as session:
        demo = select(models.Operator.id).where(models.Operator.username == "demo")
        exists = session.scalar(demo)
        if not exists or not login_file.exists():
            password = secrets.token_urlsafe(12)
            if exists:
                session.execute(delete(models.Operator).where(models.Operator.username == "demo"))
            add_operator(session, "demo", password, "command-center", None, datetime.now(UTC))
            login_file.write_text(f"demo {password}\n", encoding="utf-8")
            login_file.chmod(0o600)
    username, password = login_file.read_text(encoding="utf-8").split()
    click.echo(f"demo operator: username {username}, password {password}")
