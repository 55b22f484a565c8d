"""The application factory: `create_app(settings=None)` builds the whole gateway.

Start-up validates everything before serving: settings, the reference data in `config/`, the
IVR flows, and the database schema (an unmigrated database stops start-up with a hint to run
`lapor db upgrade`). Reference data is then mirrored into the database.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

from gateway import health
from gateway.logs import configure_logging
from gateway.operators import auth, call_pages, i18n, report_pages, stats_pages
from gateway.operators import queue_pages as pages
from gateway.providers.kannel import views as kannel
from gateway.providers.twilio import sms_views as messaging
from gateway.providers.twilio import voice_views as voice
from gateway.runtime import Runtime, init_app
from gateway.settings import Settings, load_settings
from gateway.store.database import Database
from gateway.store.reference import load_catalog, load_rules, sync_reference
from gateway.voice import prompt_files
from gateway.voice.flows import load_flows
from gateway.voice.prompts import library_for

csrf = CSRFProtect()


WEBHOOK_PREFIXES = ("/twilio/", "/kannel/")


class PagesSessionInterface(SecureCookieSessionInterface):
    """Signed-cookie sessions for the operators' pages only. Provider webhooks carry no cookie
    and keep no session; opening one cost them more than their database work."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(WEBHOOK_PREFIXES):
            return self.make_null_session(app)
        return super().open_session(app, request)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Build the gateway. Raises `SettingsError`, `CatalogError`, `FlowLoadError` or
    `DatabaseNotMigratedError` with a message that names what is wrong."""
    if runtime is None:
        settings = settings or load_settings()
        configure_logging(settings.LOG_LEVEL)
        catalog = load_catalog(settings.CONFIG_DIR)
        rules = load_rules(settings.CONFIG_DIR, catalog)
        flows = load_flows(catalog, speech=settings.SPEECH_INPUT == "on")
        database = Database(settings.DATABASE_URL)
        try:
            database.require_migrated()
        except Exception:
            database.dispose()
            raise
        library = library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR)
        runtime = Runtime(settings, database, catalog, flows, rules, prompt_url=library.url)
    settings = runtime.settings
    with runtime.db.session() as session:
        sync_reference(session, runtime.catalog)

    app = Flask(__name__, instance_path=str(settings.INSTANCE_DIR.resolve()),
                template_folder="operators/templates", static_folder="operators/static")
    app.config.update(
        SECRET_KEY=settings.SECRET_KEY.get_secret_value(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.PUBLIC_BASE_URL.startswith("https://"),
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.SESSION_MINUTES),
        MAX_CONTENT_LENGTH=1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    app.session_interface = PagesSessionInterface()
    init_app(app, runtime)
    csrf.init_app(app)
    auth.init_app(app)
    i18n.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(report_pages.bp)
    app.register_blueprint(stats_pages.bp)
    app.register_blueprint(call_pages.bp)
    app.register_blueprint(voice.bp)
    app.register_blueprint(messaging.bp)
    app.register_blueprint(kannel.bp)
    app.register_blueprint(prompt_files.bp)
    for provider in (voice.bp, messaging.bp, kannel.bp):
        csrf.exempt(provider)  # authenticated by Twilio's signature or Kannel's secret instead
    return app
