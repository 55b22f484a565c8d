"""Errors of the IVR flow package.

    FlowError
     +-- FlowLoadError     a flow file is invalid; `errors` lists every problem with its path
     +-- EngineError       the engine was driven into a state its flow does not have
"""

from __future__ import annotations

from collections.abc import Iterable


class FlowError(Exception):
    """Base of every error raised by `ivr_flows`."""


class FlowLoadError(FlowError):
    """A flow file is invalid; `errors` lists every problem with its path."""

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(self.errors) or "invalid flow")


class EngineError(FlowError):
    """A state names a node the flow does not have (e.g. the flow changed mid-call)."""
