"""Fixtures of the farmers' line's gateway tests: signed texts (as the SMS tests send them)."""

from tests.gateway.texting.test_sms import text  # noqa: F401  (a fixture, used by name)
