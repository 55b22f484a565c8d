"""What the worker does with a claimed job, in three parts: `prepare` inside the claim's
transaction, `perform` outside any transaction (the network, with timeouts), `record` in a
second short transaction. Each job kind (`gateway.outbox.texts`, `gateway.outbox.downloads`)
returns a `Prepared` from its `prepare`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gateway.store.database import Connection


@dataclass(frozen=True)
class Prepared:
    perform: Callable[[], Any]  # outside any transaction; raises PermanentError/TransientError
    record: Callable[[Connection, Any, datetime], None]  # what `perform` returned, kept
    failed: Callable[[Connection, datetime], None] = lambda _connection, _now: None
