"""Nothing acknowledged that is not kept: how every provider webhook carries out its request.

`keep` runs the request's handler. When the database cannot be reached or
used, the request is written to the spool and the caller still answers the provider (voice
callers hear the apology; texts get their empty answer): it will be carried out when the
database is back. When the handling itself fails, the request is stored another way
(`fallback`, e.g. the message kept with status `error`) or spooled. Only when even the spool
cannot be written does `keep` raise `SpoolError`, and the view answers 503 so the provider
retries or uses its fallback URL.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from flask import request

from gateway.providers.contract import Kind
from gateway.providers.spool import Delivery, spool_of
from gateway.runtime import Runtime
from gateway.store.database import connection_lost, is_unavailable

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Twilio-Signature"


def delivery(kind: str, rt: Runtime) -> Delivery:
    """The current request as the spool keeps it: its raw body, query and signature (a shared
    secret in the query, Kannel's, is left out: it was checked, and files are not for secrets)."""
    current = request._get_current_object()  # type: ignore[attr-defined]
    args = current.args
    query = current.query_string.decode("latin-1")
    if "secret" in args:
        query = urlencode([(k, v) for k, v in args.items(multi=True) if k != "secret"])
    return Delivery(
        kind=kind, path=current.script_root + current.path, query=query,
        body=current.get_data(cache=True), received_at=rt.clock(),
        base=rt.settings.public_url(current.script_root, current.host_url),
        signature=current.headers.get(SIGNATURE_HEADER, ""), address=current.remote_addr or "",
        decoded=(current.form, args))


def carry_out(rt: Runtime, kind: Kind, delivery: Delivery) -> Any:
    """Run the request's handler; its exceptions propagate. A connection found dead (the
    database restarted since it was last used) makes the pool replace its connections, and the
    handler runs once more: handlers are idempotent by provider id and call turn."""
    try:
        return kind.handle(rt, delivery)
    except Exception as exc:
        if not connection_lost(exc):
            raise
        log.info("%s: database connection was dead; trying once more", kind.name)
        return kind.handle(rt, delivery)


def keep(rt: Runtime, kind: Kind) -> Any:
    """Carry out the current request of `kind`: the handler's result, or None when the request
    was kept for later (see the module)."""
    kept = delivery(kind.name, rt)
    try:
        return carry_out(rt, kind, kept)
    except Exception as exc:
        if is_unavailable(exc):
            log.warning("%s: database unavailable (%s)", kind.name, type(exc).__name__)
        else:
            log.exception("%s failed", kind.name)
            if kind.fallback is not None and kind.fallback(rt, kept):
                return None
    spool_of(rt.settings).put(kept)
    return None
