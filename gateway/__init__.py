"""lapor-gateway: the telephony and SMS intake of a city's command center.

`gateway:create_app()` is the WSGI entry point (gunicorn). Importing this package touches
neither the network nor the database.
"""

from gateway.app import create_app

__all__ = ["create_app"]
