"""The application factory: `create_app(settings=None)` builds the whole gateway.

Start-up validates everything before serving: settings, the reference data in `config/`, the
IVR flows, and the database schema (an unmigrated database stops start-up with a hint to run
`lapor db upgrade`). Reference data is then mirrored into the database.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Request, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

from gateway import health
from gateway.api import views as api_views
from gateway.citizen import views as citizen_views
from gateway.logs import configure_logging
from gateway.open311 import views as open311_views
from gateway.operators import (
    account_pages,
    admin_pages,
    audit_pages,
    call_pages,
    error_pages,
    farming_alert_pages,
    farming_library_pages,
    farming_people_pages,
    farming_price_pages,
    farming_question_pages,
    farming_stats_pages,
    formats,
    i18n,
    identity,
    report_pages,
    security,
    signin_pages,
    stats_pages,
)
from gateway.operators import queue_pages as pages
from gateway.providers import registry
from gateway.providers.replay import replay
from gateway.proxies import TrustedProxyFix
from gateway.request_scope import init_app
from gateway.runtime import Runtime
from gateway.settings import Settings, load_settings
from gateway.startup import load_runtime
from gateway.store.farming_reference import seed_farming
from gateway.store.reference import sync_reference
from gateway.voice import dev_samples, farming_audio, prompt_files

csrf = CSRFProtect()
# The farmers' line's pages (gateway/operators/farming_*_pages.py).
FARMING_PAGES = (farming_question_pages.bp, farming_library_pages.bp, farming_price_pages.bp,
                 farming_alert_pages.bp, farming_people_pages.bp, farming_stats_pages.bp)


class PagesSessionInterface(SecureCookieSessionInterface):
    """Signed-cookie sessions for the operators' pages only. Provider webhooks carry no cookie
    and keep no session; opening one cost them more than their database work."""

    def __init__(self, webhook_paths: tuple[str, ...]) -> None:
        self.webhook_paths = webhook_paths

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(self.webhook_paths):
            return self.make_null_session(app)
        return super().open_session(app, request)


UPLOAD_LIMIT = 9 * 1024 * 1024


def allow_uploads() -> None:
    """Raise the body limit of the upload forms: the farmers' line's (recordings, CSV) and the
    citizens' page (a photo)."""
    if request.method == "POST" and (request.path == "/lapor" or request.path.startswith(
            ("/farming/library", "/farming/questions", "/farming/prices"))):
        request.max_content_length = UPLOAD_LIMIT


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Build the gateway. Raises `SettingsError`, `CatalogError`, `FlowLoadError` or
    `DatabaseNotMigratedError` with a message that names what is wrong. Requests kept in the
    spool during a database outage are carried out before the first request is served."""
    if runtime is None:
        settings = settings or load_settings()
        configure_logging(settings.LOG_LEVEL, settings)
        runtime = load_runtime(settings)
    settings = runtime.settings
    with runtime.db.session() as session:
        sync_reference(session, runtime.catalog)
        seed_farming(session, runtime.farm, runtime.clock())
    replay(runtime)

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
    webhook_paths = registry.webhook_paths()
    app.session_interface = PagesSessionInterface(webhook_paths)
    app.wsgi_app = TrustedProxyFix(app.wsgi_app, settings)  # type: ignore[method-assign]
    init_app(app, runtime)
    # Before the CSRF check reads the form: the farmers' line's pages take recordings (and
    # price CSVs) up to UPLOAD_LIMIT; every other request stays under MAX_CONTENT_LENGTH.
    app.before_request(allow_uploads)
    csrf.init_app(app)
    identity.init_app(app)
    i18n.init_app(app)
    formats.init_app(app)
    account_pages.init_app(app)
    security.init_app(app, webhook_paths)
    error_pages.init_app(app, webhook_paths)
    for blueprint in (health.bp, signin_pages.bp, pages.bp, report_pages.bp, stats_pages.bp,
                      call_pages.bp, account_pages.bp, admin_pages.bp, audit_pages.bp,
                      prompt_files.bp, farming_audio.bp, dev_samples.bp,
                      *FARMING_PAGES):
        app.register_blueprint(blueprint)
    app.register_blueprint(open311_views.bp)
    app.register_blueprint(citizen_views.bp)
    app.register_blueprint(api_views.bp)
    csrf.exempt(api_views.bp)  # other systems call it with a bearer token, not a page's form
    csrf.exempt(open311_views.bp)  # other systems post with an API key, not a page's form
    for provider in registry.providers():
        for blueprint in provider.blueprints:
            app.register_blueprint(blueprint)
            csrf.exempt(blueprint)  # authenticated by the provider's own signature or secret
    return app
