"""What the worker's job kinds promise.

A job kind (`gateway.outbox.texts`, `gateway.outbox.downloads`) turns a claimed job into a
`Prepared`, in three parts: `prepare` inside the claim's transaction, `perform` outside any
transaction (the network, with timeouts), `record` in a second short transaction. `perform`
raises `gateway.providers.sending.TransientError` for what may work on a later try and
`PermanentError` for what never will.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gateway.store.database import Connection


@dataclass(frozen=True)
class Prepared:
    """A claimed job made ready: what to do outside the transaction, and how to keep it."""

    perform: Callable[[], Any]  # outside any transaction; raises PermanentError/TransientError
    record: Callable[[Connection, Any, datetime], None]  # what `perform` returned, kept
    failed: Callable[[Connection, datetime], None] = lambda _connection, _now: None
