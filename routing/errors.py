"""Errors of the routing package.

    RoutingError
     +-- CatalogError      reference data (agencies, areas, categories) is invalid
"""

from __future__ import annotations

from collections.abc import Iterable


class RoutingError(Exception):
    """Base of every error raised by `routing`."""


class CatalogError(RoutingError):
    """The reference data is invalid; `errors` holds one line per problem."""

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(self.errors) or "invalid reference data")
