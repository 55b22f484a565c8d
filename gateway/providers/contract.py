"""What a provider package declares, and what its webhooks keep.

A provider package `gateway/providers/<name>/` (twilio, kannel, ...) declares one `Provider` as
`PROVIDER` in its `__init__.py`: its webhook blueprints, the kinds of request they keep, and
the sender of texts it offers. `gateway.providers.registry` finds it by the name a channel in
`gateway.channels` gives.

A `Kind` is one kind of provider request (`twilio.sms`, `kannel.dlr`, ...): its `handle`
carries the request out with its own short transactions, live from the webhook or later from
the spool; its `fallback`, where it has one, stores the request another way when handling it
fails (a text kept with status `error`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint

from gateway.providers.sending import SmsSender
from gateway.providers.spool import Delivery
from gateway.runtime import Runtime
from gateway.settings import Settings


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of provider request, as the spool names it, and how it is carried out."""

    name: str
    handle: Callable[[Runtime, Delivery], Any]
    fallback: Callable[[Runtime, Delivery], bool] | None = None


@dataclass(frozen=True, slots=True)
class Provider:
    """One provider package, as the registry loads it."""

    name: str
    path: str  # the URL prefix of its webhooks, "/twilio/": no session, no CSRF, own auth
    blueprints: tuple[Blueprint, ...]
    kinds: tuple[Kind, ...]
    sender: Callable[[Settings], SmsSender] | None = None  # None: it sends no texts
