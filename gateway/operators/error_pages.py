"""The gateway's own error pages: 400, 403, 404, 405, 413 and 500 in the operator's language,
with the menu and a way back to their home page, instead of Flask's bare English pages.

Provider webhooks keep their own answers (TwiML for a caller, a short text for Kannel), so the
handler steps aside on `webhook_paths`; a server error is logged with its traceback first.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.exceptions import HTTPException, InternalServerError

from gateway.operators.signin_pages import home_of

log = logging.getLogger(__name__)

# status -> (title, what happened and what to do), in Indonesian; translated on the page.
PAGES = {
    400: ("Permintaan tidak dapat diproses",
          "Formulir ini sudah kedaluwarsa atau isinya tidak lengkap. Muat ulang halaman, lalu "
          "coba lagi."),
    403: ("Halaman ini bukan untuk akun Anda",
          "Akun Anda tidak punya akses ke halaman ini. Silakan kembali ke halaman utama Anda."),
    404: ("Halaman tidak ditemukan",
          "Alamat ini tidak ada, atau laporan ini tidak dapat dibuka dari akun Anda."),
    405: ("Permintaan tidak dapat diproses",
          "Halaman ini tidak dibuka dengan cara itu. Silakan kembali ke halaman utama Anda."),
    413: ("Berkas terlalu besar",
          "Berkas yang Anda kirim melebihi batas. Perkecil berkasnya, lalu coba lagi."),
    500: ("Terjadi kesalahan pada sistem",
          "Kesalahan ini sudah dicatat. Silakan coba lagi sebentar lagi; bila masih terjadi, "
          "hubungi admin TI."),
}


def init_app(app: Flask, webhook_paths: tuple[str, ...]) -> None:
    """Answer errors on every page but the providers' webhooks with the gateway's own page."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        if request.path.startswith(webhook_paths):
            return error
        if request.path.startswith(MACHINE_PATHS):
            return _machine(error.code or 500, error.description or error.name)
        if error.code not in PAGES:
            return error
        return _page(error.code or 500)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError) -> ResponseReturnValue:
        if request.path.startswith(webhook_paths):
            return error
        log.error("server error on %s %s", request.method, request.path,
                  exc_info=error.original_exception or error)
        if request.path.startswith(MACHINE_PATHS):
            return _machine(500, "Server error; it has been logged.")
        return _page(500)


# Paths other systems call: their errors are JSON, as their documents say, not pages.
MACHINE_PATHS = ("/api/", "/open311/")


def _machine(code: int, description: str) -> tuple[Response, int]:
    if request.path.startswith("/open311/"):
        return jsonify([{"code": code, "description": description}]), code
    return jsonify({"error": description}), code


def _page(code: int) -> tuple[str, int]:
    title, text = PAGES[code]
    home = home_of(current_user) if current_user.is_authenticated else None
    return render_template("error.html", code=code, title=title, text=text, home=home), code
