"""What every page answer carries, and what no page accepts. Headers, on every answer a browser may
show: a Content-Security-Policy with no inline script or style and no framing, nosniff, and a
same-origin Referrer-Policy. Input: a query or form value holding a NUL byte is answered 400 on
the operators' pages (no person types one; PostgreSQL refuses it). Provider webhooks are left
alone here: they keep what they are sent (see `gateway.store.values`).
"""

from __future__ import annotations

from flask import Flask, Response, abort, request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def init_app(app: Flask, webhook_paths: tuple[str, ...]) -> None:
    """Refuse NUL bytes and add the security headers on every path but the providers'
    webhooks (`webhook_paths`): those answer Twilio and Kannel, not browsers, and keep every
    byte they are sent."""

    def refuse_nul() -> None:
        if request.path.startswith(webhook_paths):
            return
        values = [*request.args.items(multi=True)]
        if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
            values += request.form.items(multi=True)
        if any("\x00" in key or "\x00" in value for key, value in values):
            abort(400)

    def add_headers(response: Response) -> Response:
        if not request.path.startswith(webhook_paths):
            response.headers.extend(HEADERS)
        return response

    app.before_request(refuse_nul)
    app.after_request(add_headers)
