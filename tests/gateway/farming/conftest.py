"""Fixtures of the farmers' line's gateway tests: signed texts (as the SMS tests send them) and
the headless Chromium of the browser tests."""

from tests.gateway.operators.test_browser import browser  # noqa: F401  (fixtures, used by name)
from tests.gateway.texting.test_sms import text  # noqa: F401
