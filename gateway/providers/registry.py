"""The providers the gateway runs with, found by name.

Each channel in `gateway.channels.CHANNELS` names the provider packages that carry it; a
provider package `gateway/providers/<name>/` declares its `Provider` as `PROVIDER` in its
`__init__.py`. This module loads them by name, so a new provider is its own folder plus the
channel entry that names it. The application registers every provider's webhooks, the spool's
replay finds each request's `Kind` here, and `make_sender` builds the worker's sender.
"""

from __future__ import annotations

import importlib
from functools import cache

from gateway.channels import CHANNELS
from gateway.providers.contract import Kind, Provider
from gateway.providers.sending import ChannelSender, ConsoleSender, SmsSender
from gateway.settings import Settings


class ProviderError(LookupError):
    """A channel names a provider package that does not exist or declares no `PROVIDER`."""


@cache
def provider(name: str) -> Provider:
    """The provider package `gateway.providers.<name>`'s declaration."""
    if not name.isidentifier():
        raise ProviderError(f"invalid provider name {name!r}")
    try:
        module = importlib.import_module(f"{__package__}.{name}")
    except ModuleNotFoundError as exc:
        raise ProviderError(f"no provider package gateway/providers/{name}/") from exc
    declared = getattr(module, "PROVIDER", None)
    if not isinstance(declared, Provider) or declared.name != name:
        raise ProviderError(f"gateway/providers/{name}/__init__.py declares no PROVIDER "
                            f"named {name!r}")
    return declared


@cache
def providers() -> tuple[Provider, ...]:
    """Every provider a registered channel names, each once, in the channels' order."""
    names = dict.fromkeys(name for channel in CHANNELS.values() for name in channel.providers)
    return tuple(provider(name) for name in names)


@cache
def kinds() -> dict[str, Kind]:
    """Every kind of provider request, by the name the spool records."""
    return {kind.name: kind for each in providers() for kind in each.kinds}


def webhook_paths() -> tuple[str, ...]:
    """The URL prefixes of every provider's webhooks."""
    return tuple(each.path for each in providers())


def make_sender(settings: Settings) -> ChannelSender:
    """The worker's sender: for each channel texts go out on, its first provider's sender,
    except on "sms", where SMS_BACKEND chooses; with SMS_BACKEND=console, the log for all."""
    built: dict[str, SmsSender] = {}
    senders: dict[str, SmsSender] = {}
    for channel in CHANNELS.values():
        if not channel.max_parts:
            continue
        name = channel.providers[0]
        if settings.SMS_BACKEND == "console":
            name = "console"
        elif channel.name == "sms":
            name = settings.SMS_BACKEND
        if name not in built:
            built[name] = ConsoleSender() if name == "console" else _sender_of(name, settings)
        senders[channel.name] = built[name]
    return ChannelSender(senders)


def _sender_of(name: str, settings: Settings) -> SmsSender:
    factory = provider(name).sender
    if factory is None:
        raise ProviderError(f"provider {name!r} sends no texts")
    return factory(settings)
