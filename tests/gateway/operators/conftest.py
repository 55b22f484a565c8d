"""Fixtures of the operators' page tests: the headless Chromium of the browser tests, for the
modules beside `test_browser.py`."""

from tests.gateway.operators.test_browser import browser  # noqa: F401  (a fixture, used by name)
