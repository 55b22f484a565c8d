"""Fixtures of the bridge tests: the headless Chromium of the browser tests."""

from tests.gateway.operators.test_browser import browser  # noqa: F401  (a fixture, used by name)
