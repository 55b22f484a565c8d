"""lapor-gateway: the telephony and SMS intake of a city's command center.

`gateway:create_app()` is the WSGI entry point (gunicorn). Importing this package imports nothing
else: neither Flask views, the network nor the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> Flask:
    """Build the gateway (see `gateway.app.create_app`)."""
    from gateway.app import create_app as build

    return build(*args, **kwargs)
